"""Every built-in language is complete: definition, Dockerfile, template, a port of
request-reply, a test, a stand-in base image, and a row in the languages table of docs/port-authors.md."""

from __future__ import annotations

import re

import pytest

from conformance.languages import BUILTIN_DIR
from conftest import REPO

BUILTIN = sorted(p.name for p in BUILTIN_DIR.iterdir() if (p / "language.yaml").is_file())


def test_there_are_builtin_languages():
    assert "python" in BUILTIN


@pytest.mark.parametrize("language", BUILTIN)
def test_a_builtin_language_is_complete(language):
    from conformance.languages import Languages

    definition = Languages(None).get(language)
    assert definition is not None
    folder = definition.folder  # another language's, for one `like:` it
    assert (folder / "Dockerfile").is_file()
    assert re.search(r"^ARG BASE_IMAGE=\S+", (folder / "Dockerfile").read_text(), re.MULTILINE), \
        "the Dockerfile takes its base image as a build argument, with the official image as default"
    assert definition.template.is_dir() and any(definition.template.iterdir())
    assert (REPO / "examples" / "messaging" / "request-reply" / language).is_dir()
    assert (REPO / "tests" / "languages" / f"test_{language}.py").is_file()
    stand_in = REPO / "scripts" / "base-images" / f"{language}.Dockerfile"
    script = (REPO / "scripts" / "build-base-images.sh").read_text()
    assert stand_in.is_file() or f"lang_{language}()" in script
    table = (REPO / "docs" / "port-authors.md").read_text()
    assert re.search(rf"^\| `?{language}`? \|", table, re.MULTILINE), f"no row for {language} in docs/port-authors.md's table"
