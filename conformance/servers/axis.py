"""The servers a run checks each port against, from the flags and the project's settings: the
one answer `nbe run`, `nbe drift` and `pytest --nbe` all use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from conformance.servers.versions import Server, parse_images, parse_versions


def server_axis(versions: Sequence[str], images: Sequence[str], root: Path,
                configured: Callable[[], Sequence[str]] = tuple) -> list[Server]:
    """--server-version (else `configured`: nbe.yaml's `server_versions:`, read only then), then
    each --server-image when there are several or versions too. One image alone stays the docker
    runtime's server, as it always was; with none of these, the release the tree's own compose
    file runs (tree_server), else the installed one: [Server()]."""
    chosen = parse_versions(list(versions), "--server-version") if versions else list(configured())
    image_list = parse_images(list(images))
    if not chosen and not image_list:
        from conformance.servers.tree import tree_server

        return [tree_server(root)]
    if not chosen and len(image_list) <= 1:
        return [Server()]
    return [Server(version=v) for v in chosen] + [Server(image=i) for i in image_list]
