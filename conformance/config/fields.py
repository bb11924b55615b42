"""Typed reads from a line-aware YAML mapping; a wrong shape is a ConfigError with file and line."""

from __future__ import annotations

from typing import Any

from conformance.config.linedicts import LineDict, LineList
from conformance.errors import ConfigError


class Fields:
    """One mapping of a configuration file, read key by key, unknown keys refused."""

    def __init__(self, data: LineDict, path: str, where: str = "") -> None:
        self.data = data
        self.path = path
        self.where = where

    def fail(self, key: str | None, message: str) -> ConfigError:
        line = self.data.line_of(key) if key else self.data.line
        name = f"{self.where}{key}" if key else (self.where.rstrip(".") or "top level")
        return ConfigError(self.path, line, f"{name}: {message}")

    def refuse_unknown(self, known: set[str]) -> None:
        for key in self.data:
            if key not in known:
                expected = ", ".join(sorted(known))
                raise self.fail(str(key), f"unknown key (expected one of: {expected})")

    def string(self, key: str, default: str | None = None, required: bool = False) -> str | None:
        value = self.data.get(key, default)
        if value is None and required:
            raise self.fail(None, f"missing required key {key!r}")
        if value is not None and not isinstance(value, str):
            raise self.fail(key, f"expected text, got {type(value).__name__}")
        return value

    def number(self, key: str, default: float | None = None) -> float | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise self.fail(key, f"expected a positive number, got {value!r}")
        return float(value)

    def mapping(self, key: str) -> Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            raise self.fail(key, "expected a mapping")
        return Fields(value, self.path, f"{self.where}{key}.")

    def items(self, key: str) -> list[Fields]:
        """The mappings in a list under `key`."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList):
            raise self.fail(key, "expected a list")
        result = []
        for index, (item, line) in enumerate(zip(value, value.item_lines)):
            if not isinstance(item, LineDict):
                raise ConfigError(self.path, line, f"{self.where}{key}[{index}]: expected a mapping")
            result.append(Fields(item, self.path, f"{self.where}{key}[{index}]."))
        return result

    def strings(self, key: str) -> tuple[str, ...] | None:
        value: Any = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected a list of text")
        return tuple(value)

    def submappings(self) -> dict[str, Fields]:
        """Every value of this mapping, each required to be a mapping itself."""
        return {str(key): self.mapping(str(key)) or Fields(_empty(), self.path) for key in self.data}


def _empty() -> LineDict:
    empty = LineDict()
    empty.line, empty.key_lines = 0, {}
    return empty
