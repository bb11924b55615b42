"""How nbe says a count in its messages, reports and notes, in one place for every layer."""

from __future__ import annotations


def quantity(n: int, noun: str, plural: str = "") -> str:
    """`n` of a thing, the noun in the number it needs: "1 check", "3 checks", "2 matches"
    (`plural` where adding an s is wrong)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
