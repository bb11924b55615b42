"""Everything one nbe run creates in Docker carries `nbe.session=<id>` (and the pid of the nbe
that made it), so it can be removed on every exit path, and by `nbe clean` after a crash."""

from __future__ import annotations

import itertools
import os
import uuid
from typing import Any

SESSION_LABEL = "nbe.session"
PID_LABEL = "nbe.pid"
MEMORY_LIMIT = "512m"
PIDS_LIMIT = 512
NOBODY = "65534:65534"


class Session:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.id = uuid.uuid4().hex[:12]
        self.labels = {SESSION_LABEL: self.id, PID_LABEL: str(os.getpid())}
        self._numbers = itertools.count(1)  # next() is atomic: checks in threads get distinct names

    def next_name(self, what: str) -> str:
        return f"nbe-{self.id}-{next(self._numbers)}-{what}"

    def container(self, image: str, *, network_mode: str, role: str, user: str | None = None,
                  **options: Any) -> Any:
        """A created (not started) container, hardened: unprivileged, no new privileges, every
        capability dropped, memory and pids limited, not root unless the image says so.
        `network_mode` is "none" for a check's first server and "container:<it>" for everything
        else of the check: one loopback-only namespace, nothing can leave it."""
        container = self.client.containers.create(
            image, name=self.next_name(role), labels=self.labels, detach=True,
            privileged=False, security_opt=["no-new-privileges"], cap_drop=["ALL"],
            mem_limit=MEMORY_LIMIT, memswap_limit=MEMORY_LIMIT, pids_limit=PIDS_LIMIT,
            user=user if user is not None else self._default_user(image),
            network_mode=network_mode, stdin_open=False, tty=False, **options,
        )
        return container

    def _default_user(self, image: str) -> str:
        return self.client.images.get(image).attrs.get("Config", {}).get("User") or NOBODY

    def close(self) -> None:
        """Remove every container of this session, whatever state it is in (and any network:
        nbe no longer makes one, but the sweep is the same one `nbe clean` uses)."""
        remove_labelled(self.client, {SESSION_LABEL: self.id})


def remove_labelled(client: Any, labels: dict[str, str]) -> tuple[int, int]:
    """Force-remove containers, then networks, matching all `labels`; (containers, networks).
    Networks are only made by nbe versions that gave each check a bridge network: still swept."""
    import docker.errors

    filters = {"label": [f"{k}={v}" for k, v in labels.items()]}
    containers = client.containers.list(all=True, filters=filters)
    for container in containers:
        try:
            container.remove(force=True, v=True)
        except docker.errors.NotFound:
            pass
    networks = client.networks.list(filters=filters)
    for network in networks:
        try:
            network.remove()
        except docker.errors.NotFound:
            pass
    return len(containers), len(networks)
