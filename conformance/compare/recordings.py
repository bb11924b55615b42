"""A port's own recorded `output.txt`, as NATS by Example captures it from a terminal: stdout
and stderr mixed, Docker compose's progress lines (and the blank lines its progress display
leaves at the top), and sometimes the runner's last line `exit status N` (the recording is of a
run that failed). The port is run the same way (on a terminal, see capture.py); what nbe
compares with is the recording cleaned of that noise, and the port's output without its opening
blank lines too; the cleaning is reported, never silent."""

from __future__ import annotations

import re
from typing import NamedTuple

from conformance.compare.words import quantity

# Docker build / compose progress as a terminal shows it: `[+] Running 2/0`, `[+] Building 3.1s`,
# ` ⠿ Container ab12-nats-1  Started   0.3s`, ` => [internal] load build definition`, `#5 DONE 0.1s`.
_PROGRESS = re.compile(
    r"^(?:\[\+\] (?:Running|Building|Pulling|Stopping|Removing)\b.*"
    r"|\s*\S?\s*(?:Network|Container|Volume|Image)\s+\S+\s+"
    r"(?:Creat|Start|Stopp|Remov|Runn|Wait|Pull|Build|Recreat|Healthy|Built|Exited)\w*\b.*"
    r"|\s*=> .*"
    r"|#\d+ .*)$"
)
_EXIT_STATUS = re.compile(r"^exit status (\d+)$")
# The first line of a run that crashed, as each runtime prints it: a Python traceback, a Go or
# Rust panic, an uncaught Java, Node or Deno exception.
_CRASH = re.compile(
    r"^(?:Traceback \(most recent call last\):"
    r"|panic: .*|goroutine \d+ \[running\]:"
    r"|thread '[^']*' panicked at.*"
    r"|Exception in thread \".*"
    r"|(?:error: )?Uncaught .*|node:internal/.*)$",
    re.MULTILINE)


class Recording(NamedTuple):
    text: str  # normalised, progress lines, opening blank lines and the final `exit status N` removed
    progress_lines: int
    opening_blank_lines: int
    exit_status: int | None  # the runner's `exit status N`: the recording is of a failed run
    crash: str  # the line that shows the recorded run crashed (a traceback's first line), or ""


def clean(normalised: str) -> Recording:
    lines = normalised.splitlines()
    exit_status = None
    if lines and (found := _EXIT_STATUS.match(lines[-1])):
        exit_status = int(found.group(1))
        lines.pop()
    kept = [line for line in lines if not _PROGRESS.match(line)]
    text = without_opening_blank_lines("".join(line + "\n" for line in kept))
    opening = len(kept) - len(text.splitlines())
    return Recording(text, len(lines) - len(kept), opening, exit_status, crash_line(text))


def without_opening_blank_lines(text: str) -> str:
    """What a recording compares of a terminal's text: compose's progress display leaves blank
    lines at the top that cannot be told from a port's own, so neither side's count."""
    return text.lstrip("\n")


def crash_line(text: str) -> str:
    found = _CRASH.search(text)
    return found.group(0) if found else ""


def of_failed_run(recording: Recording, actual: str) -> bool:
    """The recording is of a failed run: the runner said so, or it shows a crash the port's run now lacks."""
    return recording.exit_status is not None or bool(recording.crash and not crash_line(actual))


def notes(recording: Recording, actual: str) -> tuple[str, ...]:
    said = []
    if recording.progress_lines:
        said.append(f"left out {quantity(recording.progress_lines, 'line')} of Docker progress from the recording")
    if recording.opening_blank_lines:
        said.append(f"left out {quantity(recording.opening_blank_lines, 'blank line')} at the top of the "
                    f"recording: blank lines at the top are not compared")
    if recording.exit_status is not None:
        said.append(f"the recording is of a failed run: it ends in 'exit status {recording.exit_status}'")
    elif of_failed_run(recording, actual):
        said.append(f"the recording is of a failed run: it shows '{recording.crash}', which this run does not")
    return tuple(said)
