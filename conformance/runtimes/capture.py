"""Run one command as its own process group: stdin at EOF, stdout and stderr read separately
and capped, the whole group killed at a deadline, when stdout passes its cap, and on exit.
(What escaped the group in a session of its own is the check's sweep's: see cleanup/orphans.py.)

With `terminal`, stdout and stderr are one pseudo-terminal instead, as when a port's run was
recorded from a terminal: what the terminal got is `stdout` (capped the same), stderr is empty."""

from __future__ import annotations

import collections
import errno
import os
import selectors
import subprocess
import time
from collections.abc import Iterable
from typing import NamedTuple

from conformance.cleanup import orphans
from conformance.cleanup.cancel import on_cancel
from conformance.cleanup.proctable import kill_group

STDOUT_CAP = 1024 * 1024  # a port prints a few lines; more than this is a runaway
STDERR_TAIL = 64 * 1024
_CHUNK = 65536
_RESWEEP = 0.05  # seconds between sweeps while the pipes outlive the leader
WINDOW = (50, 180)  # rows and columns of a terminal run's pseudo-terminal: a maintainer's wide window


class Captured(NamedTuple):
    returncode: int | None  # None when nbe killed it (timeout or stdout cap)
    stdout: bytes
    stderr_tail: bytes
    timed_out: bool
    stdout_overflow: bool
    duration: float
    # Each stdout chunk as it was read, with its time in seconds since the process started, in
    # order; together they are `stdout`. What a recording's timings come from (casts.py).
    stdout_events: tuple[tuple[float, bytes], ...] = ()
    terminal: bool = False  # stdout is what a terminal got: the port's stdout and stderr together


def run_captured(
    argv: list[str], *, cwd: str, env: dict[str, str], timeout: float, stdout_cap: int = STDOUT_CAP,
    terminal: bool = False,
) -> Captured:
    """Run `argv` to completion or until `timeout`; never leaves a process of its group behind."""
    started = time.monotonic()
    outputs, ends = _outputs(terminal)
    try:
        proc = orphans.spawn(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=ends[0], stderr=ends[-1])
    except BaseException:
        _close(outputs)
        raise
    finally:
        _close(ends)  # the port holds them now: the read ends reach EOF when it (and its group) let go
    try:
        with on_cancel(lambda: kill_group(proc)):
            reader = _Reader(proc, outputs, stdout_cap, started)
            timed_out = not reader.read_until(started + timeout)
    finally:
        # Runs on every path (also Ctrl-C): stragglers of the group die with the leader.
        kill_group(proc)
        _close(outputs)
        orphans.wait(proc)
    killed = timed_out or reader.overflow
    return Captured(
        returncode=None if killed else proc.returncode,
        stdout=bytes(reader.stdout[:stdout_cap]),
        stderr_tail=bytes(reader.stderr),
        timed_out=timed_out,
        stdout_overflow=reader.overflow,
        duration=time.monotonic() - started,
        stdout_events=capped_events(reader.stdout_events, stdout_cap),
        terminal=terminal,
    )


def _outputs(terminal: bool) -> tuple[dict[int, str], list[int]]:
    """The read ends nbe drains ({fd: "stdout" or "stderr"}) and the write ends the command gets
    as its stdout and stderr: two pipes, or one pseudo-terminal for both."""
    if not terminal:
        out, err = os.pipe(), os.pipe()
        return {out[0]: "stdout", err[0]: "stderr"}, [out[1], err[1]]
    master, slave = os.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *WINDOW, 0, 0))
    return {master: "stdout"}, [slave]


def _close(fds: Iterable[int]) -> None:
    for fd in fds:
        os.close(fd)


def capped_events(events: list[tuple[float, bytes]], cap: int) -> tuple[tuple[float, bytes], ...]:
    """The events whose bytes make up the first `cap` bytes of stdout, as `stdout` is cut."""
    kept, size = [], 0
    for at, chunk in events:
        if size >= cap:
            break
        kept.append((at, chunk[:cap - size]))
        size += len(chunk)
    return tuple(kept)


class _Reader:
    """Drains the outputs and watches the process's exit through a pidfd, without polling."""

    def __init__(self, proc: subprocess.Popen[bytes], outputs: dict[int, str], stdout_cap: int,
                 started: float) -> None:
        self.proc = proc
        self.outputs = outputs
        self.cap = stdout_cap
        self.started = started  # time.monotonic() when the process was started
        self.stdout = bytearray()
        self.stdout_events: list[tuple[float, bytes]] = []
        self.stderr: collections.deque[int] = collections.deque(maxlen=STDERR_TAIL)
        self.overflow = False

    def read_until(self, deadline: float) -> bool:
        """False when the deadline passed first."""
        pidfd = os.pidfd_open(self.proc.pid)
        with selectors.DefaultSelector() as selector:
            for fd, name in self.outputs.items():
                selector.register(fd, selectors.EVENT_READ, name)
            selector.register(pidfd, selectors.EVENT_READ, "exit")
            try:
                return self._loop(selector, deadline)
            finally:
                os.close(pidfd)

    def _loop(self, selector: selectors.BaseSelector, deadline: float) -> bool:
        open_pipes = len(self.outputs)
        leader_gone = False
        while open_pipes:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            # Once the leader is gone, what escaped its group may hold the pipes: a process still
            # on its way to becoming nbe's orphan is caught by looking again while they stay open.
            events = selector.select(min(remaining, _RESWEEP) if leader_gone else remaining)
            if leader_gone and not events:
                orphans.sweep_current()
            for key, _ in events:
                if key.data == "exit":
                    # The leader is gone: kill what it left running so the pipes reach EOF.
                    selector.unregister(key.fileobj)
                    leader_gone = True
                    kill_group(self.proc)
                    orphans.sweep_current()
                    continue
                chunk = _read(key.fd)
                if not chunk:
                    selector.unregister(key.fileobj)
                    open_pipes -= 1
                elif key.data == "stderr":
                    self.stderr.extend(chunk)
                else:
                    self.stdout_events.append((time.monotonic() - self.started, chunk))
                    self.stdout += chunk
                    if len(self.stdout) > self.cap:
                        self.overflow = True
                        kill_group(self.proc)
                        return True
        # Both pipes closed, but a command may close its output before it exits (cp does):
        # wait for the leader itself, or the final group kill would cut it short.
        return leader_gone or self._await_exit(selector, deadline)

    @staticmethod
    def _await_exit(selector: selectors.BaseSelector, deadline: float) -> bool:
        remaining = deadline - time.monotonic()
        return remaining > 0 and bool(selector.select(remaining))


def _read(fd: int) -> bytes:
    """What has arrived; b"" at the end (a pseudo-terminal whose every slave closed says EIO)."""
    try:
        return os.read(fd, _CHUNK)
    except OSError as exc:
        if exc.errno == errno.EIO:
            return b""
        raise

