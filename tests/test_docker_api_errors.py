"""The Docker engine refusing something one check needs (an image reference, a network) is that
check's error with the engine's reason; the other checks of the run go on."""

from __future__ import annotations

import shutil

from conftest import REPO
from test_docker import TARGET, docker_nbe, engine  # noqa: F401 (fixtures)

from conformance.result import Status


def add_second_python(project):
    """A project-defined language, a copy of python, with a copy of the seed port: a second
    check whose base image can be set on its own (--image pyother=REF)."""
    shutil.copytree(REPO / "conformance" / "languages" / "python", project / "languages" / "pyother")
    example = project / "examples" / "messaging" / "request-reply"
    shutil.copytree(example / "python", example / "pyother")
    return "messaging/request-reply/pyother"


def test_an_invalid_image_reference_is_that_checks_error_and_the_other_check_passes(docker_nbe, project):
    other = add_second_python(project)
    run = docker_nbe("messaging/request-reply", "--image", "pyother=Bad::Ref", "--jobs", "2")
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"PASS    {TARGET}" in run.stdout
    error = next(line for line in run.stdout.splitlines() if line.startswith(f"ERROR   {other}"))
    assert "the Docker engine refused: no such image: Bad::Ref: invalid reference format" in error


def test_an_engine_refusing_the_network_is_that_checks_error(engine):
    from conformance.runtime_docker import DockerRuntime

    runtime = DockerRuntime(engine, endpoint="unix:///from-the-test", base_images={}, server_image="not-used")
    runtime._port_image = lambda job: "not-used"  # the check gets as far as its network
    session = runtime.session
    # a real refusal by the engine: a network driver it does not have
    session.network = lambda: engine.networks.create(session.next_name("net"), driver="nbe-test-no-such-driver",
                                                     labels=session.labels)
    with runtime:
        outcome = runtime.execute(job=None)
    assert outcome.status is Status.ERROR
    assert 'the Docker engine refused: plugin "nbe-test-no-such-driver" not found' in outcome.reason
    assert not engine.networks.list(filters={"label": f"nbe.session={session.id}"})
