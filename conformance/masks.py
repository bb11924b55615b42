"""Named masks for values that are never part of an example's behaviour (`compare: {masks:
[timestamps, durations, nuids]}` in meta.yaml). Each is a narrow, documented pattern; it
replaces what it matches with a placeholder on both sides, so a recording taken at another
time still compares, and each mask that fired on the actual output is reported like a rule."""

from __future__ import annotations

import re

from conformance.rules import Rule

_DIGIT_AND_LETTER = r"(?=[0-9A-Za-z]*[0-9])(?=[0-9A-Za-z]*[A-Za-z])"

MASKS: dict[str, tuple[str, str, str]] = {
    # name: (what it is for, pattern, placeholder)
    "timestamps": (
        "dates and times of day, e.g. 2024-05-01T12:30:05.123Z, 2024/05/01 12:30:05, 12:30:05.123",
        r"\b(?:\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)?"
        r"(?:Z|[+-]\d{2}:?\d{2}\b)?|\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)",
        "<timestamp>",
    ),
    "durations": (
        "a number with a time unit, as Go and most clients print them: 1.5s, 250ms, 3µs, 1m30s",
        r"\b(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+\b",
        "<duration>",
    ),
    "nuids": (
        "NATS unique ids: 22 letters and digits, at least one of each (inboxes, message ids)",
        rf"\b{_DIGIT_AND_LETTER}[0-9A-Za-z]{{22}}\b",
        "<nuid>",
    ),
}


def mask_rules(names: tuple[str, ...]) -> tuple[Rule, ...]:
    """The masks as rules for every language, in the order named."""
    return tuple(Rule(f"mask {name}: {MASKS[name][0]}", re.compile(MASKS[name][1]), MASKS[name][2], None)
                 for name in names)


def apply_masks(text: str, masks: tuple[Rule, ...]) -> str:
    """The expected side: masked the same way, silently (only the actual side reports hits)."""
    for mask in masks:
        text = mask.pattern.sub(mask.replace, text)
    return text
