"""The optional nbe.yaml at the project root: base image overrides for mirrors and air-gapped
hosts (`images:`), another nats-server image (`server_image:`), and the port `nbe drift`
compares the others with when an example's meta.yaml names none (`reference:`)."""

from __future__ import annotations

from typing import NamedTuple

from conformance.errors import UsageError
from conformance.project import Project


class ProjectConfig(NamedTuple):
    images: dict[str, str]
    server_image: str | None
    reference: str | None = None  # a language
    reference_line: int = 0


def load_project_config(project: Project) -> ProjectConfig:
    path = project.root / "nbe.yaml"
    if not path.is_file():
        return ProjectConfig({}, None)
    from conformance.fields import Fields
    from conformance.yamlfile import load_mapping

    fields = Fields(load_mapping(path, "nbe.yaml"), "nbe.yaml")
    fields.refuse_unknown({"images", "server_image", "reference"})
    images = fields.mapping("images")
    overrides = {str(lang): images.string(str(lang), required=True) or "" for lang in images.data} if images else {}
    reference = fields.string("reference")
    if reference is not None and not reference.strip():
        raise fields.fail("reference", "names no language")
    return ProjectConfig(overrides, fields.string("server_image"), reference, fields.data.line_of("reference"))


def parse_image_flags(flags: list[str]) -> dict[str, str]:
    """`--image LANG=REF`, repeatable."""
    overrides = {}
    for flag in flags:
        language, sep, ref = flag.partition("=")
        if not sep or not language or not ref:
            raise UsageError(f"--image {flag!r}: expected LANG=REF, e.g. --image python=my-mirror/python:3.12-slim")
        overrides[language] = ref
    return overrides
