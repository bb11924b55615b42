"""`nbe list`: every example and its port folders, and whether each can run here: locally (its
toolchain is here, as `nbe doctor` and `nbe run` judge it) and in Docker (an engine answers and
nbe defines the language). When a folder cannot run, it says why: no language definition,
toolchain missing or incomplete, entry file missing. With --matrix (or --markdown), the suite as
a table instead (project/suite.py), its cells the results of --from REPORT.json when given."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conformance.commands.targets import normalise
from conformance.languages import Languages
from conformance.languages.clients import port_language
from conformance.languages.toolchain import local_toolchain
from conformance.project import find_project
from conformance.project.examples import load_metas
from conformance.project.meta import Meta
from conformance.project.ports import Port, resolve
from conformance.result import CheckResult


def main(args: argparse.Namespace) -> int:
    project = find_project(args.root)
    ports = resolve(project, normalise(project, args.targets))
    if not ports:
        print("no ports found under examples/", file=sys.stderr)
        return 0
    languages = Languages(project.root)
    if args.language:
        from conformance.project.selection import by_language, check_languages

        check_languages(args.language, languages.names())
        ports = by_language(ports, args.language)
    metas = load_metas(project, ports, languages)
    if args.matrix or args.markdown or args.reports:
        from conformance.project.suite import render_markdown, render_text, suite_matrix

        results = _results(args.reports) if args.reports else None
        table = suite_matrix(project, ports, metas, languages, only=args.language, results=results)
        print((render_markdown if args.markdown else render_text)(table), end="")
        return 0
    engine = _docker_status()
    width = max(len(p.name) for p in ports)
    current = None
    for port in ports:
        if port.example_name != current:
            current = port.example_name
            print(f"{current}: {metas[current].title}")
        where = _where(project.examples / port.name, port, languages, engine)
        print(f"  {port.name:<{width}}  {where}{_known(metas[current], port.language)}")
    return 0


def _where(port_dir: Path, port: Port, languages: Languages, engine: str) -> str:
    language, why_not = port_language(port_dir, port.language, languages)
    if language is None:
        return f"cannot run: {why_not}"
    toolchain = local_toolchain(language)
    local = "local: yes" if toolchain.ok else f"local: no ({toolchain.line})"
    return f"{language.name:<10}  {local}  {engine}"


def _results(reports: list[str]) -> list[CheckResult]:
    """The results of nbe JSON reports (`nbe run --json`, shards or merged)."""
    from conformance.reports.json_report import read_reports

    return read_reports([Path(report) for report in reports]).results


def _docker_status() -> str:
    from conformance.runtimes.docker.endpoint import EngineUnavailable, connect

    try:
        connect()
    except EngineUnavailable:
        return "docker: no (no engine answers)"
    return "docker: yes"


def _known(meta: Meta, language: str) -> str:
    known = meta.known.get(language)
    return f"  [{known.kind}: {known.reason}]" if known else ""
