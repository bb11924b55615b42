"""The console form of a drift report: per example, one line per group (reference first), the
ports that printed nothing, then a diff of each other group against the reference; then the
recordings to regenerate and the command that does it."""

from __future__ import annotations

from conformance.compare.words import quantity
from conformance.project import staleness
from conformance.project.staleness import Regeneration
from conformance.reports.console import MAX_DIFF_LINES, safe
from conformance.reports.drift import ExampleDrift, diff


def render(drifts: list[ExampleDrift], regenerate: list[Regeneration] | None = None) -> str:
    lines: list[str] = []
    for entry in drifts:
        lines.extend(example_lines(entry))
    lines.extend(regeneration_lines(regenerate or []))
    lines.append(summary(drifts))
    return "\n".join(lines) + "\n"


def regeneration_lines(entries: list[Regeneration]) -> list[str]:
    if not entries:
        return []
    lines = [f"{staleness.headline(entries)}:"]
    lines += [f"  {entry.target}: {safe('; '.join(entry.reasons))}" for entry in entries]
    return lines + [f"  regenerate them: {staleness.command(entries)}", ""]


def headline(entry: ExampleDrift) -> str:
    outputs = len(entry.groups)
    silent = f", {len(entry.without_output)} without output" if entry.without_output else ""
    if outputs == 1:
        return f"{entry.name}: no drift: 1 output among {quantity(entry.port_count, 'port')}{silent}"
    if outputs == 0:
        return f"{entry.name}: no output among {quantity(entry.port_count, 'port')}"
    return f"{entry.name}: {outputs} distinct outputs among {quantity(entry.port_count, 'port')}{silent}"


def summary(drifts: list[ExampleDrift]) -> str:
    drifting = [e for e in drifts if len(e.groups) > 1]
    ports = sum(e.port_count for e in drifts)
    silent = sum(len(e.without_output) for e in drifts)
    agreeing = sum(len(e.groups) == 1 for e in drifts)
    most = f" (at most {max(len(e.groups) for e in drifting)} outputs)" if drifting else ""
    nothing = len(drifts) - len(drifting) - agreeing
    unseen = f", {nothing} with no output at all" if nothing else ""
    return (f"{compared(drifts)}, {quantity(ports, 'port')}: {len(drifting)} drift{most}, "
            f"{agreeing} agree{unseen}; {quantity(silent, 'port')} without output")


def compared(drifts: list[ExampleDrift]) -> str:
    """What was compared: "3 examples"; compared per server, "1 example on 2 servers"."""
    examples = quantity(len({e.example for e in drifts}), "example")
    if not any(e.server for e in drifts):
        return examples
    return f"{examples} on {quantity(len({e.server for e in drifts}), 'server')}"


def example_lines(entry: ExampleDrift) -> list[str]:
    """One example's groups and diffs, as `nbe drift` shows them (also an update conflict's)."""
    lines = [headline(entry)]
    if len(entry.groups) > 1:
        lines.append(f"  reference: {entry.reference_why}")
    width = len(f"group {len(entry.groups)}")
    for number, group in enumerate(entry.groups, 1):
        name = f"group {number}".ljust(width) + (" (reference)" if number == 1 else " " * 12)
        lines.append(f"  {name}  {_lines(group.line_count)}  {group.labels}")
    for member in entry.without_output:
        reason = f": {safe(member.reason)}" if member.reason else ""
        lines.append(f"  no output: {member.label} ({member.status.value}{reason})")
    for number, group in enumerate(entry.groups[1:], 2):
        lines.append("")
        lines.extend("    " + line for line in _shown_diff(diff(entry.groups[0], group, number)))
    if len(entry.groups) > 1:
        lines.append("")
    return lines


def _lines(n: int) -> str:
    """`  3 lines`, `  1 line `: numbers and port lists stay in columns."""
    return f"{n:>3} {'line' if n == 1 else 'lines':<5}"


def _shown_diff(text: str) -> list[str]:
    lines = [safe(line) for line in text.splitlines()]
    if len(lines) > MAX_DIFF_LINES:
        return lines[:MAX_DIFF_LINES] + [f"... {quantity(len(lines) - MAX_DIFF_LINES, 'more diff line')}"]
    return lines
