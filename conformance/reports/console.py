"""The console report: a line per check as it finishes, details for what went wrong, a summary.
While checks run, a long one never looks frozen: on a terminal the progress line is redrawn
every second with each running check's time so far; elsewhere (a CI log) a line
`still running: TARGET (Ns)` comes every 30 s (NBE_STILL_RUNNING_EVERY) for each check still running."""

from __future__ import annotations

import math
import os
import re
import threading
import time
from typing import TextIO

from conformance.compare.words import quantity
from conformance.reports.colour import use_colour
from conformance.reports.presentation import look
from conformance.result import Aspect, CheckResult, Status
from conformance.result.causes import describe

MAX_DIFF_LINES = 200

STILL_RUNNING_EVERY = 30.0  # seconds between a check's `still running` lines off a terminal
REDRAW_EVERY = 1.0  # seconds between redraws of the progress line on a terminal
TICKER_NAME = "nbe-progress"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def safe(text: str) -> str:
    """Control characters from a port's output made visible, so they cannot drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def wants_colour(stream: TextIO) -> bool:
    """Colour as `--color auto` has it (colour.py): NO_COLOR, FORCE_COLOR, else a terminal."""
    return use_colour("auto", stream)


def still_running_every() -> float:
    """Seconds between a check's `still running` lines: NBE_STILL_RUNNING_EVERY, else 30."""
    text = os.environ.get("NBE_STILL_RUNNING_EVERY", "").strip()
    if not text:
        return STILL_RUNNING_EVERY
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        from conformance.errors import UsageError

        raise UsageError(f"NBE_STILL_RUNNING_EVERY={text!r}: expected a number of seconds above 0, e.g. 30")
    return seconds


class ConsoleReporter:
    def __init__(self, stream: TextIO, *, verbose: bool = False, colour: bool | None = None) -> None:
        self.out = stream
        self.verbose = verbose
        self.colour = wants_colour(stream) if colour is None else colour
        self.live = stream.isatty()  # a progress line only where someone watches it
        self.total = 0
        self.done = 0
        self.running: dict[str, float] = {}  # a running check's name: when it began (monotonic)
        self._due: dict[str, float] = {}  # off a terminal: when a running check's next `still running` line is due
        self._every = STILL_RUNNING_EVERY
        # the ticker thread and the checks' thread write to one stream, and read `running`
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def _paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def started(self, runtime: str, why: str, count: int, jobs: int = 1, servers: list[str] | None = None) -> None:
        """The run begins: its first line, and the ticker that keeps a long check from looking
        frozen (stopped by finished(), or by close() when the run ends otherwise)."""
        noun = "check" if count == 1 else "checks"
        parallel = f", {jobs} at a time" if jobs > 1 and count > 1 else ""
        against = f"; servers {', '.join(servers)}" if servers else ""
        self._every = still_running_every()
        with self._lock:
            self.out.write(f"nbe: runtime {runtime} ({why}); {count} {noun}{parallel}{against}\n")
            self.total = count
            self.out.flush()
        self._start_ticker()

    def check_started(self, target: str) -> None:
        with self._lock:
            now = time.monotonic()
            self.running[target] = now
            self._due[target] = now + self._every
            self._draw_progress()

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._stop.clear()
            self._ticker = threading.Thread(target=self._tick, name=TICKER_NAME, daemon=True)
            self._ticker.start()

    def close(self) -> None:
        """The ticker stopped and gone: after this no line is written but by the caller."""
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            self._stop.set()
            ticker.join()
            with self._lock:
                self._clear_progress()  # a run cut short leaves no half-drawn line behind

    def _tick(self) -> None:
        while not self._stop.wait(self._next_tick()):
            with self._lock:
                if self._stop.is_set():
                    return
                if self.live:
                    self._draw_progress()
                else:
                    self._still_running()

    def _next_tick(self) -> float:
        """Seconds until something is to be said: on a terminal, the next whole second of a running
        check's time; elsewhere, the next `still running` line due; with none running, a moment."""
        with self._lock:
            now = time.monotonic()
            if self.live:
                ticks = [began + math.floor(now - began) + 1 for began in self.running.values()]
            else:
                ticks = list(self._due.values())
            return max(min(ticks, default=now + min(REDRAW_EVERY, self._every)) - now, 0.0)

    def _still_running(self) -> None:
        now = time.monotonic()
        lines = []
        for target, began in self.running.items():
            if now >= self._due[target]:
                while self._due[target] <= now:
                    mark = self._due[target] - began  # a whole number of intervals, 30 s by default
                    self._due[target] += self._every
                lines.append(f"still running: {target} ({round(mark, 1):g}s)\n")
        if lines:
            self.out.write("".join(lines))
            self.out.flush()

    def _draw_progress(self) -> None:
        if self.live and self.running:
            now = time.monotonic()
            shown = [f"{target} ({int(now - began)}s)" for target, began in list(self.running.items())[:3]]
            names = ", ".join(shown) + (f" +{len(self.running) - 3}" if len(self.running) > 3 else "")
            line = f"[{self.done}/{self.total}] running: {names}"
            width = self._width()
            if width and len(line) >= width:  # a wrapped line could not be redrawn in place
                line = line[:max(width - 4, 1)] + "..."
            self.out.write(f"\r\x1b[K{line}")
            self.out.flush()

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self.out.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return 0

    def _clear_progress(self) -> None:
        if self.live:
            self.out.write("\r\x1b[K")

    def result(self, r: CheckResult) -> None:
        """A check finished: its line now."""
        with self._lock:
            self.ran(r)
            self.show(r)

    def ran(self, r: CheckResult) -> None:
        """A check finished, its line to come later (with --update, once shared files are settled)."""
        with self._lock:
            self._clear_progress()
            self.done += 1
            self.running.pop(r.name, None)
            self._due.pop(r.name, None)
            self._draw_progress()

    def show(self, r: CheckResult) -> None:
        with self._lock:
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

        self.close()
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
