"""The compose file a NATS by Example port runs under: the example's own `docker-compose.yaml`,
else the tree's `docker/<client>/docker-compose.yaml`, else `docker/docker-compose.yaml`. Of its
services nbe provides the nats-server alone: the app's environment says whether the port is told
where it is (NATS_URL; the tree's cli recipe gives none, and its scripts start their own servers),
and any other service (a database, a connector, another server) is one nbe does not run, so the
port cannot run here."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from conformance.runtimes.docker.dockerfile import repository

COMPOSE = ("docker-compose.yaml", "docker-compose.yml")
APP = "app"


class Compose(NamedTuple):
    shown: str  # the file, relative to the tree's root
    gives_url: bool  # the app's environment sets NATS_URL
    others: tuple[str, ...]  # services besides the app and nats-servers: nbe does not run them


def port_compose(root: Path, port_dir: Path) -> Compose | None:
    """The compose file that applies to the port, read; None when the tree has none for it."""
    example = port_dir.parent
    for folder in (example, root / "docker" / port_dir.name, root / "docker"):
        for name in COMPOSE:
            if (folder / name).is_file():
                return _read(folder / name, root)
    return None


def _read(path: Path, root: Path) -> Compose | None:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(errors="replace"))
    except (OSError, yaml.YAMLError):
        return None  # not a compose file nbe can read: the port runs as any other
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict) or APP not in services:
        return None
    others = tuple(name for name, service in services.items() if name != APP and not _is_nats(service))
    app = services[APP] if isinstance(services[APP], dict) else {}
    return Compose(path.relative_to(root).as_posix(), "NATS_URL" in _names(app.get("environment")), others)


def _is_nats(service: object) -> bool:
    image = service.get("image") if isinstance(service, dict) else None
    return isinstance(image, str) and repository(image) == "nats"


def _names(environment: object) -> set[str]:
    """The variable names of a compose `environment:`, a mapping or a list of NAME=value."""
    if isinstance(environment, dict):
        return {str(name) for name in environment}
    if isinstance(environment, list):
        return {str(item).split("=", 1)[0] for item in environment}
    return set()


def services_reason(compose: Compose) -> str:
    return (f"{compose.shown} runs services nbe does not start ({', '.join(compose.others)}); "
            "nbe provides the nats-server only")
