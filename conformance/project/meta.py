"""An example's meta.yaml: title, description, server topology, timeout, compare rules, known failures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from conformance.compare.rules import Rule
from conformance.config.cache import cached_config, parser_modules

_PARSERS = parser_modules("project/meta_schema", "project/meta", "compare/rules")


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
    order_any: bool = False  # compare: {order: any}: the lines match as a multiset
    masks: tuple[str, ...] = ()  # compare: {masks: [...]}: names from compare/masks.py
    reference: str | None = None  # the port `nbe drift` compares the others with
    reference_line: int = 0
    wire_rules: tuple[Rule, ...] = ()  # compare: {wire: {rules: [...]}}: rules on the wire's transcript
    state_rules: tuple[Rule, ...] = ()  # compare: {state: {rules: [...]}}: rules on the server's snapshot
    wire_order: str = "given"  # compare: {wire: {order: connection}}: the transcript compared connection by connection


def load_meta(path: Path, shown_as: str) -> Meta:
    return _from_plain(cached_config(path, _PARSERS, lambda: _parse(path, shown_as)))


def default_meta(example_folder: str) -> Meta:
    """An example without meta.yaml (it is optional in NATS by Example trees): its title comes
    from its folder's name, everything else is a default."""
    from conformance.project.meta_schema import defaults

    return _from_plain(defaults(example_folder.replace("-", " ").replace("_", " ").title()))


def _from_plain(plain: dict[str, Any]) -> Meta:
    return Meta(
        title=plain["title"],
        description=plain["description"],
        topology=plain["topology"],
        jetstream=plain["jetstream"],
        timeout=plain["timeout"],
        rules=_rules(plain["rules"]),
        wire_rules=_rules(plain.get("wire_rules", [])),
        state_rules=_rules(plain.get("state_rules", [])),
        wire_order=plain.get("wire_order", "given"),
        known={language: KnownIssue(kind, reason) for language, (kind, reason) in plain["known"].items()},
        known_lines=plain["known_lines"],
        order_any=plain["order_any"],
        masks=tuple(plain["masks"]),
        reference=plain["reference"],
        reference_line=plain["reference_line"],
    )


def _rules(plain: list[dict[str, Any]]) -> tuple[Rule, ...]:
    return tuple(Rule(r["description"], re.compile(r["pattern"], re.MULTILINE), r["replace"], r["languages"])
                 for r in plain)


def _parse(path: Path, shown_as: str) -> dict[str, Any]:
    from conformance.project.meta_schema import parse_meta  # the YAML parser loads only on a cache miss

    return parse_meta(path, shown_as)
