"""How long each check took last time, kept in nbe's cache: parallel runs start the longest
checks first, so no worker is left with a long one at the end while the others idle, and
`--shard K/N` balances its shards by it (project/selection.py).

A sharded run only reads it: every shard of one split, whether run one after another on one
machine or side by side by CI jobs that restored one copy of it, must read the same durations,
or two shards could both take a check, or none. Full runs update it, and so does
`python -m conformance.check.history record REPORT.json...`, which records the durations of
finished runs' JSON reports (CI records the merged report of its shards, for the next run)."""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from conformance.atomic import write_cache_file
from conformance.config.cache import cache_dir
from conformance.result import CheckResult

if TYPE_CHECKING:
    from conformance.result import Named

    Item = TypeVar("Item", bound=Named)

FILE = "durations.marshal"  # in nbe's cache folder; CI carries it from run to run (.github/workflows)


def longest_first(ports: list[Item]) -> list[Item]:
    """Ports never timed before come first: a cold build may be the longest of all."""
    known = _load()
    return sorted(ports, key=lambda port: -known.get(port.name, float("inf")))


def durations() -> dict[str, float]:
    """Each check's last duration: what a --shard split is balanced by."""
    return _load()


def remember(results: list[CheckResult]) -> None:
    """The results' durations, for the next run (never a sharded run's: see above)."""
    durations = _load()
    latest: dict[str, float] = {}
    for r in results:  # a check run on several runtimes (a merged report): its longest time
        latest[r.name] = max(latest.get(r.name, 0.0), round(r.duration, 3))
    durations.update(latest)
    write_cache_file(cache_dir() / FILE, marshal.dumps(durations))  # a failure only costs the order


def _load() -> dict[str, float]:
    try:
        data = marshal.loads((cache_dir() / FILE).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {name: float(seconds) for name, seconds in data.items()
            if isinstance(name, str) and isinstance(seconds, (int, float)) and 0 <= seconds < float("inf")}


def main(argv: list[str]) -> int:
    """`record REPORT.json...`: the reports' durations into the history."""
    from conformance.errors import UsageError
    from conformance.reports.json_report import read_reports

    if len(argv) < 2 or argv[0] != "record":
        print("usage: python -m conformance.check.history record REPORT.json...", file=sys.stderr)
        return 2
    try:
        results = read_reports([Path(arg) for arg in argv[1:]]).results
    except UsageError as exc:
        print(f"nbe: error: {exc}", file=sys.stderr)
        return 2
    remember(results)
    print(f"recorded the durations of {len(results)} checks in {cache_dir() / FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
