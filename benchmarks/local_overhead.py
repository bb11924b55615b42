"""How much nbe adds to a port's own run time, on the local runtime, and where it goes.

Interleaves, round by round:
- `nbe run messaging/request-reply/python --runtime local`;
- the bare example: `python main.py` against an already running nats-server;
- the least checker (least_checker.py): a Python script that only starts a server, waits for it,
  runs the port, compares, and stops the server. It is the floor for any checker started per run;
- `nbe --help`;
- nbe's interpreter starting (`python -c pass`) and importing what a local run imports.
Then, in this process, the same check through nbe's entry point (as the second check of a run, or
a test under `pytest --nbe`, pays it: no interpreter start, no imports), and a private server's
start, readiness and stop, as nbe does them.
Prints medians, the ratios to the bare run, and where nbe's time goes.

Run it from the repository root, in the environment nbe is installed in (a plain `pip install .`:
an editable install adds its import hook to every start of that interpreter):
    python benchmarks/local_overhead.py [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.cli import main as nbe_main
from conformance.servers.local import LocalServer, find_binary

from installed import nbe_command

ROOT = Path(__file__).resolve().parent.parent
TARGET = "messaging/request-reply/python"
PORT_DIR = ROOT / "examples" / TARGET
EXPECTED = ROOT / "expected" / "messaging" / "request-reply" / "output.txt"
# what `nbe run` imports on its way through a local check (those it imports later cost the same)
RUN_IMPORTS = ("conformance.cli, conformance.commands.run, conformance.check.many, conformance.runtimes.local, "
               "conformance.check.judge")


def timed(argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def interpreter_of(script: str) -> str:
    """The interpreter on a console script's #! line."""
    with open(script, encoding="utf-8") as lines:
        return lines.readline()[2:].strip()


def server_cycle(store: Path) -> float:
    """One private server started, waited for and stopped, as a check does it."""
    started = time.perf_counter()
    with LocalServer(store) as server:
        server.start()
        server.wait_ready()
    return time.perf_counter() - started


def check_in_this_process() -> float:
    """The check through nbe's entry point in this (warm) process."""
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = nbe_main(["--root", str(ROOT), "run", TARGET, "--runtime", "local"])
    if code != 0:
        raise SystemExit(f"nbe run {TARGET} failed in this process (exit code {code})")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    rounds = parser.parse_args().rounds
    nbe = nbe_command()
    python = interpreter_of(nbe)
    # nbe as installed: with its bytecode cache (with PYTHONDONTWRITEBYTECODE, every run compiles again)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as store, LocalServer(Path(store) / "bare") as server:
        server.start()
        bare_env = {**env, "NATS_URL": server.wait_ready()}
        commands = {
            "nbe run (local)": ([nbe, "run", TARGET, "--runtime", "local"], env, ROOT),
            "bare python main.py": ([sys.executable, "main.py"], bare_env, PORT_DIR),
            "least checker": ([sys.executable, str(ROOT / "benchmarks" / "least_checker.py"), find_binary(),
                               str(PORT_DIR), str(EXPECTED), "--", sys.executable, "main.py"], env, ROOT),
            "nbe --help": ([nbe, "--help"], env, ROOT),
            "interpreter start": ([python, "-c", "pass"], env, ROOT),
            "interpreter + imports": ([python, "-c", f"import {RUN_IMPORTS}"], env, ROOT),
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        in_process: list[float] = []
        cycles: list[float] = []
        for round_number in range(rounds + 1):
            for name, (argv, run_env, cwd) in commands.items():
                seconds = timed(argv, run_env, cwd)
                if round_number:  # the first round only warms caches
                    samples[name].append(seconds)
            check, cycle = check_in_this_process(), server_cycle(Path(store) / f"cycle-{round_number}")
            if round_number:
                in_process.append(check)
                cycles.append(cycle)
    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    medians["check in a running nbe"] = statistics.median(in_process) * 1000
    medians["server start, ready, stop"] = statistics.median(cycles) * 1000
    for name, value in medians.items():
        print(f"{name:<26} median {value:7.1f} ms over {rounds} runs")
    nbe_ms, bare_ms, least_ms = medians["nbe run (local)"], medians["bare python main.py"], medians["least checker"]
    print(f"{'ratio nbe / bare':<26} {nbe_ms / bare_ms:.2f}  (target: at most 1.25)")
    print(f"{'ratio least checker / bare':<26} {least_ms / bare_ms:.2f}  (the floor for a checker started per run)")
    print(f"{'ratio warm check / bare':<26} {medians['check in a running nbe'] / bare_ms:.2f}  "
          "(a check in a running nbe: a later check of a run, a test under pytest --nbe)")
    print(f"{'nbe --help':<26} {medians['nbe --help']:.1f} ms  (target: under 100 ms)")
    start, imports = medians["interpreter start"], medians["interpreter + imports"] - medians["interpreter start"]
    server_ms = medians["server start, ready, stop"]
    print("where nbe's time goes (medians of separate runs, so the parts only roughly add up):")
    for part, value in (("its interpreter starting", start), ("its imports", imports),
                        ("the server's start, readiness and stop", server_ms), ("the port (bare run)", bare_ms),
                        ("the rest: arguments, selection, copy, cleanup, compare, report",
                         nbe_ms - start - imports - server_ms - bare_ms)):
        print(f"  {part:<62} {value:6.1f} ms")


if __name__ == "__main__":
    main()
