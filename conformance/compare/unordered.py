"""Comparing lines whose order is not part of the behaviour: the whole output
(`compare: {order: any}` in meta.yaml), or a block of the expected file between a line
`[unordered]` and a line `[/unordered]`. The lines must then match as a multiset: a missing, an
extra or a changed line (a changed count among them) still fails.

Matching is a real bipartite matching, so the order of the expected lines never decides the
verdict: exact lines are matched by counting (each takes a copy of itself), and only `[..]`
patterns search, by augmenting paths, over the distinct actual lines left (copies of one line
are one node with as many places as copies), so thousands of lines stay cheap."""

from __future__ import annotations

from conformance.compare.matching import ANY_LINES, ANY_TEXT, line_matches

OPEN, CLOSE = "[unordered]", "[/unordered]"


def has_blocks(expected: list[str]) -> bool:
    return OPEN in expected


def match_as_multiset(expected: list[str], actual: list[str]) -> list[str] | None:
    """The actual lines reordered like the expected ones when they match as a multiset (each
    expected line, `[..]` patterns included, takes one actual line; a `...` line takes any
    leftovers), else None."""
    wanted = [line for line in expected if line != ANY_LINES]
    if len(actual) < len(wanted) or (ANY_LINES not in expected and len(actual) != len(wanted)):
        return None
    taken = _assign(wanted, actual)
    return None if taken is None else _in_expected_order(expected, actual, taken)


def _assign(wanted: list[str], actual: list[str]) -> list[int] | None:
    """For each wanted line, the index of the actual line it takes (each taken once), or None
    when no assignment gives every wanted line one."""
    free: dict[str, list[int]] = {}  # each text's unused indexes, the first at the end (taken first)
    for k in range(len(actual) - 1, -1, -1):
        free.setdefault(actual[k], []).append(k)
    taken = [-1] * len(wanted)
    patterns = []
    for i, line in enumerate(wanted):
        if ANY_TEXT in line:
            patterns.append(i)
        elif free.get(line):
            taken[i] = free[line].pop()
        else:
            return None
    chosen = _match_patterns([wanted[i] for i in patterns], {text: len(k) for text, k in free.items() if k})
    if chosen is None:
        return None
    for i, text in zip(patterns, chosen):
        taken[i] = free[text].pop()
    return taken


def _match_patterns(patterns: list[str], places: dict[str, int]) -> list[str] | None:
    """For each pattern, the distinct actual text it takes, no text taken more often than its
    places; None when there is no such choice (a maximum matching leaves a pattern out)."""
    placement = _Placement(patterns, places)
    if not all(placement.add(unit) for unit in range(len(patterns))):
        return None
    return [text for text in placement.chosen if text is not None]


class _Placement:
    """Patterns placed on the texts they match, a text holding at most its places."""

    def __init__(self, patterns: list[str], places: dict[str, int]) -> None:
        self.patterns = patterns
        self.places = places
        self.options = {p: [text for text in places if line_matches(p, text)] for p in set(patterns)}
        self.holders: dict[str, list[int]] = {text: [] for text in places}  # the patterns on each text
        self.chosen: list[str | None] = [None] * len(patterns)
        self.skip: dict[str, int] = {}  # per pattern: how many of its first texts are full

    def add(self, unit: int) -> bool:
        """Place one more pattern, moving placed ones along a shortest augmenting path (breadth
        first, without recursion) when every text it matches is full."""
        free = self._first_free(self.patterns[unit])
        if free is not None:
            self._shift(free, {free: unit})
            return True
        mover: dict[str, int] = {}  # text -> the pattern that would move onto it
        queue = [unit]
        for pattern in queue:  # the queue grows while it is read: breadth first
            for text in self.options[self.patterns[pattern]]:
                if text in mover:
                    continue
                mover[text] = pattern
                if len(self.holders[text]) < self.places[text]:
                    self._shift(text, mover)
                    return True
                queue.extend(self.holders[text])  # each is held on one text: queued at most once
        return False

    def _first_free(self, pattern: str) -> str | None:
        """The first text the pattern matches with a place left. A path only moves patterns
        between texts, so a full text stays full: the search resumes where it last stopped."""
        options, k = self.options[pattern], self.skip.get(pattern, 0)
        while k < len(options) and len(self.holders[options[k]]) >= self.places[options[k]]:
            k += 1
        self.skip[pattern] = k
        return options[k] if k < len(options) else None

    def _shift(self, text: str | None, mover: dict[str, int]) -> None:
        """Move each pattern of the path onto its new text, from the free end back to the new one."""
        while text is not None:
            pattern = mover[text]
            previous = self.chosen[pattern]
            if previous is not None:
                self.holders[previous].remove(pattern)
            self.holders[text].append(pattern)
            self.chosen[pattern] = text
            text = previous


def _in_expected_order(expected: list[str], actual: list[str], taken: list[int]) -> list[str]:
    """The actual lines placed as the expected lines they matched stand; the lines no expected
    line took stand where the first `...` does (there are none without one)."""
    used = set(taken)
    left = [line for k, line in enumerate(actual) if k not in used]
    places = iter(taken)
    out: list[str] = []
    for line in expected:
        if line != ANY_LINES:
            out.append(actual[next(places)])
        elif left:
            out.extend(left)
            left = []
    return out + left


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
