"""An example's meta.yaml: title, description, server topology, timeout, compare rules, known failures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from conformance.errors import ConfigError
from conformance.fields import Fields
from conformance.rules import Rule
from conformance.yamlfile import load_mapping

TOPOLOGIES = ("single",)


@dataclass(frozen=True)
class KnownIssue:
    """A language listed in meta.yaml as a known failure (xfail) or as not runnable (skip)."""

    kind: str  # "xfail" or "skip"
    reason: str


@dataclass(frozen=True)
class Meta:
    title: str
    description: str
    topology: str
    jetstream: bool
    timeout: float | None
    rules: tuple[Rule, ...]
    known: dict[str, KnownIssue] = field(default_factory=dict)


def load_meta(path: Path, shown_as: str) -> Meta:
    fields = Fields(load_mapping(path, shown_as), shown_as)
    fields.refuse_unknown({"title", "description", "server", "timeout", "compare", "languages"})
    topology, jetstream = _server(fields.mapping("server"))
    return Meta(
        title=fields.string("title", required=True) or "",
        description=fields.string("description", "") or "",
        topology=topology,
        jetstream=jetstream,
        timeout=fields.number("timeout"),
        rules=_rules(fields.mapping("compare")),
        known=_known(fields.mapping("languages")),
    )


def _server(server: Fields | None) -> tuple[str, bool]:
    if server is None:
        return "single", False
    server.refuse_unknown({"topology", "jetstream"})
    topology = server.string("topology", "single") or "single"
    if topology not in TOPOLOGIES:
        raise server.fail("topology", f"unsupported topology {topology!r} (supported: {', '.join(TOPOLOGIES)})")
    jetstream = server.data.get("jetstream", False)
    if not isinstance(jetstream, bool):
        raise server.fail("jetstream", "expected true or false")
    return topology, jetstream


def _rules(compare: Fields | None) -> tuple[Rule, ...]:
    if compare is None:
        return ()
    compare.refuse_unknown({"rules"})
    return tuple(_rule(item) for item in compare.items("rules"))


def _rule(item: Fields) -> Rule:
    item.refuse_unknown({"description", "pattern", "replace", "languages"})
    pattern = item.string("pattern", required=True) or ""
    try:
        compiled = re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        raise item.fail("pattern", f"invalid regular expression {pattern!r}: {exc}") from None
    replace = item.string("replace", "") or ""
    _check_replacement(item, pattern, replace)
    return Rule(
        description=item.string("description", pattern) or pattern,
        pattern=compiled,
        replace=replace,
        languages=item.strings("languages"),
    )


def _known(languages: Fields | None) -> dict[str, KnownIssue]:
    known = {}
    for language, entry in (languages.submappings() if languages else {}).items():
        entry.refuse_unknown({"xfail", "skip"})
        for kind in ("xfail", "skip"):
            reason = entry.string(kind)
            if reason is not None:
                if not reason.strip():
                    raise entry.fail(kind, "needs a reason")
                known[language] = KnownIssue(kind, reason)
    return known


def _check_replacement(item: Fields, pattern: str, replace: str) -> None:
    """Refuse a bad group reference now rather than mid-run: an alternation with the empty
    string keeps the pattern's groups and always matches, so `sub` expands the template once."""
    try:
        always_matching = re.compile(f"(?:{pattern})|")
    except re.error:
        return  # e.g. global inline flags, which must stay first; checked when applied
    try:
        always_matching.sub(replace, "", count=1)
    except (re.error, IndexError) as exc:
        raise item.fail("replace", f"invalid replacement {replace!r}: {exc}") from None
