"""Whether nbe's console output is coloured: the one answer every command asks for (--color)."""

from __future__ import annotations

import os
from typing import Mapping, TextIO

CHOICES = ("auto", "always", "never")


def use_colour(choice: str | None, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """`--color always` and `--color never` win. With `auto` (or no flag): a non-empty NO_COLOR
    turns colour off (no-color.org), else a non-empty FORCE_COLOR turns it on (as tox, nox and
    pre-commit read it), else colour only when `stream` is a terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return stream.isatty()
