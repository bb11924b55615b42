"""The one table from a status to how every report shows it: the console's label and colour,
the summary's word, the Markdown icon and the JUnit element."""

from __future__ import annotations

from typing import NamedTuple

from conformance.result import Status


class Look(NamedTuple):
    label: str  # console, padded to a column
    colour: str  # ANSI SGR code
    counted_as: str  # the summary line: "3 passed, 1 failed"
    icon: str  # Markdown
    junit: str | None  # the JUnit child element, None for a plain pass


LOOKS = {
    Status.PASS: Look("PASS", "32", "passed", "✅", None),
    Status.FAIL: Look("FAIL", "31", "failed", "❌", "failure"),
    Status.ERROR: Look("ERROR", "31", "errors", "💥", "error"),
    Status.TIMEOUT: Look("TIMEOUT", "31", "timed out", "⏱", "error"),
    Status.SKIP: Look("SKIP", "33", "skipped", "⏭", "skipped"),
    Status.XFAIL: Look("XFAIL", "33", "xfailed", "☑️", "skipped"),
    Status.XPASS: Look("XPASS", "31", "xpassed", "❗", "failure"),
    Status.FLAKY: Look("FLAKY", "33", "flaky", "⚠️", None),
}


def look(status: Status) -> Look:
    return LOOKS[status]
