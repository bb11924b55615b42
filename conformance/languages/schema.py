"""Validation of language.yaml: every key checked, plain data out."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, TypeGuard

from conformance.config.fields import Fields
from conformance.config.yamlfile import load_mapping
from conformance.result.causes import DESCRIPTIONS


def parse_language(path: Path, shown_as: str) -> dict[str, Any]:
    """Validate language.yaml into plain data (cacheable); any problem names the file and line."""
    fields = Fields(load_mapping(path, shown_as), shown_as)
    if "like" in fields.data:
        return _like(fields)
    fields.refuse_unknown({"like", "entry", "probe", "build", "run", "env", "image_inputs", "install", "dependencies",
                           "parallel", "serial_builds", "shared_copies", "build_failures"})
    return {
        **_entries(fields),
        "probe": _command(fields, "probe"),
        "build": _commands(fields, "build"),
        "run": _command(fields, "run"),
        "env": _env(fields),
        "image_inputs": fields.strings("image_inputs") or ("**/*",),
        "install": fields.string("install", "") or "",
        "dependencies": _dependencies(fields),
        "parallel": _flag(fields, "parallel", True),
        "serial_builds": _flag(fields, "serial_builds", False),
        "shared_copies": fields.strings("shared_copies") or (),
        "build_failures": _build_failures(fields),
    }


def _like(fields: Fields) -> dict[str, Any]:
    """`like: LANG`: the definition of another language (its language.yaml, Dockerfile and tools)
    under this folder's name, with this folder's template; nothing else may be said beside it."""
    others = [key for key in fields.data if key != "like"]
    if others:
        raise fields.fail(others[0], "nothing may be said beside `like:`, which takes the whole definition")
    name = fields.string("like", required=True) or ""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise fields.fail("like", "expected the name of another language's folder, e.g. cli")
    return {"like": name}


def _entries(fields: Fields) -> dict[str, Any]:
    """`entry:` one file, or a list of them (a port has any one, e.g. Java's two layouts)."""
    if fields.data.get("entry") is None:
        raise fields.fail(None, "missing required key 'entry'")
    entries = fields.strings("entry") or ()
    if not entries or not all(entries):
        raise fields.fail("entry", "expected a file name or a non-empty list of them")
    return {"entry": entries[0], "entries": entries}


def _dependencies(fields: Fields) -> dict[str, Any] | None:
    """`dependencies:`: the manifests that declare a set, its build, and the run command with it."""
    section = fields.mapping("dependencies")
    if section is None:
        return None
    section.refuse_unknown({"manifests", "build", "run"})
    manifests = section.strings("manifests")
    if not manifests:
        raise section.fail("manifests", "expected a non-empty list of file names")
    run = _command(section, "run") if "run" in section.data else ()
    return {"manifests": manifests, "build": _commands(section, "build"), "run": run}


def _build_failures(fields: Fields) -> tuple[tuple[str, str, str], ...]:
    """`build_failures:` a list of {match: a regex, cause: one of causes.py, reason: text that may
    name the regex's groups as {name}}."""
    found = []
    for item in fields.items("build_failures"):
        item.refuse_unknown({"match", "cause", "reason"})
        pattern, cause, reason = (item.string(key, required=True) or "" for key in ("match", "cause", "reason"))
        try:
            groups = set(re.compile(pattern).groupindex)
        except re.error as exc:
            raise item.fail("match", f"not a regular expression: {exc}") from None
        if cause not in DESCRIPTIONS:
            raise item.fail("cause", f"unknown cause {cause!r} (expected one of: {', '.join(DESCRIPTIONS)})")
        named = {name for _, name, _, _ in string.Formatter().parse(reason) if name is not None}
        if not named <= groups:
            raise item.fail("reason", f"names {', '.join(sorted(named - groups))}, not a group of its match")
        found.append((pattern, cause, reason))
    return tuple(found)


def _commands(fields: Fields, key: str) -> tuple[tuple[str, ...], ...]:
    steps = fields.data.get(key) or []
    if not isinstance(steps, list) or not all(_is_command(step) for step in steps):
        raise fields.fail(key, "expected a list of commands (each a list of text)")
    return tuple(tuple(step) for step in steps)


def _env(fields: Fields) -> dict[str, str]:
    env = fields.mapping("env")
    if env is None:
        return {}
    return {str(name): env.string(str(name), required=True) or "" for name in env.data}


def _is_command(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and bool(value) and all(isinstance(part, str) for part in value)


def _command(fields: Fields, key: str) -> tuple[str, ...]:
    value = fields.data.get(key)
    if not _is_command(value):
        raise fields.fail(key, "expected a command: a non-empty list of text")
    return tuple(value)


def _flag(fields: Fields, key: str, default: bool) -> bool:
    value = fields.data.get(key, default)
    if not isinstance(value, bool):
        raise fields.fail(key, "expected true or false")
    return value
