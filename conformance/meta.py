"""An example's meta.yaml: title, description, server topology, timeout, compare rules, known failures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from conformance.cache import cached_config, parser_modules
from conformance.rules import Rule

_PARSERS = parser_modules("meta_schema", "meta", "rules")


class KnownIssue(NamedTuple):
    """A language listed in meta.yaml as a known failure (xfail) or as not runnable (skip)."""

    kind: str  # "xfail" or "skip"
    reason: str


class Meta(NamedTuple):
    title: str
    description: str
    topology: str
    jetstream: bool
    timeout: float | None
    rules: tuple[Rule, ...]
    known: dict[str, KnownIssue]
    known_lines: dict[str, int]  # the line of each language named under `languages:`


def load_meta(path: Path, shown_as: str) -> Meta:
    plain = cached_config(path, _PARSERS, lambda: _parse(path, shown_as))
    return Meta(
        title=plain["title"],
        description=plain["description"],
        topology=plain["topology"],
        jetstream=plain["jetstream"],
        timeout=plain["timeout"],
        rules=tuple(Rule(r["description"], re.compile(r["pattern"], re.MULTILINE), r["replace"], r["languages"])
                    for r in plain["rules"]),
        known={language: KnownIssue(kind, reason) for language, (kind, reason) in plain["known"].items()},
        known_lines=plain["known_lines"],
    )


def _parse(path: Path, shown_as: str) -> dict[str, Any]:
    from conformance.meta_schema import parse_meta  # the YAML parser loads only on a cache miss

    return parse_meta(path, shown_as)
