"""Everyday use of the command line: --root after the subcommand, help in sections, comma lists,
targets as tab completion writes them, --color and FORCE_COLOR, the report files said, and
`nbe new`'s copy, hints and refusal."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_EXAMPLE, as_from_a_terminal

from conformance.cli import build_parser, chosen_command
from conformance.reports.colour import use_colour

TARGET = f"{SEED_EXAMPLE}/python"
PASS_LINE = f"PASS    {TARGET}"
COLOURED_PASS = "\x1b[32mPASS   \x1b[0m"


def bare(nbe, *args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """nbe as a person types it: no --root put before the subcommand by the fixture."""
    return subprocess.run([sys.executable, "-m", "conformance", *args], env=nbe.env(**env), cwd=cwd,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          preexec_fn=as_from_a_terminal)


# 1. --root after the subcommand

ROOT_AFTER = [["run", "--root", "R"], ["drift", "--root", "R"], ["list", "--root", "R"],
              ["new", "a/b/go", "--root", "R"], ["doctor", "--root", "R"], ["clean", "--root", "R"],
              ["report", "merge", "x.json", "--root", "R"], ["report", "html", "x.json", "-o", "y", "--root", "R"],
              ["report", "--root", "R", "merge", "x.json"]]


@pytest.mark.parametrize("words", ROOT_AFTER, ids=lambda words: " ".join(words[:2]))
def test_every_subcommand_takes_root_after_its_name(words):
    assert build_parser().parse_args(words).root == "R"


@pytest.mark.parametrize("words", [["run"], ["report", "merge", "x.json"], ["doctor"]], ids=" ".join)
def test_root_before_the_subcommand_still_counts_and_none_is_none(words):
    assert build_parser().parse_args(["--root", "R", *words]).root == "R"
    assert build_parser().parse_args(words).root is None
    assert build_parser().parse_args(["--root", "R", *words[:1], "--root", "S", *words[1:]]).root == "S"


# nbe builds only the chosen command's arguments; it must read the command as argparse does
CHOSEN = [*ROOT_AFTER, ["--root", "run", "list"], ["--ro", "run", "list", "--matrix"], ["--root=run", "doctor"],
          ["run", "--language", "go", "list"], ["--root", "R", "drift", "--json", "x.json"]]


@pytest.mark.parametrize("words", CHOSEN, ids=" ".join)
def test_a_parser_of_the_chosen_command_alone_reads_the_words_as_the_whole_parser(words):
    assert chosen_command(words) == build_parser().parse_args(words).command
    assert build_parser(only=chosen_command(words)).parse_args(words) == build_parser().parse_args(words)


def test_run_and_list_with_root_after_the_subcommand_from_outside_the_project(nbe, project, tmp_path):
    run = bare(nbe, "run", "--root", str(project), "--runtime", "local", TARGET, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert PASS_LINE in run.stdout
    listing = bare(nbe, "list", TARGET, "--root", str(project), cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert TARGET in listing.stdout


# 2. help in sections

def help_sections(text: str) -> dict[str, str]:
    """`--help`'s sections by title: a line at column 0 ending with ':' starts one."""
    sections: dict[str, str] = {}
    title = ""
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line) and not line.startswith("usage:"):
            title = line[:-1]
            sections[title] = ""
        elif title:
            sections[title] += line + "\n"
    return sections


@pytest.mark.parametrize(("command", "titles"), [
    ("run", ["selection", "runtime", "servers", "output", "update"]),
    ("drift", ["selection", "runtime", "servers", "output"]),
])
def test_help_shows_every_option_in_a_section(nbe, command, titles):
    shown = bare(nbe, command, "--help")
    assert shown.returncode == 0, shown.stderr
    sections = help_sections(shown.stdout)
    assert [title for title in sections if title in titles] == titles, list(sections)
    assert re.findall(r"^  (-\S+)", sections["options"], re.M) == ["-h,"], "only --help is left outside a section"
    assert "positional arguments" not in sections  # the targets are in the selection section
    assert "TARGET" in sections["selection"] and "--root DIR" in sections["selection"]
    assert "--runtime" in sections["runtime"] and "--server-image" in sections["servers"]
    assert "--color" in sections["output"] and "--markdown FILE" in sections["output"]
    if command == "run":
        assert "--language" in sections["selection"] and "--server-version" in sections["servers"]
        assert "--html FILE" in sections["output"] and "--record" in sections["update"]
    options = {flag for action in _subparser(command)._actions for flag in action.option_strings}
    assert all(flag in shown.stdout for flag in options)


