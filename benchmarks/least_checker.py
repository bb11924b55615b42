"""The least a conformance checker written in Python does for one port, and nothing more: parse its
arguments, start a private nats-server (loopback, a port it picks, a temporary store), wait for
its ready line, run the port with NATS_URL, compare its stdout with the expected file, stop the
server and remove its store. local_overhead.py times it as the floor nbe is measured against:
no checker started per run can be faster than this on the same machine.

    python benchmarks/least_checker.py NATS_SERVER PORT_DIR EXPECTED_FILE -- COMMAND...
Exit code 0 when the output matches, 1 when it does not.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("port_dir")
    parser.add_argument("expected")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    store = tempfile.mkdtemp()
    server = subprocess.Popen([args.server, "-a", "127.0.0.1", "-p", "-1", "-sd", store],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = ""
        assert server.stderr is not None
        for line in server.stderr:
            listening = re.search(rb"Listening for client connections on (\S+)", line)
            if listening:
                url = "nats://" + listening.group(1).decode()
            if b"Server is ready" in line:
                break
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        printed = subprocess.run(command, cwd=args.port_dir, env={**os.environ, "NATS_URL": url},
                                 stdin=subprocess.DEVNULL, capture_output=True).stdout
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(store)
    with open(args.expected, "rb") as expected:
        return 0 if printed.splitlines() == expected.read().splitlines() else 1


if __name__ == "__main__":
    sys.exit(main())
