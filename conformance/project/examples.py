"""The meta.yaml of each selected example, read once and validated before anything runs."""

from __future__ import annotations

from conformance.errors import ConfigError
from conformance.languages import Languages
from conformance.project import Project
from conformance.project.meta import Meta, default_meta, load_meta
from conformance.project.ports import Port


def load_metas(project: Project, ports: list[Port], languages: Languages) -> dict[str, Meta]:
    metas: dict[str, Meta] = {}
    for port in ports:
        if port.example_name not in metas:
            path = project.examples / port.example_name / "meta.yaml"
            shown = project.relative(path)
            if path.is_file():
                metas[port.example_name] = meta = load_meta(path, shown)
                _refuse_unknown_languages(meta, shown, languages)
            else:
                metas[port.example_name] = default_meta(port.example)
    return metas


def _refuse_unknown_languages(meta: Meta, shown: str, languages: Languages) -> None:
    """A known failure listed for a language nbe does not know is a typo that hides nothing."""
    known = languages.names()
    for name, line in meta.known_lines.items():
        if name not in known:
            raise ConfigError(shown, line, f"languages.{name}: no language {name!r} is defined "
                                           f"(known: {', '.join(known)})")
