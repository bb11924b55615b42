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
    with on_cancel(lambda: kill_container(container)):
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


class StreamLost(Exception):
    """The port's output stream broke before the port finished: what nbe read is not all it printed."""


def run_port_container(container: Any, timeout: float, stdout_cap: int = STDOUT_CAP) -> tuple[Captured, bool]:
    """Start the created port container and collect it: (what it printed, whether it was OOM-killed).
    StreamLost when its output did not all arrive; a lost engine connection propagates as the
    requests ConnectionError it is (it is not a timeout)."""
    import requests.exceptions

    started = time.monotonic()
    reader = _AttachedReader(container, stdout_cap)  # attached before start: no output is lost
    container.start()
    timed_out = False
    try:
        with on_cancel(lambda: kill_container(container)):
            status = container.wait(timeout=timeout)["StatusCode"]
    except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError) as exc:
        if not _read_timed_out(exc):
            raise  # the connection to the engine broke: that is no timeout of the port
        timed_out, status = True, None
        kill_container(container)
    reader.join()
    if not (timed_out or reader.overflow):
        reader.check_complete()
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


def _read_timed_out(exc: Exception) -> bool:
    """The wait reached its timeout; requests reports that as ReadTimeout or, through the SDK's
    socket adapter, as a ConnectionError wrapping urllib3's ReadTimeoutError."""
    import requests.exceptions
    import urllib3.exceptions

    return isinstance(exc, requests.exceptions.ReadTimeout) or (
        bool(exc.args) and isinstance(exc.args[0], urllib3.exceptions.ReadTimeoutError))


class _AttachedReader:
    DRAIN_LIMIT = 30.0  # the stream ends with the container; longer than this, it is stuck

    def __init__(self, container: Any, cap: int) -> None:
        self.container = container
        self.cap = cap
        self.stdout = bytearray()
        self.stderr: collections.deque[int] = collections.deque(maxlen=STDERR_TAIL)
        self.overflow = False
        self.error: Exception | None = None
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
                        kill_container(self.container)
                        return
        except Exception as exc:  # judged by join(): a broken stream must not pass for the end
            self.error = exc

    def join(self) -> None:
        """Wait for the stream to end (the container has stopped); StreamLost if it broke."""
        self._thread.join(timeout=self.DRAIN_LIMIT)
        if self._thread.is_alive():
            raise StreamLost(f"the attach stream was still open {self.DRAIN_LIMIT:.0f}s after the port stopped")
        if self.error is not None:
            raise StreamLost(f"the attach stream broke: {type(self.error).__name__}: {self.error}")

    def check_complete(self) -> None:
        """A stream cut cleanly ends like a finished one: the engine's log of the port's stdout
        tells them apart."""
        import docker.errors

        try:
            logged = len(self.container.logs(stdout=True, stderr=False))
        except docker.errors.APIError:
            return  # a log driver that cannot be read back: the stream is all there is
        if len(self.stdout) < logged:
            raise StreamLost(f"the attach stream ended after {len(self.stdout)} of the {logged} bytes "
                             f"the port printed to stdout")


def kill_container(container: Any) -> None:
    """Kill a container if it still runs (from any thread)."""
    import docker.errors

    try:
        container.kill()
    except docker.errors.APIError:
        pass  # already stopped
