"""Everything one nbe run creates in Docker carries `nbe.session=<id>` (and the pid of the nbe
that made it), so it can be removed on every exit path, and by `nbe clean` after a crash."""

from __future__ import annotations

import itertools
import os
from typing import Any

from conformance.runtimes.docker.api import Container, Engine, NotFound

SESSION_LABEL = "nbe.session"
PID_LABEL = "nbe.pid"
MEMORY_LIMIT = "512m"
_MEMORY_BYTES = 512 * 1024 * 1024
PIDS_LIMIT = 512
NOBODY = "65534:65534"


class Session:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.id = os.urandom(6).hex()  # 12 hex digits, as before
        self.labels = {SESSION_LABEL: self.id, PID_LABEL: str(os.getpid())}
        self._numbers = itertools.count(1)  # next() is atomic: checks in threads get distinct names

    def next_name(self, what: str) -> str:
        return f"nbe-{self.id}-{next(self._numbers)}-{what}"

    def container(self, image: str, *, network_mode: str, role: str, user: str | None = None,
                  command: list[str] | None = None, environment: dict[str, str] | None = None,
                  tmpfs: dict[str, str] | None = None, tty: bool = False) -> Container:
        """A created (not started) container, hardened: unprivileged, no new privileges, every
        capability dropped, memory and pids limited, not root unless the image says so.
        `network_mode` is "none" for a check's first server and "container:<it>" for everything
        else of the check: one loopback-only namespace, nothing can leave it. `tty`: stdout and
        stderr are one terminal (its stream is then raw, see containers.py)."""
        config: dict[str, Any] = {
            "Image": image, "Labels": self.labels, "User": user if user is not None else self._default_user(image),
            "AttachStdin": False, "AttachStdout": True, "AttachStderr": True, "OpenStdin": False, "Tty": tty,
            "HostConfig": {
                "Privileged": False, "SecurityOpt": ["no-new-privileges"], "CapDrop": ["ALL"],
                "Memory": _MEMORY_BYTES, "MemorySwap": _MEMORY_BYTES, "PidsLimit": PIDS_LIMIT,
                "NetworkMode": network_mode, "Tmpfs": tmpfs or {},
            },
        }
        if command is not None:
            config["Cmd"] = command
        if environment:
            config["Env"] = [f"{key}={value}" for key, value in environment.items()]
        return self.engine.create_container(self.next_name(role), config)

    def _default_user(self, image: str) -> str:
        return str(self.engine.image(image).get("Config", {}).get("User") or NOBODY)

    def close(self) -> None:
        """Remove every container of this session, whatever state it is in (nbe makes no
        networks any more: `nbe clean` still sweeps those an older nbe left)."""
        remove_labelled(self.engine, {SESSION_LABEL: self.id}, networks=False)


def remove_labelled(engine: Engine, labels: dict[str, str], *, networks: bool = True) -> tuple[int, int]:
    """Force-remove containers, then networks, matching all `labels`; (containers, networks).
    Networks are only made by nbe versions that gave each check a bridge network: still swept."""
    selector = [f"{k}={v}" for k, v in labels.items()]
    containers = engine.containers(selector)
    for found in containers:
        try:
            Container(engine, found["Id"]).remove()
        except NotFound:
            pass
    found_networks = engine.networks(selector) if networks else []
    for network in found_networks:
        try:
            engine.remove_network(network["Id"])
        except NotFound:
            pass
    return len(containers), len(found_networks)
