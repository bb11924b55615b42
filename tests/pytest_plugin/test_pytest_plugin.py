"""`pytest --nbe`: nbe's checks as pytest items, run through pytest's own `pytester` in a fresh
pytest process each time, against real ports, a real nats-server per check, real xdist workers
and the real Docker engine; nothing may be left running or on disk."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import REPO, add_hostile, as_from_a_terminal, copy_seed, marked_processes

pytest_plugins = ["pytester"]

SEED = "messaging/request-reply/python"


class Project:
    """A throwaway nbe project in the pytester folder, and pytest --nbe run over it."""

    def __init__(self, pytester: pytest.Pytester, tmp: Path, marker: str) -> None:
        self.pytester = pytester
        self.root = pytester.path / "project"
        self.tmp = tmp
        self.marker = marker
        self.root.mkdir()
        copy_seed(self.root)

    def port(self, name: str, source: str, expected: str, known: tuple[str, str] | None = None,
             timeout: float = 20) -> str:
        """hostile/<name>/python running tests/ports/<source>.py; `known`: a meta.yaml entry."""
        add_hostile(self.root, source, expected=expected, timeout=timeout)
        for tree in ("examples", "expected"):
            shutil.move(self.root / tree / "hostile" / source, self.root / tree / "hostile" / name)
        if known:
            meta = self.root / "examples" / "hostile" / name / "meta.yaml"
            meta.write_text(meta.read_text() + f"languages:\n  python:\n    {known[0]}: {known[1]}\n")
        return f"hostile/{name}/python"

    def args(self, *args: str) -> list[str]:
        # one token each: xdist rewrites a separate argument that is an existing path
        return ["--nbe", f"--nbe-root={self.root}", "--nbe-runtime=local", *args]

    def run(self, *args: str) -> pytest.RunResult:
        return self.pytester.runpytest_subprocess(*self.args(*args), timeout=240)

    def leftovers(self) -> list[str]:
        return ([f"process {pid}: {cmd}" for pid, cmd in marked_processes(self.marker)]
                + [f"temp entry {p.name}" for p in self.tmp.iterdir()])


@pytest.fixture
def project(pytester: pytest.Pytester, tmp_path: Path, nbe_cache: Path, monkeypatch: pytest.MonkeyPatch):
    """Every process the inner pytest starts carries a marker, and nbe's temp goes to a folder
    of the test's own: both must be empty at the end."""
    tmp = tmp_path / "nbe-tmp"
    tmp.mkdir()
    marker = uuid.uuid4().hex
    for name in ("CI", "NBE_RUNTIME", "NBE_ROOT", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setenv("NBE_TEST_MARKER", marker)
    monkeypatch.setenv("NBE_CACHE_DIR", str(nbe_cache))
    monkeypatch.setenv("NO_COLOR", "1")
    made = Project(pytester, tmp, marker)
    yield made
    left = wait_for_no_leftovers(made)
    for pid, _ in marked_processes(marker):
        os.kill(pid, signal.SIGKILL)
    assert not left, f"pytest --nbe left things behind: {left}"


def wait_for_no_leftovers(project: Project, deadline: float = 30.0) -> list[str]:
    """A killed worker's lifeline keeper sweeps after it died: wait for it, up to a limit."""
    end = time.monotonic() + deadline
    while (left := project.leftovers()) and time.monotonic() < end:
        time.sleep(0.05)
    return left


def test_a_pass_a_fail_with_its_diff_an_xfail_and_a_skip(project):
    failing = project.port("differs", "env_url", expected="connected False\n")
    project.port("known", "env_url", expected="not what it prints\n", known=("xfail", "the client lacks it"))
    project.port("skipped", "env_url", expected="connected True\n", known=("skip", "needs a license"))
    result = project.run("-rA")
    result.assert_outcomes(passed=1, failed=1, xfailed=1, skipped=1)
    out = result.stdout.str()
    result.stdout.fnmatch_lines([
        f"FAIL    {failing}  (*s)  output differs from expected/hostile/differs/output.txt  ?content drift?",
        "    --- expected/hostile/differs/output.txt",
        f"    +++ actual output of {failing}",
        "    -connected False",
        "    +connected True",
    ])
    assert "Traceback" not in out and "CheckFailed" not in out, out  # nbe's words, no Python frames
    result.stdout.fnmatch_lines([
        f"PASSED {SEED}",
        "SKIPPED [[]1[]] *examples/hostile/skipped/python*: skipped in meta.yaml: needs a license",
        "XFAIL hostile/known/python - known failure: the client lacks it (fail: output differs *)",
        f"FAILED {failing} - fail: output differs*",
    ], consecutive=False)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_known_failure_that_passes_fails_as_a_strict_xpass(project):
    target = project.port("fixed", "env_url", expected="connected True\n", known=("xfail", "was broken"))
    result = project.run(target)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"_*_ {target} _*_",
                                 "[[]XPASS(strict)[]] listed in meta.yaml as a known failure but passed; "
                                 "remove it from meta.yaml (was broken)"])


