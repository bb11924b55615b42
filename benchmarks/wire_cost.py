"""What `--wire` costs a check: `nbe run TARGET` and `nbe run TARGET --wire`, interleaved round
by round on one runtime, with their medians and the difference (the trace, the wait for the
port's connections to close in the log, the transcript and its comparison).

Run it from the repository root, in the environment nbe is installed in:
    python benchmarks/wire_cost.py [--rounds N] [--runtime local|docker] [--target T] [--image LANG=REF ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

from installed import nbe_command

ROOT = Path(__file__).resolve().parent.parent


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--runtime", default="local")
    parser.add_argument("--target", default="messaging/request-reply")
    parser.add_argument("--image", action="append", default=[])
    args = parser.parse_args()
    plain = [nbe_command(), "run", args.target, "--runtime", args.runtime, "--jobs", "1",
             *(f"--image={image}" for image in args.image)]
    timed(plain + ["--wire"])  # warm: builds and caches are not what is measured
    without, with_wire = [], []
    for _ in range(args.rounds):
        without.append(timed(plain))
        with_wire.append(timed(plain + ["--wire"]))
    a, b = statistics.median(without), statistics.median(with_wire)
    print(f"{args.target} on {args.runtime}, {args.rounds} rounds, one check at a time")
    print(f"  nbe run          median {a:.3f}s")
    print(f"  nbe run --wire   median {b:.3f}s  (+{b - a:.3f}s, x{b / a:.2f})")


if __name__ == "__main__":
    main()
