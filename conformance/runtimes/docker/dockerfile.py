"""A port's own Dockerfile. NATS by Example's ports that need mkcert, nsc or a nats-server of
their own carry one: in Docker it is the port's recipe, built as that tree builds it (every file
of the port over the tree's docker/<client>/), its FROM lines resolved through the `--image`
overrides. The local runtime builds with the language's recipe, and says so."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

DOCKERFILE = "Dockerfile"
# FROM [--platform=...] image [AS name]: the image is group 2
_FROM = re.compile(rb"^([ \t]*FROM[ \t]+(?:--\S+[ \t]+)*)(\S+)([^\n]*)$", re.MULTILINE | re.IGNORECASE)
_STAGE = re.compile(rb"^[ \t]+AS[ \t]+(\S+)", re.IGNORECASE)
_BASE_ARG = re.compile(rb"^[ \t]*ARG[ \t]+BASE_IMAGE\b(?:[ \t]*=[ \t]*(\S+))?", re.MULTILINE)


def has_own_dockerfile(port_dir: Path) -> bool:
    return (port_dir / DOCKERFILE).is_file()


def dockerfile_note(port_dir: Path, language: str) -> str | None:
    """The note a local check of a port with its own Dockerfile carries; None for any other port."""
    if not has_own_dockerfile(port_dir):
        return None
    return f"the port's own Dockerfile was not used: the local runtime builds with the {language} recipe"


def base_arg(dockerfile: bytes) -> str | None:
    """A Dockerfile's `ARG BASE_IMAGE=` default (a language's official base image); "" when it
    declares the argument with no default, None when it does not take it."""
    found = _BASE_ARG.search(dockerfile)
    return None if found is None else (found.group(1) or b"").decode()


def repository(ref: str) -> str:
    """An image reference without its tag, digest and Docker Hub prefix: `golang` for
    `golang:1.21-alpine3.17` and for `docker.io/library/golang@sha256:...`."""
    name = ref.split("@", 1)[0]
    if ":" in name.rsplit("/", 1)[-1]:
        name = name.rsplit(":", 1)[0]
    for prefix in ("docker.io/", "index.docker.io/", "library/"):
        name = name.removeprefix(prefix)
    return name


class Base(NamedTuple):
    image: str  # what a FROM builds on, after the overrides
    key: str  # the override that names it: `--image KEY=REF`


class Resolved(NamedTuple):
    dockerfile: bytes
    bases: tuple[Base, ...]  # every image its FROM lines name (stages, `scratch` and `${ARG}`s left out)


def resolve_froms(dockerfile: bytes, overrides: dict[str, str], official: dict[str, str], language: str) -> Resolved:
    """The Dockerfile with each FROM image replaced by its override: the one named after the image's
    repository (`--image alpine=REF` for `FROM alpine:3.18`), else that of a language whose official
    base has that repository (the port's own language first: `FROM golang:1.21` takes go's). An
    image with no override is built on as named (the engine's own copy, or pulled)."""
    by_language = sorted(official, key=lambda name: (name != language, name))
    stages: set[bytes] = set()
    bases: list[Base] = []

    def replace(line: re.Match[bytes]) -> bytes:
        image, rest = line.group(2), line.group(3)
        stage = _STAGE.match(rest)
        if not (b"$" in image or image.lower() in stages or image.lower() == b"scratch"):
            repo = repository(image.decode())
            keys = [repo] + [name for name in by_language if repository(official[name]) == repo]
            key = next((k for k in keys if k in overrides), repo)
            bases.append(Base(overrides.get(key, image.decode()), key))
            image = bases[-1].image.encode()
        if stage:
            stages.add(stage.group(1).lower())
        return line.group(1) + image + rest

    return Resolved(_FROM.sub(replace, dockerfile), tuple(bases))
