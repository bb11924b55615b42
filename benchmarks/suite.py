"""The whole suite's wall time (every port of every example in examples/), cold and warm, at
--jobs 1 and --jobs 2, in each runtime; and the per-port times of the warm --jobs 1 runs as a
Markdown table (examples as rows, languages as columns), the one the README shows.

cold local:  a fresh nbe cache: every build runs, every toolchain cache nbe keeps starts empty
             (a machine-wide cache outside nbe's, such as cargo's registry, stays);
cold docker: a fresh nbe cache, and every image nbe built removed, with the builder's cache
             (the stand-in base images stay: they are the machine's, as official ones would be);
warm:        the same run again, caches and images kept.

Run from the repository root, in nbe's environment, with the stand-in base images built:
    python benchmarks/suite.py [--runtime local --runtime docker] [--jobs 1 --jobs 2]
                               [--kind cold --kind warm] [--rounds N] [--table FILE]
Each cold figure is one run (preparing it is the expensive part); warm ones are medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from installed import nbe_command

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["python", "go", "javascript", "rust", "java", "c", "cli", "deno", "node", "shell"]


def stand_ins() -> list[str]:
    return [arg for language in LANGUAGES for arg in ("--image", f"{language}=nbe-base/{language}:local")]


def forget_images() -> None:
    """What a cold Docker run must not find: the images nbe built and the builder's cache."""
    subprocess.run([nbe_command(), "clean", "--images"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    for argv in (["docker", "image", "prune", "-f"], ["docker", "builder", "prune", "-af"]):
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def timed_suite(runtime: str, jobs: int, cache: str, report: Path) -> float:
    argv = [nbe_command(), "run", "--runtime", runtime, "--jobs", str(jobs), "--json", str(report)]
    if runtime == "docker":
        argv += stand_ins()
    env = {**os.environ, "NBE_CACHE_DIR": cache}
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the suite does not pass ({runtime}, --jobs {jobs}):\n{done.stdout}")
    return seconds


def per_port(report: Path) -> dict[str, float]:
    return {r["target"]: r["duration"] for r in json.loads(report.read_text())["results"]}


def port_table(times: dict[str, dict[str, float]]) -> str:
    """examples x languages; each cell 'local s / docker s' for the runtimes measured."""
    runtimes = sorted(times)
    targets = list(dict.fromkeys(t for runtime in runtimes for t in times[runtime]))
    examples = list(dict.fromkeys(t.rsplit("/", 1)[0] for t in targets))
    languages = [lang for lang in LANGUAGES if any(t.endswith(f"/{lang}") for t in targets)]
    lines = [f"| example ({' / '.join(runtimes)}, s) | " + " | ".join(languages) + " |",
             "|---|" + "---|" * len(languages)]
    for example in examples:
        cells = []
        for language in languages:
            found = [times[r].get(f"{example}/{language}") for r in runtimes]
            cells.append(" / ".join(f"{s:.1f}" for s in found if s is not None) or "—")
        lines.append(f"| `{example}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", action="append", choices=["local", "docker"])
    parser.add_argument("--jobs", action="append", type=int)
    parser.add_argument("--kind", action="append", choices=["cold", "warm"])
    parser.add_argument("--rounds", type=int, default=3, help="warm runs per figure (median)")
    parser.add_argument("--table", help="write the per-port Markdown table here")
    args = parser.parse_args()
    runtimes, jobs_list, kinds = args.runtime or ["local", "docker"], args.jobs or [1, 2], args.kind or ["cold", "warm"]
    per_port_times: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="nbe-bench-") as scratch:
        report = Path(scratch) / "report.json"
        for runtime in runtimes:
            warm_cache = os.path.join(scratch, f"warm-{runtime}")
            for jobs in jobs_list:
                if "cold" in kinds:
                    cold_cache = tempfile.mkdtemp(dir=scratch)
                    if runtime == "docker":
                        forget_images()
                    print(f"{runtime:6}  cold  --jobs {jobs}  {timed_suite(runtime, jobs, cold_cache, report):7.1f} s",
                          flush=True)
                if "warm" in kinds:
                    timed_suite(runtime, jobs, warm_cache, report)  # warm the cache first
                    samples = [timed_suite(runtime, jobs, warm_cache, report) for _ in range(args.rounds)]
                    if jobs == 1:
                        per_port_times[runtime] = per_port(report)
                    print(f"{runtime:6}  warm  --jobs {jobs}  {statistics.median(samples):7.1f} s"
                          f"  (median of {args.rounds})", flush=True)
    if per_port_times:
        table = port_table(per_port_times)
        print(table)
        if args.table:
            Path(args.table).write_text(table)


if __name__ == "__main__":
    main()
