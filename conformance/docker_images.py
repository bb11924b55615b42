"""Images nbe builds: the nats-server image (FROM scratch, from the binary nbe already has) and
one image per port, from the language's default build context overlaid with the port's files,
tagged by a hash of everything that goes in so an unchanged port is never rebuilt."""

from __future__ import annotations

import io
import json
import os
import re
import time
from pathlib import Path

from conformance.cancel import cancelled, on_cancel
from conformance.docker_session import SESSION_LABEL
from conformance.engine_api import Engine, EngineLost, ImageNotFound, Response
from conformance.errors import Terminated
from conformance.inputs import Files, port_files, read
from conformance.language import Language
from conformance.server_local import find_binary, server_version
from conformance.targets import Port

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


def image_exists(engine: Engine, ref: str) -> bool:
    return bool(image_id(engine, ref))


def image_id(engine: Engine, ref: str) -> str:
    """The local image's ID, or "" when the engine does not have it."""
    try:
        return str(engine.image(ref)["Id"])
    except ImageNotFound:
        return ""


def build(engine: Engine, files: Files, tag: str, *, buildargs: dict[str, str], labels: dict[str, str]) -> None:
    """Build from an in-memory context; intermediate containers are always removed. Ctrl-C and
    SIGTERM stop the build, in this thread or (through cancel.on_cancel) in a worker thread."""
    began = time.time()
    params = {"t": tag, "rm": "1", "forcerm": "1", "pull": "0",
              "buildargs": json.dumps(buildargs), "labels": json.dumps({BUILT_LABEL: "1", **labels})}
    response = engine.open("POST", "/build", params=params, body=_tar(files), content_type="application/x-tar")
    log: list[str] = []
    try:
        with on_cancel(response.hang_up):  # the engine cancels a build whose client went away
            _follow(response, log)
    except (KeyboardInterrupt, Terminated):
        response.hang_up()
        _await_build_containers_gone(engine, began)
        raise
    except EngineLost:
        if not cancelled.is_set():
            raise  # the engine went away: not a build failure
    finally:
        response.close()
    if cancelled.is_set():  # hung up by the main thread; the engine cancels the build
        _await_build_containers_gone(engine, began)
        raise BuildFailed("the build was cancelled", "".join(log))


def _follow(response: Response, log: list[str]) -> None:
    """Read the build's progress (JSON objects, one after another) to its end; BuildFailed on
    the first error it reports."""
    decoder = json.JSONDecoder()
    pending = ""
    while chunk := response.read_some():
        pending += chunk.decode("utf-8", "replace")
        while True:
            pending = pending.lstrip()
            try:
                item, end = decoder.raw_decode(pending)
            except ValueError:
                break  # the rest of this object is still on its way
            pending = pending[end:]
            if "stream" in item:
                log.append(item["stream"])
            if "error" in item:
                log.append(item["error"] + "\n")
                raise BuildFailed(item["error"].strip(), "".join(log))


def _await_build_containers_gone(engine: Engine, since: float, limit: float = 20.0) -> None:
    """Wait (bounded) until no container made since the build began, without a session label
    (so: the build's own), is left, so an interrupted nbe leaves nothing behind."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        leftovers = [c for c in engine.containers([])
                     if c.get("Created", 0) >= int(since) - 1 and SESSION_LABEL not in (c.get("Labels") or {})]
        if not leftovers:
            return
        time.sleep(0.2)


def _tar(files: Files) -> bytes:
    """A reproducible tar: fixed owners and times, so the same files give the same context."""
    import tarfile  # only when something is built

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name in sorted(files):
            content, mode = files[name]
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(content), mode, 0
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def server_image(engine: Engine, binary: str | None = None) -> str:
    """nbe's own nats-server image, built once per binary (nbe's own, or a version of the server
    matrix from nbe's cache): no registry needed. The binary's size and mtime find an existing
    build without reading (and hashing) 18 MB each run."""
    binary = binary or find_binary()
    stat = os.stat(binary)
    fingerprint = f"{stat.st_size}-{stat.st_mtime_ns}"
    tag = f"nbe/nats-server:{server_version(binary)}"
    try:  # the usual case, asked directly: listing images by label costs a scan of them all
        if engine.image(tag).get("Config", {}).get("Labels", {}).get(SERVER_BINARY_LABEL) == fingerprint:
            return tag
    except ImageNotFound:
        pass
    built = engine.images(f"{SERVER_BINARY_LABEL}={fingerprint}")
    for image in built:
        tags = [t for t in image.get("RepoTags") or [] if t != "<none>:<none>"]
        if tags:
            return str(tags[0])
    if built:
        # Two binaries of one version (nbe's own, and the same version fetched for a matrix)
        # share the tag, and building one untags the other: tag it again rather than rebuild.
        engine.tag_image(built[0]["Id"], tag)
        return tag
    files: Files = {"Dockerfile": (SERVER_DOCKERFILE, 0o644), "nats-server": (Path(binary).read_bytes(), 0o755)}
    build(engine, files, tag, buildargs={}, labels={SERVER_BINARY_LABEL: fingerprint})
    return tag
