"""The Markdown form of a drift report, for CI step summaries: a table of examples (how many
outputs each has), the recordings to regenerate, then per drifting example its groups and each
group's diff against the reference in a collapsible block. Kept under the same size limit as
`nbe run`'s summary."""

from __future__ import annotations

from conformance.compare.words import quantity
from conformance.project.staleness import Regeneration
from conformance.reports.drift import ExampleDrift, diff
from conformance.reports.drift_text import compared, summary
from conformance.reports.markdown import LIMIT, regeneration_section


def render(drifts: list[ExampleDrift], *, limit: int = LIMIT, regenerate: list[Regeneration] | None = None) -> str:
    drifting = [e for e in drifts if len(e.groups) > 1]
    lines = [f"## nbe drift: {quantity(len(drifting), 'drift')} in {compared(drifts)}", "", summary(drifts), "",
             "| example | outputs | ports | reference | without output |", "|---|---|---|---|---|"]
    for entry in drifts:
        silent = ", ".join(f"{m.label} ({m.status.value})" for m in entry.without_output)
        reference = entry.groups[0].labels if entry.groups else ""
        lines.append(f"| {_cell(entry.name)} | {len(entry.groups)} | {entry.port_count} | "
                     f"{_cell(reference)} | {_cell(silent)} |")
    text = "\n".join(lines) + "\n" + regeneration_section(regenerate or [])
    for index, entry in enumerate(drifting):
        block = _example(entry)
        if len(text.encode()) + len(block.encode()) > limit:
            return text + f"\n_{quantity(len(drifting) - index, 'more drifting example')} not shown (size limit)._\n"
        text += block
    return text


def _example(entry: ExampleDrift) -> str:
    lines = ["", f"### {_escape(entry.name)}: {len(entry.groups)} distinct outputs", "",
             f"Reference: {_escape(entry.reference_why)}.", "", "| group | lines | ports |", "|---|---|---|"]
    for number, group in enumerate(entry.groups, 1):
        name = f"{number} (reference)" if number == 1 else str(number)
        lines.append(f"| {name} | {group.line_count} | {_cell(group.labels)} |")
    text = "\n".join(lines) + "\n"
    text += _block(f"group 1 (reference): {entry.groups[0].labels}", entry.groups[0].output, "text")
    for number, group in enumerate(entry.groups[1:], 2):
        text += _block(f"group {number}: {group.labels}", diff(entry.groups[0], group, number), "diff")
    return text


def _block(summary_line: str, body: str, kind: str) -> str:
    body = body[-32 * 1024:].replace("```", "ʼʼʼ")
    if body and not body.endswith("\n"):
        body += "\n"
    return f"\n<details><summary>{_escape(summary_line)}</summary>\n\n```{kind}\n{body}```\n\n</details>\n"


def _cell(text: str) -> str:
    return _escape(text).replace("|", "\\|")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

