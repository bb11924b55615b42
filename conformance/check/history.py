"""How long each check took last time, kept in nbe's cache: parallel runs start the longest
checks first, so no worker is left with a long one at the end while the others idle."""

from __future__ import annotations

import marshal
from typing import TYPE_CHECKING, TypeVar

from conformance.atomic import write_cache_file
from conformance.config.cache import cache_dir
from conformance.result import CheckResult

if TYPE_CHECKING:
    from conformance.result import Named

    Item = TypeVar("Item", bound=Named)

_FILE = "durations.marshal"


def longest_first(ports: list[Item]) -> list[Item]:
    """Ports never timed before come first: a cold build may be the longest of all."""
    known = _load()
    return sorted(ports, key=lambda port: -known.get(port.name, float("inf")))


def remember(results: list[CheckResult]) -> None:
    durations = _load()
    durations.update({r.name: round(r.duration, 3) for r in results})
    write_cache_file(cache_dir() / _FILE, marshal.dumps(durations))  # a failure only costs the order


def _load() -> dict[str, float]:
    try:
        data = marshal.loads((cache_dir() / _FILE).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}
