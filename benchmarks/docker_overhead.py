"""The Docker runtime's cost, three ways, medians over interleaved runs:

(a) a warm `nbe run messaging/request-reply/python --runtime docker` (port image cached);
(b) the fastest docker CLI sequence doing the same work by hand: start the server with no
    network, wait until it is ready, run the cached port image in the server's network
    namespace, remove the server;
(b') the sequence nbe used before (one internal bridge network per check), for the record;
(c) the upstream NATS by Example way: the port image built under a fresh tag (without the build
    cache, as after the previous run's removal) and removed again, with a compose-style
    up / run / down (a network of its own) around it.
A cold run (the first build of the port image) is reported too.

Run from the repository root, in nbe's environment, with a Docker engine and a Python base image:
    python benchmarks/docker_overhead.py --image python=nbe-base/python:local [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
import uuid
from pathlib import Path

from installed import nbe_command

ROOT = Path(__file__).resolve().parent.parent
TARGET = "messaging/request-reply/python"


# nbe as a user's install runs it: Python's bytecode cache on (a sandbox may turn it off, and
# then every run compiles nbe's modules again)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def sh(*argv: str, quiet: bool = True) -> str:
    done = subprocess.run(argv, check=True, text=True, stdout=subprocess.PIPE, env=ENV,
                          stderr=subprocess.DEVNULL if quiet else None, stdin=subprocess.DEVNULL)
    return done.stdout


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def nbe_run(nbe: str, image_flag: str) -> None:
    sh(nbe, "run", TARGET, "--runtime", "docker", "--image", image_flag)


def wait_ready(server: str) -> None:
    while "Server is ready" not in subprocess.run(["docker", "logs", server], text=True,
                                                  capture_output=True).stderr:
        time.sleep(0.01)


def by_hand(server_image: str, port_image: str) -> None:
    server = f"nbe-bench-{uuid.uuid4().hex[:8]}-server"
    try:
        sh("docker", "run", "-d", "--name", server, "--network", "none", server_image,
           "-a", "127.0.0.1", "-p", "4222")
        wait_ready(server)
        sh("docker", "run", "--rm", "--network", f"container:{server}", "-e", "NATS_URL=nats://127.0.0.1:4222",
           port_image)
    finally:
        subprocess.run(["docker", "rm", "-f", server], capture_output=True)


def by_hand_bridge(server_image: str, port_image: str) -> None:
    name = f"nbe-bench-{uuid.uuid4().hex[:8]}"
    sh("docker", "network", "create", "--internal", name)
    try:
        sh("docker", "run", "-d", "--name", f"{name}-server", "--network", name, server_image,
           "-a", "0.0.0.0", "-p", "4222")
        wait_ready(f"{name}-server")
        sh("docker", "run", "--rm", "--network", name, "-e", f"NATS_URL=nats://{name}-server:4222", port_image)
    finally:
        subprocess.run(["docker", "rm", "-f", f"{name}-server"], capture_output=True)
        subprocess.run(["docker", "network", "rm", name], capture_output=True)


def upstream(server_image: str, base_image: str) -> None:
    name = f"nbe-bench-{uuid.uuid4().hex[:8]}"
    tag = f"{name}:fresh"
    port_dir = ROOT / "examples" / TARGET
    dockerfile = ROOT / "conformance" / "languages" / "python" / "Dockerfile"
    sh("docker", "build", "--no-cache", "-q", "-t", tag, "-f", str(dockerfile),
       "--build-arg", f"BASE_IMAGE={base_image}", str(port_dir))
    try:
        by_hand_bridge(server_image, tag)  # up, run, down
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--image", default="python=nbe-base/python:local", help="LANG=REF as for nbe")
    parser.add_argument("--upstream-rounds", type=int, default=3, help="(c) is slow; fewer rounds")
    parser.add_argument("--nbe", metavar="PATH", help="time another nbe (e.g. an older checkout's) as (a)")
    parser.add_argument("--skip-cold", action="store_true",
                        help="no cold run: it removes every port image nbe built (not on a shared engine)")
    args = parser.parse_args()
    nbe = args.nbe or nbe_command()
    base_image = args.image.split("=", 1)[1]

    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.images import server_image

    engine = connect()
    server = server_image(engine)
    # cold: no port image of nbe's at all, so no cached layer of the port's build is left either
    cold = None
    if not args.skip_cold:
        for image in engine.images("nbe.port"):
            engine.remove_image(image["Id"])
        cold = timed(lambda: nbe_run(nbe, args.image))
    else:
        nbe_run(nbe, args.image)  # the port image, built if missing (and the bytecode cache filled)
    port_image = engine.images(f"nbe.port={TARGET}")[0]["RepoTags"][0]

    samples: dict[str, list[float]] = {"a": [], "b": [], "bridge": [], "c": []}
    for round_number in range(args.rounds):
        samples["a"].append(timed(lambda: nbe_run(nbe, args.image)))
        samples["b"].append(timed(lambda: by_hand(server, port_image)))
        samples["bridge"].append(timed(lambda: by_hand_bridge(server, port_image)))
        if round_number < args.upstream_rounds:
            samples["c"].append(timed(lambda: upstream(server, base_image)))
    a, b, bridge, c = (statistics.median(samples[k]) for k in ("a", "b", "bridge", "c"))
    if cold is not None:
        print(f"cold nbe run (first build)          {cold * 1000:8.0f} ms")
    print(f"(a) warm nbe run --runtime docker   {a * 1000:8.0f} ms  median of {len(samples['a'])}")
    print(f"(b) docker CLI by hand, one netns   {b * 1000:8.0f} ms  median of {len(samples['b'])}")
    print(f"(b') by hand, bridge network        {bridge * 1000:8.0f} ms  median of {len(samples['bridge'])}")
    print(f"(c) upstream: fresh build + compose {c * 1000:8.0f} ms  median of {len(samples['c'])}")
    print(f"(a)/(b) = {a / b:.2f}  (target: at most 1.1)")
    print("(a) target: at most 650 ms")
    print(f"(c)/(a) = {c / a:.1f}  (target: at least 4)")


if __name__ == "__main__":
    main()