def test_a_timeout_and_an_error_read_as_in_the_cli(project):
    hang = project.port("hangs", "hang", expected="started\n")
    crash = project.port("crashes", "exit_nonzero", expected="ok\n")
    result = project.run("--nbe-timeout=3", "hostile")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([f"ERROR   {crash}  (*s)  the port exited with code 3  ?the port itself failed when run?",
                                 "    stderr (last lines):",
                                 f"TIMEOUT {hang}  (*s)  killed after 3s*"], consecutive=False)


def test_targets_k_m_and_last_failed_select_checks(project):
    failing = project.port("differs", "env_url", expected="connected False\n")
    project.port("agrees", "env_url", expected="connected True\n")
    ran = project.run("hostile", "-v")  # a target prefix, as `nbe run hostile`
    ran.assert_outcomes(passed=1, failed=1)
    assert SEED not in ran.stdout.str()
    only_failed = project.run("--lf", "-v")
    only_failed.assert_outcomes(failed=1, deselected=2)
    only_failed.stdout.fnmatch_lines([f"{failing} FAILED*"])
    by_keyword = project.run("-k", "agrees", "-v")
    by_keyword.assert_outcomes(passed=1, deselected=2)
    by_marker = project.run("-m", "language_python and runtime_local", "-v")
    by_marker.assert_outcomes(passed=2, failed=1)
    none_of_them = project.run("-m", "language_go")
    none_of_them.assert_outcomes(deselected=3)


def test_k_python_and_m_language_select_by_language(project):
    shutil.copytree(REPO / "examples" / "messaging" / "request-reply" / "go",
                    project.root / "examples" / "messaging" / "request-reply" / "go")
    everything = project.run("--collect-only", "-q")
    everything.stdout.fnmatch_lines(["messaging/request-reply/go", SEED, "2 tests collected*"])
    by_keyword = project.run("--collect-only", "-q", "-k", "python")
    by_keyword.stdout.fnmatch_lines([SEED, "1/2 tests collected (1 deselected)*"])
    by_marker = project.run("--collect-only", "-q", "-m", "language_go and runtime_local")
    by_marker.stdout.fnmatch_lines(["messaging/request-reply/go", "1/2 tests collected (1 deselected)*"])


@pytest.mark.parametrize(("flag", "message"), [("--nbe-image=python", "--nbe-image 'python': expected LANG=REF*"),
                                               ("--nbe-timeout=0", "--nbe-timeout 0.0: must be more than 0")])
def test_a_malformed_flag_is_a_usage_error_in_the_plugins_words(project, flag, message):
    result = project.run(flag)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*nbe: {message}"])


def test_an_unknown_target_is_a_usage_error_naming_close_ones(project):
    result = project.run("messaging/request-replay")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*nbe: unknown target 'messaging/request-replay'; "
                                 "did you mean: messaging/request-reply*"])


def test_docker_asked_for_with_no_engine_stops_at_collection_naming_the_endpoint(project, monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    args = [arg for arg in project.args() if arg != "--nbe-runtime=local"]
    result = project.pytester.runpytest_subprocess(*args, "--nbe-runtime=docker", SEED)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["nbe: --nbe-runtime docker: no Docker engine answered at "
                                 "unix:///nonexistent/docker.sock (DOCKER_HOST)*or use --nbe-runtime local",
                                 "*1 error*"], consecutive=False)


