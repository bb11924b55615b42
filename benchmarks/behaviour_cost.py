"""What `--wire` and `--state` cost a check: `nbe run TARGET` plain, with `--wire`, with `--state`
and with both, interleaved round by round on one runtime, with their medians and the difference
(the trace, the wait for the port's connections to close in the log, the transcript; the server's
monitoring port, the /jsz read and the KV and object reads; each compared with its file).

Run it from the repository root, in the environment nbe is installed in:
    python benchmarks/behaviour_cost.py [--rounds N] [--runtime local|docker] [--target T] [--image LANG=REF ...]
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
    variants = {"nbe run": [], "nbe run --wire": ["--wire"], "nbe run --state": ["--state"],
                "nbe run --wire --state": ["--wire", "--state"]}
    if args.runtime != "local":  # the snapshot is taken on the local runtime only
        variants = {name: flags for name, flags in variants.items() if "--state" not in flags}
    timed(plain + ["--wire"])  # warm: builds and caches are not what is measured
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, flags in variants.items():
            times[name].append(timed(plain + flags))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["nbe run"]
    print(f"{args.target} on {args.runtime}, {args.rounds} rounds, one check at a time")
    for name, median in medians.items():
        extra = "" if name == "nbe run" else f"  (+{median - base:.3f}s, x{median / base:.2f})"
        print(f"  {name:<24} median {median:.3f}s{extra}")


if __name__ == "__main__":
    main()
