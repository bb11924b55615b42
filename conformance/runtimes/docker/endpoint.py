"""Reaching the Docker engine the way the docker CLI does: DOCKER_HOST, else the context that
DOCKER_CONTEXT or the docker config's `currentContext` names, else the default socket. A context
that is named but cannot be read is an error naming it, never a silent fall back to the default
socket. A tcp:// DOCKER_HOST is spoken to over TLS as the docker CLI does: DOCKER_TLS_VERIFY
(any non-empty value) verifies the engine against ca.pem and sends cert.pem and key.pem, all in
DOCKER_CERT_PATH (default: the docker config folder, ~/.docker); DOCKER_TLS alone speaks TLS
without verifying; neither, plain HTTP. A context's own TLS files are its. The engine is spoken
to through api.py."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import NamedTuple

from conformance.errors import UsageError
from conformance.runtimes.docker.api import Engine, EngineError, TlsFailed, TlsFiles

DEFAULT_ENDPOINT = "unix:///var/run/docker.sock"
PING_TIMEOUT = 3.0


class Endpoint(NamedTuple):
    url: str
    source: str  # "DOCKER_HOST", "docker context NAME" or "default"
    tls: TlsFiles | None = None  # a context's TLS material, or DOCKER_CERT_PATH's, if TLS is asked for
    broken: str = ""  # why the configured context cannot be used; then `url` is empty

    @property
    def described(self) -> str:
        """Where, what named it, and how it is spoken to: `tcp://host:2376 (DOCKER_HOST; TLS ...)`."""
        how = ""
        if self.tls is not None and not self.url.startswith("unix:"):
            how = "; TLS, " + (f"the engine verified against {self.tls.ca}" if self.tls.verify and self.tls.ca
                               else "the engine verified against the system's CAs" if self.tls.verify
                               else "the engine not verified")
        return f"{self.url} ({self.source}{how})"


class EngineUnavailable(Exception):
    def __init__(self, endpoint: Endpoint, reason: str, *, tls: bool = False) -> None:
        if endpoint.broken:
            message = f"the {endpoint.source} cannot be used: {endpoint.broken}"
        elif tls:
            message = f"the Docker engine at {endpoint.url} ({endpoint.source}) could not be reached over TLS: {reason}"
        else:
            message = f"no Docker engine answered at {endpoint.url} ({endpoint.source}): {reason}"
        super().__init__(message)
        self.endpoint = endpoint
        self.tls = tls


class _BrokenContext(Exception):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(reason)
        self.source = source
        self.reason = reason


def find_endpoint() -> Endpoint:
    host = os.environ.get("DOCKER_HOST")
    if host:
        return Endpoint(host, "DOCKER_HOST", None if host.startswith("unix:") else _environment_tls())
    try:
        name, named_by = _context_name()
        if name == "default":
            return Endpoint(DEFAULT_ENDPOINT, "default")
        return _context_endpoint(name, named_by)
    except _BrokenContext as exc:
        return Endpoint("", exc.source, broken=exc.reason)


def _config_dir() -> Path:
    return Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker")


def _context_name() -> tuple[str, str]:
    """The active context's name and what named it, as the docker CLI resolves it."""
    name = os.environ.get("DOCKER_CONTEXT")
    if name:
        return name, "DOCKER_CONTEXT"
    config = _config_dir() / "config.json"
    try:
        settings = json.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "default", ""
    except (OSError, ValueError) as exc:
        raise _BrokenContext("docker config", f"{config} cannot be read ({exc})") from None
    name = settings.get("currentContext") if isinstance(settings, dict) else None
    return (name, f"currentContext in {config}") if isinstance(name, str) and name else ("default", "")


def _context_endpoint(name: str, named_by: str) -> Endpoint:
    source = f"docker context {name}"
    # the docker CLI keeps a context's metadata under the SHA-256 of its name
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = _config_dir() / "contexts" / "meta" / digest / "meta.json"
    try:
        endpoint = json.loads(meta.read_text(encoding="utf-8"))["Endpoints"]["docker"]
        host = endpoint["Host"]
    except FileNotFoundError:
        raise _BrokenContext(source, f"it does not exist (named by {named_by}; no {meta})") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _BrokenContext(source, f"its metadata {meta} cannot be read ({type(exc).__name__}: {exc}); "
                                     f"named by {named_by}") from None
    if not isinstance(host, str) or not host:
        raise _BrokenContext(source, f"it has no docker endpoint host in {meta}")
    return Endpoint(host, source, _context_tls(digest, bool(endpoint.get("SkipTLSVerify"))))


def _context_tls(digest: str, skip_verify: bool) -> TlsFiles | None:
    """The context's certificates, where the docker CLI stores them; None when it has none."""
    folder = _config_dir() / "contexts" / "tls" / digest / "docker"
    found = {name: str(folder / f"{name}.pem") if (folder / f"{name}.pem").is_file() else None
             for name in ("ca", "cert", "key")}
    if not any(found.values()):
        return None
    return TlsFiles(found["ca"], found["cert"], found["key"], verify=not skip_verify, origin=f"its files in {folder}")


def _environment_tls() -> TlsFiles | None:
    """The TLS the environment asks for, read as the docker CLI reads it: DOCKER_TLS_VERIFY
    non-empty, TLS with the engine verified against ca.pem; else DOCKER_TLS non-empty, TLS
    unverified; else none. The files are in DOCKER_CERT_PATH, else the docker config folder;
    cert.pem and key.pem are sent when they exist."""
    verify = bool(os.environ.get("DOCKER_TLS_VERIFY"))
    if not verify and not os.environ.get("DOCKER_TLS"):
        return None
    named = os.environ.get("DOCKER_CERT_PATH")
    folder = Path(named) if named else _config_dir()
    asked = "DOCKER_TLS_VERIFY is set" if verify else "DOCKER_TLS is set, DOCKER_TLS_VERIFY is not"
    where = f"DOCKER_CERT_PATH is {folder}" if named else f"DOCKER_CERT_PATH is not set: {folder}"
    cert, key = folder / "cert.pem", folder / "key.pem"
    return TlsFiles(str(folder / "ca.pem") if verify else None, str(cert) if cert.is_file() else None,
                    str(key) if key.is_file() else None, verify=verify, origin=f"{asked}; {where}")


def connect(endpoint: Endpoint | None = None) -> Engine:
    """An engine that has answered a ping; EngineUnavailable otherwise."""
    endpoint = endpoint or find_endpoint()
    if endpoint.broken:
        raise EngineUnavailable(endpoint, endpoint.broken)
    try:
        engine = Engine(endpoint.url, endpoint.tls)
        engine.ping(timeout=PING_TIMEOUT)
    except TlsFailed as exc:
        raise EngineUnavailable(endpoint, _short(exc), tls=True) from None
    except (EngineError, OSError) as exc:
        raise EngineUnavailable(endpoint, _short(exc)) from None
    return engine


def connect_or_usage_error(endpoint: Endpoint | None = None) -> Engine:
    try:
        return connect(endpoint)
    except EngineUnavailable as exc:
        if exc.endpoint.broken:
            hint = "fix or switch the context (docker context use default), set DOCKER_HOST, or use --runtime local"
        elif exc.tls:
            hint = ("fix the certificates (ca.pem, cert.pem and key.pem, as the docker CLI takes them), "
                    "or use --runtime local")
        else:
            hint = "start the engine, set DOCKER_HOST, or use --runtime local"
        raise UsageError(f"--runtime docker: {exc}; {hint}") from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:400]
