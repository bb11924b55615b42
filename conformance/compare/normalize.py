"""The normalisation every output and expected file goes through before comparing."""

from __future__ import annotations

import re

# CSI sequences (colours, cursor moves), OSC sequences (titles, links) and lone two-byte escapes.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def decode(data: bytes) -> str:
    """Bytes as text; bytes that are not UTF-8 stay visible as \\xNN escapes."""
    return data.decode("utf-8", errors="backslashreplace")


def normalize(text: str) -> str:
    """CRLF to LF, ANSI escapes removed, trailing whitespace removed, one final newline."""
    text = _ANSI.sub("", text.replace("\r\n", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)
