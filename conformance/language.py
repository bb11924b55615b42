"""Languages are data: a folder with language.yaml (and a Dockerfile). Built-ins live in the
package; a project adds or overrides one under `languages/<name>/` at its root."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from conformance.errors import ConfigError
from conformance.fields import Fields
from conformance.yamlfile import load_mapping

BUILTIN_DIR = Path(__file__).parent / "languages"


@dataclass(frozen=True)
class Language:
    name: str
    folder: Path
    entry: str  # the file a port must have
    probe: tuple[str, ...]  # prints the toolchain's version; failing means "not installed"
    build: tuple[tuple[str, ...], ...]  # local build commands, run in the port's scratch copy
    run: tuple[str, ...]  # local run command, in the scratch copy
    image_inputs: tuple[str, ...]  # glob patterns of port files that feed the image hash

    def expand(self, argv: tuple[str, ...], **places: str) -> list[str]:
        """Fill `{python}` and the given placeholders (e.g. `{src}`) into a command."""
        values = {"python": sys.executable, **places}
        try:
            return [part.format(**values) for part in argv]
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(str(self.folder / "language.yaml"), None, f"bad placeholder in {list(argv)}: {exc}") from None


def load_language(folder: Path, shown_as: str) -> Language:
    fields = Fields(load_mapping(folder / "language.yaml", shown_as), shown_as)
    fields.refuse_unknown({"entry", "probe", "build", "run", "image_inputs"})
    build = fields.data.get("build") or []
    if not isinstance(build, list) or not all(_is_command(step) for step in build):
        raise fields.fail("build", "expected a list of commands (each a list of text)")
    return Language(
        name=folder.name,
        folder=folder,
        entry=fields.string("entry", required=True) or "",
        probe=_command(fields, "probe"),
        build=tuple(tuple(step) for step in build),
        run=_command(fields, "run"),
        image_inputs=fields.strings("image_inputs") or ("**/*",),
    )


def _is_command(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(part, str) for part in value)


def _command(fields: Fields, key: str) -> tuple[str, ...]:
    value = fields.data.get(key)
    if not _is_command(value):
        raise fields.fail(key, "expected a command: a non-empty list of text")
    return tuple(value)


def language_folders(project_root: Path) -> dict[str, tuple[Path, str]]:
    """name -> (folder, how to name its language.yaml); a project's folder wins over a built-in."""
    found: dict[str, tuple[Path, str]] = {}
    for base, shown in ((BUILTIN_DIR, "built-in"), (project_root / "languages", "languages")):
        if base.is_dir():
            for entry in sorted(os.scandir(base), key=lambda e: e.name):
                if entry.is_dir() and (Path(entry.path) / "language.yaml").is_file():
                    label = f"{shown}/{entry.name}/language.yaml"
                    found[entry.name] = (Path(entry.path), label)
    return found


class Languages:
    """The languages known in one project, each parsed on first use."""

    def __init__(self, project_root: Path) -> None:
        self._folders = language_folders(project_root)
        self._loaded: dict[str, Language] = {}

    def names(self) -> list[str]:
        return sorted(self._folders)

    def get(self, name: str) -> Language | None:
        if name not in self._folders:
            return None
        if name not in self._loaded:
            folder, shown = self._folders[name]
            self._loaded[name] = load_language(folder, shown)
        return self._loaded[name]