def test_without_nbe_the_plugin_collects_nothing_and_imports_nothing_heavy(pytester):
    pytester.makepyfile(test_plain="""
        import sys

        def test_untouched(request):
            assert request.config.pluginmanager.has_plugin("nbe")  # loaded through its entry point
            assert not request.config.pluginmanager.has_plugin("nbe-checks")
            assert "docker" not in sys.modules and "conformance.pytest_plugin.checks" not in sys.modules
    """)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)


def test_two_xdist_workers_run_checks_at_once_each_with_its_own_server(project, tmp_path, monkeypatch):
    # The two ports wait for each other (up to 30 s) before publishing: with a 20 s timeout
    # they pass only if they ran at the same time, and only if neither saw the other's messages.
    first = project.port("first", "isolation", expected="foreign messages: 0\n")
    second = project.port("second", "isolation", expected="foreign messages: 0\n")
    monkeypatch.setenv("RENDEZVOUS", str(tmp_path / "rendezvous"))
    result = project.run("-n", "2", "-v", "hostile")
    result.assert_outcomes(passed=2)
    ran_on = {line.split()[-1]: line.split("]", 1)[0].lstrip("[") for line in result.stdout.lines
              if line.startswith("[gw") and "PASSED" in line}  # they finish in either order
    assert ran_on.keys() == {first, second} and set(ran_on.values()) == {"gw0", "gw1"}, result.stdout.str()


def _wait_for_hanging_port(project: Project, proc: subprocess.Popen[bytes]) -> list[int]:
    deadline = time.monotonic() + 60
    while not (hanging := [pid for pid, cmd in marked_processes(project.marker) if "time.sleep(3600)" in cmd]):
        assert time.monotonic() < deadline and proc.poll() is None, "the hanging port never started"
        time.sleep(0.05)
    return hanging


def test_ctrl_c_mid_check_stops_the_check_and_leaves_the_runtime(project):
    target = project.port("hangs", "hang", expected="started\n")
    proc = subprocess.Popen([sys.executable, "-m", "pytest", *project.args(target, "--nbe-timeout=120")],
                            cwd=project.pytester.path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=as_from_a_terminal)
    _wait_for_hanging_port(project, proc)
    assert any("nats-server" in cmd for _, cmd in marked_processes(project.marker))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    text = out.decode() + err.decode()
    assert proc.returncode == pytest.ExitCode.INTERRUPTED, text
    assert "KeyboardInterrupt" in text and "INTERNALERROR" not in text, text
    # the project fixture asserts that no server, port or temp folder is left


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _worker_of(pid: int, controller: int) -> int:
    """The xdist worker (a child of the controller) that a process runs under."""
    while _parent(pid) != controller:
        pid = _parent(pid)
        assert pid > 1, "the process runs under no worker of this pytest"
    return pid


