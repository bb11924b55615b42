"""What a check leaves running, killed when it ends. Killing a port's process group misses a
descendant that started a session of its own (a daemon's double fork), so on Linux nbe is a
child subreaper: such orphans become nbe's children. Every process a check starts carries the
check's tag in its environment (inherited by its descendants), so the check's sweep kills
among nbe's children exactly its own, even while other checks run in other threads."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from conformance.cleanup import proctable

TAG = "NBE_CHECK"
RUN_ID = os.urandom(6).hex()  # a check's tag is RUN_ID.<n>; the lifeline looks for the prefix
_PR_SET_CHILD_SUBREAPER = 36

_ids = itertools.count(1)
_local = threading.local()  # the tag of the check running in this thread
# Held while a process is started and while a sweep reaps, so a sweep never reaps a process
# that a Popen object is about to wait for: every such process is in _leaders.
_lock = threading.Lock()
_leaders: set[int] = set()
_subreaper = False


def become_subreaper() -> None:
    """Orphaned descendants are reparented to nbe instead of init (Linux only; once)."""
    global _subreaper
    if _subreaper or sys.platform != "linux":
        return
    import ctypes  # a few ms, paid only by the local runtime

    _subreaper = ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


@contextmanager
def check_scope() -> Iterator[str]:
    """Tags what this thread starts through spawn(); on exit kills what is left of it."""
    tag = f"{RUN_ID}.{next(_ids)}"
    _local.tag = tag
    try:
        yield tag
    finally:
        _local.tag = None
        sweep(tag)


def sweep_current() -> None:
    """sweep() for the check running in this thread, if any: a port or build step has exited."""
    tag = getattr(_local, "tag", None)
    if tag:
        sweep(tag)


def spawn(argv: Sequence[str], *, env: dict[str, str] | None = None, **options: Any) -> subprocess.Popen[bytes]:
    """Popen in a session of its own, tagged with the current check; wait for it with wait().
    Whatever nbe starts in a session of its own goes through here, or a sweep may reap it."""
    tag = getattr(_local, "tag", None)
    if tag:
        env = {**(os.environ if env is None else env), TAG: tag}
    with _lock:
        proc = subprocess.Popen(argv, env=env, start_new_session=True, **options)
        _leaders.add(proc.pid)
    return proc


def wait(proc: subprocess.Popen[bytes]) -> int:
    code = proc.wait()
    with _lock:
        _leaders.discard(proc.pid)
    return code


def sweep(tag: str) -> None:
    """SIGKILL the children of nbe that carry `tag`, and their groups, until none is left."""
    if not _subreaper:
        return
    needle = f"{TAG}={tag}".encode()
    while True:
        with _lock:
            killed = [pid for pid in proctable.children() if pid not in _leaders and needle in proctable.environ(pid)]
            for pid in killed:
                proctable.kill_with_group(pid)
            for pid in killed:
                proctable.reap(pid)  # only once it is reaped are its own children reparented to nbe
            _reap_dead_orphans()
        if not killed:
            return


def _reap_dead_orphans() -> None:
    """Zombies nbe inherited: any check's orphan that died, e.g. a port's child killed with its
    group. No Popen waits for them: the processes nbe starts are in _leaders or in nbe's session."""
    own_session = os.getsid(0)
    for pid in proctable.children():
        found = proctable.state_and_session(pid)
        if found and found[0] == b"Z" and found[1] != own_session and pid not in _leaders:
            proctable.reap(pid, os.WNOHANG)
