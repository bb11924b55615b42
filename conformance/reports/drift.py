"""Drift across languages: the ports of each example grouped by what they print (their output
after normalisation and the example's rules), one group chosen as the reference, and a diff of
every other group against it. Pure functions over results; `nbe drift` does the reading."""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from conformance.errors import UsageError
from conformance.project.references import NO_REFERENCE, Reference
from conformance.result import CheckResult, Status, check_name


class Member(NamedTuple):
    """One port in a drift report."""

    label: str  # the language; with the runtime when the results hold several
    status: Status
    exit_code: int | None
    reason: str

    @property
    def shown(self) -> str:
        """The label, marked when the port exited non-zero: its output is of a failed run."""
        if not self.exit_code:
            return self.label
        if self.exit_code < 0:
            return f"{self.label} (killed by signal {-self.exit_code})"
        return f"{self.label} (exit {self.exit_code})"


class Group(NamedTuple):
    output: str
    members: tuple[Member, ...]  # sorted by label

    @property
    def labels(self) -> str:
        return ", ".join(m.shown for m in self.members)

    @property
    def line_count(self) -> int:
        return len(self.output.splitlines())


class ExampleDrift(NamedTuple):
    example: str
    groups: tuple[Group, ...]  # the reference group first, then the largest first
    reference_why: str  # how the first group was chosen, for a person
    without_output: tuple[Member, ...]  # ports that printed nothing to group: not run, skipped, killed
    server: str = ""  # compared per server of a matrix: the server these ports were checked against

    @property
    def name(self) -> str:
        """The example, and its server when compared per server: as its checks are named."""
        return check_name(self.example, self.server)

    @property
    def port_count(self) -> int:
        return sum(len(g.members) for g in self.groups) + len(self.without_output)


def has_output(result: CheckResult) -> bool:
    """The port ran to its own end (exit code known): a skip, an error before running, a
    timeout or a port stopped at the stdout cap has no output to compare."""
    return result.exit_code is not None


def by_aspect(results: list[CheckResult], name: str) -> list[CheckResult]:
    """The results with what was seen on the server (`name`: "wire", the transcript; "state", the
    snapshot) where their stdout was, so that ports are grouped by it; a result without it has
    nothing to group. UsageError when none has it: the results were made without --wire or --state."""
    if not any((aspect := r.aspect(name)) is not None and aspect.actual for r in results):
        raise UsageError(f"no result holds what its port did on the server ({name}): run the checks with --{name}")
    moved = []
    for result in results:
        aspect = result.aspect(name)
        moved.append(result._replace(stdout=_CLIENT.sub(r"\1", aspect.actual)) if aspect is not None and aspect.actual
                     else result._replace(exit_code=None))
    return moved


# a connection's header names its client's language and version: different in every port by nature
_CLIENT = re.compile(r"^(\S+ connect)\b.*$", re.MULTILINE)


def drift(results: list[CheckResult], references: dict[str, Reference], *,
          per_server: bool = False) -> list[ExampleDrift]:
    """One entry per example, in the order the results come (tree order); `references` holds
    the reference named for each example, when one is. With `per_server`, a server matrix gives
    one entry per example and server: ports are compared with those checked against the same
    server, so a server that changes what every port prints is not drift between them."""
    with_runtime = len({r.runtime for r in results}) > 1
    by_entry: dict[tuple[str, str], list[CheckResult]] = {}
    for result in results:
        by_entry.setdefault((result.example, result.server_version if per_server else ""), []).append(result)
    entries = []
    for (example, server), items in by_entry.items():
        entry = example_drift(example, items, references.get(example, NO_REFERENCE), with_runtime)
        entries.append(entry._replace(server=server))
    return entries


def example_drift(example: str, results: list[CheckResult], reference: Reference,
                  with_runtime: bool = False) -> ExampleDrift:
    outputs: dict[str, list[Member]] = {}
    silent = []
    for result in results:
        label = f"{result.language}@{result.runtime}" if with_runtime else result.language
        member = Member(label, result.status, result.exit_code, result.reason)
        if has_output(result):
            outputs.setdefault(result.stdout, []).append(member)
        else:
            silent.append(member)
    groups = [Group(output, tuple(sorted(members, key=_by_label))) for output, members in outputs.items()]
    groups.sort(key=_largest_first)
    first, why = _reference_group(groups, reference, results)
    if first is not None:
        groups.remove(first)
        groups.insert(0, first)
    return ExampleDrift(example, tuple(groups), why, tuple(sorted(silent, key=_by_label)))


def _by_label(member: Member) -> str:
    return member.label


def _largest_first(group: Group) -> tuple[int, str]:
    # ties go to the group holding the alphabetically first port, so the choice is deterministic
    return -len(group.members), group.members[0].label


def _reference_group(groups: list[Group], reference: Reference,
                     results: list[CheckResult]) -> tuple[Group | None, str]:
    if not groups:
        return None, "no port printed an output"
    largest = "the largest group" + (" (a tie: the one with the alphabetically first port)"
                                     if len(groups) > 1 and len(groups[1].members) == len(groups[0].members) else "")
    if reference.language is None:
        return groups[0], largest
    named = f"{reference.language}, named in {reference.source}"
    printed = {r.stdout for r in results if r.language == reference.language and has_output(r)}
    holding = [g for g in groups if g.output in printed]  # several with several runtimes: the largest
    if holding:
        return holding[0], named
    if any(r.language == reference.language for r in results):
        return groups[0], f"{largest}: {named}, printed no output"
    return groups[0], f"{largest}: {named}, has no port here"


def diff(reference: Group, group: Group, number: int) -> str:
    """A unified diff of one group's output against the reference group's."""
    lines = difflib.unified_diff(reference.output.splitlines(keepends=True), group.output.splitlines(keepends=True),
                                 fromfile=f"group 1 (reference): {reference.labels}",
                                 tofile=f"group {number}: {group.labels}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of output\n" for line in lines)
