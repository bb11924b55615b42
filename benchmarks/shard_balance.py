"""How evenly `--shard K/N` splits a tree: the sum of the checks' durations in each of N shards,
from a real run's JSON report, for the old split (every N-th check by name), the split by
language alone (no history yet) and the split by the report's durations (the history a run
leaves). The slowest shard is how long a sharded CI run waits. With --history OTHER.json the
split is by another run's durations, as the next run's would be, and judged by REPORT's.

Run it from the repository root, in the environment nbe is installed in:
    python benchmarks/shard_balance.py REPORT.json [--history OTHER.json] [--root TREE] [--shards N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from conformance.languages import Languages
from conformance.project import find_project
from conformance.project.ports import Check
from conformance.project.selection import select, shard
from conformance.project.settings import project_servers
from conformance.reports.json_report import read_reports


def by_name(checks: list[Check], k: int, n: int) -> list[Check]:
    """The split before durations: every N-th check of the sorted tree, from the K-th."""
    return [check for index, check in enumerate(sorted(checks, key=lambda c: c.name)) if index % n == k - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--root", default=None)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--history", type=Path, help="split by this report's durations (default: REPORT's)")
    args = parser.parse_args()
    project = find_project(args.root)
    checks, _ = select(project, Languages(project.root), [], servers=project_servers(project, [], []))
    took = {r.name: r.duration for r in read_reports([args.report]).results}
    history = {r.name: r.duration for r in read_reports([args.history]).results} if args.history else took
    missing = [c.name for c in checks if c.name not in took]
    print(f"{len(checks)} checks, {sum(took.get(c.name, 0.0) for c in checks):.1f}s in all"
          + (f"; {len(missing)} not in the report, counted as 0s" if missing else ""))
    n = args.shards
    splits = {"by name (before)": lambda k: by_name(checks, k, n),
              "by language (no history)": lambda k: shard(checks, k, n, {}),
              "by durations (history)": lambda k: shard(checks, k, n, history)}
    for label, split in splits.items():
        sums = [sum(took.get(c.name, 0.0) for c in split(k)) for k in range(1, n + 1)]
        shown = ", ".join(f"{s:.1f}" for s in sums)
        print(f"{label:<26} slowest {max(sums):7.1f}s   shards: {shown}")


if __name__ == "__main__":
    main()
