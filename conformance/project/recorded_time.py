"""How long a port's recorded run took, read from its terminal recording (`output.cast`,
asciicast v2: one JSON event a line, `[seconds, "o", text]`). A port whose recorded run took
longer than nbe's default timeout is given time to match it, so a slow but healthy port is never
reported as a timeout only because nbe's default is shorter than the example needs."""

from __future__ import annotations

import json
import math
from pathlib import Path

CAST = "output.cast"
MARGIN = 2.0  # a run here may be slower than the recorded one: twice its time
MOST = 300.0  # never more than this from a recording alone


def recorded_seconds(port_dir: Path) -> float | None:
    """The time of the recording's last event, or None when there is no readable recording."""
    try:
        with (port_dir / CAST).open("rb") as cast:
            cast.seek(0, 2)
            cast.seek(max(0, cast.tell() - 65536))
            lines = cast.read().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, list) and event and isinstance(event[0], (int, float)):
            return float(event[0])
    return None


def timeout_for(port_dir: Path, default: float) -> tuple[float, str]:
    """The default timeout for the port, and a note when its recording made it longer."""
    seconds = recorded_seconds(port_dir)
    if seconds is None or seconds * MARGIN <= default:
        return default, ""
    longer = min(MOST, float(math.ceil(seconds * MARGIN)))
    return longer, (f"timeout {longer:g}s, not the default {default:g}s: the port's recorded run "
                    f"({CAST}) took {seconds:.1f}s")
