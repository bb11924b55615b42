"""Compare an expected output (with `[..]` and `...` wildcards) to an actual one, and diff them.

The alignment is a small edit-distance table where an expected `...` line absorbs any number of
actual lines for free. Its backtrack rewrites the actual output in the expected file's terms:
a line matched by a pattern is shown as the pattern, so the diff shows only real differences
and `--update` keeps every wildcard that still matches.
"""

from __future__ import annotations

import functools
import re

ANY_LINES = "..."
ANY_TEXT = "[..]"
_MAX_TABLE = 4_000_000  # cells; beyond this align without wildcards-aware diffing


@functools.lru_cache(maxsize=1024)
def _line_pattern(expected: str) -> re.Pattern[str] | None:
    if ANY_TEXT not in expected:
        return None
    return re.compile(".*".join(re.escape(part) for part in expected.split(ANY_TEXT)), re.DOTALL)


def line_matches(expected: str, actual: str) -> bool:
    pattern = _line_pattern(expected)
    return expected == actual if pattern is None else pattern.fullmatch(actual) is not None


def render_like_expected(expected: list[str], actual: list[str]) -> list[str]:
    """The actual lines, with every line a wildcard matched replaced by the expected line."""
    if expected == actual:
        return actual
    if not any(ANY_TEXT in line or line == ANY_LINES for line in expected):
        return actual
    if (len(expected) + 1) * (len(actual) + 1) > _MAX_TABLE:
        return [e if i < len(expected) and line_matches(e, a) else a
                for i, (e, a) in enumerate(zip(expected, actual))] + actual[len(expected):]
    return _backtrack(expected, actual, _cost_table(expected, actual))


def _cost_table(expected: list[str], actual: list[str]) -> list[list[int]]:
    """cost[i][j]: fewest missing, extra or replaced lines when aligning expected[i:] with actual[j:]."""
    n, m = len(expected), len(actual)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m - 1, -1, -1):
        cost[n][j] = cost[n][j + 1] + 1
    for i in range(n - 1, -1, -1):
        line, row, below = expected[i], cost[i], cost[i + 1]
        if line == ANY_LINES:
            row[m] = below[m]
            for j in range(m - 1, -1, -1):
                row[j] = min(below[j], row[j + 1])
            continue
        row[m] = below[m] + 1
        for j in range(m - 1, -1, -1):
            # a line replaced by another costs what a missing or an extra line costs
            best = min(below[j], row[j + 1], below[j + 1]) + 1
            if line_matches(line, actual[j]):
                best = min(best, below[j + 1])
            row[j] = best
    return cost


def _backtrack(expected: list[str], actual: list[str], cost: list[list[int]]) -> list[str]:
    out: list[str] = []
    i = j = 0
    n, m = len(expected), len(actual)
    while i < n or j < m:
        line = expected[i] if i < n else None
        if line == ANY_LINES:
            if j < m and cost[i][j] != cost[i + 1][j]:
                j += 1  # absorbed by `...`, which takes as few lines as it can
            else:
                out.append(ANY_LINES)
                i += 1
        elif i < n and j < m and line_matches(expected[i], actual[j]) and cost[i][j] == cost[i + 1][j + 1]:
            out.append(expected[i])
            i, j = i + 1, j + 1
        elif i < n and j < m and cost[i][j] == cost[i + 1][j + 1] + 1:
            out.append(actual[j])  # replaces expected[i]
            i, j = i + 1, j + 1
        elif j < m and cost[i][j] == cost[i][j + 1] + 1:
            out.append(actual[j])
            j += 1
        else:
            i += 1  # an expected line the actual output lacks
    return out


def unified_diff(expected: list[str], rendered: list[str], expected_name: str, actual_name: str) -> str:
    import difflib  # only a mismatch needs it; a passing run skips the import

    lines = difflib.unified_diff(expected, rendered, expected_name, actual_name, lineterm="")
    return "\n".join(lines)


def compare(expected_text: str, actual_text: str, expected_name: str, actual_name: str) -> tuple[bool, str, str]:
    """(matches, the actual text rendered in the expected file's terms, unified diff or "")."""
    expected = expected_text.splitlines()
    rendered = render_like_expected(expected, actual_text.splitlines())
    rendered_text = "".join(line + "\n" for line in rendered)
    if rendered == expected:
        return True, rendered_text, ""
    return False, rendered_text, unified_diff(expected, rendered, expected_name, actual_name)
