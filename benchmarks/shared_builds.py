"""Cold builds shared across ports: a generated tree with 5 Go and 5 Rust ports of request-reply
that have no manifests of their own and share the tree's docker/go/ and docker/rust/ ones.

Cold, each port is checked on its own, in order: the first of a language builds its
dependencies, the 2nd to 5th should each take at most 15% of the first's time. Local: an empty
nbe cache (cargo's crate downloads in ~/.cargo stay). Docker: the shared manifests carry a fresh
comment, so the dependency layers are new to the engine's layer cache too. Then the whole tree,
warm, at --jobs 2. Run from the repository root, in nbe's environment, with the stand-in base
images built:  python benchmarks/shared_builds.py [--runtime local|docker ...] [--language go|rust ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from installed import nbe_command

ROOT = Path(__file__).resolve().parent.parent
SEED = "messaging/request-reply"
PORTS = 5
# per language: the manifests shared in docker/<client>/, how a comment is written in them and in the source
LANGUAGES = {"go": (("go.mod", "go.sum"), "//", "main.go"), "rust": (("Cargo.toml", "Cargo.lock"), "#", "main.rs")}


def generate(tree: Path, nonce: str, languages: list[str]) -> None:
    """examples/shared-<i>/<n>/<language>/ with only the entry file, each a little different;
    docker/<language>/ with the seed's manifests and a comment no earlier run had."""
    seed = ROOT / "examples" / SEED
    for language in languages:
        manifests, comment, entry = LANGUAGES[language]
        shared = tree / "docker" / language
        shared.mkdir(parents=True)
        for name in manifests:
            shutil.copy(seed / language / name, shared / name)
        with open(shared / manifests[0], "a") as first:
            first.write(f"\n{comment} nbe benchmark {nonce}\n")
        for number in range(1, PORTS + 1):
            example = tree / "examples" / "shared" / f"{language}-{number}"
            (example / language).mkdir(parents=True)
            source = (seed / language / entry).read_text()
            (example / language / entry).write_text(f"{source}\n// port {number}\n")  # each compiles anew
            shutil.copy(seed / "meta.yaml", example / "meta.yaml")
            expected = tree / "expected" / "shared" / f"{language}-{number}"
            expected.mkdir(parents=True)
            shutil.copy(ROOT / "expected" / SEED / "output.txt", expected / "output.txt")


def check(nbe: str, tree: Path, target: str, runtime: str, env: dict[str, str], jobs: int = 1) -> float:
    argv = [nbe, "--root", str(tree), "run", *([target] if target else []), "--runtime", runtime, "--jobs", str(jobs)]
    if runtime == "docker":
        argv += [f"--image={language}=nbe-base/{language}:local" for language in LANGUAGES]
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{target or 'the tree'} ({runtime}) did not pass:\n{done.stdout}")
    return seconds


def cold_ratios(nbe: str, tree: Path, runtime: str, language: str, env: dict[str, str]) -> None:
    times = [check(nbe, tree, f"shared/{language}-{n}/{language}", runtime, env) for n in range(1, PORTS + 1)]
    ratios = " ".join(f"{t / times[0]:.0%}" for t in times[1:])
    worst = max(times[1:]) / times[0]
    verdict = "ok" if worst <= 0.15 else "OVER the 15% target"
    print(f"{language:<5} {runtime:<7} first {times[0]:7.1f}s  2nd-5th {' '.join(f'{t:.1f}s' for t in times[1:])}"
          f"  = {ratios} of the first ({verdict})", flush=True)


def remove_images(tree_label: str) -> None:
    ids = subprocess.run(["docker", "images", "-q", "--filter", f"label=nbe.port={tree_label}"],
                         capture_output=True, text=True).stdout.split()
    if ids:
        subprocess.run(["docker", "rmi", "-f", *sorted(set(ids))], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", action="append", choices=["local", "docker"])
    parser.add_argument("--language", action="append", choices=list(LANGUAGES))
    args = parser.parse_args()
    languages = args.language or list(LANGUAGES)
    nbe = nbe_command()
    with tempfile.TemporaryDirectory(prefix="nbe-bench-tree-") as tree_dir, \
            tempfile.TemporaryDirectory(prefix="nbe-bench-cache-") as cache:
        tree = Path(tree_dir)
        generate(tree, uuid.uuid4().hex, languages)
        env = {**os.environ, "NBE_CACHE_DIR": cache}
        for runtime in args.runtime or ["local", "docker"]:
            try:
                for language in languages:
                    cold_ratios(nbe, tree, runtime, language, env)
                warm = check(nbe, tree, "", runtime, env, jobs=2)
                print(f"whole tree ({PORTS * len(languages)} ports) {runtime}, warm, --jobs 2: {warm:.1f}s", flush=True)
            finally:
                if runtime == "docker":
                    for language in languages:
                        for number in range(1, PORTS + 1):
                            remove_images(f"shared/{language}-{number}/{language}")


if __name__ == "__main__":
    main()
