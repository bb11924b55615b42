"""`--update` of a canonical output that several ports share. Each check only proposes what it
printed; once every check has run, a file is written only when every port that shares it ran here
(or cannot run here) and all of them printed the same thing. Otherwise nothing is written and the
checks that wanted the write are errors that say why, so an update never makes another port fail.
A port's own recording and a language's override belong to one port and are written by judge.py."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import NamedTuple

from conformance.atomic import write_atomically
from conformance.check.casts import Cast
from conformance.compare.words import quantity
from conformance.project import Project
from conformance.project.expected import FILES, STDOUT, FileNames, expected_for, remove_stale
from conformance.project.ports import Port
from conformance.result import CheckResult, Status

KNOWN_FAILURES = (Status.XFAIL, Status.XPASS)  # listed in meta.yaml: they do not vote on the output


class Proposal(NamedTuple):
    """What one check would write into a shared expected file."""

    port: Port
    path: Path  # the shared expected file
    text: str  # the actual output in the expected file's terms (wildcards kept where they match)
    key: str  # what agreement is judged on: the text, its lines sorted for `order: any`
    cast: Cast | None  # --record: the port's recording, written only with the file
    differs: bool  # the file is missing or the output does not match it: a write is wanted
    actual_path: Path  # the saved actual output, removed once the file is written
    aspect: str = ""  # "" for stdout; "wire" for the wire's transcript (--wire), judged apart


class UpdateMode(NamedTuple):
    """How --update runs: with --record's terminal recordings, into overrides (--override), and
    the run's collector of proposals for shared files."""

    shared: SharedUpdates
    record: bool = False
    override: bool = False


class SharedUpdates:
    """The proposals of one run, collected from its worker threads and settled after it."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()
        # by target and aspect: a retry replaces its first attempt
        self._proposals: dict[tuple[str, str], Proposal] = {}

    def propose(self, proposal: Proposal) -> None:
        with self._lock:
            self._proposals[proposal.port.name, proposal.aspect] = proposal

    def settle(self, results: list[CheckResult]) -> list[CheckResult]:
        """The results once each shared file is written or refused, in the order given."""
        by_file: dict[Path, list[Proposal]] = {}
        for proposal in self._proposals.values():
            by_file.setdefault(proposal.path, []).append(proposal)
        settled = {r.name: r for r in results}
        for path, proposals in by_file.items():
            sharing = sharers(self.project, proposals[0].port, FILES[proposals[0].aspect])
            group = [r for r in results if r.target in {p.name for p in sharing}]
            settled.update((r.name, r) for r in self._settle_file(path, proposals, sharing, group))
        return [settled[r.name] for r in results]

    def _settle_file(self, path: Path, proposals: list[Proposal], sharing: list[Port],
                     group: list[CheckResult]) -> list[CheckResult]:
        by_target = {r.target: r for r in group}
        order = {r.target: rank for rank, r in enumerate(group)}  # tree order, not the order they finished
        voters = sorted((p for p in proposals if by_target[p.port.name].status not in KNOWN_FAILURES),
                        key=lambda p: order[p.port.name])
        if not any(p.differs for p in voters):
            return [_with_cast(self.project, by_target[p.port.name], p) for p in voters]
        refusal = (self._left_behind(path, sharing, group, FILES[proposals[0].aspect]) or _without_output(group, voters)
                   or _disagreement(self.project.relative(path), voters, by_target))
        if refusal is None:
            return self._write(path, voters, group, by_target)
        results = []
        for number, proposal in enumerate(voters):
            result = by_target[proposal.port.name]
            if proposal.differs or refusal.all_voters:
                details = refusal.details if number == 0 or not refusal.all_voters else refusal.see_first
                results.append(_marked(result, proposal, Status.ERROR, refusal.reason, details=details, accept=""))
            else:  # it matches the file as it is: still a pass
                results.append(_with_cast(self.project, result, proposal))
        return results

    def _left_behind(self, path: Path, sharing: list[Port], group: list[CheckResult],
                     names: FileNames) -> Refusal | None:
        """Ports that share the file but did not run here: a subset never rewrites it for them."""
        ran = {r.target for r in group}
        others = [p.name for p in sharing if p.name not in ran]
        if not others:
            return None
        example = sharing[0].example_name
        return Refusal(
            f"not updated: {self.project.relative(path)} is shared with {quantity(len(others), 'port')} "
            f"not checked in this run ({', '.join(others)})",
            f"to change it for every port: nbe run {example} --update (every port that can run here "
            f"must print the same); for one language alone: nbe run {example}/<language> --update --override "
            f"(writes {self.project.relative(path.parent)}/<language>{names.override}, reported as an override)",
            all_voters=False)

    def _write(self, path: Path, voters: list[Proposal], group: list[CheckResult],
               by_target: dict[str, CheckResult]) -> list[CheckResult]:
        verb = "updated" if path.is_file() else "recorded"
        for proposal in voters:  # the casts first: a site never shows a new output beside an old cast
            if proposal.cast is not None and proposal.differs:
                proposal.cast.write()
        write_atomically(path, next(p.text for p in voters if p.differs))
        unchecked = _not_rechecked(group)
        results = []
        for proposal in voters:
            remove_stale(proposal.actual_path)
            result = _with_cast(self.project, by_target[proposal.port.name], proposal)
            result = result._replace(notes=result.notes + unchecked)
            if proposal.differs:
                cast = f" and {self.project.relative(proposal.cast.path)}" if proposal.cast is not None else ""
                result = _marked(result, proposal, Status.PASS, f"{verb} {self.project.relative(path)}{cast}",
                                 updated=True, diff="", actual_file="", accept="")
            results.append(result)
        return results


class Refusal(NamedTuple):
    reason: str
    details: str
    all_voters: bool  # True: every voter is in error (they disagree); False: only those that wanted the write
    see_first: str = "the groups are shown with the first of these ports"


def sharers(project: Project, port: Port, names: FileNames = STDOUT) -> list[Port]:
    """Every port of the port's example compared with the shared file it is, in tree order."""
    return [Port.of(name) for name in expected_for(project, port, names=names).sharers]


