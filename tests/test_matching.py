"""Normalisation, wildcards and the diff, as plain functions."""

from __future__ import annotations

import pytest

from conformance.matching import compare, line_matches, render_like_expected
from conformance.normalize import decode, normalize
from conformance.rules import Rule, apply_rules


def test_normalize_line_endings_escapes_trailing_space_and_final_newline():
    raw = "\x1b[32mok\x1b[0m  \r\n\x1b]0;title\x07second\t\r\n\n\n"
    assert normalize(raw) == "ok\nsecond\n"
    assert normalize("") == ""
    assert normalize("no newline") == "no newline\n"


def test_bytes_that_are_not_utf8_stay_visible():
    assert decode(b"caf\xe9") == "caf\\xe9"


@pytest.mark.parametrize(("pattern", "line", "matches"), [
    ("hello, [..]", "hello, joe", True),
    ("hello, [..]", "hello, ", True),
    ("[..], joe", "hello, joe", True),
    ("hello, [..]", "goodbye, joe", False),
    ("a.b", "axb", False),  # everything but [..] is literal
    ("[..]", "", True),
])
def test_any_text_inside_a_line(pattern, line, matches):
    assert line_matches(pattern, line) is matches


def test_any_lines_matches_zero_or_more_lines():
    expected = "first\n...\nlast\n"
    for actual in ("first\nlast\n", "first\na\nb\nc\nlast\n"):
        assert compare(expected, actual, "e", "a")[0]
    assert not compare(expected, "first\nlast\nextra\n", "e", "a")[0]


def test_the_diff_shows_patterns_where_they_matched_and_only_real_differences():
    ok, rendered, diff = compare("id: [..]\n...\nend\n", "id: 42\nnoise\nnoise\nEND\n", "exp", "act")
    assert not ok
    assert rendered == "id: [..]\n...\nEND\n"
    assert "-end" in diff and "+END" in diff
    assert "noise" not in diff and "42" not in diff


def test_a_replaced_line_is_shown_as_minus_and_plus():
    assert render_like_expected(["a", "b", "c"], ["a", "x", "c"]) == ["a", "x", "c"]
    _, _, diff = compare("a\nb\nc\n", "a\nx\nc\n", "e", "a")
    assert "-b" in diff.splitlines() and "+x" in diff.splitlines()


def test_rules_apply_only_to_their_languages_and_report_how_often_they_fired():
    import re
    rule = Rule("clock", re.compile(r"^\d\d:\d\d ", re.MULTILINE), "", ("cli",))
    text = "12:00 one\n12:01 two\n"
    assert apply_rules(text, (rule,), "python") == (text, ())
    rewritten, hits = apply_rules(text, (rule,), "cli")
    assert rewritten == "one\ntwo\n"
    assert [(h.description, h.times) for h in hits] == [("clock", 2)]
