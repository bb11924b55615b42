"""Named masks for values that are never part of an example's behaviour (`compare: {masks:
[timestamps, durations, nuids]}` in meta.yaml). Each is a narrow, documented pattern; it
replaces what it matches with a placeholder on both sides, so a recording taken at another
time still compares, and each mask that fired on the actual output is reported like a rule.

A mask replaces a value, never a word: a word or a number that is not one of these values
still differs. A port's own terminal recording is compared with every mask on by default
(DEFAULT), unless its meta.yaml names masks; a canonical `expected/` file with none unless it does."""

from __future__ import annotations

import re

from conformance.compare.rules import Rule

# two of: a digit, a capital, a small letter (a random id has them; a word or a number has not)
_MIXED = (r"(?:(?=[0-9A-Za-z]*[0-9])(?=[0-9A-Za-z]*[A-Za-z])"
          r"|(?=[0-9A-Za-z]*[A-Z])(?=[0-9A-Za-z]*[a-z]))")
# a name a client generated: 8 to 22 letters, digits, `_` or `-`, with an upper-case letter or a
# digit, and not shaped like words (`allEvents`, `onlyEvents1`, `pull-1`, `natscli-bench`)
_WORDLIKE = r"(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)*\d*(?![\w-])"
_GENERATED = rf"(?!{_WORDLIKE})(?=[\w-]*[A-Z0-9])[A-Za-z0-9_-]{{8,22}}(?![\w-])"

MASKS: dict[str, tuple[str, str, str]] = {
    # name: (what it is for, pattern, placeholder); applied in this order
    "digests": (
        "digests of payloads: a SHA-256 in base64 (SHA-256=U_40...8Fk=) or in hex (64 digits)",
        r"(?<![\w+/-])(?:[A-Za-z0-9+/_-]{43}=|[0-9a-fA-F]{64})(?![\w+/=-])",
        "<digest>",
    ),
    "nkeys": (
        "public NKeys, as servers, accounts and users are named: 56 capitals and digits after N, A, U, O or C",
        r"\b[NAUOC][A-Z2-7]{55}\b",
        "<nkey>",
    ),
    "nuids": (
        "NATS unique ids: 22 letters and digits, mixed (inboxes, message ids, service ids)",
        rf"\b{_MIXED}[0-9A-Za-z]{{22}}\b",
        "<nuid>",
    ),
    "consumer-names": (
        "consumer names a client generated, on a line about a consumer: Created consumer H9O2LjJO, "
        "Ephemeral name is 'puewS9qj9u'",
        rf"((?i:consumer|ephemeral)[^\n]*?[\s\"']){_GENERATED}",
        r"\g<1><consumer>",
    ),
    "home-paths": (
        "the home folder at the start of a path to a tool's dot-folder, as the nats and nsc tools print "
        "where they keep contexts and keys: /root/.config/nats/context/east.json",
        r"(?<![\w./~-])/[^\s'\"`:]*?(?=/\.(?:config|local|cache|nsc|nkeys)/)",
        "<home>",
    ),
    "timestamps": (
        "dates and times of day, with their zone, e.g. 2024-05-01T12:30:05.123Z, "
        "2023-09-23 10:53:56.341777834 +0000 UTC, 2024-08-08T16:15:24Z[GMT], 2024/05/01 12:30:05, 12:30:05.123",
        r"\b(?:\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
        r"(?:Z|[ ]?[+-]\d{2}(?::?\d{2}){0,2}\b)?(?:[ ]UTC\b)?(?:\[[A-Za-z/_]+\])?"
        r"|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)",
        "<timestamp>",
    ),
    "monotonic": (
        "Go's monotonic clock reading after a time: m=+10.007327001",
        r"\bm=[+-]\d+\.\d+\b",
        "m=<monotonic>",
    ),
    "durations": (
        "a number with a time unit, as Go and most clients print them: 1.5s, 250ms, 3µs, 1m30s; "
        "and as Java does: PT0.999S",
        r"\b(?:(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+|PT(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)\b",
        "<duration>",
    ),
}
DEFAULT = tuple(MASKS)  # for a port's own recording: every mask


def mask_rules(names: tuple[str, ...]) -> tuple[Rule, ...]:
    """The masks as rules for every language, in the order named."""
    return tuple(Rule(f"mask {name}: {MASKS[name][0]}", re.compile(MASKS[name][1]), MASKS[name][2], None)
                 for name in names)


def apply_masks(text: str, masks: tuple[Rule, ...]) -> str:
    """The expected side: masked the same way, silently (only the actual side reports hits)."""
    for mask in masks:
        text = mask.pattern.sub(mask.replace, text)
    return text
