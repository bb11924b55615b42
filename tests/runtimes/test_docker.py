"""The Docker runtime against the real engine. Without an engine these tests skip, unless
NBE_REQUIRE_DOCKER=1 (as in CI), where a skip would hide a missing install step: then they fail."""

from __future__ import annotations

import os
import signal
import time
import uuid

import pytest

from conftest import add_hostile, snapshot

TARGET = "messaging/request-reply/python"
PYTHON_IMAGE = os.environ.get("NBE_TEST_PYTHON_IMAGE", "nbe-base/python:local")


def _engine_or_skip():
    try:
        import docker

        client = docker.from_env()
        client.ping()
    except Exception as exc:
        if os.environ.get("NBE_REQUIRE_DOCKER") == "1":
            pytest.fail(f"NBE_REQUIRE_DOCKER=1 but no Docker engine answered: {exc}")
        pytest.skip(f"no Docker engine: {exc}")
    try:
        client.images.get(PYTHON_IMAGE)
    except Exception:
        message = f"base image {PYTHON_IMAGE} missing: run scripts/build-base-images.sh python"
        if os.environ.get("NBE_REQUIRE_DOCKER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return client


@pytest.fixture(scope="module")
def engine():
    return _engine_or_skip()


def nbe_made(client) -> tuple[int, int]:
    """What carries nbe's session label: other users of the engine do not disturb this count."""
    labelled = {"label": "nbe.session"}
    # sparse: a full listing inspects each container, and one removed meanwhile would fail it
    return (len(client.containers.list(all=True, sparse=True, filters=labelled)),
            len(client.networks.list(filters=labelled)))


def abandoned(client) -> set[str]:
    """Containers and networks labelled by an nbe that is no longer running: what a finished
    nbe left behind. The live sessions of other nbe runs on the same engine are not counted."""
    labelled = {"label": "nbe.pid"}
    found = set()
    for item in [*client.containers.list(all=True, sparse=True, filters=labelled),
                 *client.networks.list(filters=labelled)]:
        labels = (item.attrs.get("Labels") or {}) if hasattr(item, "attrs") else {}
        pid = labels.get("nbe.pid", "")
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            found.add(item.id)
    return found


@pytest.fixture
def docker_nbe(nbe, engine):
    """nbe with the docker runtime and the stand-in base image; proves nothing is left in Docker."""
    before = abandoned(engine)

    def run(*args, **env):
        return nbe("run", *args, "--runtime", "docker", "--image", f"python={PYTHON_IMAGE}", **env)

    run.popen = lambda *args: nbe.popen("run", *args, "--runtime", "docker", "--image", f"python={PYTHON_IMAGE}")
    yield run
    assert not abandoned(engine) - before, "containers or networks were left behind"


def test_the_seed_passes_in_a_container_and_its_image_is_reused(docker_nbe, engine, project):
    first = docker_nbe(TARGET)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"PASS    {TARGET}" in first.stdout
    assert "runtime docker (--runtime docker)" in first.stdout
    built = {i.id for i in engine.images.list(filters={"label": f"nbe.port={TARGET}"})}
    second = docker_nbe(TARGET)
    assert second.returncode == 0
    assert {i.id for i in engine.images.list(filters={"label": f"nbe.port={TARGET}"})} == built
    main = project / "examples" / TARGET / "main.py"
    main.write_text(main.read_text() + f"\n# a change to an input makes a new image ({time.time()})\n")
    assert docker_nbe(TARGET).returncode == 0
    assert len({i.id for i in engine.images.list(filters={"label": f"nbe.port={TARGET}"})} - built) == 1


def test_a_changed_expected_line_fails_in_docker_too(docker_nbe, project):
    expected = project / "expected/messaging/request-reply/output.txt"
    expected.write_text(expected.read_text().replace("hello, bob", "hello, rob"))
    run = docker_nbe(TARGET)
    assert run.returncode == 1
    assert "    -b'hello, rob'" in run.stdout and "    +b'hello, bob'" in run.stdout


def test_containers_are_hardened_in_a_namespace_with_no_network(docker_nbe, engine, project):
    target = add_hostile(project, "docker_hardening", expected="uid 65534\nCapEff 0000000000000000\nNoNewPrivs 1\n")
    proc = docker_nbe.popen(target)
    try:
        port = running_port(engine, proc.pid, b"NoNewPrivs")  # it waits for SIGUSR1: inspect it now
        joined = port.attrs["HostConfig"]["NetworkMode"]
        server = engine.containers.get(joined.removeprefix("container:"))
        networks = engine.networks.list(filters={"label": f"nbe.pid={proc.pid}"})  # mid-check: none made
        port.kill(signal="SIGUSR1")
        out, err = proc.communicate(timeout=120)
    finally:
        sweep(engine, proc)
    assert proc.returncode == 0, out + err
    assert joined.startswith("container:")
    assert server.attrs["HostConfig"]["NetworkMode"] == "none"
    assert server.attrs["Config"]["Labels"]["nbe.pid"] == str(proc.pid)
    assert networks == []
    host = port.attrs["HostConfig"]
    assert host["Privileged"] is False
    assert host["CapDrop"] == ["ALL"]
    assert host["SecurityOpt"] == ["no-new-privileges"]
    assert host["Memory"] == 512 * 1024 * 1024 and host["PidsLimit"] == 512
    assert port.attrs["Config"]["User"] == "65534:65534"


def test_an_unreachable_engine_names_the_endpoint_and_exits_2(nbe, project):
    before = snapshot(project)
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_HOST="unix:///nonexistent/docker.sock")
    assert run.returncode == 2
    assert "no Docker engine answered at unix:///nonexistent/docker.sock (DOCKER_HOST)" in run.stderr
    assert snapshot(project) == before


