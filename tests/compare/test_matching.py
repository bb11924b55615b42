"""Normalisation, wildcards and the diff, as plain functions."""

from __future__ import annotations

import pytest

from conformance.compare.matching import compare, line_matches, render_like_expected
from conformance.compare.normalize import decode, normalize
from conformance.compare.rules import Rule, apply_rules


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


# --- unordered lines: a real bipartite matching, whatever the order of the patterns ---

def test_the_order_of_the_patterns_never_turns_a_match_into_a_failure():
    from conformance.compare.unordered import match_as_multiset

    # a greedy pass gives `ab` to `a[..]`, and `[..]b` is left with `ax`
    assert match_as_multiset(["a[..]", "[..]b"], ["ab", "ax"]) == ["ax", "ab"]
    assert match_as_multiset(["a[..]", "[..]b"], ["ax", "ab"]) == ["ax", "ab"]
    assert match_as_multiset(["[..]b", "a[..]"], ["ab", "ax"]) == ["ab", "ax"]
    assert match_as_multiset(["a[..]", "[..]b"], ["ab", "xx"]) is None


def test_exact_lines_are_counted_before_patterns_search():
    from conformance.compare.unordered import match_as_multiset

    assert match_as_multiset(["[..]", "a"], ["a", "b"]) == ["b", "a"]
    assert match_as_multiset(["[..]", "a", "a"], ["a", "a", "a"]) == ["a", "a", "a"]
    assert match_as_multiset(["a", "a"], ["a", "b"]) is None  # a changed count
    assert match_as_multiset(["x[..]", "...", "y"], ["y", "q", "x1", "r"]) == ["x1", "q", "r", "y"]


def test_an_unordered_block_is_aligned_whatever_the_order_of_its_patterns():
    from conformance.compare.outputs import compare_output

    block = "start\n[unordered]\na[..]\n[..]b\n[/unordered]\nend\n"
    ok, _, diff = compare_output(block, "start\nab\nax\nend\n", (), order_any=False)
    assert ok, diff
    assert compare_output("a[..]\n[..]b\n", "ab\nax\n", (), order_any=True)[0]
    # leftovers stand where the block's `...` does, so a `...` before the last line still holds
    assert compare_output("[unordered]\nx[..]\n...\ny\n[/unordered]\n", "y\nq\nx1\n", (), order_any=False)[0]


def _multiset_oracle(expected, actual):
    """Brute force: some order of the actual lines matches the wanted lines one by one."""
    import itertools

    wanted = [e for e in expected if e != "..."]
    if len(actual) < len(wanted) or ("..." not in expected and len(actual) != len(wanted)):
        return False
    return any(all(line_matches(e, a) for e, a in zip(wanted, chosen))
               for chosen in itertools.permutations(actual, len(wanted)))


def test_permuting_the_expected_lines_never_changes_the_verdict():
    """Property-style: random small multisets of patterns and lines over a tiny alphabet (so
    patterns overlap often), every permutation of the expected lines, against brute force."""
    import itertools
    import random

    from conformance.compare.unordered import match_as_multiset

    pieces = ["a[..]", "[..]b", "[..]", "ab", "a", "b", "ax", "xb", "a[..]b", "..."]
    texts = ["ab", "a", "b", "ax", "xb", "aab", ""]
    rng = random.Random(18)
    for _ in range(400):
        expected = rng.sample(pieces, rng.randint(1, 4))
        actual = [rng.choice(texts) for _ in range(rng.randint(0, 5))]
        truth = _multiset_oracle(expected, actual)
        for order in itertools.permutations(expected):
            got = match_as_multiset(list(order), actual)
            assert (got is not None) is truth, (order, actual)
            if got is not None:  # each actual line at its expected line; leftovers at `...`
                assert sorted(got) == sorted(actual)
                wanted = [e for e in order if e != "..."]
                assert all(line_matches(e, a) for e, a in zip(wanted, _placed(order, got)))


def _placed(expected, got):
    """The actual lines standing at the expected lines that are not `...`."""
    extra = len(got) - sum(e != "..." for e in expected)
    out, k = [], 0
    for line in expected:
        if line == "...":
            k += extra
            extra = 0
        else:
            out.append(got[k])
            k += 1
    return out


def test_thousands_of_unordered_lines_stay_cheap():
    import time

    from conformance.compare.unordered import match_as_multiset

    actual = [f"message {n}" for n in range(3000)] + ["done"] * 1000
    expected = ["message [..]"] * 3000 + ["done"] * 1000
    started = time.monotonic()
    assert match_as_multiset(expected[::-1], actual) is not None
    assert match_as_multiset(expected + ["extra"], actual + ["other"]) is None
    assert time.monotonic() - started < 5
