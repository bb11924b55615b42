"""A port's own Dockerfile (tests/fixtures/upstream/examples/dockerfiles/): in Docker it is the
port's recipe, built from every file of the port and of docker/<client>/, its FROM images taken
through the --image overrides; locally the language's recipe builds it and the result says so."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO
from conformance.languages import Languages
from conformance.runtimes.docker.dockerfile import Base, base_arg, dockerfile_note, repository, resolve_froms

FIXTURE = REPO / "tests" / "fixtures" / "upstream"
TARGET = "dockerfiles/own-recipe/python"
OFFICIAL = {"go": "golang:1.26-bookworm", "cli": "golang:1.26-bookworm", "java": "maven:3.9-eclipse-temurin-17",
            "python": "python:3.12-slim"}
UPSTREAM_LIKE = b"""\
FROM gradle:7.5.1-jdk8-jammy AS build
RUN gradle uberJar
FROM --platform=linux/amd64 golang:1.21-alpine3.17
COPY --from=build /src/app.jar /app.jar
FROM build AS again
FROM scratch
FROM ${BASE_IMAGE}
"""


@pytest.fixture
def project(tmp_path):
    """Overrides conftest's seed project: a copy of the upstream-layout fixture tree."""
    root = tmp_path / "upstream"
    shutil.copytree(FIXTURE, root)
    return root


def test_an_image_is_known_by_its_repository():
    assert repository("golang:1.21-alpine3.17") == "golang"
    assert repository("docker.io/library/debian@sha256:0123") == "debian"
    assert repository("my-mirror:5000/team/alpine:3.18") == "my-mirror:5000/team/alpine"
    assert repository("debian") == "debian"


def test_a_from_takes_the_override_of_its_repository_else_of_the_language_whose_base_it_is():
    overrides = {"go": "nbe-base/go:local", "gradle": "mirror/gradle:7", "cli": "other/go:1"}
    resolved = resolve_froms(UPSTREAM_LIKE, overrides, OFFICIAL, "java")
    assert resolved.dockerfile.splitlines()[0] == b"FROM mirror/gradle:7 AS build"
    # golang is the official base of cli and go: the first by name (neither is the port's own)
    assert resolved.dockerfile.splitlines()[2] == b"FROM --platform=linux/amd64 other/go:1"
    assert resolved.dockerfile.splitlines()[4:] == UPSTREAM_LIKE.splitlines()[4:]  # a stage, scratch, an ARG
    assert resolved.bases == (Base("mirror/gradle:7", "gradle"), Base("other/go:1", "cli"))
    assert resolve_froms(UPSTREAM_LIKE, overrides, OFFICIAL, "go").bases[1] == Base("nbe-base/go:local", "go")


def test_a_from_without_an_override_stays_and_names_the_key_that_would_override_it():
    resolved = resolve_froms(b"FROM alpine:3.18\nRUN true\n", {"python": "x"}, OFFICIAL, "cli")
    assert resolved.dockerfile == b"FROM alpine:3.18\nRUN true\n"
    assert resolved.bases == (Base("alpine:3.18", "alpine"),)


def test_base_image_argument():
    assert base_arg(b"ARG BASE_IMAGE=python:3.12-slim\nFROM ${BASE_IMAGE}\n") == "python:3.12-slim"
    assert base_arg(b"ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n") == ""
    assert base_arg(b"FROM python:3.12-slim\n") is None


def test_the_local_runtime_says_it_did_not_use_the_ports_dockerfile(project):
    port = project / "examples" / TARGET
    assert dockerfile_note(port, "python") == \
        "the port's own Dockerfile was not used: the local runtime builds with the python recipe"
    assert dockerfile_note(project / "examples/messaging/pub-sub/python", "python") is None


def test_the_recipe_is_the_ports_dockerfile_with_every_file_of_the_port_and_the_shared_folder(project):
    from conformance.runtimes.docker.images import port_recipe

    python = Languages(project).get("python")
    recipe = port_recipe(python, project / "examples" / TARGET, {"python": "nbe-base/python:local"})
    assert recipe.files["Dockerfile"][0].splitlines()[2] == b"FROM nbe-base/python:local"
    assert recipe.files["greeting.txt"][0] == b"hello from the port's own recipe\n"  # no *.py, still in
    assert recipe.files["requirements.txt"][0] == (project / "docker/python/requirements.txt").read_bytes()
    assert "output.txt" not in recipe.files  # a recording is not an input
    assert recipe.buildargs == {}  # it takes no BASE_IMAGE
    assert recipe.bases == (Base("nbe-base/python:local", "python"),)
    plain = port_recipe(python, project / "examples/messaging/pub-sub/python", {"python": "nbe-base/python:local"})
    assert plain.buildargs == {"BASE_IMAGE": "nbe-base/python:local"}
    assert plain.files["Dockerfile"][0] == (python.folder / "Dockerfile").read_bytes()


def results(nbe, *args):
    report = nbe.tmp.parent / "report.json"
    run = nbe("run", *args, "--json", str(report), timeout=900)
    found = {r["target"]: r for r in json.loads(report.read_text())["results"]} if report.exists() else {}
    return run, found


def test_locally_it_passes_with_the_python_recipe_and_says_so(nbe):
    run, found = results(nbe, TARGET, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert found[TARGET]["status"] == "pass"
    assert "the port's own Dockerfile was not used: the local runtime builds with the python recipe" \
        in found[TARGET]["notes"]


def test_in_docker_the_ports_own_dockerfile_builds_it(nbe):
    from port_check import require_docker, stand_in_image

    engine = require_docker("python")
    run, found = results(nbe, TARGET, "--runtime", "docker", "--image", f"python={stand_in_image('python')}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert found[TARGET]["status"] == "pass"
    assert not any("Dockerfile" in note for note in found[TARGET]["notes"])
    built = engine.images.list(filters={"label": f"nbe.port={TARGET}"})
    assert built and all(i.labels.get("org.natsbyexample.recipe") == "the port's own" for i in built)


def test_a_from_nbe_cannot_resolve_is_an_error_naming_the_image_and_the_flag(nbe, project):
    from port_check import require_docker

    require_docker("python")
    dockerfile = project / "examples" / TARGET / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("FROM python:3.12-slim", "FROM nbe-test/no-such-base:1"))
    run, found = results(nbe, TARGET, "--runtime", "docker", "--image", "python=nbe-base/python:local")
    assert run.returncode == 1
    assert found[TARGET]["status"] == "error"
    assert "the base image nbe-test/no-such-base:1 is not on this engine" in found[TARGET]["reason"]
    assert "--image nbe-test/no-such-base=REF" in found[TARGET]["reason"]
