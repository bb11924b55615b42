"""Which language each example's drift is measured against: `reference:` in the example's
meta.yaml, else `reference:` in nbe.yaml. A name that is neither a language nor a port of the
example is a typo, refused with its file and line before anything runs."""

from __future__ import annotations

from typing import NamedTuple

from conformance.errors import ConfigError
from conformance.languages import Languages
from conformance.languages.clients import UNDEFINED_CLIENTS
from conformance.project import Project
from conformance.project.meta import load_meta
from conformance.project.settings import load_project_config


class Reference(NamedTuple):
    """The language an example's ports are compared with, and the file that names it."""

    language: str | None
    source: str  # e.g. "examples/a/b/meta.yaml" or "nbe.yaml"; "" when nothing names one


NO_REFERENCE = Reference(None, "")


def references(project: Project, languages: Languages, ports: dict[str, set[str]]) -> dict[str, Reference]:
    """The reference named for each example of `ports` (example -> its port folders)."""
    known = set(languages.names()) | set(UNDEFINED_CLIENTS)
    config = load_project_config(project)
    if config.reference is not None and config.reference not in known:
        raise _unknown("nbe.yaml", config.reference_line, config.reference, known)
    default = Reference(config.reference, "nbe.yaml") if config.reference else None
    found = {}
    for example, folders in ports.items():
        path = project.examples / example / "meta.yaml"
        shown = project.relative(path)
        meta = load_meta(path, shown) if path.is_file() else None
        if meta is not None and meta.reference is not None:
            if meta.reference not in known | folders:
                raise _unknown(shown, meta.reference_line, meta.reference, known | folders)
            found[example] = Reference(meta.reference, shown)
        elif default:
            found[example] = default
    return found


def _unknown(shown: str, line: int, name: str, known: set[str]) -> ConfigError:
    return ConfigError(shown, line, f"reference: no language or port {name!r} (known: {', '.join(sorted(known))})")
