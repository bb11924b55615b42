"""Recordings to regenerate. NATS by Example's CI records a port only when its output.cast is
missing, so a recording goes stale when the port's sources change after it. From the checkout's
git history (one `git log` over examples/, and one `git diff` for what is not committed yet), a
port whose files other than its recording changed after its recording (output.txt, output.cast)
is stale. `to_regenerate` lists, from a run's results, every recording to make again: stale, of
a failed run, or differing from what the port prints while it runs clean."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from conformance.project import RECORDINGS
from conformance.project.expected import RECORDING
from conformance.result import CheckResult, Status, causes

FAILED_RUN = "the recording is of a failed run"
DIFFERS = "it differs from what the port prints now, and the port runs clean"
# differences that another recording would not settle: a meta.yaml rule or a mask does
_NOT_SETTLED = (causes.ORDER, causes.VOLATILE)


class Commit(NamedTuple):
    short: str  # "": changed in the working tree, not committed yet
    time: int

    def __str__(self) -> str:
        if not self.short:
            return "changes not committed yet"
        return f"{self.short}, {time.strftime('%Y-%m-%d', time.gmtime(self.time))}"


UNCOMMITTED = Commit("", sys.maxsize)


class Stale(NamedTuple):
    recorded: Commit  # the last change to its recording
    changed: Commit  # the last change to its other files, after it

    def __str__(self) -> str:
        return f"stale: its sources changed ({self.changed}) after its recording ({self.recorded})"


def stale_recordings(root: Path, targets: Iterable[str]) -> dict[str, Stale]:
    """The stale recordings among the ports `targets` names (`<category>/<example>/<client>`);
    empty when the tree has no git history (or no git)."""
    log = _git(root, "log", "--format=%x00%ct %h", "--name-only", "--relative", "--", "examples")
    if log is None:
        return {}
    recorded: dict[str, Commit] = {}
    changed: dict[str, Commit] = {}
    for entry in log.split("\0")[1:]:
        head, _, names = entry.partition("\n")
        stamp, short = head.split()
        _note(Commit(short, int(stamp)), names.splitlines(), recorded, changed)
    working = _git(root, "diff", "--name-only", "--relative", "HEAD", "--", "examples") or ""
    _note(UNCOMMITTED, working.splitlines(), recorded, changed)
    return {target: Stale(recorded[target], changed[target]) for target in set(targets)
            if target in recorded and target in changed and changed[target].time > recorded[target].time}


def _note(commit: Commit, names: list[str], recorded: dict[str, Commit], changed: dict[str, Commit]) -> None:
    """Keep, per port, the latest change to its recording and to its other files."""
    for name in names:
        parts = name.split("/")
        if len(parts) < 5:  # not in a port folder: examples/<category>/<example>/<client>/...
            continue
        target, inside = "/".join(parts[1:4]), "/".join(parts[4:])
        latest = recorded if inside in RECORDINGS else changed
        if target not in latest or latest[target].time < commit.time:
            latest[target] = commit


def _git(root: Path, *args: str) -> str | None:
    """Git's output, or None where there is no history to read (not a checkout, no git)."""
    try:
        done = subprocess.run(["git", "--no-optional-locks", "-c", "core.quotePath=false", "-C", str(root), *args],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


class Regeneration(NamedTuple):
    target: str
    reasons: tuple[str, ...]  # for a person, each one line
    stale: bool


def to_regenerate(results: list[CheckResult], stale: dict[str, Stale]) -> list[Regeneration]:
    """Each port (once, in the results' order) whose recording should be made again, and why."""
    reasons: dict[str, list[str]] = {}
    for result in results:
        found = reasons.setdefault(result.target, [])
        if result.target in stale and not found:
            found.append(str(stale[result.target]))
        for reason in _reasons(result):
            if reason not in found:
                found.append(reason)
    return [Regeneration(target, tuple(why), target in stale) for target, why in reasons.items() if why]


def _reasons(result: CheckResult) -> list[str]:
    found = []
    if result.cause == causes.FAILED_RECORDING or any(n.startswith(FAILED_RUN) for n in result.notes):
        found.append(FAILED_RUN)
    elif (result.expected_kind == RECORDING and result.status is Status.FAIL and result.exit_code == 0
          and result.cause not in _NOT_SETTLED):
        found.append(DIFFERS)
    return found


def command(entries: list[Regeneration]) -> str:
    """The command that regenerates them (README: Recordings for the NATS by Example site)."""
    return "nbe run --update --record " + " ".join(entry.target for entry in entries)


def headline(entries: list[Regeneration]) -> str:
    from conformance.compare.words import quantity

    return f"{quantity(len(entries), 'recording')} to regenerate ({sum(e.stale for e in entries)} stale)"
