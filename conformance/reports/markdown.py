"""A Markdown summary: the matrix (examples as rows, languages as columns), the recordings to
regenerate, then each failing check's diff in a collapsible block. Kept under a size limit
(GitHub's step summary: 1 MiB)."""

from __future__ import annotations

from conformance.compare.words import quantity
from conformance.project.staleness import Regeneration, command, headline
from conformance.reports.matrix import matrix
from conformance.reports.presentation import counted, look
from conformance.result import CheckResult, Status

LIMIT = 1024 * 1024 - 4096
TAIL_LINES = 40
TAILED = (Status.ERROR, Status.TIMEOUT)  # shown with what the port printed


def _badge(status: Status) -> str:
    return f"{look(status).icon} {status.value}"


def render(results: list[CheckResult], *, limit: int = LIMIT, regenerate: list[Regeneration] | None = None) -> str:
    table = matrix(results)
    failing = [r for r in results if r.status.fails_the_run or r.status is Status.FLAKY]
    verdict = "❌ failed" if any(r.status.fails_the_run for r in results) else "✅ passed"
    lines = [f"## nbe conformance: {verdict}", "", _counts(results), "",
             "| example | " + " | ".join(c.label for c in table.columns) + " |",
             "|---|" + "---|" * len(table.columns)]
    for example in table.examples:
        cells = [table.cell(example, column) for column in table.columns]
        lines.append(f"| {example} | " + " | ".join(_marks(c) if c else "" for c in cells) + " |")
    text = "\n".join(lines) + "\n" + regeneration_section(regenerate or [])
    for result in failing:
        block = _details(result)
        if len(text.encode()) + len(block.encode()) > limit:
            more = quantity(len(failing) - failing.index(result), "more failing check")
            text += f"\n_{more} not shown (size limit)._\n"
            break
        text += block
    return text


def regeneration_section(entries: list[Regeneration]) -> str:
    """The recordings to regenerate, why, and the command (also in `nbe drift`'s Markdown)."""
    if not entries:
        return ""
    rows = "".join(f"| {_cell(e.target)} | {_cell('; '.join(e.reasons))} |\n" for e in entries)
    return (f"\n### {headline(entries)}\n\n| port | why |\n|---|---|\n{rows}\n"
            f"```sh\n{command(entries)}\n```\n")


def _cell(text: str) -> str:
    return _escape(text).replace("|", "\\|")


def _counts(results: list[CheckResult]) -> str:
    counts = {s: sum(r.status is s for r in results) for s in Status}
    return ", ".join(counted(s, n) for s, n in counts.items() if n) or "no checks"


def _marks(result: CheckResult) -> str:
    """The check's badge, then a mark for each verdict beside stdout's (`wire ❌`)."""
    return _badge(result.status) + "".join(f" · {a.name} {look(a.status).icon}" for a in result.aspects)


def _details(result: CheckResult) -> str:
    body = result.diffs or (_tails(result) if result.status in TAILED else result.details or result.stderr_tail)
    body = body[-32 * 1024:].replace("```", "ʼʼʼ")
    block = f"```{'diff' if result.diffs else 'text'}\n{body}\n```\n\n" if body else ""
    return (f"\n<details><summary>{_badge(result.status)} <code>{result.name}</code> ({result.runtime}): "
            f"{_escape(result.reason)}</summary>\n\n{block}</details>\n")


def _tails(result: CheckResult) -> str:
    """What a port that timed out or failed printed: the details, then its stdout's and stderr's last lines."""
    parts = [result.details.rstrip("\n")] if result.details else []
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr_tail)):
        if text:
            parts.append(f"{stream} (last lines):\n" + "\n".join(text.rstrip("\n").splitlines()[-TAIL_LINES:]))
    return "\n\n".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
