"""Running containers for one check: the server until it says it is ready, the port to the end
with stdout and stderr read separately and capped, killed at the timeout. A port container made
with a TTY (a terminal run, see capture.py) has one raw stream: the terminal's, read as stdout."""

from __future__ import annotations

import collections
import threading
import time

from conformance.cleanup.cancel import on_cancel
from conformance.runtimes.capture import STDERR_TAIL, STDOUT_CAP, Captured, capped_events
from conformance.runtimes.docker.api import STDERR, STDOUT, APIError, Container, EngineTimeout
from conformance.servers.local import READY_TIMEOUT, ServerError

_READY = b"Server is ready"


def wait_server_ready(container: Container) -> None:
    """Follow the server's log until it says it is ready; fail at once if it exits first."""
    seen = bytearray()
    done = threading.Event()
    log = container.follow_logs()

    def follow() -> None:
        try:
            for _, chunk in log.frames():
                seen.extend(chunk)
                if _READY in seen:
                    break
        except Exception:  # the container went away under us; judged below
            pass
        finally:
            log.close()
        done.set()

    threading.Thread(target=follow, daemon=True).start()
    try:
        with on_cancel(lambda: kill_container(container)):
            done.wait(READY_TIMEOUT)
    finally:
        log.hang_up()  # nothing follows a log past readiness
    if _READY in seen:
        return
    tail = container.logs(tail=20).decode("utf-8", "backslashreplace")
    state = container.inspect()["State"]
    if state.get("Status") in ("exited", "dead"):
        raise ServerError(f"the nats-server container exited before it was ready "
                          f"(exit code {state.get('ExitCode')}):\n{tail}")
    raise ServerError(f"the nats-server container was not ready after {READY_TIMEOUT:.0f}s:\n{tail}")


class StreamLost(Exception):
    """The port's output stream broke before the port finished: what nbe read is not all it printed."""


def run_port_container(container: Container, timeout: float, stdout_cap: int = STDOUT_CAP,
                       *, terminal: bool = False) -> tuple[Captured, bool]:
    """Start the created port container and collect it: (what it printed, whether it was OOM-killed).
    `terminal`: the container was made with a TTY. StreamLost when its output did not all arrive;
    a lost engine connection propagates as the EngineLost it is (it is not a timeout)."""
    reader = _AttachedReader(container, stdout_cap, terminal)  # attached before start: no output is lost
    started = time.monotonic()
    reader.started = started
    container.start()
    timed_out = False
    try:
        with on_cancel(lambda: kill_container(container)):
            status: int | None = container.wait(timeout=timeout)
    except EngineTimeout:
        timed_out, status = True, None
        kill_container(container)
    reader.join()
    if not (timed_out or reader.overflow):
        reader.check_complete()
    oom = bool(container.inspect()["State"].get("OOMKilled"))
    killed = timed_out or reader.overflow
    captured = Captured(
        returncode=None if killed else status,
        stdout=bytes(reader.stdout[:stdout_cap]),
        stderr_tail=bytes(reader.stderr),
        timed_out=timed_out and not reader.overflow,
        stdout_overflow=reader.overflow,
        duration=time.monotonic() - started,
        stdout_events=capped_events(reader.stdout_events, stdout_cap),
        terminal=terminal,
    )
    return captured, oom


class _AttachedReader:
    DRAIN_LIMIT = 30.0  # the stream ends with the container; longer than this, it is stuck

    def __init__(self, container: Container, cap: int, tty: bool) -> None:
        self.container = container
        self.cap = cap
        self.tty = tty
        self.stdout = bytearray()
        self.stdout_events: list[tuple[float, bytes]] = []  # each stdout chunk, seconds after the start
        self.started = time.monotonic()  # set again when the container is started
        self.stderr: collections.deque[int] = collections.deque(maxlen=STDERR_TAIL)
        self.overflow = False
        self.error: Exception | None = None
        self._stream = container.attach()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for stream, data in self._stream.frames_of(self.tty):
                if stream == STDERR:
                    self.stderr.extend(data)
                elif stream == STDOUT:
                    self.stdout_events.append((time.monotonic() - self.started, data))
                    self.stdout += data
                    if len(self.stdout) > self.cap:
                        self.overflow = True
                        kill_container(self.container)
                        return
        except Exception as exc:  # judged by join(): a broken stream must not pass for the end
            self.error = exc
        finally:
            self._stream.close()

    def join(self) -> None:
        """Wait for the stream to end (the container has stopped); StreamLost if it broke."""
        self._thread.join(timeout=self.DRAIN_LIMIT)
        if self._thread.is_alive():
            raise StreamLost(f"the attach stream was still open {self.DRAIN_LIMIT:.0f}s after the port stopped")
        if self.error is not None:
            raise StreamLost(f"the attach stream broke: {type(self.error).__name__}: {self.error}")

    def check_complete(self) -> None:
        """The engine's log of the port's stdout is the record the stream is held against. A
        stream cut cleanly ends like a finished one: shorter than the log, it was cut. Longer, the
        attach replayed part of the log and streamed it live too (the two overlap when the engine
        attaches late and the port prints at once): the log is taken instead, and its stderr."""
        try:
            logged = self.container.logs(stdout=True, stderr=False, tty=self.tty)
        except APIError:
            return  # a log driver that cannot be read back: the stream is all there is
        stdout = reconciled(bytes(self.stdout), logged)
        if stdout == self.stdout:
            return
        last = self.stdout_events[-1][0] if self.stdout_events else 0.0
        self.stdout, self.stdout_events = bytearray(stdout), [(last, stdout)]  # its own timings are lost
        self.stderr.clear()
        if not self.tty:  # a TTY's log is all in stdout
            self.stderr.extend(self.container.logs(stdout=False, stderr=True))


def reconciled(streamed: bytes, logged: bytes) -> bytes:
    """The port's stdout from what the attach stream carried and what the engine logged."""
    if streamed == logged or as_logged(streamed) == logged:  # the log replaces bytes not UTF-8
        return streamed
    if len(as_logged(streamed)) < len(logged):
        raise StreamLost(f"the attach stream ended after {len(streamed)} of the {len(logged)} bytes "
                         f"the port printed to stdout")
    return logged


def as_logged(output: bytes) -> bytes:
    """`output` as Docker's json-file log keeps it: each byte that is not UTF-8 becomes U+FFFD."""
    text = output.decode("utf-8", "surrogateescape")  # one lone surrogate per such byte
    return "".join("\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in text).encode("utf-8")


def kill_container(container: Container) -> None:
    """Kill a container if it still runs (from any thread)."""
    try:
        container.kill()
    except APIError:
        pass  # already stopped
