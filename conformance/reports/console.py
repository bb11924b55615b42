"""The console report: a line per check as it finishes, details for what went wrong, a summary."""

from __future__ import annotations

import os
import re
from typing import TextIO

from conformance.compare.words import quantity
from conformance.reports.presentation import look
from conformance.result import Aspect, CheckResult, Status
from conformance.result.causes import describe

MAX_DIFF_LINES = 200

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def safe(text: str) -> str:
    """Control characters from a port's output made visible, so they cannot drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


class ConsoleReporter:
    def __init__(self, stream: TextIO, *, verbose: bool = False, colour: bool | None = None) -> None:
        self.out = stream
        self.verbose = verbose
        self.colour = wants_colour(stream) if colour is None else colour
        self.live = stream.isatty()  # a progress line only where someone watches it
        self.total = 0
        self.done = 0
        self.running: list[str] = []

    def _paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def started(self, runtime: str, why: str, count: int, jobs: int = 1, servers: list[str] | None = None) -> None:
        noun = "check" if count == 1 else "checks"
        parallel = f", {jobs} at a time" if jobs > 1 and count > 1 else ""
        against = f"; servers {', '.join(servers)}" if servers else ""
        self.out.write(f"nbe: runtime {runtime} ({why}); {count} {noun}{parallel}{against}\n")
        self.total = count
        self.out.flush()

    def check_started(self, target: str) -> None:
        self.running.append(target)
        self._draw_progress()

    def _draw_progress(self) -> None:
        if self.live and self.running:
            names = ", ".join(self.running[:3]) + (f" +{len(self.running) - 3}" if len(self.running) > 3 else "")
            self.out.write(f"\r\x1b[K[{self.done}/{self.total}] running: {names}")
            self.out.flush()

    def _clear_progress(self) -> None:
        if self.live:
            self.out.write("\r\x1b[K")

    def result(self, r: CheckResult) -> None:
        """A check finished: its line now."""
        self.ran(r)
        self.show(r)

    def ran(self, r: CheckResult) -> None:
        """A check finished, its line to come later (with --update, once shared files are settled)."""
        self._clear_progress()
        self.done += 1
        if r.name in self.running:
            self.running.remove(r.name)
        self._draw_progress()

    def show(self, r: CheckResult) -> None:
        self._clear_progress()
        self._write_result(r)
        self._draw_progress()

    def _write_result(self, r: CheckResult) -> None:
        label = self._paint(f"{look(r.status).label:<7}", look(r.status).colour)
        reason = f"  {r.reason}" if r.reason else ""
        if r.cause:
            reason += f"  [{describe(r.cause)}]"
        self.out.write(f"{label} {r.name}  ({r.duration:.2f}s){reason}\n")
        for line in self._details(r):
            self.out.write(f"    {line}\n")
        self.out.flush()

    def _details(self, r: CheckResult) -> list[str]:
        lines = []
        if r.override:
            lines.append(f"compared with the override {r.expected_file}")
        elif r.expected_kind == "recording" and r.status is not Status.SKIP:
            lines.append(f"compared with the port's own recording {r.expected_file}")
        lines.extend(r.notes)
        for hit in r.rules_fired:
            times = "once" if hit.times == 1 else f"{hit.times} times"
            lines.append(f"rule fired {times}: {hit.description}  [{hit.pattern}]")
        if r.diff:
            lines.extend(self._diff_lines(r.diff))
        if r.details:
            lines.extend(safe(line) for line in r.details.rstrip("\n").splitlines()[-40:])
        failed = r.status in (Status.ERROR, Status.TIMEOUT) and r.exit_code != 0
        tails = [("stdout", r.stdout)] if failed and not r.diff else []  # what it printed before it was stopped
        tails += [("stderr", r.stderr_tail)] if failed or self.verbose else []
        for stream, text in tails:
            if text:
                lines.append(f"{stream} (last lines):")
                lines.extend("  " + safe(line) for line in text.rstrip("\n").splitlines()[-20:])
        if r.actual_file:
            lines.append(f"actual output saved to {r.actual_file}")
        if r.accept and r.status in (Status.FAIL, Status.ERROR):
            lines.append(f"to accept it: {r.accept}")
        for aspect in r.aspects:
            lines.extend(self._aspect_lines(aspect))
        return lines

    def _aspect_lines(self, aspect: Aspect) -> list[str]:
        """A verdict beside stdout's (--wire): its mark, then what it says and its diff."""
        said = {Status.PASS: f"same as {aspect.expected_file}", Status.SKIP: f"not checked: {aspect.reason}"}
        lines = [f"{aspect.name}: {look(aspect.status).label.lower()}, "
                 f"{aspect.reason if aspect.updated else said.get(aspect.status, aspect.reason)}"]
        lines.extend(aspect.notes)
        lines.extend(self._diff_lines(aspect.diff) if aspect.diff else [])
        if aspect.actual_file and aspect.status is Status.FAIL:
            lines.append(f"actual {aspect.name} saved to {aspect.actual_file}")
        return lines

    def _diff_lines(self, diff: str) -> list[str]:
        lines = diff.splitlines()
        shown = lines[:MAX_DIFF_LINES]
        painted = [self._paint_diff_line(safe(line)) for line in shown]
        if len(lines) > MAX_DIFF_LINES:
            painted.append(f"... {len(lines) - MAX_DIFF_LINES} more diff lines")
        return painted

    def _paint_diff_line(self, line: str) -> str:
        if line.startswith(("+++", "---")):
            return self._paint(line, "1")
        if line.startswith("+"):
            return self._paint(line, "32")
        if line.startswith("-"):
            return self._paint(line, "31")
        if line.startswith("@@"):
            return self._paint(line, "36")
        return line

    def finished(self, results: list[CheckResult], elapsed: float, not_run: int = 0) -> None:
        from conformance.compare.words import quantity
        from conformance.reports.presentation import counted

        self._clear_progress()
        if len(results) > 1:
            self._matrix(results)
        if not_run:
            self.out.write(f"stopped at the first failure (--fail-fast): {quantity(not_run, 'check')} not run\n")
        counts: dict[Status, int] = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        parts = [counted(s, counts[s]) for s in Status if s in counts] or ["no checks"]
        self.out.write(f"{', '.join(parts)} in {elapsed:.2f}s\n")
        self.out.flush()

    def _matrix(self, results: list[CheckResult]) -> None:
        """Examples as rows, languages (per runtime, when there are several) as columns."""
        from conformance.reports.matrix import matrix

        table = matrix(results)
        first = max(len(e) for e in table.examples)
        widths = [max(len(column.label), 7) for column in table.columns]
        header = " " * first + "  " + "  ".join(f"{c.label:<{w}}" for c, w in zip(table.columns, widths))
        self.out.write("\n" + header.rstrip() + "\n")
        for example in table.examples:
            row = []
            for column, width in zip(table.columns, widths):
                cell = table.cell(example, column)
                text = f"{cell.status.value:<{width}}" if cell else "-" + " " * (width - 1)
                row.append(self._paint(text, look(cell.status).colour) if cell else text)
            self.out.write(f"{example:<{first}}  " + "  ".join(row).rstrip() + "\n")
        self.out.write("\n")
