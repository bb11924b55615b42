"""The checks a run makes: the targets resolved to ports, narrowed for big trees (--language,
--changed-since REV, --shard K/N: balanced by the durations of the last run), each against each
server of the axis."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from conformance.errors import UsageError
from conformance.languages import Languages
from conformance.project import Project
from conformance.project.ports import Check, Port, resolve
from conformance.servers.versions import Server

class EmptySelection(NamedTuple):
    message: str
    is_an_answer: bool  # True when selecting nothing is a correct outcome, not a mistake


def select(project: Project, languages: Languages, targets: Sequence[str], *, language: Sequence[str] = (),
           changed: str | None = None, shard_of: str | None = None,
           shard_durations: Callable[[], Mapping[str, float]] = dict,
           servers: Sequence[Server] = (Server(),)) -> tuple[list[Check], EmptySelection]:
    """The checks to run (each port against each server), and why there are none when that is so:
    `language` (--language), `changed` (--changed-since REV) and `shard_of` (--shard K/N) narrow,
    the shards balanced by `shard_durations()` (check/history.py's, given by the command)."""
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
        chosen = shard(checks, k, n, shard_durations())
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


# What a check no run has timed yet is taken to cost, by its language: a build from nothing
# dominates (seconds on a CI runner's two cores; what matters is how they compare). A language
# the history has timed other checks of costs their mean instead, on the history's own scale.
FIRST_RUN_SECONDS = {"rust": 90.0, "java": 45.0, "csharp": 40.0, "dotnet": 40.0, "c": 20.0, "go": 15.0,
                     "deno": 15.0, "crystal": 30.0, "elixir": 30.0, "node": 10.0, "javascript": 10.0,
                     "python": 10.0, "cli": 10.0, "shell": 5.0}
OTHER_LANGUAGE_SECONDS = 15.0


def shard(checks: list[Check], k: int, n: int, durations: Mapping[str, float]) -> list[Check]:
    """The K-th of N shards of `checks`, balanced by how long each check took last time
    (`durations`, by check name): the longest first, each to the shard with the least time so
    far (greedy longest-processing-time; ties to the lower shard). A check never timed costs an
    estimate (`estimates`), a guess: those are dealt round the shards language by language, each
    to a shard with the fewest guessed checks of its language (then of its example, then the
    least time), so with no history every shard gets its share of each language's builds, and an
    example slow in every language is not all in one shard. Every check is in exactly one
    of the N shards, and the same checks and durations always split the same way; the shard
    keeps the selection's order."""
    cost = estimates(checks, durations)
    loads = [0.0] * n
    # how many checks each shard got on a guess, by language and by example
    languages: dict[str, list[int]] = {}
    examples: dict[str, list[int]] = {}
    mine: set[str] = set()
    for check in sorted(checks, key=lambda c: (-cost[c.name], c.port.language, c.name)):
        if check.name in durations:
            chosen = min(range(n), key=lambda index: (loads[index], index))
        else:
            language = languages.setdefault(check.port.language, [0] * n)
            example = examples.setdefault(check.port.example_name, [0] * n)
            chosen = min(range(n), key=lambda index: (language[index], example[index], loads[index], index))
            language[chosen] += 1
            example[chosen] += 1
        loads[chosen] += cost[check.name]
        if chosen == k - 1:
            mine.add(check.name)
    return [check for check in checks if check.name in mine]


def estimates(checks: list[Check], durations: Mapping[str, float]) -> dict[str, float]:
    """Each check's expected seconds: its last duration; else the mean of its language's
    timed checks among `checks`; else its language's FIRST_RUN_SECONDS."""
    timed: dict[str, list[float]] = {}
    for check in checks:
        if check.name in durations:
            timed.setdefault(check.port.language, []).append(durations[check.name])
    cost = {}
    for check in checks:
        same_language = timed.get(check.port.language)
        if check.name in durations:
            cost[check.name] = durations[check.name]
        elif same_language:
            cost[check.name] = sum(same_language) / len(same_language)
        else:
            cost[check.name] = FIRST_RUN_SECONDS.get(check.port.language, OTHER_LANGUAGE_SECONDS)
    return cost


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
