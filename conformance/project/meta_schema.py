"""Validation of meta.yaml: the YAML read with line numbers, every key checked, plain data out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conformance.config.fields import Fields
from conformance.config.linedicts import LineDict

TOPOLOGIES = ("single", "cluster")  # cluster: three routed servers, as upstream's --cluster


def parse_meta(path: Path, shown_as: str) -> dict[str, Any]:
    """Validate meta.yaml into plain data (cacheable); any problem names the file and line."""
    from conformance.config.yamlfile import load_mapping  # YAML only for a file there is

    return validate_meta(load_mapping(path, shown_as), shown_as)


def defaults(title: str) -> dict[str, Any]:
    """What an example without meta.yaml gets: its title, and every default."""
    data = LineDict(title=title)
    data.line, data.key_lines = 1, {}
    return validate_meta(data, "(no meta.yaml)")


def validate_meta(data: LineDict, shown_as: str) -> dict[str, Any]:
    fields = Fields(data, shown_as)
    fields.refuse_unknown({"title", "description", "server", "timeout", "compare", "languages", "reference"})
    topology, jetstream = _server(fields.mapping("server"))
    return {
        "title": fields.string("title", required=True),
        "description": fields.string("description", "") or "",
        "topology": topology,
        "jetstream": jetstream,
        "timeout": fields.number("timeout"),
        "rules": [_rule(item) for item in _rule_items(fields.mapping("compare"))],
        "wire_rules": _aspect_rules(fields.mapping("compare"), "wire"),
        "state_rules": _aspect_rules(fields.mapping("compare"), "state"),
        "wire_order": _wire_order(fields.mapping("compare")),
        **_ordering_and_masks(fields.mapping("compare")),
        "known": _known(fields.mapping("languages")),
        "known_lines": _known_lines(fields.mapping("languages")),
        "reference": _reference(fields),  # `nbe drift` diffs the other ports against this one
        "reference_line": fields.data.line_of("reference"),
    }



def _reference(fields: Fields) -> str | None:
    reference = fields.string("reference")
    if reference is not None and not reference.strip():
        raise fields.fail("reference", "names no language")
    return reference


def _server(server: Fields | None) -> tuple[str, bool]:
    """(topology, jetstream): JetStream is on unless turned off, as upstream runs every example with -js."""
    if server is None:
        return "single", True
    server.refuse_unknown({"topology", "jetstream"})
    topology = server.string("topology", "single") or "single"
    if topology not in TOPOLOGIES:
        raise server.fail("topology", f"unsupported topology {topology!r} (supported: {', '.join(TOPOLOGIES)})")
    jetstream = server.data.get("jetstream", True)
    if not isinstance(jetstream, bool):
        raise server.fail("jetstream", "expected true or false")
    return topology, jetstream


def _rule_items(compare: Fields | None) -> list[Fields]:
    if compare is None:
        return []
    compare.refuse_unknown({"rules", "order", "masks", "wire", "state"})
    return compare.items("rules")


def _aspect_rules(compare: Fields | None, aspect: str) -> list[dict[str, Any]]:
    """`compare: {wire: {rules: [...]}}` (or `state:`): rules on the wire's transcript (--wire) or
    the server's snapshot (--state), as stdout's."""
    section = compare.mapping(aspect) if compare is not None else None
    if section is None:
        return []
    section.refuse_unknown({"rules", "order"} if aspect == "wire" else {"rules"})
    return [_rule(item) for item in section.items("rules")]


def _wire_order(compare: Fields | None) -> str:
    """`compare: {wire: {order: connection}}`: each connection's operations in order, the
    connections' interleaving not (it varies with timing where an example works concurrently)."""
    section = compare.mapping("wire") if compare is not None else None
    if section is None:
        return "given"
    order = section.string("order", "given") or "given"
    if order not in ("given", "connection"):
        raise section.fail("order", f"expected 'given' or 'connection', got {order!r}")
    return order


def _rule(item: Fields) -> dict[str, Any]:
    item.refuse_unknown({"description", "pattern", "replace", "languages"})
    pattern = item.string("pattern", required=True) or ""
    try:
        re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        raise item.fail("pattern", f"invalid regular expression {pattern!r}: {exc}") from None
    replace = item.string("replace", "") or ""
    _check_replacement(item, pattern, replace)
    return {
        "description": item.string("description", pattern) or pattern,
        "pattern": pattern,
        "replace": replace,
        "languages": item.strings("languages"),
    }


def _known(languages: Fields | None) -> dict[str, tuple[str, str]]:
    known = {}
    for language, entry in (languages.submappings() if languages else {}).items():
        entry.refuse_unknown({"xfail", "skip"})
        for kind in ("xfail", "skip"):
            reason = entry.string(kind)
            if reason is not None:
                if not reason.strip():
                    raise entry.fail(kind, "needs a reason")
                known[language] = (kind, reason)
    return known


def _known_lines(languages: Fields | None) -> dict[str, int]:
    """Where each language under `languages:` is named, to point at one nbe does not know."""
    return {str(key): languages.data.line_of(str(key)) for key in languages.data} if languages else {}


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


def _ordering_and_masks(compare: Fields | None) -> dict[str, Any]:
    """`order: any` (lines match as a multiset) and `masks: [...]` (named, see compare/masks.py)."""
    from conformance.compare.masks import MASKS

    if compare is None:
        return {"order_any": False, "masks": ()}
    order = compare.string("order", "given")
    if order not in ("given", "any"):
        raise compare.fail("order", f"expected 'any' or 'given', got {order!r}")
    masks = compare.strings("masks") or ()
    for name in masks:
        if name not in MASKS:
            raise compare.fail("masks", f"unknown mask {name!r} (known: {', '.join(sorted(MASKS))})")
    return {"order_any": order == "any", "masks": tuple(masks)}
