"""The lifeline's keeper: waits for EOF on stdin, a pipe whose write end only nbe holds, so EOF
means nbe is gone, however it died (kill -9 too). Then it kills every process whose environment
carries the run's tag, until none is left, and removes the run's temporary folder.
Run as a file (lifeline.py starts it once the pipe is closed), standard library only:
    python -I -S lifeline_keeper.py NBE_CHECK=<run id>. [FOLDER ...]"""

from __future__ import annotations

import os
import signal
import sys
import time

GIVE_UP = 30.0  # a process that SIGKILL cannot end (stuck in the kernel) must not keep us forever


def tagged(prefix: bytes) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as file:
                environ = file.read().split(b"\0")
        except OSError:
            continue  # gone, a zombie, or not ours to read
        if any(variable.startswith(prefix) for variable in environ):
            found.append(int(entry))
    return found


def kill(pid: int) -> None:
    try:
        group = os.getpgid(pid)
        if group != os.getpgrp():
            os.killpg(group, signal.SIGKILL)  # its group at once, not one generation per round
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def main() -> None:
    prefix = sys.argv[1].encode()
    while os.read(0, 4096):
        pass  # nbe never writes; only EOF matters
    deadline = time.monotonic() + GIVE_UP
    quiet_rounds = 0
    # Two rounds in a row that find nothing: a child forked during one scan is seen by the next.
    while quiet_rounds < 2 and time.monotonic() < deadline:
        found = tagged(prefix)
        for pid in found:
            kill(pid)
        quiet_rounds = 0 if found else quiet_rounds + 1
        time.sleep(0.005)
    if sys.argv[2:]:
        import shutil

        for folder in sys.argv[2:]:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
