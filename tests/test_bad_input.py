"""Every bad input gets a clear message, a defined exit code, no leftovers (checked by the
`nbe` fixture after each test) and unchanged expected files."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import add_hostile, snapshot

TARGET = "messaging/request-reply/python"


HOSTILE = {"exit_nonzero": "ok\n", "hang": "started\n", "flood": "ok\n", "non_utf8": "ok\n", "reads_stdin": "ok\n"}


@pytest.fixture
def hostile(project):
    """Every hostile port added to the project, as targets by name."""
    return {name: add_hostile(project, name, expected) for name, expected in HOSTILE.items()}


@pytest.fixture
def unchanged(project):
    before = snapshot(project)
    yield
    assert snapshot(project) == before


@pytest.mark.usefixtures("unchanged")
class TestTargets:
    def test_unknown_target_suggests_the_closest_names(self, nbe):
        run = nbe("run", "messaging/request-replay/python")
        assert run.returncode == 2
        assert "unknown target 'messaging/request-replay/python'" in run.stderr
        assert f"did you mean: {TARGET}" in run.stderr

    @pytest.mark.parametrize("target", ["../messaging/request-reply/python", "messaging/../../etc",
                                        "/etc/passwd", "messaging/./request-reply"])
    def test_escaping_names_are_refused(self, nbe, target):
        run = nbe("run", target)
        assert run.returncode == 2
        assert "refused" in run.stderr or "absolute path" in run.stderr

    def test_a_port_linking_out_of_the_tree_is_refused(self, nbe, project, tmp_path):
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "main.py").write_text("print('escaped')\n")
        os.symlink(outside, project / "examples/messaging/request-reply/evil")
        run = nbe("run", "messaging/request-reply/evil")
        assert run.returncode == 2
        assert "links out of the examples tree" in run.stderr


@pytest.mark.usefixtures("unchanged")
class TestMetaYaml:
    def write_meta(self, project, text):
        (project / "examples/messaging/request-reply/meta.yaml").write_text(text)

    def test_malformed_yaml_names_file_and_line(self, nbe, project):
        self.write_meta(project, "title: Request-Reply\ntimeout: 20\ncompare: [unclosed\n")
        run = nbe("run", TARGET)
        assert run.returncode == 2
        assert "examples/messaging/request-reply/meta.yaml:4: malformed YAML" in run.stderr

    def test_a_wrongly_typed_value_names_file_and_line(self, nbe, project):
        self.write_meta(project, "title: Request-Reply\n\ntimeout: soon\n")
        run = nbe("run", TARGET)
        assert run.returncode == 2
        assert "meta.yaml:3: timeout: expected a positive number" in run.stderr

    def test_an_unknown_key_is_refused(self, nbe, project):
        self.write_meta(project, "title: Request-Reply\ntimeot: 20\n")
        run = nbe("run", TARGET)
        assert run.returncode == 2
        assert "meta.yaml:2: timeot: unknown key" in run.stderr

    def test_a_rule_with_an_invalid_regex_is_refused(self, nbe, project):
        self.write_meta(project, "title: Request-Reply\ncompare:\n  rules:\n    - pattern: 'hello, ('\n")
        run = nbe("run", TARGET)
        assert run.returncode == 2
        assert "meta.yaml:4: compare.rules[0].pattern: invalid regular expression 'hello, ('" in run.stderr

    def test_a_rule_with_a_bad_group_reference_is_refused(self, nbe, project):
        self.write_meta(project, "title: R\ncompare:\n  rules:\n    - pattern: 'a(b)'\n      replace: '\\2'\n")
        run = nbe("run", TARGET)
        assert run.returncode == 2
        assert "meta.yaml:5: compare.rules[0].replace: invalid replacement" in run.stderr

    def test_a_wire_order_nbe_does_not_know_is_refused_with_its_line(self, nbe, project):
        self.write_meta(project, "title: R\ncompare:\n  wire:\n    order: sideways\n")
        run = nbe("run", TARGET)
        assert run.returncode == 2
        assert "meta.yaml:4: compare.wire.order: expected 'given' or 'connection', got 'sideways'" in run.stderr

    def test_a_missing_meta_yaml_gives_the_defaults_and_a_title_from_the_folder(self, nbe, project):
        (project / "examples/messaging/request-reply/meta.yaml").unlink()
        run = nbe("list", TARGET)
        assert run.returncode == 0, run.stderr
        assert "messaging/request-reply: Request Reply" in run.stdout


@pytest.mark.usefixtures("hostile", "unchanged")
class TestHostilePorts:
    def test_a_port_exiting_non_zero_is_an_error_with_code_and_stderr(self, nbe, project, hostile):
        target = hostile["exit_nonzero"]
        run = nbe("run", target, "--runtime", "local")
        assert run.returncode == 1
        assert f"ERROR   {target}" in run.stdout
        assert "exited with code 3" in run.stdout
        assert "something went wrong in the port" in run.stdout

    def test_a_hanging_port_and_its_children_are_killed_at_the_timeout(self, nbe, project, hostile):
        target = hostile["hang"]
        run = nbe("run", target, "--runtime", "local", "--timeout", "1.5")
        assert run.returncode == 1
        assert f"TIMEOUT {target}" in run.stdout
        assert "killed after 1.5s" in run.stdout
        # the fixture asserts that neither the port nor its child is still running

    def test_a_flood_on_stdout_is_capped_and_memory_stays_flat(self, nbe, project, hostile, tmp_path):
        target = hostile["flood"]
        report = tmp_path / "report.txt"
        with report.open("wb") as out:
            proc = subprocess.Popen(nbe.argv("run", target, "--runtime", "local"), env=nbe.env(),
                                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
        text = report.read_text()
        assert os.waitstatus_to_exitcode(status) == 1, text
        assert f"FAIL    {target}" in text
        assert "stdout passed the 1024 KiB cap; the port was stopped" in text
        assert "more diff lines" in text  # the report is capped too
        assert usage.ru_maxrss < 150 * 1024, f"nbe peaked at {usage.ru_maxrss} KiB"
        actual = project / "expected/hostile/flood/python.actual"
        assert actual.stat().st_size <= 1024 * 1024 + 1024

    def test_non_utf8_output_is_shown_safely_and_fails(self, nbe, project, hostile):
        target = hostile["non_utf8"]
        run = nbe("run", target, "--runtime", "local")
        assert run.returncode == 1
        assert f"FAIL    {target}" in run.stdout
        assert "+ok \\xff\\xfe caf\\xe9 \\x07bell" in run.stdout
        assert "\x07" not in run.stdout

    def test_a_port_reading_stdin_gets_eof(self, nbe, project, hostile):
        target = hostile["reads_stdin"]
        run = nbe("run", target, "--runtime", "local", "--timeout", "20")
        assert run.returncode == 0, run.stdout
        assert f"PASS    {target}" in run.stdout


@pytest.mark.usefixtures("unchanged")
class TestServer:
    def test_a_missing_nats_server_binary_is_a_clear_error(self, nbe, tmp_path):
        run = nbe("run", TARGET, "--runtime", "local", NBE_NATS_SERVER=str(tmp_path / "no-such-nats-server"))
        assert run.returncode == 1
        assert f"ERROR   {TARGET}" in run.stdout
        assert "nats-server not found: NBE_NATS_SERVER=" in run.stdout

    def test_a_server_that_dies_at_start_fails_at_once_with_its_log(self, nbe, tmp_path):
        fake = tmp_path / "dying-server"
        fake.write_text("#!/bin/sh\necho 'fatal: cannot start, on purpose' >&2\nexit 7\n")
        fake.chmod(0o755)
        run = nbe("run", TARGET, "--runtime", "local", NBE_NATS_SERVER=str(fake))
        assert run.returncode == 1
        assert "nats-server did not start" in run.stdout
        assert "exited before it was ready (exit code 7)" in run.stdout
        assert "fatal: cannot start, on purpose" in run.stdout


def test_a_folder_without_its_entry_file_is_not_a_port_and_is_skipped_saying_so(nbe, project):
    (project / "examples/messaging/request-reply/python/main.py").rename(
        project / "examples/messaging/request-reply/python/app.py")
    run = nbe("run", TARGET, "--runtime", "local")
    assert run.returncode == 0, run.stdout
    assert f"SKIP    {TARGET}" in run.stdout
    assert "not a port: it has no main.py (the python entry file)" in run.stdout


def test_a_file_nbe_rewrites_keeps_its_mode_and_a_new_one_gets_the_usual_mode(tmp_path):
    import stat

    from conformance.atomic import write_atomically

    kept = tmp_path / "output.txt"
    kept.write_text("old\n")
    kept.chmod(0o664)
    write_atomically(kept, "new\n")
    assert (kept.read_text(), stat.S_IMODE(kept.stat().st_mode)) == ("new\n", 0o664)
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "page.html"
    write_atomically(fresh, "<p>")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
