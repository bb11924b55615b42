"""Shared fixtures: a throwaway project tree, and nbe run as a real subprocess whose every
descendant is tagged, so each test can prove that nothing was left running or on disk."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PORTS = Path(__file__).resolve().parent / "ports"
SEED_EXAMPLE = "messaging/request-reply"
# The project's conformance suite (besides the seed): one canonical output each, every language.
SUITE = [
    "messaging/pub-sub",
    "messaging/json",
    "messaging/queue-groups",
    "jetstream/limits-stream",
    "jetstream/pull-consumer",
    "kv/intro",
    "os/intro",
    "services/intro",
    "jetstream/replicated-stream",
]

HOSTILE_META = """\
title: {title}
description: A purpose-built port that misbehaves on purpose.
timeout: {timeout}
"""


def as_from_a_terminal() -> None:
    """nbe started as from an interactive shell: Ctrl-C (SIGINT) is not ignored. A test suite run
    in the background of a shell without job control (`cmd &`) inherits SIGINT ignored, and
    nbe, as any Unix program, would keep ignoring it: the Ctrl-C tests must not depend on that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class Nbe:
    """Runs nbe against one project tree, with TMPDIR and a marker variable of its own."""

    root: Path
    tmp: Path
    marker: str
    cache: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "NBE_RUNTIME", "NBE_ROOT")}
        env.update(TMPDIR=str(self.tmp), NBE_TEST_MARKER=self.marker, NBE_CACHE_DIR=str(self.cache), NO_COLOR="1")
        env.update(extra)
        return {k: v for k, v in env.items() if v != ""}  # an empty value unsets it

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "conformance", "--root", str(self.root), *args]

    def __call__(self, *args: str, timeout: float = 120, merged: bool = False,
                 **extra_env: str) -> subprocess.CompletedProcess[str]:
        """nbe run to its end; with `merged`, stderr in stdout, in the order nbe wrote them."""
        if merged:
            extra_env["PYTHONUNBUFFERED"] = "1"
        return subprocess.run(self.argv(*args), env=self.env(**extra_env), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT if merged else subprocess.PIPE, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, preexec_fn=as_from_a_terminal)

    def popen(self, *args: str, **extra_env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(self.argv(*args), env=self.env(**extra_env), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                                preexec_fn=as_from_a_terminal)

    def on_a_terminal(self, *args: str) -> tuple[int, str]:
        """nbe with its stdout on a terminal (a pty): its exit code, and all it drew."""
        pid, fd = pty.fork()
        if pid == 0:  # the child: nbe
            os.execve(self.argv()[0], self.argv(*args), self.env())
        seen = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal closed when nbe exited
                break
            if not chunk:
                break
            seen += chunk
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")

    def leftovers(self) -> list[str]:
        """Processes still carrying this test's marker, and anything left in its TMPDIR."""
        found = [f"process {pid}: {cmd}" for pid, cmd in marked_processes(self.marker)]
        found += [f"temp entry {p.name}" for p in self.tmp.iterdir()]
        return found


def marked_processes(marker: str) -> list[tuple[int, str]]:
    needle = f"NBE_TEST_MARKER={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":  # a zombie is already dead; its parent reaps it
                    found.append((int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def copy_seed(root: Path, *, all_ports: bool = False) -> None:
    """The real request-reply example and its expected output, copied into `root`: with its
    Python port only (the seed; no toolchain needed), or with every language's port."""
    ignore = None if all_ports else shutil.ignore_patterns(*[p.name for p in (REPO / "examples" / SEED_EXAMPLE).iterdir()
                                                             if p.is_dir() and p.name != "python"])
    shutil.copytree(REPO / "examples" / SEED_EXAMPLE, root / "examples" / SEED_EXAMPLE, ignore=ignore)
    shutil.copytree(REPO / "expected" / SEED_EXAMPLE, root / "expected" / SEED_EXAMPLE)


def add_hostile(root: Path, name: str, expected: str = "ok\n", timeout: float = 20) -> str:
    """A one-port example whose Python port is tests/ports/<name>.py; returns its target."""
    example = root / "examples" / "hostile" / name
    (example / "python").mkdir(parents=True)
    shutil.copy(PORTS / f"{name}.py", example / "python" / "main.py")
    # the seed's pinned client, so the port also builds in the Docker runtime
    shutil.copy(REPO / "examples" / SEED_EXAMPLE / "python" / "requirements.txt", example / "python")
    (example / "meta.yaml").write_text(HOSTILE_META.format(title=name, timeout=timeout))
    expected_dir = root / "expected" / "hostile" / name
    expected_dir.mkdir(parents=True)
    (expected_dir / "output.txt").write_text(expected)
    return f"hostile/{name}/python"


@pytest.fixture
def project(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A copy of the seed example; tests marked `all_ports` get every language's port too."""
    root = tmp_path / "project"
    root.mkdir()
    copy_seed(root, all_ports=request.node.get_closest_marker("all_ports") is not None)
    return root


@pytest.fixture(scope="session")
def nbe_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the whole session, as a user's would be, kept out of the real home."""
    return tmp_path_factory.mktemp("nbe-cache")


@pytest.fixture
def nbe(project: Path, tmp_path: Path, nbe_cache: Path):
    tmp = tmp_path / "nbe-tmp"
    tmp.mkdir()
    runner = Nbe(project, tmp, uuid.uuid4().hex, nbe_cache)
    yield runner
    leftovers = runner.leftovers()
    for pid, _ in marked_processes(runner.marker):
        os.kill(pid, 9)
    assert not leftovers, f"nbe left things behind: {leftovers}"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every expected file's bytes, to prove a run changed none of them."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "expected").rglob("*.txt"))}
