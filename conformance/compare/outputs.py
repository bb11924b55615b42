"""An expected file held against an actual output: the comparison every aspect uses (stdout, the
wire, the state), with `[..]`, `...`, `[unordered]` blocks, masks and `order: any`."""

from __future__ import annotations

from conformance.compare import unordered
from conformance.compare.masks import apply_masks
from conformance.compare.matching import compare
from conformance.compare.rules import Rule


def compare_output(expected_text: str, actual: str, masks: tuple[Rule, ...], *, order_any: bool,
                   names: tuple[str, str] = ("expected", "actual")) -> tuple[bool, str, str]:
    """(matches, the actual text in the expected file's terms, diff): with the example's masks on
    both sides, and its lines as a multiset for `order: any` or inside `[unordered]` blocks."""
    expected_lines = apply_masks(expected_text, masks).splitlines()
    actual_lines = apply_masks(actual, masks).splitlines()
    if order_any:
        if unordered.match_as_multiset(expected_lines, actual_lines) is not None:
            return True, actual, ""
        return False, actual, compare(_text(sorted(expected_lines)), _text(sorted(actual_lines)), *names)[2]
    if unordered.has_blocks(expected_lines):
        expected_lines, actual_lines = unordered.align_blocks(expected_lines, actual_lines)
    return compare(_text(expected_lines), _text(actual_lines), *names)


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)
