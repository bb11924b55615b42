"""A port's run as an asciicast v2 file (`output.cast`), the terminal recording NATS by Example's
website plays beside a port's output. Replaying it shows exactly the stdout nbe compared
(normalised, after the example's rules and masks), with the times the port really printed it.

The events are that compared text cut into lines, not the raw chunks: rules and normalisation
may change, merge or drop lines, and a raw chunk may hold half a line. Each line is shown when
the raw line it comes from was completed (its newline read); lines are matched to raw lines one
for one when their counts agree, else by a line diff. `\\n` becomes `\\r\\n` in the events, as a
terminal needs. A runtime that gives no timings gets the lines spaced evenly over the run, and
a note saying so."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

from conformance.atomic import write_atomically
from conformance.compare.normalize import decode, normalize
from conformance.runtimes.capture import Captured

CAST = "output.cast"  # beside the port's sources, where NATS by Example's site looks for it
EVENLY_SPACED = "the recording's timings are spaced evenly: this runtime gave no times for what the port printed"
_MIN_WIDTH, _MAX_WIDTH = 80, 240  # columns: wide enough for every line, within reason
_MIN_HEIGHT, _MAX_HEIGHT = 8, 40
_MAX_DIFF = 4_000_000  # line pairs; compare/matching.py draws the same line
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")


class Cast(NamedTuple):
    """A recording to write for a port that passed (--record)."""

    path: Path
    title: str  # the target: <category>/<example>/<language>
    compared: str  # the stdout nbe compared
    captured: Captured
    started_at: float  # when the port started, seconds since the epoch

    def write(self) -> tuple[str, ...]:
        return write_cast(self.path, self.title, self.compared, self.captured, self.started_at)


def write_cast(path: Path, title: str, compared: str, captured: Captured, started_at: float) -> tuple[str, ...]:
    """Write the cast of `captured` showing `compared`; the notes a person should read about it."""
    events, evenly = timed_lines(compared, captured)
    write_atomically(path, render(title, compared, events, started_at))
    return (EVENLY_SPACED,) if evenly else ()


def render(title: str, compared: str, events: list[tuple[float, str]], started_at: float) -> str:
    lines = compared.splitlines()
    header = {
        "version": 2,
        "width": min(max(_MIN_WIDTH, *(len(line) for line in lines), 0), _MAX_WIDTH),
        "height": min(max(_MIN_HEIGHT, len(lines) + 1), _MAX_HEIGHT),
        "timestamp": int(started_at),
        "title": title,
        "env": {"TERM": "xterm-256color"},  # the events are plain lines: any terminal shows them
    }
    rows = [json.dumps(header, ensure_ascii=False)]
    rows += [json.dumps([round(at, 6), "o", text.replace("\n", "\r\n")], ensure_ascii=False)
             for at, text in events]
    return "".join(row + "\n" for row in rows)


def timed_lines(compared: str, captured: Captured) -> tuple[list[tuple[float, str]], bool]:
    """`compared` cut into lines (newlines kept), each with its time; and whether the times are
    made up (evenly spaced) because the runtime gave none."""
    pieces = _LINES.findall(compared)
    if not pieces:
        return [], False
    if not captured.stdout_events:
        step = captured.duration / len(pieces)
        return [(step * (n + 1), piece) for n, piece in enumerate(pieces)], True
    raw_lines, completed = _raw_lines(captured.stdout_events)
    times = _line_times([piece.rstrip("\n") for piece in pieces], raw_lines, completed)
    return list(zip(times, pieces)), False


def _raw_lines(events: tuple[tuple[float, bytes], ...]) -> tuple[list[str], list[float]]:
    """What the port printed, line by line as nbe normalises a line, and when each was completed;
    trailing blank lines left out, as normalising leaves them out."""
    lines: list[str] = []
    completed: list[float] = []
    partial = b""
    for at, chunk in events:
        *done, partial = (partial + chunk).split(b"\n")
        for line in done:
            lines.append(normalize(decode(line)).rstrip("\n"))
            completed.append(at)
    if partial:
        lines.append(normalize(decode(partial)).rstrip("\n"))
        completed.append(events[-1][0])
    while lines and not lines[-1]:
        lines.pop()
        completed.pop()
    return lines, completed


def _line_times(compared: list[str], raw: list[str], completed: list[float]) -> list[float]:
    """Each compared line's time: that of the raw line it comes from, never before the line above."""
    if not raw:
        return [0.0] * len(compared)
    if len(compared) == len(raw):  # rules changed lines, if anything: one for one
        sources = list(range(len(raw)))
    elif len(compared) * len(raw) > _MAX_DIFF:  # a huge output: in proportion, not worth a diff's time
        sources = _spread(0, len(raw), len(compared))
    else:
        sources = _sources_by_diff(compared, raw)
    times: list[float] = []
    for source in sources:
        times.append(max(completed[source], times[-1] if times else 0.0))
    return times


def _sources_by_diff(compared: list[str], raw: list[str]) -> list[int]:
    """For each compared line, the raw line it is shown with: matched lines their own; in a block
    a rule rewrote, lines spread over the block's raw lines, the last with the block's last; a
    line a rule added, with the raw line before it."""
    import difflib  # only when rules changed how many lines there are

    sources: list[int] = []
    matcher = difflib.SequenceMatcher(None, raw, compared, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            continue
        if tag == "insert":
            sources += [max(i1 - 1, 0)] * (j2 - j1)
            continue
        sources += _spread(i1, i2, j2 - j1)
    return sources


def _spread(i1: int, i2: int, count: int) -> list[int]:
    """`count` lines shown with raw lines i1..i2-1 in order, the last with the last of them."""
    span = i2 - i1
    if span >= count:
        return [i1 + (k + 1) * span // count - 1 for k in range(count)]
    return [min(i1 + k, i2 - 1) for k in range(count)]
