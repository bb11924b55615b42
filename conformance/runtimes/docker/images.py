"""Images nbe builds: the nats-server image (FROM scratch, from the binary nbe already has) and
one image per port, from the language's default build context overlaid with the port's files,
tagged by a hash of everything that goes in so an unchanged port is never rebuilt. A port with
a Dockerfile of its own is built from it (dockerfile.py)."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from conformance.cleanup.cancel import cancelled, on_cancel
from conformance.errors import NbeError, Terminated
from conformance.languages import Language, language_folders
from conformance.project.ports import Port
from conformance.runtimes.docker.api import APIError, Engine, EngineLost, EngineTimeout, ImageNotFound, Response
from conformance.runtimes.docker.dockerfile import (DOCKERFILE, Base, base_arg, has_own_dockerfile, repository,
                                                    resolve_froms)
from conformance.runtimes.docker.session import SESSION_LABEL
from conformance.runtimes.inputs import Files, content_hash, port_files, read
from conformance.servers.local import find_binary, server_version

SERVER_BINARY_LABEL = "nbe.server-binary"
BUILT_LABEL = "nbe.built"  # every image nbe built carries it; `nbe clean --images` removes them
_STEP = re.compile(r"^Step \d+/\d+ : (.*)$", re.MULTILINE)  # the classic builder's log of each step
SERVER_DOCKERFILE = b'FROM scratch\nCOPY nats-server /nats-server\nENTRYPOINT ["/nats-server"]\n'


PULL_TIMEOUT = 900.0  # a large image over a slow line


class ImageUnavailable(NbeError):
    """An image the run needs (a --server-image) is not on the engine and could not be pulled."""


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


class Recipe(NamedTuple):
    files: Files  # the build context, its Dockerfile's FROM lines resolved
    buildargs: dict[str, str]
    bases: tuple[Base, ...]  # the images it builds on, each with the override that names it


def port_recipe(language: Language, port_dir: Path, overrides: dict[str, str]) -> Recipe:
    """What builds the port: the language's Dockerfile with BASE_IMAGE its override (else its
    official default). A port with its own Dockerfile is built from it, as NATS by Example builds
    it: from every file of the port and of the tree's docker/<client>/, not only those the
    language's `image_inputs` selects (it may COPY any), and with each FROM image resolved
    through the overrides (port_dockerfile.resolve_froms)."""
    own = has_own_dockerfile(port_dir)
    files = port_context(language._replace(image_inputs=("**/*",)) if own else language, port_dir)
    if DOCKERFILE not in files:
        raise BuildFailed(f"no Dockerfile for {language.name} (neither built in nor in the port)", "")
    dockerfile, mode = files[DOCKERFILE]
    default = base_arg(dockerfile)
    base = "" if default is None else overrides.get(language.name) or default
    bases = [Base(base, language.name)] if base else []
    if own:
        resolved = resolve_froms(dockerfile, overrides, _official_bases(port_dir), language.name)
        files[DOCKERFILE] = (resolved.dockerfile, mode)
        bases += resolved.bases
    return Recipe(files, {"BASE_IMAGE": base} if base else {}, tuple(bases))


def _official_bases(port_dir: Path) -> dict[str, str]:
    """Each language's official base image (built-in, or the project's own definition), for a port
    at <root>/examples/<category>/<example>/<client>/."""
    found = {}
    for name, (folder, _) in language_folders(port_dir.parents[3]).items():
        dockerfile = folder / DOCKERFILE
        base = base_arg(dockerfile.read_bytes()) if dockerfile.is_file() else None
        if base:
            found[name] = base
    return found


def port_image(engine: Engine, port: Port, language: Language, port_dir: Path, overrides: dict[str, str]) -> str:
    """The port's image tag, built only when no image with the same inputs (base images included)
    exists. A failed build whose base image the engine lacks says which override to pass."""
    recipe = port_recipe(language, port_dir, overrides)
    bases = [value for base in recipe.bases for value in (base.image, image_id(engine, base.image))]
    tag = port_tag(port, content_hash(recipe.files, *bases))
    if image_exists(engine, tag):
        return tag
    try:
        build(engine, recipe.files, tag, buildargs=recipe.buildargs, labels={"nbe.port": port.name})
    except BuildFailed as exc:
        missing = _missing_base(engine, recipe, exc.log)
        if missing:
            raise BuildFailed(f"{exc}; {missing_base_advice(engine, missing)}", exc.log) from None
        raise
    return tag


def missing_base_advice(engine: Engine, missing: Base) -> str:
    """What to do about a base image the engine lacks and could not pull: the stand-ins it has
    (with the flag that uses the first), else how to make one."""
    found = stand_ins(engine, missing)
    head = f"the base image {missing.image} is not on this engine and could not be pulled"
    if found:
        also = f" (also on it: {', '.join(found[1:])})" if found[1:] else ""
        return (f"{head}; {found[0]} is on it: pass --image {missing.key}={found[0]}{also}, "
                f"or set images: in nbe.yaml")
    return (f"{head}: build one (scripts/build-base-images.sh) and pass --image {missing.key}=REF "
            f"or set images: in nbe.yaml")


def stand_ins(engine: Engine, base: Base, most: int = 3) -> list[str]:
    """Images on the engine that could stand in for `base`: those whose repository's name is the
    override's key (the language, `python`) or the base's own name (`python` of `python:3.12-slim`),
    and those with the base's tag (not `latest`); best first: name and tag, then the stand-ins
    scripts/build-base-images.sh makes (nbe-base/...), then by name. nbe's own images are left out."""
    name = repository(base.image).rsplit("/", 1)[-1]
    tag = _tag(base.image)
    ranked = []
    for image in engine.call("GET", "/images/json") or []:
        for ref in image.get("RepoTags") or []:
            if ref == "<none>:<none>" or ref == base.image or ref.startswith("nbe/"):
                continue
            named = repository(ref).rsplit("/", 1)[-1] in (base.key, name)
            tagged = bool(tag) and tag != "latest" and _tag(ref) == tag
            if named or tagged:
                ranked.append(((not (named and tagged), not named, not ref.startswith("nbe-base/"), ref), ref))
    return [ref for _, ref in sorted(ranked)][:most]


