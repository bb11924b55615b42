"""`nbe new <category>/<example>/<language>`: a runnable port from the language's template,
and the example's meta.yaml when the example is new. For an example with no expected output yet,
`nbe run` reports it missing, `--update` records it, and the next run passes; for one that has
it, the port is edited until `nbe run` finds that it prints it."""

from __future__ import annotations

import argparse
import shutil

from conformance.commands.targets import normalise
from conformance.errors import UsageError
from conformance.languages import Language, Languages
from conformance.project import Project, find_project
from conformance.project.expected import expected_for
from conformance.project.ports import Port, checked_name

META_TEMPLATE = """\
title: {title}
description: >
  What this example shows, in a sentence or two.
server:
  topology: single
timeout: 20
"""

# What a template folder may hold after someone ran or built it in place: never part of a new port.
BUILD_LEFTOVERS = ("__pycache__", "*.pyc", "*.pyo", ".pytest_cache", ".venv", "venv", "node_modules", "target",
                   "build", "dist", ".gradle", "*.class", "*.o", ".DS_Store")


def main(args: argparse.Namespace) -> int:
    project = find_project(args.root)
    target = "/".join(normalise(project, [args.target])) or args.target
    parts = checked_name(target).split("/")
    if len(parts) != 3:
        raise UsageError(f"target {args.target!r}: expected <category>/<example>/<language>")
    category, example, language_name = parts
    languages = Languages(project.root)
    language = languages.get(language_name)
    if language is None:
        known = ", ".join(languages.names())
        raise UsageError(f"no language {language_name!r} (known: {known}); add one under languages/{language_name}/")
    if not language.template.is_dir():
        raise UsageError(f"the {language_name} language has no template/ folder to copy")
    port = Port(category, example, language_name)
    port_dir = project.examples / port.name
    if port_dir.exists():
        raise UsageError(_exists(project, port, languages))
    shutil.copytree(language.template, port_dir, ignore=shutil.ignore_patterns(*BUILD_LEFTOVERS))
    print(f"created {project.relative(port_dir)}/ from the {language_name} template")
    meta = port_dir.parent / "meta.yaml"
    if not meta.exists():
        meta.write_text(META_TEMPLATE.format(title=example.replace("-", " ").title()))
        print(f"created {project.relative(meta)}: fill in its title and description")
    for line in _next(project, port, language):
        print(line)
    return 0


def _next(project: Project, port: Port, language: Language) -> list[str]:
    """What to do now: make the port print the example's expected output when it has one, else
    record the port's output as the expected one."""
    expected = expected_for(project, port)
    if expected.path.is_file():
        entry = language.entry_in(project.examples / port.name) or language.entry
        return [f"next: edit {project.relative(project.examples / port.name / entry)} until it prints "
                f"{expected.shown}",
                f"      nbe run {port.name}   (compares its output with {expected.shown})"]
    return [f"next: nbe run {port.name}            (reports the missing expected output)",
            f"      nbe run {port.name} --update   (records it; review it with git diff)"]


def _exists(project: Project, port: Port, languages: Languages) -> str:
    folder = project.examples / port.name
    shown = project.relative(folder) + ("/" if folder.is_dir() else "")
    example = folder.parent
    taken = {entry.name for entry in example.iterdir()} if example.is_dir() else set()
    free = [name for name in languages.names() if name not in taken]
    offer = (f"languages with no port of {port.example_name} yet: {', '.join(free)}" if free
             else f"every language nbe knows has a port of {port.example_name}")
    return (f"{shown} already exists; nbe new never overwrites a port (check it with `nbe run {port.name}`); "
            f"{offer}")
