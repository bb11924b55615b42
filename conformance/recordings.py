"""A port's own recorded `output.txt`, as NATS by Example captures it from a terminal: stdout
and stderr mixed, Docker build and compose progress lines, and sometimes the runner's last line
`exit status N` (the recording is of a run that failed). What nbe compares with it is cleaned of
that noise; the cleaning is reported, never silent."""

from __future__ import annotations

import re
from typing import NamedTuple

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


class Recording(NamedTuple):
    text: str  # normalised, progress lines and the final `exit status N` removed
    progress_lines: int
    exit_status: int | None  # the runner's `exit status N`: the recording is of a failed run


def clean(normalised: str) -> Recording:
    lines = normalised.splitlines()
    exit_status = None
    if lines and (found := _EXIT_STATUS.match(lines[-1])):
        exit_status = int(found.group(1))
        lines.pop()
    kept = [line for line in lines if not _PROGRESS.match(line)]
    text = "".join(line + "\n" for line in kept)
    return Recording(text, len(lines) - len(kept), exit_status)


def set_aside_stderr(recorded: str, stderr: str) -> tuple[str, int]:
    """The recording without the lines the port printed on stderr this time (a terminal mixed
    them in; nbe compares stdout): (what is left, how many lines were set aside)."""
    logged = {line.rstrip() for line in stderr.splitlines() if line.strip()}
    if not logged:
        return recorded, 0
    lines = recorded.splitlines()
    kept = [line for line in lines if line not in logged]
    return "".join(line + "\n" for line in kept), len(lines) - len(kept)


def notes(recording: Recording, set_aside: int) -> tuple[str, ...]:
    said = []
    if recording.progress_lines:
        said.append(f"left out {_lines(recording.progress_lines)} of Docker progress from the recording")
    if set_aside:
        said.append(f"left out {_lines(set_aside)} of the recording that the port printed on stderr")
    if recording.exit_status is not None:
        said.append(f"the recording is of a failed run: it ends in 'exit status {recording.exit_status}'")
    return tuple(said)


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"
