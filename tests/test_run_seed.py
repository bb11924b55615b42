"""The seed example, end to end on the local runtime, with the real nats-server and nats-py."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, snapshot

TARGET = "messaging/request-reply/python"
EXPECTED = Path("expected/messaging/request-reply/output.txt")


def test_the_seed_port_passes(nbe):
    run = nbe("run", TARGET, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {TARGET}" in run.stdout
    assert "runtime local (--runtime local)" in run.stdout
    assert "rule fired" not in run.stdout  # byte for byte, no rule at all


def test_the_expected_output_is_the_seed_output_verbatim():
    assert (REPO / EXPECTED).read_bytes() == b"b'hello, joe'\nb'hello, sue'\nb'hello, bob'\nno responders\n"


def test_prefix_and_empty_target_select_the_port(nbe):
    for args in (["messaging/request-reply"], ["messaging/"], []):
        run = nbe("run", *args, "--runtime", "local")
        assert run.returncode == 0, run.stdout + run.stderr
        assert TARGET in run.stdout


def test_one_changed_expected_line_fails_with_that_line_in_the_diff(nbe, project):
    expected = project / EXPECTED
    expected.write_text(expected.read_text().replace("hello, sue", "hello, sam"))
    before = snapshot(project)
    run = nbe("run", TARGET, "--runtime", "local")
    assert run.returncode == 1
    assert f"FAIL    {TARGET}" in run.stdout
    assert "-b'hello, sam'" in run.stdout and "+b'hello, sue'" in run.stdout
    assert "-b'hello, joe'" not in run.stdout  # only the differing line is marked
    actual = project / "expected/messaging/request-reply/python.actual"
    assert actual.read_text() == (REPO / EXPECTED).read_text()
    assert snapshot(project) == before


def test_update_records_the_actual_output_and_the_next_run_passes(nbe, project):
    expected = project / EXPECTED
    expected.write_text("stale\n")
    run = nbe("run", TARGET, "--runtime", "local", "--update")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "updated expected/messaging/request-reply/output.txt" in run.stdout
    assert expected.read_bytes() == (REPO / EXPECTED).read_bytes()
    assert not (project / "expected/messaging/request-reply/python.actual").exists()
    assert nbe("run", TARGET, "--runtime", "local").returncode == 0


def test_update_is_refused_under_ci(nbe, project):
    before = snapshot(project)
    run = nbe("run", TARGET, "--update", CI="true")
    assert run.returncode == 2
    assert "CI=true" in run.stderr
    assert snapshot(project) == before


def test_missing_expected_file_is_an_error_with_a_hint(nbe, project):
    (project / EXPECTED).unlink()
    run = nbe("run", TARGET, "--runtime", "local")
    assert run.returncode == 1
    assert f"ERROR   {TARGET}" in run.stdout
    assert "expected file missing: expected/messaging/request-reply/output.txt" in run.stdout
    assert f"nbe run {TARGET} --update" in run.stdout
    assert not (project / EXPECTED).exists()


def test_wildcards_in_the_expected_file_match_and_survive_update(nbe, project):
    expected = project / EXPECTED
    expected.write_text("b'hello, [..]'\n...\nno responders\n")
    assert nbe("run", TARGET, "--runtime", "local").returncode == 0
    expected.write_text("b'hello, [..]'\n...\nno responder\n")
    run = nbe("run", TARGET, "--runtime", "local")
    assert run.returncode == 1
    assert "    -no responder\n" in run.stdout and "    +no responders\n" in run.stdout
    assert nbe("run", TARGET, "--runtime", "local", "--update").returncode == 0
    assert expected.read_text() == "b'hello, [..]'\n...\nno responders\n"


def test_a_language_override_file_wins_and_is_reported(nbe, project):
    override = project / "expected/messaging/request-reply/python.txt"
    override.write_text((project / EXPECTED).read_text())
    (project / EXPECTED).write_text("something else\n")
    run = nbe("run", TARGET, "--runtime", "local")
    assert run.returncode == 0, run.stdout
    assert "compared with the override expected/messaging/request-reply/python.txt" in run.stdout


def test_rules_rewrite_the_actual_output_and_are_shown(nbe, project):
    meta = project / "examples/messaging/request-reply/meta.yaml"
    meta.write_text(
        "title: Request-Reply\n"
        "compare:\n  rules:\n"
        "    - description: names are redacted\n"
        "      pattern: \"hello, \\\\w+\"\n"
        "      replace: hello, NAME\n"
        "      languages: [python]\n"
        "    - description: a rule for another language never fires here\n"
        "      pattern: responders\n"
        "      replace: nobody\n"
        "      languages: [go]\n")
    (project / EXPECTED).write_text("b'hello, NAME'\n" * 3 + "no responders\n")
    run = nbe("run", TARGET, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "rule fired 3 times: names are redacted" in run.stdout
    assert "another language" not in run.stdout


def test_list_shows_examples_ports_and_whether_they_run_here(nbe):
    run = nbe("list")
    assert run.returncode == 0, run.stderr
    assert "messaging/request-reply: Request-Reply" in run.stdout
    row = next(line for line in run.stdout.splitlines() if line.strip().startswith(TARGET))
    assert row.split()[1:4] == ["python", "local:", "yes"]