def _tag(ref: str) -> str:
    """An image reference's tag ("" for none, or a digest)."""
    last = ref.split("@", 1)[0].rsplit("/", 1)[-1]
    return last.rpartition(":")[2] if ":" in last else ""


def ensure_image(engine: Engine, ref: str, what: str) -> None:
    """The image on the engine: as it is when the engine has it, else pulled (once, here).
    ImageUnavailable, one message saying what to do, when the pull fails."""
    if image_exists(engine, ref):
        return
    try:
        pull(engine, ref)
    except (APIError, PullFailed, EngineTimeout) as exc:
        reason = exc.explanation if isinstance(exc, APIError) else str(exc)
        raise ImageUnavailable(f"{what} {ref} is not on the Docker engine and could not be pulled: {reason}; "
                               f"pull or build it there (docker pull {ref}), or name one the engine has "
                               f"(docker images)") from None


class PullFailed(Exception):
    pass


def pull(engine: Engine, ref: str) -> None:
    """Pull an image as `docker pull` does (public images: no registry credentials are sent);
    PullFailed with the engine's reason when its progress reports an error."""
    name, _, digest = ref.partition("@")
    tag = _tag(name)
    repo = name[:len(name) - len(tag) - 1] if tag else name
    params = {"fromImage": repo, "tag": digest or tag or "latest"}
    print(f"nbe: pulling {ref}", file=sys.stderr)
    response = engine.open("POST", "/images/create", params=params, timeout=PULL_TIMEOUT)
    try:
        with on_cancel(response.hang_up):
            for item in _progress(response):
                if item.get("error"):
                    raise PullFailed(str(item["error"]).strip())
    finally:
        response.close()
    if not image_exists(engine, ref):
        raise PullFailed("the engine reported no error, yet does not have it")


def _missing_base(engine: Engine, recipe: Recipe, log: str) -> Base | None:
    """The base image a failed build could not get: that of the FROM step it stopped at (of any
    step, when the log shows none), if the engine lacks it. A later step's failure is not one."""
    steps = _STEP.findall(log)
    candidates = list(recipe.bases)
    if steps:
        words = [word for word in steps[-1].split() if not word.startswith("--")]
        if len(words) < 2 or words[0].upper() != "FROM":
            return None
        image = re.sub(r"\$\{?BASE_IMAGE\}?", recipe.buildargs.get("BASE_IMAGE", ""), words[1])
        candidates = [base for base in candidates if base.image == image]
    return next((base for base in candidates if not image_exists(engine, base.image)), None)


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
    """Read the build's progress to its end; BuildFailed on the first error it reports."""
    for item in _progress(response):
        if "stream" in item:
            log.append(item["stream"])
        if "error" in item:
            log.append(item["error"] + "\n")
            raise BuildFailed(item["error"].strip(), "".join(log))


def _progress(response: Response) -> Iterator[dict[str, Any]]:
    """A build's or a pull's progress: JSON objects, one after another, as they arrive."""
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
            if isinstance(item, dict):
                yield item


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
