"""`nbe run`: resolve targets, choose a runtime, check each port, report, exit 0/1."""

from __future__ import annotations

import argparse
import os
import sys
import time

from conformance.check import CheckOptions, run_check
from conformance.console import ConsoleReporter
from conformance.errors import UsageError
from conformance.examples import load_metas
from conformance.language import Languages
from conformance.project import find_project
from conformance.result import exit_code_for
from conformance.project_config import parse_image_flags
from conformance.runtimes import RuntimeRequest, choose_runtime
from conformance.targets import resolve


def main(args: argparse.Namespace) -> int:
    if args.update and os.environ.get("CI", "").lower() == "true":
        raise UsageError("--update is refused when CI=true: expected files are recorded by people, not by CI")
    project = find_project(args.root)
    ports = resolve(project, args.targets)
    metas = load_metas(project, ports)
    languages = Languages(project.root)
    for port in ports:
        languages.get(port.language)  # a malformed language.yaml stops nbe before anything runs
    request = RuntimeRequest(args.runtime, parse_image_flags(args.image), args.server_image)
    runtime, why = choose_runtime(request, project)
    options = CheckOptions(timeout=args.timeout, update=args.update)
    reporter = ConsoleReporter(sys.stdout, verbose=args.verbose)
    reporter.started(runtime.name, why, len(ports))
    started = time.monotonic()
    results = []
    with runtime:
        for port in ports:
            result = run_check(project, port, metas[port.example_name], languages, runtime, options)
            reporter.result(result)
            results.append(result)
    reporter.finished(results, time.monotonic() - started)
    return exit_code_for(results)