def test_a_worker_killed_mid_check_leaves_no_server_port_or_temp_dir(project):
    target = project.port("hangs", "hang", expected="started\n")
    project.port("agrees", "env_url", expected="connected True\n")
    proc = subprocess.Popen([sys.executable, "-m", "pytest", *project.args("-n", "2", "hostile", "--nbe-timeout=120")],
                            cwd=project.pytester.path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    hanging = _wait_for_hanging_port(project, proc)
    running = [cmd for _, cmd in marked_processes(project.marker)]
    assert any("nats-server" in cmd for cmd in running), running
    assert any(entry.name.startswith("nbe-") for entry in project.tmp.iterdir())  # the worker's run folder
    os.kill(_worker_of(hanging[0], proc.pid), signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    text = out.decode() + err.decode()
    assert proc.returncode == pytest.ExitCode.TESTS_FAILED, text
    assert "worker 'gw" in text and "crashed while running" in text and target in text, text
    # the project fixture waits for the killed worker's keeper, then asserts nothing is left


def test_workers_through_xdist_gateways_in_another_folder(project, tmp_path):
    """What a remote worker does, on one machine: a gateway that starts in a folder of its own
    (so xdist rewrites the arguments against its roots) and finds the project by --nbe-root."""
    elsewhere = tmp_path / "worker-home"
    elsewhere.mkdir()
    project.port("agrees", "env_url", expected="connected True\n")
    result = project.run("--dist=load", "--tx", f"2*popen//chdir={elsewhere}", "-v", "hostile", SEED)
    result.assert_outcomes(passed=2)
    assert "[gw0]" in result.stdout.str() and "[gw1]" in result.stdout.str()


def test_a_worker_behind_an_execnet_socket_server_as_on_another_machine(project, tmp_path):
    """A worker that xdist does not start itself: a socket gateway to a server (what would run on
    the other machine) with a folder, Python path and installed nbe of its own."""
    import execnet.script.socketserver as server_script

    home = tmp_path / "remote-home"
    home.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    server = subprocess.Popen([sys.executable, server_script.__file__, address], cwd=home, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert server.stdout is not None and b"Entering Accept loop" in server.stdout.readline()
        project.port("agrees", "env_url", expected="connected True\n")
        result = project.run("--dist=load", "--tx", f"socket={address}", "-v", "hostile")
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(["*[[]gw0[]]*PASSED hostile/agrees/python*"])
        assert (home / "pyexecnetcache").is_dir()  # the worker ran in the server's own folder
    finally:
        server.kill()
        server.communicate()


def test_the_docker_runtime_runs_a_check_in_a_container(project):
    from test_docker import PYTHON_IMAGE, _engine_or_skip, abandoned

    engine = _engine_or_skip()
    before = abandoned(engine)
    failing = project.port("differs", "env_url", expected="connected False\n")
    args = [arg for arg in project.args() if arg != "--nbe-runtime=local"]
    result = project.pytester.runpytest_subprocess(*args, "--nbe-runtime=docker", f"--nbe-image=python={PYTHON_IMAGE}",
                                                   "-v", failing, timeout=600)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["nbe: runtime docker (--nbe-runtime docker)", f"FAIL    {failing}  (*s)  *",
                                 "    +connected True"], consecutive=False)
    assert not abandoned(engine) - before, "containers were left behind"


def test_a_docker_worker_killed_mid_check_leaves_no_container(project):
    """The killed worker cannot remove its containers: xdist's controller does, by its pid."""
    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.session import PID_LABEL, remove_labelled
    from test_docker import PYTHON_IMAGE, _engine_or_skip

    engine = _engine_or_skip()
    target = project.port("hangs", "hang", expected="started\n")
    args = [arg for arg in project.args() if arg != "--nbe-runtime=local"]
    proc = subprocess.Popen([sys.executable, "-m", "pytest", *args, "--nbe-runtime=docker",
                             f"--nbe-image=python={PYTHON_IMAGE}", "-n", "2", "--nbe-timeout=300", target],
                            cwd=project.pytester.path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    workers: list[str] = []
    try:
        deadline = time.monotonic() + 300  # a cold build of the port's image
        while not (running := _port_containers_of_children(engine, proc.pid, b"started")):
            assert time.monotonic() < deadline and proc.poll() is None, "the hanging port never ran"
            time.sleep(0.2)
        workers = [running[0]]
        os.kill(int(running[0]), signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
        text = out.decode() + err.decode()
        assert proc.returncode == pytest.ExitCode.TESTS_FAILED, text
        assert "crashed while running" in text, text
        left = engine.containers.list(all=True, sparse=True, filters={"label": f"{PID_LABEL}={running[0]}"})
        assert left == [], f"the killed worker's containers were left: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        for pid in workers:
            remove_labelled(connect(), {PID_LABEL: pid})


def _port_containers_of_children(engine, parent: int, printed: bytes) -> list[str]:
    """The pids of the parent's children whose running port container has printed `printed`."""
    found = []
    for container in engine.containers.list(sparse=True, filters={"label": "nbe.pid", "name": "-port"}):
        pid = (container.attrs.get("Labels") or {}).get("nbe.pid", "")
        if pid.isdigit() and Path(f"/proc/{pid}").exists() and _parent(int(pid)) == parent \
                and printed in container.logs(stdout=True, stderr=False):
            found.append(pid)
    return found


def test_sigterm_mid_check_in_docker_stops_the_session_and_removes_its_containers(project):
    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.session import PID_LABEL, remove_labelled
    from test_docker import PYTHON_IMAGE, _engine_or_skip

    engine = _engine_or_skip()
    target = project.port("hangs", "hang", expected="started\n")
    args = [arg for arg in project.args() if arg != "--nbe-runtime=local"]
    proc = subprocess.Popen([sys.executable, "-m", "pytest", *args, "--nbe-runtime=docker",
                             f"--nbe-image=python={PYTHON_IMAGE}", "--nbe-timeout=300", target],
                            cwd=project.pytester.path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300  # a cold build of the port's image
        while not _port_containers_of(engine, str(proc.pid), b"started"):
            assert time.monotonic() < deadline and proc.poll() is None, "the hanging port never ran"
            time.sleep(0.2)
        proc.terminate()
        out, err = proc.communicate(timeout=120)
        text = out.decode() + err.decode()
        assert proc.returncode == pytest.ExitCode.INTERRUPTED, text
        assert "KeyboardInterrupt" in text and "INTERNALERROR" not in text, text
        left = engine.containers.list(all=True, sparse=True, filters={"label": f"{PID_LABEL}={proc.pid}"})
        assert left == [], f"containers were left: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        remove_labelled(connect(), {PID_LABEL: str(proc.pid)})


def _port_containers_of(engine, pid: str, printed: bytes) -> list[object]:
    return [container for container in engine.containers.list(sparse=True, filters={"label": f"nbe.pid={pid}",
                                                                                    "name": "-port"})
            if printed in container.logs(stdout=True, stderr=False)]


def test_nbe_wire_judges_the_seed_on_the_wire_and_fails_a_port_that_only_prints(project):
    passed = project.run(SEED, "--nbe-wire", "-rA")
    passed.assert_outcomes(passed=1)
    (project.root / "examples" / SEED / "main.py").write_text(
        "for line in (\"b'hello, joe'\", \"b'hello, sue'\", \"b'hello, bob'\", 'no responders'):\n    print(line)\n")
    assert project.run(SEED).ret == pytest.ExitCode.OK  # stdout alone cannot tell
    failed = project.run(SEED, "--nbe-wire")
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines([f"FAIL    {SEED}  (*s)  wire: differs from expected/messaging/request-reply/wire.txt*",
                                 '    -c1 > PUB greet.joe _INBOX.1.2 ""'], consecutive=False)


def _twin(project: Project, example: str, prints: str) -> str:
    """A second port of hostile/<example> that prints `prints`: Python too, under a language of the
    project's own (`like: python`), so the two share the example's expected file."""
    twin = project.root / "languages" / "twin"
    (twin / "template").mkdir(parents=True, exist_ok=True)
    (twin / "language.yaml").write_text("like: python\n")
    port = project.root / "examples" / "hostile" / example / "twin"
    port.mkdir()
    (port / "main.py").write_text(f"print({prints!r})\n")
    return f"hostile/{example}/twin"


def test_nbe_update_writes_a_shared_file_once_every_port_sharing_it_printed_the_same(project):
    port = project.port("differs", "env_url", expected="connected False\n")
    twin = _twin(project, "differs", "connected True")
    expected = project.root / "expected" / "hostile" / "differs" / "output.txt"
    result = project.run("--nbe-update", "hostile", "-v")
    result.assert_outcomes(passed=2)
    assert expected.read_text() == "connected True\n"
    result.stdout.fnmatch_lines(["*- nbe --nbe-update -*",
                                 f"{port}: updated expected/hostile/differs/output.txt",
                                 f"{twin}: updated expected/hostile/differs/output.txt"])
    again = project.run("--nbe-update", "hostile")
    again.assert_outcomes(passed=2)
    again.stdout.fnmatch_lines(["*- nbe --nbe-update -*", "nothing written"])
    project.run("hostile").assert_outcomes(passed=2)


def test_nbe_update_writes_nothing_when_the_ports_disagree_or_one_was_not_selected(project):
    port = project.port("differs", "env_url", expected="connected False\n")
    twin = _twin(project, "differs", "connected maybe")
    expected = project.root / "expected" / "hostile" / "differs" / "output.txt"
    disagree = project.run("--nbe-update", "hostile")
    disagree.assert_outcomes(failed=2)
    assert ("update conflict: 2 ports print 2 different outputs for expected/hostile/differs/output.txt"
            in disagree.stdout.str())
    disagree.stdout.fnmatch_lines([f"FAILED {port} - error: update conflict*",
                                   f"FAILED {twin} - error: update conflict*"], consecutive=False)
    assert expected.read_text() == "connected False\n"
    alone = project.run("--nbe-update", "hostile", "-k", "python")
    alone.assert_outcomes(failed=1, deselected=1)
    alone.stdout.fnmatch_lines([
        f"ERROR   {port}  (*s)  not updated: expected/hostile/differs/output.txt is shared with 1 port "
        f"not checked in this run ({twin})*",
        "    to change it for every port: pytest --nbe hostile/differs --nbe-update (every port that can run here "
        "must print the same); for one language alone: pytest --nbe hostile/differs/<language> --nbe-update "
        "--nbe-override*"])
    assert expected.read_text() == "connected False\n"


@pytest.mark.parametrize(("args", "env", "message"), [
    (("-n", "2"), {}, "--nbe-update runs the ports of an example in one pytest process*not with pytest-xdist*"),
    ((), {"CI": "true"}, "--nbe-update is refused when CI=true: expected files are recorded by people, not by CI"),
    (("--nbe-server-version=2.12.8,2.15.1",), {},
     "--nbe-update records one output per port: choose one server, not a matrix of 2 (2.12.8, 2.15.1)"),
], ids=["xdist", "ci", "matrix"])
def test_nbe_update_is_refused_where_nbe_run_update_is_and_under_xdist(project, monkeypatch, args, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = project.run("--nbe-update", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    result.stderr.fnmatch_lines([f"*nbe: {message}"])


def test_nbe_override_writes_the_languages_own_file_as_the_hint_for_one_language_says(project):
    port = project.port("differs", "env_url", expected="connected False\n")
    twin = _twin(project, "differs", "connected maybe")
    shared = project.root / "expected" / "hostile" / "differs" / "output.txt"
    result = project.run("--nbe-update", "--nbe-override", port)
    result.assert_outcomes(passed=1)
    assert (project.root / "expected" / "hostile" / "differs" / "python.txt").read_text() == "connected True\n"
    assert shared.read_text() == "connected False\n"
    project.run(port, twin).assert_outcomes(passed=1, failed=1)


@pytest.mark.parametrize("flag", ["--nbe-override", "--nbe-record"])
def test_override_and_record_need_nbe_update_in_the_plugins_words(project, flag):
    result = project.run(flag)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    result.stderr.fnmatch_lines([f"*nbe: {flag} needs --nbe-update*(pytest --nbe <category>/<example>/<language> "
                                 f"--nbe-update {flag})"])


def test_a_hint_names_the_plugins_flags_and_command(project):
    port = project.port("differs", "env_url", expected="connected False\n")
    result = project.run(port)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"    to accept it: pytest --nbe {port} --nbe-update"])
    assert "nbe run" not in result.stdout.str() and "--update" not in result.stdout.str().replace("--nbe-update", "")


def test_nbe_server_version_makes_one_item_per_server_each_against_that_server(project):
    port = project.port("versions", "server_version", expected="server 2.12.8\n")
    result = project.run("--nbe-server-version=2.12.8,2.15.1", port, "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([f"{port} [[]server 2.12.8[]] PASSED*", f"{port} [[]server 2.15.1[]] FAILED*",
                                 "    +server 2.15.1"], consecutive=False)


def test_nbe_cluster_runs_a_single_server_example_on_three_servers(project):
    port = project.port("clustered", "cluster_r3", timeout=60, expected=(
        "servers 3\nconnected to 3 distinct servers\nreplicas 3 placed on 3\norder 0\norder 1\norder 2\n"))
    single = project.run(port)
    single.assert_outcomes(failed=1)
    assert "expected three servers in NATS_URL" in single.stdout.str()
    project.run(port, "--nbe-cluster").assert_outcomes(passed=1)
