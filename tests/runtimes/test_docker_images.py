"""Images a run needs but the engine lacks, against the real engine. A --server-image the engine
does not have is pulled once, before any check; where that fails (here: no registry answers,
or the image exists in none) the run stops with one error. A base image the engine lacks is
each check's error, and names a stand-in the engine has, with the flag that uses it."""

from __future__ import annotations

import pytest

from test_docker import PYTHON_IMAGE, TARGET, docker_nbe, engine  # noqa: F401 (fixtures)
from test_docker_api_errors import add_second_python

MISSING = "nbe-test/no-such-server:1"


@pytest.fixture
def mirror(engine):
    """nbe's own server image under a name no registry has: an image only this engine has."""
    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.images import server_image

    engine.images.get(server_image(connect())).tag("nbe-test/nats", "only-here")
    yield "nbe-test/nats:only-here"
    engine.images.remove("nbe-test/nats:only-here")


def test_a_missing_server_image_is_pulled_once_before_the_run_and_its_failure_is_one_error(docker_nbe, project):
    other = add_second_python(project)
    run = docker_nbe("messaging/request-reply", "--server-image", MISSING, "--jobs", "2")
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.count(f"nbe: pulling {MISSING}") == 1, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("nbe: error:")]
    assert len(errors) == 1, run.stderr
    assert errors[0].startswith(f"nbe: error: the server image {MISSING} is not on the Docker engine and could "
                                f"not be pulled: ")
    assert f"docker pull {MISSING}" in errors[0]
    for target in (TARGET, other):  # no check ran
        assert target not in run.stdout
    assert "Traceback" not in run.stderr


def test_a_server_image_the_engine_has_is_not_pulled(docker_nbe, mirror):
    run = docker_nbe(TARGET, "--server-image", mirror)
    assert run.returncode == 0, run.stdout + run.stderr  # a pull would have failed: no registry has it
    assert "nbe: pulling" not in run.stderr
    assert f"PASS    {TARGET}" in run.stdout


def test_a_matrix_server_image_is_pulled_once_before_the_run_and_its_failure_is_its_checks_error(
        docker_nbe, project, mirror):
    other = add_second_python(project)
    run = docker_nbe("messaging/request-reply", "--server-image", f"{mirror},{MISSING}", "--jobs", "4",
                     "--image", f"pyother={PYTHON_IMAGE}", merged=True)
    assert run.returncode == 1, run.stdout
    pulls = [index for index, line in enumerate(run.stdout.splitlines()) if line == f"nbe: pulling {MISSING}"]
    assert len(pulls) == 1, run.stdout
    header = next(index for index, line in enumerate(run.stdout.splitlines()) if line.startswith("nbe: runtime docker"))
    assert pulls[0] < header, run.stdout  # before the run's first line, so before any check
    assert f"nbe: pulling {mirror}" not in run.stdout
    for target in (TARGET, other):
        assert f"PASS    {target} [server {mirror}]" in run.stdout, run.stdout
        error = next(line for line in run.stdout.splitlines()
                     if line.startswith(f"ERROR   {target} [server {MISSING}]"))
        assert f"the server image {MISSING} is not on the Docker engine and could not be pulled" in error


def test_a_missing_base_image_names_a_stand_in_the_engine_has(nbe, engine):
    # nothing anywhere has this tag of python: the build cannot pull it
    run = nbe("run", TARGET, "--runtime", "docker", "--image", "python=python:nbe-test-missing")
    assert run.returncode == 1, run.stdout + run.stderr
    error = next(line for line in run.stdout.splitlines() if line.startswith(f"ERROR   {TARGET}"))
    assert "the base image python:nbe-test-missing is not on this engine and could not be pulled" in error
    assert f"{PYTHON_IMAGE} is on it: pass --image python={PYTHON_IMAGE}" in error


def test_a_stand_in_is_found_by_the_base_images_tag_too(nbe, engine):
    engine.images.get(PYTHON_IMAGE).tag("nbe-test/mirror-of-py", "nbe-test-tag")
    try:
        run = nbe("run", TARGET, "--runtime", "docker", "--image", "python=nbe-test/absent:nbe-test-tag")
    finally:
        engine.images.remove("nbe-test/mirror-of-py:nbe-test-tag")
    assert run.returncode == 1, run.stdout + run.stderr
    error = next(line for line in run.stdout.splitlines() if line.startswith(f"ERROR   {TARGET}"))
    # the language's stand-in first (named after it), then the one with the same tag
    assert (f"{PYTHON_IMAGE} is on it: pass --image python={PYTHON_IMAGE} "
            f"(also on it: nbe-test/mirror-of-py:nbe-test-tag)") in error
