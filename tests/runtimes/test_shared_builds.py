"""A tree's shared build files (docker/<client>/, as NATS by Example keeps them) are overlaid
under its ports in both runtimes, with the port's own files winning; Python ports run with the
client they declare; ports with the same manifests share their compiled dependencies."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from nats.aio.client import __version__ as nats_py_version

from conftest import REPO, SEED_EXAMPLE
from port_check import require_docker, stand_in_image

SEED_GO = REPO / "examples" / SEED_EXAMPLE / "go"
SEED_MODULE = "module example/port"

# Prints which go.mod it was built with (the main module's path) and its client's version.
GO_PORT = """\
package main

import (
\t"fmt"
\t"os"
\t"runtime/debug"

\t"github.com/nats-io/nats.go"
)

func main() {
\tnc, err := nats.Connect(os.Getenv("NATS_URL"))
\tif err != nil {
\t\tfmt.Fprintln(os.Stderr, err)
\t\tos.Exit(1)
\t}
\tdefer nc.Close()
\tinfo, _ := debug.ReadBuildInfo()
\tfmt.Println("module", info.Main.Path)
\tfmt.Println("nats.go", nats.Version)
}
"""

# Prints the version of the client it runs with, once connected.
PYTHON_PORT = """\
import asyncio
import os

import nats
from nats.aio.client import __version__


async def main():
    nc = await nats.connect(os.environ.get("NATS_URL", "nats://localhost:4222"))
    print("nats-py", __version__)
    await nc.close()


asyncio.run(main())
"""
UPSTREAM_PIN = "nats-py[nkeys]==2.6.0\n"  # NATS by Example's docker/python/requirements.txt
LANGUAGE_REQUIREMENTS = REPO / "conformance" / "languages" / "python" / "requirements.txt"
LANGUAGE_PIN = re.compile(r"^nats-py==(\S+)", re.MULTILINE)


def add_port(root: Path, target: str, files: dict[str, str], expected: str) -> str:
    port = root / "examples" / target
    port.mkdir(parents=True)
    for name, text in files.items():
        (port / name).write_text(text)
    expected_dir = root / "expected" / Path(target).parent
    expected_dir.mkdir(parents=True, exist_ok=True)
    (expected_dir / "output.txt").write_text(expected)
    return target


def share(root: Path, client: str, files: dict[str, str]) -> Path:
    shared = root / "docker" / client
    shared.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (shared / name).write_text(text)
    return shared


def shared_go_mod(module: str) -> str:
    return (SEED_GO / "go.mod").read_text().replace(SEED_MODULE, f"module {module}")


@pytest.fixture
def go_tree(project: Path) -> Path:
    """docker/go/ with a go.mod (module example.com/shared) and go.sum; two ports without their
    own, and one with its own go.mod (module example.com/own)."""
    share(project, "go", {"go.mod": shared_go_mod("example.com/shared"), "go.sum": (SEED_GO / "go.sum").read_text(),
                          # upstream's recipe: never overlaid (the language's Dockerfile builds the port)
                          "Dockerfile": "FROM scratch\nRUN false\n", "docker-compose.yaml": "services: {}\n"})
    for example in ("one", "two"):
        # each its own source, so each compiles its own main package
        add_port(project, f"shared/{example}/go", {"main.go": f"{GO_PORT}// port {example}\n"},
                 "module example.com/shared\nnats.go 1.55.0\n")
    add_port(project, "own/mod/go", {"main.go": GO_PORT, "go.mod": shared_go_mod("example.com/own"),
                                     "go.sum": (SEED_GO / "go.sum").read_text()},
             "module example.com/own\nnats.go 1.55.0\n")
    return project


def passes(run, target: str) -> None:
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout, run.stdout


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else 0


def test_go_ports_build_with_the_shared_go_mod_and_their_own_wins(nbe, go_tree):
    run = nbe("run", "shared", "own", "--runtime", "local", timeout=900)
    for target in ("shared/one/go", "shared/two/go", "own/mod/go"):
        passes(run, target)


def test_a_second_go_port_on_the_same_manifests_does_not_build_the_dependencies_again(nbe, go_tree, tmp_path):
    cache = tmp_path / "cold-cache"  # this test's own: the first port must find nothing compiled
    go_cache, modules = cache / "languages" / "go" / "build", cache / "languages" / "go" / "mod"
    passes(nbe("run", "shared/one/go", "--runtime", "local", NBE_CACHE_DIR=str(cache), timeout=900), "shared/one/go")
    first_compiled, first_modules = count_files(go_cache), count_files(modules)
    passes(nbe("run", "shared/two/go", "--runtime", "local", NBE_CACHE_DIR=str(cache), timeout=900), "shared/two/go")
    second_compiled = count_files(go_cache) - first_compiled
    # The first port compiled the standard library, nats.go and its dependencies (hundreds of
    # cache entries); the second only its own main package and the link.
    assert first_compiled > 200, first_compiled
    assert second_compiled < 20, (first_compiled, second_compiled)
    assert count_files(modules) == first_modules, "the second port downloaded modules again"


def test_changing_the_shared_go_mod_changes_the_input_hash(nbe, go_tree):
    target = "shared/one/go"
    passes(nbe("run", target, "--runtime", "local", timeout=900), target)
    share(go_tree, "go", {"go.mod": shared_go_mod("example.com/changed")})
    (go_tree / "expected" / "shared" / "one" / "output.txt").write_text("module example.com/changed\nnats.go 1.55.0\n")
    passes(nbe("run", target, "--runtime", "local", timeout=900), target)  # rebuilt: it prints the new module
    builds = [p for p in (nbe.cache / "builds").iterdir() if p.name.startswith("shared-one-go-") and p.is_dir()]
    assert len(builds) >= 2, builds


def test_go_ports_build_with_the_shared_go_mod_in_docker(nbe, go_tree):
    require_docker("go")
    run = nbe("run", "shared/one/go", "own", "--runtime", "docker", "--image", f"go={stand_in_image('go')}",
              timeout=1800)
    passes(run, "shared/one/go")
    passes(run, "own/mod/go")


@pytest.fixture
def python_tree(project: Path) -> Path:
    """docker/python/requirements.txt pinning upstream's older nats-py; one port without its own."""
    share(project, "python", {"requirements.txt": UPSTREAM_PIN})
    add_port(project, "client/version/python", {"main.py": PYTHON_PORT}, "nats-py 2.6.0\n")
    return project


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_a_python_port_runs_with_the_client_the_tree_declares(nbe, python_tree, runtime):
    args = ["run", "client/version/python", "--runtime", runtime]
    if runtime == "docker":
        require_docker("python")
        args += ["--image", f"python={stand_in_image('python')}"]
    passes(nbe(*args, timeout=900), "client/version/python")  # expected: nats-py 2.6.0


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_a_python_port_that_declares_nothing_runs_with_nbe_own_client(nbe, tmp_path, runtime):
    root = tmp_path / "bare"  # a tree without docker/python/
    # locally nbe's own nats-py; in Docker the one the language's default requirements.txt pins
    own = nats_py_version if runtime == "local" else LANGUAGE_PIN.search(LANGUAGE_REQUIREMENTS.read_text())[1]
    add_port(root, "client/version/python", {"main.py": PYTHON_PORT}, f"nats-py {own}\n")
    args = ["run", "client/version/python", "--runtime", runtime]
    if runtime == "docker":
        require_docker("python")
        args += ["--image", f"python={stand_in_image('python')}"]
    passes(dataclasses.replace(nbe, root=root)(*args, timeout=900), "client/version/python")


