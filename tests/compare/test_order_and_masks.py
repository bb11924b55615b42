"""Output that varies by nature: `compare: {order: any}` (or an `[unordered]` block) matches
lines as a multiset, and named masks hide values that are never part of the behaviour. Each
matches what it should and still fails a missing line, an extra line or a changed count."""

from __future__ import annotations

import pytest

from conformance.compare.masks import MASKS, mask_rules
from conformance.compare.outputs import compare_output

from conftest import add_hostile

ORDERED = "a\nb\nc\n"


def matches(expected: str, actual: str, *, order_any: bool = False, masks: tuple[str, ...] = ()) -> bool:
    return compare_output(expected, actual, mask_rules(masks), order_any=order_any)[0]


@pytest.mark.parametrize(("actual", "ok"), [
    ("c\na\nb\n", True),  # another order
    ("a\nb\n", False),  # a missing line
    ("a\nb\nc\nd\n", False),  # an extra line
    ("a\na\nc\n", False),  # a changed count: b replaced by a second a
    ("a\nb\nc\nc\n", False),  # a line twice
])
def test_order_any_is_a_multiset(actual, ok):
    assert matches(ORDERED, actual, order_any=True) is ok
    assert matches(ORDERED, actual) is (actual == ORDERED)


def test_order_any_keeps_wildcards():
    assert matches("count [..]\n...\n", "x\ncount 3\ny\n", order_any=True)
    assert not matches("count [..]\nz\n", "count 3\ny\n", order_any=True)


BLOCK = "start\n[unordered]\nmember 1: 3\nmember 2: 2\n[/unordered]\ntotal 5\n"


@pytest.mark.parametrize(("actual", "ok"), [
    ("start\nmember 2: 2\nmember 1: 3\ntotal 5\n", True),
    ("start\nmember 1: 3\nmember 2: 2\ntotal 5\n", True),
    ("member 2: 2\nstart\nmember 1: 3\ntotal 5\n", False),  # the block's lines are not free to leave it
    ("start\nmember 2: 2\ntotal 5\n", False),
    ("start\nmember 2: 2\nmember 1: 4\ntotal 5\n", False),
    ("start\nmember 2: 2\nmember 1: 3\nmember 3: 0\ntotal 5\n", False),
    ("start\nmember 2: 2\nmember 1: 3\ntotal 6\n", False),  # outside the block, order and text count
])
def test_an_unordered_block_is_a_multiset_and_the_rest_is_not(actual, ok):
    assert matches(BLOCK, actual) is ok


@pytest.mark.parametrize(("mask", "value", "other"), [
    ("timestamps", "2024-05-01T12:30:05.123Z", "2026-11-27T08:00:00Z"),
    ("timestamps", "12:30:05", "23:59:59.5"),
    ("durations", "1.5s", "250ms"),
    ("durations", "1m30s", "3µs"),
    ("nuids", "Q0dk8yDXb1Is9Gr7oE3rsN", "xUqPi1Bj8k0nHm7rT4sW2a"),
    ("home-paths", "/root/.config/nats/context/east.json", "/tmp/nbe-1/check-2/home/.config/nats/context/east.json"),
])
def test_each_mask_hides_its_values_and_nothing_else(mask, value, other):
    assert matches(f"took {value}\n", f"took {other}\n", masks=(mask,))
    assert not matches(f"took {value}\n", f"took {other}\n")
    assert not matches(f"took {value}\nok\n", f"took {other}\n", masks=(mask,))  # a missing line
    assert not matches(f"took {value}\n", f"took {other}\nmore\n", masks=(mask,))  # an extra line
    assert not matches(f"{value} 3 times\n", f"{other} 4 times\n", masks=(mask,))  # a changed count


@pytest.mark.parametrize("text", ["version 2.10.26", "3 messages", "stream ORDERS", "hello world",
                                  "ABCDEFGHIJKLMNOPQRSTUV", "1234567890123456789012",
                                  "creds `~/.local/share/nats/nsc/keys/creds/local/APP/pam.creds`",
                                  "wrote ./.config/app.json", "wrote /etc/nats/server.conf"])
def test_masks_leave_ordinary_text_alone(text):
    for rule in mask_rules(tuple(MASKS)):
        assert rule.pattern.sub(rule.replace, text) == text, rule.description


SHUFFLED_PORT = """\
import random, time
lines = [f"member {n}: {n * 2} messages" for n in range(3)]
random.shuffle(lines)
print(f"started at {time.strftime('%Y-%m-%dT%H:%M:%S')}Z")
print("\\n".join(lines))
"""


def test_order_any_and_masks_in_a_real_run_are_reported(nbe, project):
    target = add_hostile(project, "flood", expected="started at 2020-01-01T00:00:00Z\n"
                         + "".join(f"member {n}: {n * 2} messages\n" for n in range(3)))
    (project / "examples/hostile/flood/python/main.py").write_text(SHUFFLED_PORT)
    meta = project / "examples/hostile/flood/meta.yaml"
    meta.write_text(meta.read_text() + "compare:\n  order: any\n  masks: [timestamps]\n")
    run = nbe("run", target, "--runtime", "local", "-v")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "rule fired once: mask timestamps" in run.stdout
    meta.write_text(meta.read_text().replace("masks: [timestamps]", "masks: [timestamp]"))
    bad = nbe("run", target, "--runtime", "local")
    assert bad.returncode == 2
    assert "meta.yaml:6: compare.masks: unknown mask 'timestamp' (known: consumer-names, digests, durations, home-paths, monotonic, nkeys, nuids, timestamps)" in bad.stderr
