"""The meta.yaml of each selected example, read once and validated before anything runs."""

from __future__ import annotations

from conformance.errors import ConfigError
from conformance.meta import Meta, load_meta
from conformance.project import Project
from conformance.targets import Port


def load_metas(project: Project, ports: list[Port]) -> dict[str, Meta]:
    metas: dict[str, Meta] = {}
    for port in ports:
        if port.example_name not in metas:
            path = project.examples / port.example_name / "meta.yaml"
            shown = project.relative(path)
            if not path.is_file():
                raise ConfigError(shown, None, "missing: every example needs a meta.yaml (title, timeout, ...)")
            metas[port.example_name] = load_meta(path, shown)
    return metas