def test_python_ports_with_the_same_requirements_share_one_virtualenv(nbe, python_tree):
    add_port(python_tree, "client/again/python", {"main.py": PYTHON_PORT}, "nats-py 2.6.0\n")
    sets = nbe.cache / "deps"
    before = {p.name for p in sets.iterdir()} if sets.is_dir() else set()
    run = nbe("run", "client", "--runtime", "local", "--jobs", "2", timeout=900)  # side by side
    passes(run, "client/version/python")
    passes(run, "client/again/python")
    made = {p.name for p in sets.iterdir() if p.is_dir()} - before
    assert len(made) <= 1, made  # one virtualenv for both (none if an earlier test built it)
    assert any((sets / name / "venv").is_dir() for name in {p.name for p in sets.iterdir()})


def test_the_shared_folder_recipe_is_never_an_input_and_the_port_own_files_win(tmp_path):
    from conformance.runtimes.inputs import port_files
    from conformance.languages import Languages

    shell = Languages(None).get("shell")  # image_inputs: every file
    assert shell is not None and shell.image_inputs == ("**/*",)
    port = tmp_path / "examples" / "cat" / "ex" / "tool"
    port.mkdir(parents=True)
    (port / "main.sh").write_text("echo own\n")
    share(tmp_path, "tool", {"main.sh": "echo shared\n", "helper.sh": "echo helper\n", "Dockerfile": "FROM x\n",
                             "docker-compose.yaml": "services: {}\n", "compose.cluster.yml": "services: {}\n"})
    files = port_files(shell, port)
    # the recipe is never overlaid; the shell language keeps a copy to read the tools it pins
    assert sorted(files) == ["Dockerfile.shared", "helper.sh", "main.sh"]
    assert files["main.sh"][0] == b"echo own\n"


# NATS by Example's shared Cargo.toml names its package and binary `app` and has no Cargo.lock;
# without dependencies here, so the test builds in seconds.
UPSTREAM_CARGO_TOML = """\
[package]
name = "app"
version = "0.0.1"
edition = "2021"

[[bin]]
name = "app"
path = "main.rs"
"""


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_rust_ports_on_the_shared_cargo_toml_each_run_their_own_code(nbe, project, runtime):
    share(project, "rust", {"Cargo.toml": UPSTREAM_CARGO_TOML})
    for name in ("one", "two"):
        target = add_port(project, f"crate/{name}/rust", {"main.rs": f'fn main() {{ println!("{name}"); }}\n'},
                          f"{name}\n")
        # a checkout's files are older than any build: time alone must not make the second port
        # look built already (one package name, one build-dir shared by every Rust port)
        os.utime(project / "examples" / target / "main.rs", (1_600_000_000, 1_600_000_000))
    args = ["run", "crate", "--runtime", runtime, "--jobs", "1"]
    if runtime == "docker":
        require_docker("rust")
        args += ["--image", f"rust={stand_in_image('rust')}"]
    run = nbe(*args, timeout=900)
    passes(run, "crate/one/rust")
    passes(run, "crate/two/rust")


def test_rust_ports_built_side_by_side_on_the_shared_cargo_toml_each_run_their_own_code(nbe, project):
    """With --jobs 2 two first builds of one cargo unit (same package, same manifests) overlap:
    the later one must not be handed the earlier one's program, nor keep it in nbe's cache."""
    share(project, "rust", {"Cargo.toml": UPSTREAM_CARGO_TOML})
    names = ("one", "two", "three", "four")
    for name in names:
        add_port(project, f"crate/{name}/rust", {"main.rs": f'fn main() {{ println!("{name}"); }}\n'}, f"{name}\n")
    for attempt in range(2):  # the second run reads what the first left in the build cache
        run = nbe("run", "crate", "--runtime", "local", "--jobs", "2", timeout=900)
        for name in names:
            passes(run, f"crate/{name}/rust")
