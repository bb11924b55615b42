"""The one table from a status to how every report shows it: the console's label and colour,
the summary's words, the Markdown icon and the JUnit element; and how every report counts them:
"1 error", "2 errors" (words.quantity says any other count)."""

from __future__ import annotations

from typing import NamedTuple

from conformance.result import Status


class Look(NamedTuple):
    label: str  # console, padded to a column
    colour: str  # ANSI SGR code
    counted_as: tuple[str, str]  # the summary's word for one and for several: "1 error", "2 errors"
    icon: str  # Markdown
    junit: str | None  # the JUnit child element, None for a plain pass


LOOKS = {
    Status.PASS: Look("PASS", "32", ("passed", "passed"), "✅", None),
    Status.FAIL: Look("FAIL", "31", ("failed", "failed"), "❌", "failure"),
    Status.ERROR: Look("ERROR", "31", ("error", "errors"), "💥", "error"),
    Status.TIMEOUT: Look("TIMEOUT", "31", ("timed out", "timed out"), "⏱", "error"),
    Status.SKIP: Look("SKIP", "33", ("skipped", "skipped"), "⏭", "skipped"),
    Status.XFAIL: Look("XFAIL", "33", ("xfailed", "xfailed"), "☑️", "skipped"),
    Status.XPASS: Look("XPASS", "31", ("xpassed", "xpassed"), "❗", "failure"),
    Status.FLAKY: Look("FLAKY", "33", ("flaky", "flaky"), "⚠️", None),
}


def look(status: Status) -> Look:
    return LOOKS[status]


def counted(status: Status, n: int) -> str:
    """`n` checks of one status as a summary says it: "3 passed", "1 error", "2 errors"."""
    one, several = LOOKS[status].counted_as
    return f"{n} {one if n == 1 else several}"


