"""A project adds a language with no change to nbe: a folder under languages/ at its root.
Its build runs once per port input, so a warm check never rebuilds."""

from __future__ import annotations

import re
import uuid

TOY_LANGUAGE = """\
entry: main.sh
probe: ["sh", "-c", "echo toy 1.0"]
build:
  - ["sh", "-c", "echo built >> {cache}/builds.log && cp main.sh port.sh"]
run: ["sh", "port.sh"]
env:
  TOY_GREETING: "hello from {src}"
image_inputs: ["*.sh"]
install: "a POSIX shell"
"""

TOY_PORT = """\
# answers with the canonical output without a client, to prove the plumbing
case "$TOY_GREETING" in "hello from /"*) ;; *) echo "no env" >&2; exit 1 ;; esac
case "$NATS_URL" in nats://127.0.0.1:*) ;; *) echo "no NATS_URL" >&2; exit 1 ;; esac
printf "b'hello, joe'\\nb'hello, sue'\\nb'hello, bob'\\nno responders\\n"
"""


def add_toy(project):
    (project / "languages" / "toy").mkdir(parents=True)
    (project / "languages" / "toy" / "language.yaml").write_text(TOY_LANGUAGE)
    port = project / "examples" / "messaging" / "request-reply" / "toy"
    port.mkdir()
    (port / "main.sh").write_text(TOY_PORT)
    return port


def test_a_project_language_runs_and_its_build_is_reused(nbe, project):
    port = add_toy(project)
    (port / "main.sh").write_text(TOY_PORT + f"# unique to this test: {uuid.uuid4()}\n")
    target = "messaging/request-reply/toy"
    builds = nbe.cache / "languages" / "toy" / "builds.log"  # the cache is shared by the session

    def build_count():
        return builds.read_text().count("built\n") if builds.exists() else 0

    before = build_count()
    for _ in range(2):
        run = nbe("run", target, "--runtime", "local")
        assert run.returncode == 0, run.stdout + run.stderr
    assert build_count() == before + 1  # the warm run did not build again
    (port / "main.sh").write_text(port.joinpath("main.sh").read_text() + "# changed\n")
    assert nbe("run", target, "--runtime", "local").returncode == 0
    assert build_count() == before + 2


def test_a_project_language_overrides_a_builtin(nbe, project):
    override = project / "languages" / "python"
    override.mkdir(parents=True)
    (override / "language.yaml").write_text('entry: main.py\nprobe: ["sh", "-c", "true"]\nrun: ["sh", "-c", "echo overridden"]\n')
    run = nbe("run", "messaging/request-reply/python", "--runtime", "local")
    assert run.returncode == 1
    assert "+overridden" in run.stdout


def test_a_missing_toolchain_is_a_skip_with_the_reason(nbe, project):
    add_toy(project)
    yaml = project / "languages" / "toy" / "language.yaml"
    yaml.write_text(yaml.read_text().replace('run: ["sh", "port.sh"]', 'run: ["no-such-toolchain-xyz", "port.sh"]'))
    run = nbe("run", "messaging/request-reply/toy", "--runtime", "local")
    assert run.returncode == 0
    assert "SKIP    messaging/request-reply/toy" in run.stdout
    assert "no-such-toolchain-xyz not found (the toy toolchain); install a POSIX shell" in run.stdout


def test_a_build_failing_for_want_of_a_toolchain_part_is_a_skip(nbe, project):
    add_toy(project)
    yaml = project / "languages" / "toy" / "language.yaml"
    text = yaml.read_text().replace('probe: ["sh", "-c", "echo toy 1.0"]',
                                    'probe: ["sh", "-c", "echo toy.h: not found >&2; exit 1"]')
    yaml.write_text(text.replace("cp main.sh port.sh", "exit 3"))
    run = nbe("run", "messaging/request-reply/toy", "--runtime", "local")
    assert run.returncode == 0, run.stdout
    assert "SKIP    messaging/request-reply/toy" in run.stdout
    assert "the toy toolchain is incomplete here (toy.h: not found); install a POSIX shell" in run.stdout


def test_a_malformed_language_yaml_names_file_and_line(nbe, project):
    add_toy(project)
    (project / "languages" / "toy" / "language.yaml").write_text('entry: main.sh\nprobe: ["sh"]\nrun: port.sh\n')
    run = nbe("run", "messaging/request-reply/toy", "--runtime", "local")
    assert run.returncode == 2
    assert "languages/toy/language.yaml:3: run: expected a command" in run.stderr
    assert "runtime" not in run.stdout  # refused before anything ran


def test_new_scaffolds_a_port_that_update_records_and_then_passes(nbe, project):
    made = nbe("new", "demo/hello/python")
    assert made.returncode == 0, made.stderr
    assert (project / "examples/demo/hello/meta.yaml").is_file()
    first = nbe("run", "demo/hello/python", "--runtime", "local")
    assert first.returncode == 1 and "expected file missing" in first.stdout
    assert nbe("run", "demo/hello/python", "--runtime", "local", "--update").returncode == 0
    assert nbe("run", "demo/hello/python", "--runtime", "local").returncode == 0
    again = nbe("new", "demo/hello/python")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_doctor_lists_runtimes_and_toolchains(nbe):
    run = nbe("doctor")
    assert run.returncode == 0, run.stderr
    assert "nats-server" in run.stdout
    assert re.search(r"^  python +ok  Python 3\.", run.stdout, re.MULTILINE), run.stdout


def test_a_language_like_another_takes_its_definition_under_its_own_name(nbe, project):
    from conformance.languages import Languages

    toy = add_toy(project)
    twin = project / "languages" / "twin"
    (twin / "template").mkdir(parents=True)
    (twin / "language.yaml").write_text("# the toy's definition, with a template of its own\nlike: toy\n")
    language = Languages(project).get("twin")
    assert language is not None and language.name == "twin"
    assert language.folder == project / "languages" / "toy"  # its {language}, Dockerfile and tools
    assert language.template == twin / "template"
    assert language.run == ("sh", "port.sh")
    port = toy.parent / "twin"
    port.mkdir()
    (port / "main.sh").write_text(TOY_PORT)
    run = nbe("run", "messaging/request-reply/twin", "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PASS" in run.stdout and "request-reply/twin" in run.stdout


def test_like_names_a_language_and_says_nothing_else(nbe, project):
    add_toy(project)
    twin = project / "languages" / "twin"
    twin.mkdir(parents=True)
    port = project / "examples" / "messaging" / "request-reply" / "twin"
    port.mkdir()
    (port / "main.sh").write_text(TOY_PORT)
    for text, message in (("like: nope\n", "like: nope: no such language"),
                          ("like: twin\n", "like: twin: a loop of `like:`"),
                          ("like: toy\nentry: main.sh\n", "languages/twin/language.yaml:2: entry: nothing may be said beside `like:`")):
        (twin / "language.yaml").write_text(text)
        run = nbe("run", "messaging/request-reply/twin", "--runtime", "local")
        assert run.returncode == 2, text
        assert message in run.stderr, run.stderr
