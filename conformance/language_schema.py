"""Validation of language.yaml: every key checked, plain data out."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeGuard

from conformance.fields import Fields
from conformance.yamlfile import load_mapping


def parse_language(path: Path, shown_as: str) -> dict[str, Any]:
    """Validate language.yaml into plain data (cacheable); any problem names the file and line."""
    fields = Fields(load_mapping(path, shown_as), shown_as)
    fields.refuse_unknown({"entry", "probe", "build", "run", "env", "image_inputs", "install"})
    build = fields.data.get("build") or []
    if not isinstance(build, list) or not all(_is_command(step) for step in build):
        raise fields.fail("build", "expected a list of commands (each a list of text)")
    return {
        "entry": fields.string("entry", required=True) or "",
        "probe": _command(fields, "probe"),
        "build": tuple(tuple(step) for step in build),
        "run": _command(fields, "run"),
        "env": _env(fields),
        "image_inputs": fields.strings("image_inputs") or ("**/*",),
        "install": fields.string("install", "") or "",
    }


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
