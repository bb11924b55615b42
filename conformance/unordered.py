"""Comparing lines whose order is not part of the behaviour: the whole output
(`compare: {order: any}` in meta.yaml), or a block of the expected file between a line
`[unordered]` and a line `[/unordered]`. The lines must then match as a multiset: a missing, an
extra or a changed line (a changed count among them) still fails."""

from __future__ import annotations

from conformance.matching import ANY_LINES, line_matches

OPEN, CLOSE = "[unordered]", "[/unordered]"


def has_blocks(expected: list[str]) -> bool:
    return OPEN in expected


def match_as_multiset(expected: list[str], actual: list[str]) -> list[str] | None:
    """The actual lines reordered like the expected ones when they match as a multiset (each
    expected line, `[..]` patterns included, takes one actual line; a `...` line takes any
    leftovers), else None."""
    left = list(actual)
    ordered: list[str] = []
    # exact lines first, so a pattern never takes the line an exact one needs
    for line in sorted((e for e in expected if e != ANY_LINES), key=lambda e: "[..]" in e):
        found = next((k for k, a in enumerate(left) if line_matches(line, a)), None)
        if found is None:
            return None
        ordered.append(left.pop(found))
    if left and ANY_LINES not in expected:
        return None
    return _in_expected_order(expected, actual, ordered) + left


def _in_expected_order(expected: list[str], actual: list[str], matched: list[str]) -> list[str]:
    """The matched actual lines placed as their expected lines stand."""
    pool = list(matched)
    out = []
    for line in (e for e in expected if e != ANY_LINES):
        k = next(k for k, a in enumerate(pool) if line_matches(line, a))
        out.append(pool.pop(k))
    return out


def align_blocks(expected: list[str], actual: list[str]) -> tuple[list[str], list[str]]:
    """Expected without its markers, and actual with each block's lines put in the block's
    order when they match as a multiset. A block's lines in the actual output are those
    between the lines that match the expected lines around the block."""
    plain: list[str] = []
    out = list(actual)
    cursor = 0
    index = 0
    while index < len(expected):
        line = expected[index]
        if line != OPEN:
            plain.append(line)
            if line != ANY_LINES:
                cursor = _next_match(line, out, cursor, after=True)
            index += 1
            continue
        end = expected.index(CLOSE, index) if CLOSE in expected[index:] else len(expected)
        block = expected[index + 1:end]
        after = expected[end + 1] if end + 1 < len(expected) else None
        stop = len(out) if after is None else _next_match(after, out, cursor, after=False)
        reordered = match_as_multiset(block, out[cursor:stop])
        if reordered is not None:
            out[cursor:stop] = reordered
        plain.extend(block)
        cursor = stop
        index = end + 1
    return plain, out


def _next_match(line: str, actual: list[str], start: int, *, after: bool) -> int:
    """The index just after (or at) the first actual line from `start` that `line` matches;
    `start` unchanged when none does."""
    for k in range(start, len(actual)):
        if line_matches(line, actual[k]):
            return k + 1 if after else k
    return start if after else len(actual)