def _subparser(command: str):
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    return commands.choices[command]


# 3. --language go,python

@pytest.mark.all_ports
def test_language_takes_a_comma_list_as_repeated_flags(nbe):
    listed = nbe("list", "--language", "go,python")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == nbe("list", "--language", "go", "--language", "python").stdout
    ports = re.findall(rf"^  ({SEED_EXAMPLE}/\S+)", listed.stdout, re.M)
    assert ports == [f"{SEED_EXAMPLE}/go", f"{SEED_EXAMPLE}/python"]
    assert build_parser().parse_args(["run", "--language", "go, python", "--language", "go,rust"]).language == \
        ["go", "python", "rust"]


@pytest.mark.parametrize("command", ["run", "list"])
def test_an_unknown_name_in_a_comma_list_is_the_usual_clear_error(nbe, command):
    done = nbe(command, "--language", "python,pyhton")
    assert done.returncode == 2
    assert "--language pyhton: no such language; did you mean: python?" in done.stderr


def test_an_empty_name_in_a_comma_list_is_refused(nbe):
    done = nbe("list", "--language", "python,")
    assert done.returncode == 2 and "--language 'python,': an empty name" in done.stderr


# 4. targets as tab completion writes them

@pytest.mark.parametrize("target", [f"examples/{TARGET}", f"./examples/{TARGET}/", f"examples/{SEED_EXAMPLE}",
                                    f"{TARGET}/", f"./examples/{SEED_EXAMPLE}//", "examples/", "./examples"])
def test_a_path_to_a_folder_of_the_examples_tree_is_a_target(nbe, target):
    listed = nbe("list", target)
    assert listed.returncode == 0, listed.stderr
    assert re.findall(r"^  (\S+)", listed.stdout, re.M) == [TARGET]


def test_run_takes_a_completed_path_from_the_root_and_from_inside_the_tree(nbe, project):
    from_root = bare(nbe, "run", "--runtime", "local", f"./examples/{TARGET}/", cwd=project)
    assert from_root.returncode == 0, from_root.stdout + from_root.stderr
    assert PASS_LINE in from_root.stdout
    inside = project / "examples" / SEED_EXAMPLE.split("/")[0]
    from_inside = bare(nbe, "run", "--runtime", "local", "request-reply/python/", cwd=inside)
    assert from_inside.returncode == 0, from_inside.stdout + from_inside.stderr
    assert PASS_LINE in from_inside.stdout


def test_a_completed_path_in_upstreams_layout(nbe, project):
    """NATS by Example's own tree: the same examples/ folder, each port with its output.txt."""
    shutil.move(project / "expected" / SEED_EXAMPLE / "output.txt", project / "examples" / TARGET / "output.txt")
    shutil.rmtree(project / "expected")
    run = bare(nbe, "run", "--runtime", "local", f"examples/{TARGET}/", cwd=project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert PASS_LINE in run.stdout


@pytest.mark.parametrize("target", ["examples/../../etc", "./../messaging/request-reply/python"])
def test_a_completed_path_is_still_refused_when_it_leaves_the_tree(nbe, target):
    run = nbe("run", target)
    assert run.returncode == 2
    assert "'..' and '.' are refused" in run.stderr


def test_drift_reads_reports_with_a_completed_path(nbe, tmp_path):
    report = tmp_path / "r.json"
    assert nbe("run", "--runtime", "local", "--json", str(report)).returncode == 0
    drift = nbe("drift", "--json", str(report), f"./examples/{SEED_EXAMPLE}/")
    assert drift.returncode == 0, drift.stderr
    assert drift.stdout.startswith(f"{SEED_EXAMPLE}: no drift")


# 5. --color and FORCE_COLOR

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("choice", "env", "terminal", "coloured"), [
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
    ("auto", {"FORCE_COLOR": "", "NO_COLOR": ""}, True, True),  # empty is unset
    (None, {"FORCE_COLOR": "1"}, False, True),
])
def test_the_one_answer_to_whether_output_is_coloured(choice, env, terminal, coloured):
    assert use_colour(choice, _Terminal() if terminal else io.StringIO(), env) is coloured


