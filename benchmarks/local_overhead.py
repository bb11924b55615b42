"""How much nbe adds to a port's own run time, on the local runtime.

Interleaves, round by round: `nbe run messaging/request-reply/python --runtime local`, the bare
example (`python main.py` against an already running nats-server), and `nbe --help`.
Prints medians and the ratio nbe / bare. Run it from the repository root, in the environment
nbe is installed in:  python benchmarks/local_overhead.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.servers.local import LocalServer

from installed import nbe_command

ROOT = Path(__file__).resolve().parent.parent
TARGET = "messaging/request-reply/python"


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    rounds = parser.parse_args().rounds
    nbe = nbe_command()
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as store, LocalServer(Path(store)) as server:
        server.start()
        bare_env = {**env, "NATS_URL": server.wait_ready()}
        commands = {
            "nbe run (local)": ([nbe, "run", TARGET, "--runtime", "local"], env),
            "bare python main.py": ([sys.executable, "main.py"], bare_env),
            "nbe --help": ([nbe, "--help"], env),
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(rounds + 1):
            for name, (argv, run_env) in commands.items():
                cwd_argv = argv if name != "bare python main.py" else [argv[0], str(ROOT / "examples" / TARGET / "main.py")]
                seconds = timed(cwd_argv, run_env)
                if round_number:  # the first round only warms caches
                    samples[name].append(seconds)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name:<22} median {value * 1000:7.1f} ms over {rounds} runs")
    ratio = medians["nbe run (local)"] / medians["bare python main.py"]
    print(f"{'ratio nbe / bare':<22} {ratio:.2f}  (target: at most 1.25)")
    print(f"{'nbe --help':<22} {medians['nbe --help'] * 1000:.1f} ms  (target: under 100 ms)")


if __name__ == "__main__":
    main()