def test_auto_falls_back_to_local_and_says_why(nbe):
    run = nbe("run", TARGET, DOCKER_HOST="unix:///nonexistent/docker.sock")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "runtime local (auto: no Docker engine answered at unix:///nonexistent/docker.sock" in run.stdout


def test_auto_takes_docker_when_an_engine_answers(nbe, engine):
    run = nbe("run", TARGET, "--image", f"python={PYTHON_IMAGE}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "runtime docker (auto: a Docker engine answered at" in run.stdout


def test_a_missing_base_image_is_an_error_with_a_hint(nbe, engine):
    run = nbe("run", TARGET, "--runtime", "docker", "--image", "python=nbe-test/no-such-base:1")
    assert run.returncode == 1
    assert f"ERROR   {TARGET}" in run.stdout
    assert "the base image nbe-test/no-such-base:1 is not on this engine" in run.stdout
    assert f"pass --image python={PYTHON_IMAGE}" in run.stdout  # the stand-in the engine has


def test_a_build_failure_is_an_error_with_the_build_log(docker_nbe, project):
    dockerfile = project / "examples" / TARGET / "Dockerfile"
    dockerfile.write_text("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo 'compiling the port' && exit 9\n")
    run = docker_nbe(TARGET)
    assert run.returncode == 1
    assert "image build failed" in run.stdout
    assert "compiling the port" in run.stdout


def test_a_hanging_port_container_is_killed_at_the_timeout(docker_nbe, project):
    target = add_hostile(project, "hang", expected="started\n")
    run = docker_nbe(target, "--timeout", "3")
    assert run.returncode == 1
    assert f"TIMEOUT {target}" in run.stdout


def test_a_port_over_its_memory_limit_is_an_error_saying_so(docker_nbe, project):
    target = add_hostile(project, "allocate", expected="allocated 64\n")
    run = docker_nbe(target)
    assert run.returncode == 1
    assert "exceeded its memory limit" in run.stdout


def test_another_server_image_can_be_given(docker_nbe, engine):
    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.images import server_image

    ours = server_image(connect())
    engine.images.get(ours).tag("nbe-test/nats", "mirror")
    try:
        run = docker_nbe(TARGET, "--server-image", "nbe-test/nats:mirror")
        assert run.returncode == 0, run.stdout
    finally:
        engine.images.remove("nbe-test/nats:mirror")


def _wait_until(condition, limit=60.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the condition never held")


def running_port(engine, pid, printed):
    """The port container of the nbe with this pid, once its log holds `printed`."""
    found = []

    def ready():
        for container in engine.containers.list(sparse=True, filters={"label": f"nbe.pid={pid}", "name": "-port"}):
            if printed in container.logs(stdout=True, stderr=False):
                found.append(engine.containers.get(container.id))  # inspected in full
                return True
        return False

    _wait_until(ready)
    return found[0]


def build_containers(engine, marker):
    """Containers of a build step whose command holds `marker`: a build's own containers carry
    no nbe label, so a unique text in the step is what finds them (and nothing of anyone else)."""
    return [c for c in engine.containers.list(all=True, sparse=True) if marker in (c.attrs.get("Command") or "")]


def sweep(engine, proc, build_marker=None):
    """On every path of a test: nbe ended, and what it made removed for it (by its pid label),
    with the containers of builds marked `build_marker`."""
    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.session import PID_LABEL, remove_labelled

    if proc.poll() is None:
        proc.kill()
        proc.communicate()
    for container in build_containers(engine, build_marker) if build_marker else []:
        container.remove(force=True)
    remove_labelled(connect(), {PID_LABEL: str(proc.pid)})


def test_ctrl_c_during_a_build_leaves_nothing(docker_nbe, engine, project):
    marker = f"nbe-test-{uuid.uuid4().hex}"
    dockerfile = project / "examples" / TARGET / "Dockerfile"
    dockerfile.write_text(f"ARG BASE_IMAGE\nFROM ${{BASE_IMAGE}}\nRUN sleep 60 # {marker}\n")
    proc = docker_nbe.popen(TARGET)
    try:
        _wait_until(lambda: build_containers(engine, marker))  # the build's RUN container is up
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        left = build_containers(engine, marker)
    finally:
        sweep(engine, proc, marker)
    assert proc.returncode == 130, out + err
    assert left == []


def test_ctrl_c_during_a_run_leaves_nothing(docker_nbe, engine, project):
    target = add_hostile(project, "hang", expected="started\n")
    assert docker_nbe(target, "--timeout", "1").returncode == 1  # builds the image first
    before, gone_before = nbe_made(engine), abandoned(engine)
    proc = docker_nbe.popen(target, "--timeout", "60")
    _wait_until(lambda: nbe_made(engine)[0] >= before[0] + 2)  # server and port containers
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, out + err
    assert not abandoned(engine) - gone_before


def test_clean_removes_what_a_killed_nbe_left_and_keeps_live_sessions(nbe, engine):
    dead = {"nbe.session": f"dead{uuid.uuid4().hex[:8]}", "nbe.pid": "999999999"}
    live = {"nbe.session": f"live{uuid.uuid4().hex[:8]}", "nbe.pid": str(os.getpid())}
    for labels in (dead, live):
        network = engine.networks.create(f"nbe-{labels['nbe.session']}-net", internal=True, labels=labels)
        engine.containers.create(PYTHON_IMAGE, "true", labels=labels, network=network.name)

    def left(labels):
        only = {"label": f"nbe.session={labels['nbe.session']}"}
        return len(engine.containers.list(all=True, sparse=True, filters=only)), len(engine.networks.list(filters=only))

    try:
        run = nbe("clean")
        assert run.returncode == 0, run.stderr
        assert f"kept session {live['nbe.session']}" in run.stdout
        assert left(dead) == (0, 0)  # other dead sessions on the engine may go too: count only ours
        assert left(live) == (1, 1)
    finally:
        from conformance.runtimes.docker.endpoint import connect
        from conformance.runtimes.docker.session import remove_labelled

        for labels in (dead, live):
            remove_labelled(connect(), labels)


def test_nbe_yaml_names_base_images_and_is_checked(nbe, engine, project):
    (project / "nbe.yaml").write_text(f"images:\n  python: {PYTHON_IMAGE}\n")
    run = nbe("run", TARGET, "--runtime", "docker")
    assert run.returncode == 0, run.stdout + run.stderr
    (project / "nbe.yaml").write_text("images:\n  python: [not, a, name]\n")
    bad = nbe("run", TARGET, "--runtime", "docker")
    assert bad.returncode == 2
    assert "nbe.yaml:2: images.python: expected text" in bad.stderr


def test_a_server_container_that_exits_fails_at_once_with_its_log(docker_nbe, engine):
    import io

    dockerfile = (f"FROM {PYTHON_IMAGE}\n"
                  'ENTRYPOINT ["sh", "-c", "echo fatal: the server cannot start, on purpose >&2; exit 3"]\n')
    engine.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag="nbe-test/dying-server:1", rm=True)
    try:
        run = docker_nbe(TARGET, "--server-image", "nbe-test/dying-server:1")
        assert run.returncode == 1, run.stdout
        assert "nats-server did not start" in run.stdout
        assert "exited before it was ready (exit code 3)" in run.stdout
        assert "fatal: the server cannot start, on purpose" in run.stdout
    finally:
        engine.images.remove("nbe-test/dying-server:1", force=True)


def test_output_that_is_not_utf8_is_compared_as_printed_not_lost(docker_nbe, project):
    # Docker's log keeps such bytes as U+FFFD: held against it byte for byte, the stream looked cut
    target = add_hostile(project, "non_utf8")
    run = docker_nbe(target)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"FAIL    {target}" in run.stdout and "stream lost" not in run.stdout
    assert "+ok \\xff\\xfe caf\\xe9 \\x07bell" in run.stdout