@pytest.mark.parametrize(("flags", "env", "coloured"), [
    ((), {"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
    ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    (("--color", "always"), {"NO_COLOR": "1"}, True),
    (("--color", "never"), {"NO_COLOR": "", "FORCE_COLOR": "1"}, False),
])
def test_run_colours_its_lines_as_asked(nbe, flags, env, coloured):
    run = nbe("run", "--runtime", "local", TARGET, *flags, **env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (COLOURED_PASS in run.stdout) is coloured, run.stdout
    assert (PASS_LINE in run.stdout) is not coloured


def test_drift_colours_its_progress_as_asked(nbe):
    drift = nbe("drift", "--runtime", "local", "--color", "always")
    assert drift.returncode == 0, drift.stderr
    assert COLOURED_PASS in drift.stderr and "\x1b[" not in drift.stdout  # the report itself is text


# 6. the report files said

def test_run_says_every_report_file_it_wrote_before_its_verdict(nbe, tmp_path):
    files = {flag: tmp_path / name for flag, name in
             (("--json", "r.json"), ("--junit", "r.xml"), ("--markdown", "r.md"), ("--html", "r.html"))}
    run = nbe("run", "--runtime", "local", TARGET, *[str(part) for item in files.items() for part in item])
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[-5:-1] == [f"wrote {path}: 1 check" for path in files.values()]
    assert lines[-1].startswith("1 passed in ")
    assert all(path.is_file() for path in files.values())
    merged = nbe("report", "merge", str(files["--json"]), "--json", str(tmp_path / "m.json"),
                 "--markdown", str(tmp_path / "m.md"))
    assert merged.stdout.splitlines() == [f"wrote {tmp_path / 'm.json'}: 1 check from 1 report",
                                          f"wrote {tmp_path / 'm.md'}: 1 check from 1 report",
                                          "merged 1 report: 1 check"]
    drift = nbe("drift", "--json", str(files["--json"]), "--markdown", str(tmp_path / "d.md"))
    assert drift.stderr == f"wrote {tmp_path / 'd.md'}: 1 example\n"
    assert json.loads(files["--json"].read_text())["results"][0]["status"] == "pass"


# 7. nbe new

TOY_LANGUAGE = 'entry: main.sh\nprobe: ["sh", "-c", "echo toy 1.0"]\nrun: ["sh", "main.sh"]\ninstall: "a POSIX shell"\n'


def test_new_copies_no_build_leftovers_of_the_template(nbe, project):
    template = project / "languages" / "toy" / "template"
    for name, text in {"main.sh": "echo hello\n", "lib/util.sh": "true\n", "__pycache__/util.cpython-311.pyc": "x",
                       "lib/__pycache__/a.cpython-311.pyc": "x", "helper.pyc": "x", "node_modules/pkg/index.js": "x",
                       "target/debug/port": "x"}.items():
        (template / name).parent.mkdir(parents=True, exist_ok=True)
        (template / name).write_text(text)
    (project / "languages" / "toy" / "language.yaml").write_text(TOY_LANGUAGE)
    made = nbe("new", "demo/hello/toy")
    assert made.returncode == 0, made.stderr
    port = project / "examples" / "demo" / "hello" / "toy"
    assert sorted(p.relative_to(port).as_posix() for p in port.rglob("*")) == ["lib", "lib/util.sh", "main.sh"]


def test_new_for_an_example_with_expected_output_says_to_make_the_port_print_it(nbe, project):
    made = nbe("new", f"examples/{SEED_EXAMPLE}/go/")
    assert made.returncode == 0, made.stderr
    assert (project / "examples" / SEED_EXAMPLE / "go" / "main.go").is_file()
    expected = f"expected/{SEED_EXAMPLE}/output.txt"
    assert made.stdout.splitlines()[1:] == [
        f"next: edit examples/{SEED_EXAMPLE}/go/main.go until it prints {expected}",
        f"      nbe run {SEED_EXAMPLE}/go   (compares its output with {expected})"]
    assert "--update" not in made.stdout


def test_new_for_a_new_example_says_to_record_its_output(nbe):
    made = nbe("new", "demo/hello/python")
    assert made.returncode == 0, made.stderr
    assert "nbe run demo/hello/python --update   (records it" in made.stdout


def test_new_refuses_an_existing_port_naming_its_folder_and_the_free_languages(nbe, project):
    before = sorted(p.name for p in (project / "examples" / SEED_EXAMPLE).iterdir())
    done = nbe("new", TARGET)
    assert done.returncode == 2
    assert done.stderr.startswith(f"nbe: error: examples/{TARGET}/ already exists; nbe new never overwrites a port")
    assert f"(check it with `nbe run {TARGET}`)" in done.stderr
    assert f"languages with no port of {SEED_EXAMPLE} yet: c, cli, deno, go," in done.stderr
    assert sorted(p.name for p in (project / "examples" / SEED_EXAMPLE).iterdir()) == before
