"""What a YAML file reads into (yamlfile.py): mappings and sequences that remember their lines.
Apart from the parser, so validating data (fields.py) needs no YAML library: an example without
meta.yaml gets its defaults validated without importing it."""

from __future__ import annotations

from typing import Any


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence that remembers the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]
