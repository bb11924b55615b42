"""Cold and warm times of every port of messaging/request-reply, in each runtime.

cold local: a fresh nbe cache (the build runs, toolchain caches start empty; a machine-wide
cache outside nbe's, such as cargo's registry, stays as it is); warm local: the same again.
cold docker: the port's images removed first (base images and unrelated layers stay);
warm docker: the same again, image cached.

Run from the repository root, in nbe's environment, with the stand-in base images built:
    python benchmarks/ports.py [--language LANG ...] [--runtime local|docker ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time

from installed import nbe_command

EXAMPLE = "messaging/request-reply"
LANGUAGES = ["python", "go", "javascript", "rust", "java", "c", "cli"]


def timed_run(nbe: str, language: str, runtime: str, env: dict[str, str]) -> float:
    argv = [nbe, "run", f"{EXAMPLE}/{language}", "--runtime", runtime]
    if runtime == "docker":
        argv += ["--image", f"{language}=nbe-base/{language}:local"]
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{language} ({runtime}) did not pass:\n{done.stdout}")
    return seconds


def remove_port_images(language: str) -> None:
    ids = subprocess.run(["docker", "images", "-q", "--filter", f"label=nbe.port={EXAMPLE}/{language}"],
                         capture_output=True, text=True).stdout.split()
    if ids:
        subprocess.run(["docker", "rmi", "-f", *sorted(set(ids))], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", action="append", choices=LANGUAGES)
    parser.add_argument("--runtime", action="append", choices=["local", "docker"])
    args = parser.parse_args()
    nbe = nbe_command()
    print(f"{'language':<11} {'runtime':<7} {'cold':>9} {'warm':>9}")
    for language in args.language or LANGUAGES:
        for runtime in args.runtime or ["local", "docker"]:
            with tempfile.TemporaryDirectory(prefix="nbe-bench-cache-") as cache:
                env = {**os.environ, "NBE_CACHE_DIR": cache}
                if runtime == "docker":
                    remove_port_images(language)
                cold = timed_run(nbe, language, runtime, env)
                warm = min(timed_run(nbe, language, runtime, env) for _ in range(3))
            print(f"{language:<11} {runtime:<7} {cold:8.2f}s {warm:8.2f}s", flush=True)


if __name__ == "__main__":
    main()
