"""`nbe clean`: remove the containers and networks a killed nbe left behind (and, with
--images, the images nbe built). Sessions of nbe processes still running are left alone.
nbe makes no networks any more (a check is one container's namespace), but older versions made
one per check: those are still found by their label and removed."""

from __future__ import annotations

import argparse
import os

from conformance.runtimes.docker.api import APIError, Engine
from conformance.runtimes.docker.endpoint import connect_or_usage_error
from conformance.runtimes.docker.images import BUILT_LABEL
from conformance.runtimes.docker.session import PID_LABEL, SESSION_LABEL, remove_labelled


def main(args: argparse.Namespace) -> int:
    engine = connect_or_usage_error()
    sessions = _sessions(engine)
    containers = networks = 0
    for session, pid in sorted(sessions.items()):
        if not args.all and _alive(pid):
            print(f"kept session {session}: nbe (pid {pid}) is still running")
            continue
        found = remove_labelled(engine, {SESSION_LABEL: session})
        containers, networks = containers + found[0], networks + found[1]
    print(f"removed {containers} containers and {networks} networks")
    if args.images:
        removed = _remove_images(engine)
        print(f"removed {removed} images nbe built")
    return 0


def _sessions(engine: Engine) -> dict[str, str]:
    """session id -> pid of the nbe that created it, from everything carrying the label."""
    found: dict[str, str] = {}
    for item in [*engine.containers([SESSION_LABEL]), *engine.networks([SESSION_LABEL])]:
        labels = item.get("Labels") or {}
        found[labels[SESSION_LABEL]] = labels.get(PID_LABEL, "")
    return found


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_images(engine: Engine) -> int:
    removed = 0
    for image in engine.images(BUILT_LABEL):
        try:
            engine.remove_image(image["Id"])
            removed += 1
        except APIError:
            pass  # in use by a container of a running session
    return removed
