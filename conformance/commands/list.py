"""`nbe list`: every example and its ports, and whether each can run here (local: its toolchain
is installed; docker: an engine answers), with known failures from meta.yaml."""

from __future__ import annotations

import argparse
import sys

from conformance.examples import load_metas
from conformance.language import Languages
from conformance.meta import Meta
from conformance.project import find_project
from conformance.targets import resolve
from conformance.toolchain import missing_program


def main(args: argparse.Namespace) -> int:
    project = find_project(args.root)
    ports = resolve(project, args.targets)
    if not ports:
        print("no ports found under examples/", file=sys.stderr)
        return 0
    languages = Languages(project.root)
    metas = load_metas(project, ports, languages)
    docker = _docker_status()
    width = max(len(p.name) for p in ports)
    current = None
    for port in ports:
        if port.example_name != current:
            current = port.example_name
            print(f"{current}: {metas[current].title}")
        local = _local_status(languages, port.language)
        print(f"  {port.name:<{width}}  {local}  {docker}{_known(metas[current], port.language)}")
    return 0


def _local_status(languages: Languages, name: str) -> str:
    language = languages.get(name)
    if language is None:
        return f"local: no (no language definition for {name!r})"
    program = missing_program(language)
    return f"local: no ({program} not found)" if program else "local: yes"


def _docker_status() -> str:
    from conformance.docker_engine import EngineUnavailable, connect

    try:
        connect()
    except EngineUnavailable:
        return "docker: no (no engine answers)"
    return "docker: yes"


def _known(meta: Meta, language: str) -> str:
    known = meta.known.get(language)
    return f"  [{known.kind}: {known.reason}]" if known else ""
