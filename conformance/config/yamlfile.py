"""YAML loading that keeps line numbers, so configuration errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from conformance.config.linedicts import LineDict, LineList
from conformance.errors import ConfigError


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise ConfigError(
                str(node.start_mark.name), key_node.start_mark.line + 1, f"duplicate key {key!r}"
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_mapping(path: Path, shown_as: str) -> LineDict:
    """Parse `path` as a YAML mapping; any problem is a ConfigError naming `shown_as` and a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(shown_as, None, f"not UTF-8 text ({exc.reason})") from None
    try:
        data: Any = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(shown_as, line, f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(shown_as, None, f"malformed YAML: {exc}") from None
    except ConfigError as exc:
        raise ConfigError(shown_as, exc.line, str(exc).split(": ", 1)[1]) from None
    if data is None:
        data = LineDict()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, LineDict):
        raise ConfigError(shown_as, 1, "expected a mapping of keys to values at the top level")
    return data
