"""Stopping checks that run in worker threads: only the main thread sees Ctrl-C and SIGTERM,
so everything that can block a worker (a port's process group, a server, a container)
registers how to kill it, and the main thread kills them all at once."""

from __future__ import annotations

import itertools
import threading
from typing import Callable

_lock = threading.Lock()
_killers: dict[int, Callable[[], None]] = {}
_ids = itertools.count()
cancelled = threading.Event()


class Registration:
    """A context manager: while inside, `kill` runs if the run is cancelled."""

    def __init__(self, kill: Callable[[], None]) -> None:
        self.kill = kill
        self.id = next(_ids)

    def __enter__(self) -> Registration:
        with _lock:
            _killers[self.id] = self.kill
        if cancelled.is_set():
            self.kill()  # cancelled before we got here: do not start waiting
        return self

    def __exit__(self, *exc_info: object) -> None:
        with _lock:
            _killers.pop(self.id, None)


def on_cancel(kill: Callable[[], None]) -> Registration:
    return Registration(kill)


def cancel_all() -> None:
    """Mark the run cancelled and kill everything registered; each worker then cleans up."""
    cancelled.set()
    with _lock:
        killers = list(_killers.values())
    for kill in killers:
        try:
            kill()
        except Exception:  # one that is already gone must not stop the others
            pass
