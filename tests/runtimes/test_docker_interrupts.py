"""Ctrl-C while ports are being built in worker threads (--jobs 2): the builds stop, no image
is made, and none of their containers is left. A build's own containers carry no nbe label:
they are found by the unique text of their RUN step."""

from __future__ import annotations

import signal
import uuid

from conftest import add_hostile
from test_docker import (PYTHON_IMAGE, TARGET, _wait_until, build_containers, engine,  # noqa: F401 (engine
                         abandoned, sweep)  # is a fixture)


def port_images(engine, targets):
    return {image.id for target in targets for image in engine.images.list(filters={"label": f"nbe.port={target}"})}


def slow_to_build(project, target, marker):
    """The port's own Dockerfile, one step of which runs for minutes (unique: never cached)."""
    (project / "examples" / target / "Dockerfile").write_text(
        f"ARG BASE_IMAGE\nFROM ${{BASE_IMAGE}}\nRUN sleep 300 # {marker} {target}\n")


def test_ctrl_c_stops_builds_in_worker_threads_and_leaves_nothing(nbe, engine, project):
    marker = f"nbe-test-{uuid.uuid4().hex}"
    targets = [TARGET, add_hostile(project, "hang", expected="started\n")]
    for target in targets:
        slow_to_build(project, target, marker)
    images_before, made_before = port_images(engine, targets), abandoned(engine)
    proc = nbe.popen("run", *targets, "--runtime", "docker", "--image", f"python={PYTHON_IMAGE}", "--jobs", "2")
    try:
        _wait_until(lambda: len(build_containers(engine, marker)) == 2)  # both builds are in their RUN step
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=90)  # the builds would run 300 s if nothing stopped them
        left = build_containers(engine, marker)
    finally:
        sweep(engine, proc, marker)
    assert proc.returncode == 130, out + err
    assert left == []
    assert port_images(engine, targets) == images_before
    assert not abandoned(engine) - made_before
