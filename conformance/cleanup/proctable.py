"""Linux's process table as nbe's sweeps read it, from /proc: nbe's own children, a process's
environment and state, and killing a process with its group."""

from __future__ import annotations

import os
import signal
import subprocess


def children() -> list[int]:
    """nbe's children, those of every thread (each thread has its own)."""
    found: list[int] = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children", "rb") as file:
                found += [int(pid) for pid in file.read().split()]
        except OSError:
            continue  # the thread has just exited
    return found


def environ(pid: int) -> list[bytes]:
    try:
        with open(f"/proc/{pid}/environ", "rb") as file:
            return file.read().split(b"\0")
    except OSError:
        return []  # gone, or a zombie (whose environment is gone)


def state_and_session(pid: int) -> tuple[bytes, int] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            fields = file.read().rsplit(b")", 1)[1].split()  # the name in () may hold anything
    except OSError:
        return None
    return fields[0], int(fields[3])


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process group `proc` leads (started with start_new_session=True)."""
    if proc.returncode is not None:
        return  # reaped: its pid may already be another check's process
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the whole group has already exited


def kill_with_group(pid: int) -> None:
    """SIGKILL `pid` and its whole process group: its group's members die at once, not one
    generation of orphans at a time."""
    try:
        group = os.getpgid(pid)
        if group != os.getpgrp():  # never nbe's own (a tagged process is never in it; be sure)
            os.killpg(group, signal.SIGKILL)
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def reap(pid: int, options: int = 0) -> None:
    try:
        os.waitpid(pid, options)
    except ChildProcessError:
        pass
