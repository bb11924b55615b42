"""Languages are data: a folder with language.yaml (and a Dockerfile). Built-ins are the folders
beside this module; a project adds or overrides one under `languages/<name>/` at its root. Here
too: language.yaml's checks (schema), which definition runs a port folder (clients), and whether
a language's toolchain is on this machine (toolchain)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NamedTuple

from conformance.config.cache import cache_dir, cached_config, parser_modules
from conformance.errors import ConfigError

BUILTIN_DIR = Path(__file__).parent  # each language is a data folder beside this module
_PARSERS = parser_modules("languages/schema", "languages/__init__")


class Dependencies(NamedTuple):
    """A dependency set a port declares in its manifests, built once per distinct content (e.g. a
    virtualenv from requirements.txt) and shared by every port that declares the same."""

    manifests: tuple[str, ...]  # the files that declare it; a port with none of them has no set
    build: tuple[tuple[str, ...], ...]  # run once per set in its folder `{deps}`, the manifests copied there
    run: tuple[str, ...]  # replaces the language's `run` for a port with a set (empty: it does not)


class Language(NamedTuple):
    name: str
    folder: Path
    entry: str  # the file a port must have (the first of `entries`, named in messages)
    probe: tuple[str, ...]  # prints the toolchain's version; failing means "not installed"
    build: tuple[tuple[str, ...], ...]  # local build commands, run in the port's build folder
    run: tuple[str, ...]  # local run command, in the same folder
    env: dict[str, str]  # added to the environment of build and run commands
    image_inputs: tuple[str, ...]  # glob patterns of port files that feed the image and build hashes
    install: str  # what to install when the toolchain is missing (for `nbe doctor` and skips)
    dependencies: Dependencies | None = None
    entries: tuple[str, ...] = ()  # every file that makes a folder a port (e.g. two layouts), `entry` first
    parallel: bool = True  # False: its local checks run one at a time (ports that bind fixed ports)
    serial_builds: bool = False  # True: its local builds, copy included, run one at a time (see runtimes/local/builds.py)
    # files of the tree's shared docker/<client>/ that the recipe reads as they are, even where the
    # port has its own: each goes to the build beside the port's, as `<name>.shared` (runtimes/inputs.py)
    shared_copies: tuple[str, ...] = ()
    # (pattern, cause, reason): what a failed build's log says, in a maintainer's words (runtimes/build_failures.py)
    build_failures: tuple[tuple[str, str, str], ...] = ()
    template_folder: Path | None = None  # a language `like:` another: its own template, beside the other's definition

    def entry_in(self, port_dir: Path) -> str | None:
        """The entry file the port has (the first that `entries` lists), or None: not a port."""
        return next((name for name in self.entries or (self.entry,) if (port_dir / name).is_file()), None)

    def expand(self, argv: tuple[str, ...], **places: str) -> list[str]:
        """Fill `{python}`, `{cache}`, `{shared_cache}`, `{language}`, `{nats_server}` and the given
        placeholders (e.g. `{src}`) into a command."""
        values = _Places(python=sys.executable, cache=str(self.cache_dir), shared_cache=str(cache_dir() / "shared"),
                         language=str(self.folder), **places)
        try:
            return [part.format_map(values) for part in argv]
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(str(self.folder / "language.yaml"), None, f"bad placeholder in {list(argv)}: {exc}") from None

    def environment(self, **places: str) -> dict[str, str]:
        """os.environ plus the language's `env:`, placeholders filled."""
        names = tuple(self.env)
        values = self.expand(tuple(self.env[name] for name in names), **places)
        return {**os.environ, **dict(zip(names, values))}

    @property
    def cache_dir(self) -> Path:
        """Where this language's toolchain keeps caches between runs (modules, crates, jars)."""
        return cache_dir() / "languages" / self.name

    @property
    def template(self) -> Path:
        return self.template_folder or self.folder / "template"


class _Places(dict[str, str]):
    """Placeholder values; `{nats_server}` (the binary nbe runs, for ports that start servers of
    their own) is looked up only by a command that names it."""

    def __missing__(self, key: str) -> str:
        if key != "nats_server":
            raise KeyError(key)
        from conformance.servers.local import find_binary  # only the languages that name it pay for it

        self[key] = find_binary()
        return self[key]


def like_of(folder: Path, shown_as: str) -> str | None:
    """The language whose definition this folder's language.yaml takes (`like: cli`), if it does."""
    like = _plain(folder, shown_as).get("like")
    return str(like) if like is not None else None


def load_language(folder: Path, shown_as: str) -> Language:
    plain = dict(_plain(folder, shown_as))
    dependencies = plain.pop("dependencies", None)  # cached as plain data
    return Language(name=folder.name, folder=folder, **plain,
                    dependencies=Dependencies(**dependencies) if dependencies else None)


def _plain(folder: Path, shown_as: str) -> dict[str, Any]:
    plain: dict[str, Any] = cached_config(folder / "language.yaml", _PARSERS, lambda: _parse(folder, shown_as))
    return plain


def _parse(folder: Path, shown_as: str) -> dict[str, Any]:
    from conformance.languages.schema import parse_language  # the YAML parser loads only on a cache miss

    return parse_language(folder / "language.yaml", shown_as)


def language_folders(project_root: Path | None) -> dict[str, tuple[Path, str]]:
    """name -> (folder, how to name its language.yaml); a project's folder wins over a built-in."""
    found: dict[str, tuple[Path, str]] = {}
    bases = [(BUILTIN_DIR, "built-in")]
    if project_root is not None:
        bases.append((project_root / "languages", "languages"))
    for base, shown in bases:
        if base.is_dir():
            for entry in sorted(os.scandir(base), key=lambda e: e.name):
                if entry.is_dir() and (Path(entry.path) / "language.yaml").is_file():
                    label = f"{shown}/{entry.name}/language.yaml"
                    found[entry.name] = (Path(entry.path), label)
    return found


class Languages:
    """The languages known in one project (None: the built-ins only), each parsed on first use."""

    def __init__(self, project_root: Path | None) -> None:
        self._folders = language_folders(project_root)
        self._loaded: dict[str, Language] = {}

    def names(self) -> list[str]:
        return sorted(self._folders)

    def get(self, name: str) -> Language | None:
        if name not in self._folders:
            return None
        if name not in self._loaded:
            self._loaded[name] = self._load(name, seen=())
        return self._loaded[name]

    def _load(self, name: str, seen: tuple[str, ...]) -> Language:
        folder, shown = self._folders[name]
        like = like_of(folder, shown)
        if like is None:
            return load_language(folder, shown)
        if like not in self._folders or like in seen + (name,):
            why = "no such language" if like not in self._folders else "a loop of `like:`"
            raise ConfigError(shown, None, f"like: {like}: {why}")
        return self._load(like, seen + (name,))._replace(name=name, template_folder=folder / "template")