def _marked(result: CheckResult, proposal: Proposal, status: Status, reason: str, **changes: object) -> CheckResult:
    """The result once its shared file is written or refused. For the wire's file, its own verdict
    changes; the check's only where it says more (a refusal is the check's error, a write its reason)."""
    if not proposal.aspect:
        return result._replace(status=status, reason=reason, **changes)  # type: ignore[arg-type]
    aspect = result.aspect(proposal.aspect)
    assert aspect is not None, "a check proposes for an aspect it judged"
    updated = bool(changes.get("updated"))
    aspects = tuple(a._replace(status=status, reason=reason, diff="" if updated else a.diff,
                               actual_file="" if updated else a.actual_file, updated=updated)
                    if a is aspect else a for a in result.aspects)
    result = result._replace(aspects=aspects)
    if status is Status.ERROR:
        return result._replace(status=status, reason=reason, details=str(changes.get("details", "")))
    return result._replace(reason=result.reason or reason)


def _without_output(group: list[CheckResult], voters: list[Proposal]) -> Refusal | None:
    voting = {p.port.name for p in voters}
    silent = [r for r in group if r.target not in voting and r.status not in KNOWN_FAILURES + (Status.SKIP,)]
    if not silent:
        return None
    named = ", ".join(f"{r.target} ({r.status.value})" for r in silent)
    return Refusal(f"not updated: {quantity(len(silent), 'port')} sharing the file gave no output to agree on: {named}",
                   "fix them, or leave them out with a known failure in meta.yaml, then update again",
                   all_voters=False)


def _disagreement(shown: str, voters: list[Proposal], by_target: dict[str, CheckResult]) -> Refusal | None:
    if len({p.key for p in voters}) == 1:
        return None
    from conformance.project.references import NO_REFERENCE
    from conformance.reports.drift import example_drift
    from conformance.reports.drift_text import example_lines

    keyed = [by_target[p.port.name]._replace(stdout=p.text, exit_code=0) for p in voters]
    entry = example_drift(voters[0].port.example_name, keyed, NO_REFERENCE)
    return Refusal(f"update conflict: {len(voters)} ports print {len(entry.groups)} different outputs for {shown}; "
                   "nothing written",
                   "\n".join(example_lines(entry)), all_voters=True)


def _with_cast(project: Project, result: CheckResult, proposal: Proposal) -> CheckResult:
    """A passing port's recording (--record), written whether or not the shared file changes."""
    if proposal.cast is None or proposal.differs:
        return result
    notes = proposal.cast.write()
    return result._replace(notes=result.notes + notes, reason=f"recorded {project.relative(proposal.cast.path)}")


def _not_rechecked(group: list[CheckResult]) -> tuple[str, ...]:
    skipped = [f"{r.target} ({r.reason})" for r in group if r.status is Status.SKIP]
    known = [r.target for r in group if r.status in KNOWN_FAILURES]
    notes = []
    if skipped:
        notes.append(f"not re-checked here (cannot run): {'; '.join(skipped)}")
    if known:
        notes.append(f"not counted (known failures in meta.yaml): {', '.join(known)}")
    return tuple(notes)
