"""The optional nbe.yaml at the project root: base image overrides for mirrors and air-gapped
hosts (`images:`), another nats-server image (`server_image:`), the server-version matrix
(`server_versions:`), and the port `nbe drift` compares the others with when an example's
meta.yaml names none (`reference:`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from conformance.errors import UsageError
from conformance.project import Project

if TYPE_CHECKING:
    from conformance.config.fields import Fields
    from conformance.servers.versions import Server


class ProjectConfig(NamedTuple):
    images: dict[str, str]
    server_image: str | None
    reference: str | None = None  # a language
    reference_line: int = 0
    server_versions: tuple[str, ...] = ()  # the server-version matrix, as --server-version


def load_project_config(project: Project) -> ProjectConfig:
    path = project.root / "nbe.yaml"
    if not path.is_file():
        return ProjectConfig({}, None)
    from conformance.config.fields import Fields
    from conformance.config.yamlfile import load_mapping
    from conformance.servers.versions import Server

    fields = Fields(load_mapping(path, "nbe.yaml"), "nbe.yaml")
    fields.refuse_unknown({"images", "server_image", "reference", "server_versions"})
    images = fields.mapping("images")
    overrides = {str(lang): images.string(str(lang), required=True) or "" for lang in images.data} if images else {}
    reference = fields.string("reference")
    if reference is not None and not reference.strip():
        raise fields.fail("reference", "names no language")
    return ProjectConfig(overrides, fields.string("server_image"), reference, fields.data.line_of("reference"),
                         _server_versions(fields))


def _server_versions(fields: Fields) -> tuple[str, ...]:
    """`server_versions:`, a list of versions (or one comma-separated string)."""
    from conformance.servers.versions import parse_versions

    value = fields.data.get("server_versions")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, (str, int, float)) for item in items):
        raise fields.fail("server_versions", "expected a list of nats-server versions, e.g. [2.10.26, 2.12.8]")
    try:
        return tuple(parse_versions([str(item) for item in items], "server_versions:"))
    except UsageError as exc:
        raise fields.fail("server_versions", str(exc)) from None


def project_servers(project: Project, versions: Sequence[str] = (), images: Sequence[str] = ()) -> list[Server]:
    """The servers each port is checked against, for nbe run, nbe drift and pytest --nbe: the
    flags' versions and images, else nbe.yaml's `server_versions:` (read only then), else the tree's own."""
    from conformance.servers.axis import server_axis

    return server_axis(versions, images, project.root, lambda: load_project_config(project).server_versions)


def parse_image_flags(flags: list[str]) -> dict[str, str]:
    """`--image LANG=REF`, repeatable."""
    overrides = {}
    for flag in flags:
        language, sep, ref = flag.partition("=")
        if not sep or not language or not ref:
            raise UsageError(f"--image {flag!r}: expected LANG=REF, e.g. --image python=my-mirror/python:3.12-slim")
        overrides[language] = ref
    return overrides
