"""Which language definition runs a port folder. A folder is named after its client (`go`,
`deno`, `node`, ...); one with another name that has a `main.sh` is a shell port. A folder
that nbe cannot run is still listed, as a skip that says why, never as an error."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from conformance.languages import Language, Languages

SHELL = "shell"
SHELL_ENTRY = "main.sh"

# Clients of NATS by Example that have no language definition here: what their ports look like
# and what to install. A project defines one under languages/<name>/ to run them.
UNDEFINED_CLIENTS = {
    "csharp": ("Main.cs", "the .NET SDK (dotnet) and a language definition under languages/csharp/"),
    "dotnet": ("Main.cs", "the .NET SDK (dotnet) and a language definition under languages/dotnet/"),
    "crystal": ("main.cr", "Crystal with shards and a language definition under languages/crystal/"),
    "elixir": ("main.exs", "Elixir with Mix and a language definition under languages/elixir/"),
}


class PortLanguage(NamedTuple):
    language: Language | None  # None: the folder is not a port that can run here
    why_not: str  # the skip reason when language is None


def port_language(port_dir: Path, folder: str, languages: Languages) -> PortLanguage:
    language = languages.get(folder)
    if language is None and folder not in UNDEFINED_CLIENTS and (port_dir / SHELL_ENTRY).is_file():
        language = languages.get(SHELL)
    if language is None:
        return PortLanguage(None, _undefined(port_dir, folder))
    if language.entry_in(port_dir) is None:
        entries = " or ".join(language.entries or (language.entry,))
        return PortLanguage(None, f"not a port: it has no {entries} (the {language.name} entry file)")
    return PortLanguage(language, "")


def _undefined(port_dir: Path, folder: str) -> str:
    if folder in UNDEFINED_CLIENTS:
        entry, install = UNDEFINED_CLIENTS[folder]
        if (port_dir / entry).is_file():
            return f"no language definition for {folder!r} here; to run it, install {install}"
        return f"not a port: it has no {entry} (the {folder} entry file)"
    return f"not a port: no language definition for {folder!r} and no {SHELL_ENTRY}"
