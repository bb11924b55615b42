"""`nbe list`: every example and its ports, and whether each can run here."""

from __future__ import annotations

import argparse
import sys

from conformance.examples import load_metas
from conformance.language import Languages
from conformance.project import find_project
from conformance.runtime_local import missing_tool
from conformance.targets import resolve


def main(args: argparse.Namespace) -> int:
    project = find_project(args.root)
    ports = resolve(project, args.targets)
    metas = load_metas(project, ports)
    languages = Languages(project.root)
    width = max((len(p.name) for p in ports), default=0)
    current = None
    for port in ports:
        if port.example_name != current:
            current = port.example_name
            print(f"{current}: {metas[current].title}")
        print(f"  {port.name:<{width}}  {_local_status(languages, port.language, metas[current])}")
    if not ports:
        print("no ports found under examples/", file=sys.stderr)
    return 0


def _local_status(languages: Languages, name: str, meta: object) -> str:
    known = getattr(meta, "known", {}).get(name)
    language = languages.get(name)
    if language is None:
        return f"local: no (no language definition for {name!r})"
    program = missing_tool(language)
    if program:
        return f"local: no ({program} not found)"
    note = f"  [{known.kind}: {known.reason}]" if known else ""
    return f"local: yes{note}"
