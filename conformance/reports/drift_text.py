"""The console form of a drift report: per example, one line per group (reference first), the
ports that printed nothing, then a diff of each other group against the reference."""

from __future__ import annotations

from conformance.console import MAX_DIFF_LINES, safe
from conformance.drift import ExampleDrift, diff


def render(drifts: list[ExampleDrift]) -> str:
    lines: list[str] = []
    for entry in drifts:
        lines.extend(_example(entry))
    lines.append(summary(drifts))
    return "\n".join(lines) + "\n"


def headline(entry: ExampleDrift) -> str:
    outputs = len(entry.groups)
    silent = f", {len(entry.without_output)} without output" if entry.without_output else ""
    if outputs == 1:
        return f"{entry.example}: no drift: 1 output among {_count(entry.port_count, 'port')}{silent}"
    if outputs == 0:
        return f"{entry.example}: no output among {_count(entry.port_count, 'port')}"
    return f"{entry.example}: {outputs} distinct outputs among {entry.port_count} ports{silent}"


def summary(drifts: list[ExampleDrift]) -> str:
    drifting = [e for e in drifts if len(e.groups) > 1]
    ports = sum(e.port_count for e in drifts)
    silent = sum(len(e.without_output) for e in drifts)
    agreeing = sum(len(e.groups) == 1 for e in drifts)
    most = f" (at most {max(len(e.groups) for e in drifting)} outputs)" if drifting else ""
    nothing = len(drifts) - len(drifting) - agreeing
    unseen = f", {nothing} with no output at all" if nothing else ""
    return (f"{_count(len(drifts), 'example')}, {_count(ports, 'port')}: {len(drifting)} drift{most}, "
            f"{agreeing} agree{unseen}; {_count(silent, 'port')} without output")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _example(entry: ExampleDrift) -> list[str]:
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
        return lines[:MAX_DIFF_LINES] + [f"... {len(lines) - MAX_DIFF_LINES} more diff lines"]
    return lines
