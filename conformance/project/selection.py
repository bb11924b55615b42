"""The checks a run makes: the targets resolved to ports, narrowed for big trees (--language,
--changed-since REV, --shard K/N), each against each server of the axis."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from conformance.errors import UsageError
from conformance.languages import Languages
from conformance.project import Project
from conformance.project.ports import Check, Port, resolve
from conformance.servers.versions import Server

if TYPE_CHECKING:
    from conformance.result import Named

    Item = TypeVar("Item", bound=Named)


class EmptySelection(NamedTuple):
    message: str
    is_an_answer: bool  # True when selecting nothing is a correct outcome, not a mistake


def select(project: Project, languages: Languages, targets: Sequence[str], *, language: Sequence[str] = (),
           changed: str | None = None, shard_of: str | None = None,
           servers: Sequence[Server] = (Server(),)) -> tuple[list[Check], EmptySelection]:
    """The checks to run (each port against each server), and why there are none when that is so:
    `language` (--language), `changed` (--changed-since REV) and `shard_of` (--shard K/N) narrow."""
    ports = resolve(project, list(targets))
    if not ports:
        return [], EmptySelection(f"no ports under {project.relative(project.examples)}/", False)
    if language:
        check_languages(list(language), languages.names())
        selected = by_language(ports, list(language))
        if not selected:
            present = ", ".join(sorted({p.language for p in ports}))
            return [], EmptySelection(f"--language {' '.join(language)} selects none of the "
                                      f"{len(ports)} ports (their languages: {present})", False)
        ports = selected
    if changed:
        selected = changed_since(project, ports, changed)
        if not selected:
            return [], EmptySelection(f"no change since {changed} affects the {len(ports)} selected ports", True)
        ports = selected
    # server by server: two checks of one port start apart, so a cold build is not done twice at once
    checks = [Check(port, server) for server in servers for port in ports]
    if shard_of:
        k, n = parse_shard(shard_of)
        chosen = shard(checks, k, n)
        if not chosen:
            noun = "ports" if len(checks) == len(ports) else "checks (ports and servers)"
            return chosen, EmptySelection(f"shard {k}/{n} holds none of the {len(checks)} selected {noun}", True)
        checks = chosen
    return checks, EmptySelection("", False)


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` with 1 <= K <= N."""
    k, sep, n = text.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise UsageError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. --shard 2/4")
    return int(k), int(n)


def shard(ports: list[Item], k: int, n: int) -> list[Item]:
    """Every N-th check of the sorted tree (a check: a port, or a port against one server of
    the version matrix), from the K-th: N shards cover it exactly once, and the same tree
    always splits the same way."""
    ordered = sorted(ports, key=lambda p: p.name)
    return [port for index, port in enumerate(ordered) if index % n == k - 1]


def check_languages(asked: list[str], known: list[str]) -> None:
    """A --language that no definition has is a typo: it would select nothing and look green."""
    unknown = [name for name in asked if name not in known]
    if unknown:
        import difflib

        close = {c for name in unknown for c in difflib.get_close_matches(name, known, n=2, cutoff=0.5)}
        hint = f"; did you mean: {', '.join(sorted(close))}?" if close else ""
        raise UsageError(f"--language {', '.join(unknown)}: no such language{hint} (known: {', '.join(known)})")


def by_language(ports: list[Port], languages: list[str]) -> list[Port]:
    return [port for port in ports if port.language in languages]


def changed_since(project: Project, ports: list[Port], rev: str) -> list[Port]:
    """The ports a change since `rev` (committed, staged, unstaged or untracked) can affect."""
    paths = _changed_paths(project, rev)
    return [port for port in ports if any(_affects(path, port) for path in paths)]


def _affects(path: str, port: Port) -> bool:
    parts = path.split("/")
    example = [port.category, port.example]
    if parts[0] == "examples" and parts[1:3] == example:
        if len(parts) == 5 and parts[4] == "output.cast":
            return False  # the site's recording of a run (--record): no check reads it
        # the port's own folder, or a file of the example itself (meta.yaml)
        return len(parts) == 4 or parts[3] == port.language
    if parts[0] == "expected" and parts[1:3] == example and len(parts) == 4:
        name = parts[3]
        return name == "output.txt" or name.rsplit(".", 1)[0] == port.language
    if parts[0] == "docker" and len(parts) > 2:  # a tree's shared build files of one client
        return parts[1] == port.language
    if parts[0] == "languages" or parts[:2] == ["conformance", "languages"]:
        language = parts[1] if parts[0] == "languages" else parts[2] if len(parts) > 2 else ""
        return language == port.language
    # nbe's own code, the project's settings or the tree's compose file (the server every port is
    # checked against: servers/tree.py) change how every check runs
    if path in ("nbe.yaml", "docker/docker-compose.yaml", "docker/docker-compose.yml"):
        return True
    return parts[0] == "conformance" and path.endswith(".py")


def _changed_paths(project: Project, rev: str) -> set[str]:
    committed_and_worktree = _git(project, "diff", "--name-only", "--relative", "--no-renames", rev, "--")
    untracked = _git(project, "ls-files", "--others", "--exclude-standard")
    return {line for line in (committed_and_worktree + untracked).splitlines() if line}


def _git(project: Project, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=project.root, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        raise UsageError(f"--changed-since: git {' '.join(args[:2])} failed: {done.stderr.strip()}")
    return done.stdout
