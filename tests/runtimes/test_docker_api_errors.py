"""The Docker engine refusing something one check needs (an image reference, a namespace) is that
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


def test_an_engine_refusing_the_namespace_is_that_checks_error_and_leaves_nothing(engine):
    from conformance.project.meta import Meta
    from conformance.runtimes.protocol import Job
    from conformance.runtimes.docker.runtime import DockerRuntime
    from test_docker import PYTHON_IMAGE

    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.images import server_image

    ours = connect()  # nbe's own engine client; `engine` (the Docker SDK's) is the test's view
    runtime = DockerRuntime(ours, endpoint="unix:///from-the-test", base_images={}, server_image=server_image(ours))
    runtime._port_image = lambda job: PYTHON_IMAGE  # the check gets as far as its containers
    session = runtime.session
    create = session.container

    def port_joins_nothing(image, *, network_mode, role, **options):
        # a real refusal by the engine: the port asks to join a namespace that does not exist
        if role == "port":
            network_mode = "container:nbe-test-no-such-container"
        return create(image, network_mode=network_mode, role=role, **options)

    session.container = port_joins_nothing
    meta = Meta(title="", description="", topology="single", jetstream=True, timeout=None, rules=(),
                known={}, known_lines={})
    with runtime:
        outcome = runtime.execute(Job(port=None, port_dir=None, language=None, meta=meta, timeout=5))
        # the server ran before the engine refused the port at its start; the check removed both
        assert not engine.containers.list(all=True, sparse=True, filters={"label": f"nbe.session={session.id}"})
    assert outcome.status is Status.ERROR
    assert outcome.reason.startswith("the Docker engine refused: "), outcome.reason
    assert "nbe-test-no-such-container" in outcome.reason
