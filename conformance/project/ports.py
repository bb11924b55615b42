"""Target names `<category>/<example>/<language>` and their prefixes, resolved to ports."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from conformance.errors import UsageError
from conformance.project import Project
from conformance.result import check_name
from conformance.servers.versions import Server


class Port(NamedTuple):
    """One port of one example: `examples/<category>/<example>/<language>/`."""

    category: str
    example: str
    language: str

    @property
    def example_name(self) -> str:
        return f"{self.category}/{self.example}"

    @property
    def name(self) -> str:
        return f"{self.category}/{self.example}/{self.language}"

    @classmethod
    def of(cls, name: str) -> Port:
        """The port a target name `<category>/<example>/<language>` names."""
        rest, _, language = name.rpartition("/")
        category, _, example = rest.partition("/")
        return cls(category, example, language)



class Check(NamedTuple):
    """One check as the scheduler sees it: a port against one server of the version matrix."""

    port: Port
    server: Server = Server()

    @property
    def name(self) -> str:
        return check_name(self.port.name, self.server.label)


def discover(project: Project) -> list[Port]:
    """Every port folder in the tree, in the tree's order (see order.py); hidden folders are not ports."""
    from conformance.project.order import ordered

    ports = []
    for category in ordered(project.examples, _subdirs(project.examples), "categories"):
        examples = project.examples / category
        for example in ordered(examples, _subdirs(examples), "examples"):
            for language in _subdirs(examples / example):
                ports.append(Port(category, example, language))
    return ports


def _subdirs(folder: Path) -> list[str]:
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    with entries:
        return sorted(e.name for e in entries if e.is_dir() and not e.name.startswith((".", "_")))


def resolve(project: Project, targets: list[str]) -> list[Port]:
    """The ports the targets name, in tree order; no target selects every port."""
    ports = discover(project)
    if not targets:
        chosen = ports
    else:
        chosen = named(ports, targets)
    for port in chosen:
        _refuse_links_out(project, port)  # also for the whole tree: a link out is never followed
    return chosen


def named(ports: list[Port], targets: list[str]) -> list[Port]:
    selected: set[Port] = set()
    for target in targets:
        name = checked_name(target)
        matched = [p for p in ports if p.name == name or p.name.startswith(name + "/")]
        if not matched:
            raise UsageError(_unknown_message(target, ports))
        selected.update(matched)
    return [p for p in ports if p in selected]


def checked_name(target: str) -> str:
    """The target without surrounding slashes; UsageError for a name that could leave the tree."""
    if target.startswith(("/", "\\")) or (len(target) > 1 and target[1] == ":"):
        raise UsageError(f"target {target!r}: an absolute path is not a target; use <category>/<example>/<language>")
    name = target.strip("/")
    parts = name.split("/")
    if any(part in ("..", ".") for part in parts) or "\\" in name:
        raise UsageError(f"target {target!r}: '..' and '.' are refused; a target never leaves the examples tree")
    if not name or "" in parts:
        raise UsageError(f"target {target!r}: empty name part")
    return name


def _unknown_message(target: str, ports: list[Port]) -> str:
    import difflib  # only an unknown target needs it

    names = sorted({p.name for p in ports} | {p.example_name for p in ports} | {p.category for p in ports})
    close = difflib.get_close_matches(target.strip("/"), names, n=3, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else "; `nbe list` shows every target"
    return f"unknown target {target!r}{hint}"


def _refuse_links_out(project: Project, port: Port) -> None:
    examples = project.examples.resolve()
    real = (project.examples / port.name).resolve()
    if examples not in real.parents:
        raise UsageError(f"target {port.name!r}: it links out of the examples tree (to {real}); refused")
