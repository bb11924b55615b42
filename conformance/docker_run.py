"""Running containers for one check: the server until it says it is ready, the port to the end
with stdout and stderr read separately and capped, killed at the timeout."""

from __future__ import annotations

import collections
import threading
import time
from typing import Any

from conformance.cancel import on_cancel
from conformance.capture import STDERR_TAIL, STDOUT_CAP, Captured
from conformance.server_local import READY_TIMEOUT, ServerError

_READY = b"Server is ready"


def wait_server_ready(container: Any) -> None:
    """Follow the server's log until it says it is ready; fail at once if it exits first."""
    seen = bytearray()
    done = threading.Event()

    def follow() -> None:
        try:
            for chunk in container.logs(stream=True, follow=True):
                seen.extend(chunk)
                if _READY in seen:
                    break
        except Exception:  # the container went away under us; judged below
            pass
        done.set()

    threading.Thread(target=follow, daemon=True).start()
    with on_cancel(lambda: _kill(container)):
        done.wait(READY_TIMEOUT)
    if _READY in seen:
        return
    container.reload()
    tail = container.logs(tail=20).decode("utf-8", "backslashreplace")
    state = container.attrs["State"]
    if state.get("Status") in ("exited", "dead"):
        raise ServerError(f"the nats-server container exited before it was ready "
                          f"(exit code {state.get('ExitCode')}):\n{tail}")
    raise ServerError(f"the nats-server container was not ready after {READY_TIMEOUT:.0f}s:\n{tail}")


def run_port_container(container: Any, timeout: float, stdout_cap: int = STDOUT_CAP) -> tuple[Captured, bool]:
    """Start the created port container and collect it: (what it printed, whether it was OOM-killed)."""
    import requests.exceptions

    started = time.monotonic()
    reader = _AttachedReader(container, stdout_cap)  # attached before start: no output is lost
    container.start()
    timed_out = False
    try:
        with on_cancel(lambda: _kill(container)):
            status = container.wait(timeout=timeout)["StatusCode"]
    except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
        timed_out, status = True, None
        _kill(container)
    reader.join()
    container.reload()
    oom = bool(container.attrs["State"].get("OOMKilled"))
    killed = timed_out or reader.overflow
    captured = Captured(
        returncode=None if killed else status,
        stdout=bytes(reader.stdout[:stdout_cap]),
        stderr_tail=bytes(reader.stderr),
        timed_out=timed_out and not reader.overflow,
        stdout_overflow=reader.overflow,
        duration=time.monotonic() - started,
    )
    return captured, oom


class _AttachedReader:
    def __init__(self, container: Any, cap: int) -> None:
        self.container = container
        self.cap = cap
        self.stdout = bytearray()
        self.stderr: collections.deque[int] = collections.deque(maxlen=STDERR_TAIL)
        self.overflow = False
        self._stream = container.attach(stdout=True, stderr=True, stream=True, demux=True, logs=True)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for out, err in self._stream:
                if err:
                    self.stderr.extend(err)
                if out:
                    self.stdout += out
                    if len(self.stdout) > self.cap:
                        self.overflow = True
                        _kill(self.container)
                        return
        except Exception:  # the stream breaks when the container is removed
            pass

    def join(self) -> None:
        self._thread.join(timeout=30)


def _kill(container: Any) -> None:
    import docker.errors

    try:
        container.kill()
    except docker.errors.APIError:
        pass  # already stopped
