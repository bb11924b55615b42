"""`nbe new <category>/<example>/<language>`: a runnable port from the language's template,
and the example's meta.yaml when the example is new. Then `nbe run` reports the missing
expected output, `--update` records it, and the next run passes."""

from __future__ import annotations

import argparse
import shutil

from conformance.commands.targets import normalise
from conformance.errors import UsageError
from conformance.languages import Languages
from conformance.project import find_project
from conformance.project.ports import checked_name

META_TEMPLATE = """\
title: {title}
description: >
  What this example shows, in a sentence or two.
server:
  topology: single
timeout: 20
"""


def main(args: argparse.Namespace) -> int:
    project = find_project(args.root)
    target = "/".join(normalise(project, [args.target])) or args.target
    parts = checked_name(target).split("/")
    if len(parts) != 3:
        raise UsageError(f"target {args.target!r}: expected <category>/<example>/<language>")
    category, example, language_name = parts
    language = Languages(project.root).get(language_name)
    if language is None:
        known = ", ".join(Languages(project.root).names())
        raise UsageError(f"no language {language_name!r} (known: {known}); add one under languages/{language_name}/")
    if not language.template.is_dir():
        raise UsageError(f"the {language_name} language has no template/ folder to copy")
    port_dir = project.examples / category / example / language_name
    if port_dir.exists():
        raise UsageError(f"{project.relative(port_dir)} already exists; nbe new never overwrites a port")
    shutil.copytree(language.template, port_dir)
    print(f"created {project.relative(port_dir)}/ from the {language_name} template")
    meta = port_dir.parent / "meta.yaml"
    if not meta.exists():
        meta.write_text(META_TEMPLATE.format(title=example.replace("-", " ").title()))
        print(f"created {project.relative(meta)}: fill in its title and description")
    target = "/".join(parts)
    print(f"next: nbe run {target}            (reports the missing expected output)")
    print(f"      nbe run {target} --update   (records it; review it with git diff)")
    return 0
