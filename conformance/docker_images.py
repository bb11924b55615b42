"""Images nbe builds: the nats-server image (FROM scratch, from the binary nbe already has) and
one image per port, from the language's default build context overlaid with the port's files,
tagged by a hash of everything that goes in so an unchanged port is never rebuilt."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import tarfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.cancel import cancelled, on_cancel
from conformance.docker_session import SESSION_LABEL
from conformance.errors import Terminated
from conformance.inputs import Files, port_files, read
from conformance.language import Language
from conformance.server_local import find_binary, server_version
from conformance.targets import Port

if TYPE_CHECKING:
    import requests

SERVER_BINARY_LABEL = "nbe.server-binary"
BUILT_LABEL = "nbe.built"  # every image nbe built carries it; `nbe clean --images` removes them
SERVER_DOCKERFILE = b'FROM scratch\nCOPY nats-server /nats-server\nENTRYPOINT ["/nats-server"]\n'


class BuildFailed(Exception):
    def __init__(self, message: str, log: str) -> None:
        super().__init__(message)
        self.log = log


def port_context(language: Language, port_dir: Path) -> Files:
    """The language's default build context, then the tree's shared build files for the port's
    client (docker/<client>/, without its Dockerfile), then the port's own files (they win)."""
    files: Files = {}
    for path in sorted(language.folder.rglob("*")):
        relative = path.relative_to(language.folder).as_posix()
        if path.is_file() and relative != "language.yaml" and not relative.startswith("template/"):
            files[relative] = read(path)
    files.update(port_files(language, port_dir))
    return files


def port_tag(port: Port, digest: str) -> str:
    name = re.sub(r"[^a-z0-9_.-]+", "-", f"{port.category}-{port.example}-{port.language}".lower())
    return f"nbe/port-{name}:{digest[:20]}"


def image_exists(client: Any, ref: str) -> bool:
    import docker.errors

    try:
        client.images.get(ref)
        return True
    except docker.errors.ImageNotFound:
        return False


def image_id(client: Any, ref: str) -> str:
    """The local image's ID, or "" when the engine does not have it."""
    import docker.errors

    try:
        return str(client.images.get(ref).id)
    except docker.errors.ImageNotFound:
        return ""


def build(client: Any, files: Files, tag: str, *, buildargs: dict[str, str], labels: dict[str, str]) -> None:
    """Build from an in-memory context; intermediate containers are always removed. Ctrl-C and
    SIGTERM stop the build, in this thread or (through cancel.on_cancel) in a worker thread."""
    import requests.exceptions

    began = time.time()
    response = _start_build(client, files, tag, buildargs=buildargs, labels={BUILT_LABEL: "1", **labels})
    log: list[str] = []
    try:
        with on_cancel(lambda: _hang_up(response)):
            _follow(response, log)
    except (KeyboardInterrupt, Terminated):
        _hang_up(response)
        _await_build_containers_gone(client, began)
        raise
    except requests.exceptions.RequestException:
        if not cancelled.is_set():
            raise  # the engine went away: not a build failure
    finally:
        response.close()
    if cancelled.is_set():  # hung up by the main thread; the engine cancels the build
        _await_build_containers_gone(client, began)
        raise BuildFailed("the build was cancelled", "".join(log))


def _start_build(client: Any, files: Files, tag: str, *, buildargs: dict[str, str],
                 labels: dict[str, str]) -> requests.Response:
    """POST /build ourselves rather than through the SDK's build(): its generator hides the
    HTTP response, and only the response lets another thread hang the build up."""
    import docker.errors
    import requests.exceptions

    api = client.api
    params = {"t": tag, "rm": "1", "forcerm": "1", "pull": "0",
              "buildargs": json.dumps(buildargs), "labels": json.dumps(labels)}
    response: requests.Response = api.post(
        f"{api.base_url}/v{api.api_version}/build", params=params, data=_tar(files),
        headers={"Content-Type": "application/tar"}, stream=True, timeout=api.timeout)
    try:
        response.raise_for_status()
    except requests.exceptions.HTTPError as exc:
        response.close()
        docker.errors.create_api_error_from_http_exception(exc)  # raises the SDK's APIError
    return response


def _follow(response: requests.Response, log: list[str]) -> None:
    """Read the build's progress to its end; BuildFailed on the first error it reports."""
    from docker.utils.json_stream import json_stream

    for chunk in json_stream(response.iter_content(chunk_size=None)):
        if "stream" in chunk:
            log.append(chunk["stream"])
        if "error" in chunk:
            log.append(chunk["error"] + "\n")
            raise BuildFailed(chunk["error"].strip(), "".join(log))


def _hang_up(response: requests.Response) -> None:
    """Shut the build's connection down: the engine cancels a build whose client went away, and
    a thread blocked reading it wakes up (closing the socket alone would not wake it)."""
    connection = response.raw.connection if response.raw is not None else None
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed


def _await_build_containers_gone(client: Any, since: float, limit: float = 20.0) -> None:
    """Wait (bounded) until no container made since the build began, without a session label
    (so: the build's own), is left, so an interrupted nbe leaves nothing behind."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        leftovers = [c for c in client.containers.list(all=True, sparse=True)
                     if c.attrs.get("Created", 0) >= int(since) - 1 and SESSION_LABEL not in (c.attrs.get("Labels") or {})]
        if not leftovers:
            return
        time.sleep(0.2)


def _tar(files: Files) -> bytes:
    """A reproducible tar: fixed owners and times, so the same files give the same context."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name in sorted(files):
            content, mode = files[name]
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(content), mode, 0
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def server_image(client: Any, binary: str | None = None) -> str:
    """nbe's own nats-server image, built once per binary (nbe's own, or a version of the server
    matrix from nbe's cache): no registry needed. The binary's size and mtime find an existing
    build without reading (and hashing) 18 MB each run."""
    binary = binary or find_binary()
    stat = os.stat(binary)
    fingerprint = f"{stat.st_size}-{stat.st_mtime_ns}"
    built = client.images.list(filters={"label": f"{SERVER_BINARY_LABEL}={fingerprint}"})
    for image in built:
        if image.tags:
            return str(image.tags[0])
    tag = f"nbe/nats-server:{server_version(binary)}"
    if built:
        # Two binaries of one version (nbe's own, and the same version fetched for a matrix)
        # share the tag, and building one untags the other: tag it again rather than rebuild.
        built[0].tag(tag)
        return tag
    files: Files = {"Dockerfile": (SERVER_DOCKERFILE, 0o644), "nats-server": (Path(binary).read_bytes(), 0o755)}
    build(client, files, tag, buildargs={}, labels={SERVER_BINARY_LABEL: fingerprint})
    return tag
