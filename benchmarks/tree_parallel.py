"""Whole-tree wall time on the local runtime at --jobs 1 and --jobs 2 (builds warm).

Each check has its own server, so checks run side by side; on 2 cores the --jobs 2 run should
take at most 0.6 of the --jobs 1 run. Run from the repository root, in nbe's environment:
    python benchmarks/tree_parallel.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time

from installed import nbe_command

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wall(nbe: str, jobs: int) -> float:
    started = time.perf_counter()
    done = subprocess.run([nbe, "run", "--runtime", "local", "--jobs", str(jobs)], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the tree does not pass at --jobs {jobs}:\n{done.stdout}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    nbe = nbe_command()
    wall(nbe, 2)  # warm every build cache first
    samples: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(rounds):
        for jobs in (1, 2):
            samples[jobs].append(wall(nbe, jobs))
    one, two = (statistics.median(samples[j]) for j in (1, 2))
    print(f"--jobs 1  median {one:6.2f} s over {rounds} runs")
    print(f"--jobs 2  median {two:6.2f} s over {rounds} runs")
    print(f"ratio     {two / one:.2f}  (target: at most 0.6)")


if __name__ == "__main__":
    main()
