"""The nats-server a NATS by Example tree's own recipe runs its ports against: the release
its `docker/docker-compose.yaml` names as the `nats` image (`image: docker.io/nats:2.10.4`).
With no --server-version and no `server_versions:` in nbe.yaml, a run on such a tree checks
against that release, as the recordings were made; the installed nats-server is the fallback
when that release cannot be fetched or built here, said on stderr."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conformance.errors import UsageError
from conformance.servers.versions import FetchFailed, Server, binary_for

COMPOSE_FILES = ("docker/docker-compose.yaml", "docker/docker-compose.yml")
# An image line naming the official `nats` image (any registry or namespace) at a release tag.
_NATS_IMAGE = re.compile(r"""^\s*image:\s*["']?(?:[^\s"'#]*/)?nats:v?(\d+\.\d+\.\d+)["']?\s*(?:#.*)?$""")


def compose_server_version(root: Path) -> tuple[str, str] | None:
    """(version, the compose file as shown) for the first `nats:X.Y.Z` image, else None."""
    for name in COMPOSE_FILES:
        try:
            lines = (root / name).read_text(errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            found = _NATS_IMAGE.match(line)
            if found:
                return found.group(1), name
    return None


def tree_server(root: Path) -> Server:
    """The tree's server with its binary, or Server() (the installed one) with a notice why not."""
    declared = compose_server_version(root)
    if declared is None:
        return Server()
    version, shown = declared
    try:
        binary = binary_for(version)
    except (UsageError, FetchFailed) as why:
        print(f"nbe: {shown} runs nats-server {version}, which is not available here ({why}); "
              "checking against the installed nats-server instead", file=sys.stderr)
        return Server()
    return Server(version=version, binary=str(binary))
