"""A toolchain gets one answer: `nbe list`, `nbe doctor`, `nbe run` (its skip) and the conformance
page (which shows the run's results) all say whether a language can run here, and why not, from
the same look (languages/toolchain.py). Why not is the line that names the problem: the compiler's
`fatal error: ...`, not the `compilation terminated.` it prints last.

The probes are real: a language the throwaway project defines, which the C compiler cannot build
for want of a header (as the C ports when nats.c's headers are missing), and one whose run
program is not installed."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conformance.languages.toolchain import what_is_wrong

# As the built-in c: the compiler and the client's headers in one probe; here the header is absent.
HEADERLESS = """\
entry: main.c
probe: ["sh", "-c", "printf '#include <toyc/version.h>\\\\n' | cc -E -P -x c -"]
build: [["cc", "-o", "port", "main.c"]]
run: ["./port"]
install: "toyc's headers"
"""
WHAT_IS_WRONG = "fatal error: toyc/version.h: No such file or directory"
TARGET = "messaging/request-reply/toyc"


def _add_language(project: Path, name: str, definition: str, entry: str, source: str) -> None:
    (project / "languages" / name).mkdir(parents=True)
    (project / "languages" / name / "language.yaml").write_text(definition)
    port = project / "examples" / "messaging" / "request-reply" / name
    port.mkdir()
    (port / entry).write_text(source)


def _add_headerless(project: Path) -> None:
    _add_language(project, "toyc", HEADERLESS, "main.c", "#include <toyc/version.h>\nint main(void) { return 0; }\n")


def _line(stdout: str, start: str) -> str:
    return next(line for line in stdout.splitlines() if line.strip().startswith(start))


def test_list_doctor_run_and_the_page_give_one_answer(nbe, project, tmp_path):
    _add_headerless(project)
    listed = nbe("list", "messaging/request-reply")
    assert listed.returncode == 0, listed.stderr
    from_list = re.search(r"toyc +local: no \((.+)\)  docker", _line(listed.stdout, TARGET))
    assert from_list, listed.stdout
    from_doctor = re.search(r"MISSING \((.+)\); install toyc's headers$", _line(nbe("doctor").stdout, "toyc "))
    report, page = tmp_path / "report.json", tmp_path / "page.html"
    run = nbe("run", TARGET, "--runtime", "local", "--json", str(report))
    assert run.returncode == 0 and f"SKIP    {TARGET}" in run.stdout, run.stdout + run.stderr
    from_run = re.search(r"the toyc toolchain is incomplete here \((.+)\); install", run.stdout)
    assert from_doctor and from_run, run.stdout
    assert from_list[1] == from_doctor[1] == from_run[1]
    assert nbe("report", "html", str(report), "-o", str(page)).returncode == 0
    assert html.escape(f"({from_run[1]})", quote=False) in page.read_text()


def test_a_failed_probe_names_the_missing_header(nbe, project):
    _add_headerless(project)
    doctor = _line(nbe("doctor").stdout, "toyc ")
    assert f"MISSING (<stdin>:1:10: {WHAT_IS_WRONG})" in doctor, "not the `compilation terminated.` after it"
    assert WHAT_IS_WRONG in nbe("run", TARGET, "--runtime", "local").stdout


def test_list_doctor_and_run_agree_on_a_missing_run_program(nbe, project):
    definition = 'entry: main.sh\nprobe: ["sh", "-c", "echo toy 1.0"]\nrun: ["no-such-toolchain-xyz", "main.sh"]\n'
    _add_language(project, "toy", definition, "main.sh", "echo hi\n")
    target = "messaging/request-reply/toy"
    assert "local: no (no-such-toolchain-xyz not found)" in _line(nbe("list").stdout, target)
    assert _line(nbe("doctor").stdout, "toy ").endswith("MISSING (no-such-toolchain-xyz not found)")
    assert "no-such-toolchain-xyz not found (the toy toolchain)" in nbe("run", target, "--runtime", "local").stdout


@pytest.mark.parametrize(("output", "line"), [
    ("<stdin>:1:10: fatal error: nats/version.h: No such file or directory\ncompilation terminated.\n",
     "<stdin>:1:10: fatal error: nats/version.h: No such file or directory"),
    ("checking\nERROR: JAVA_HOME is not set\nsee the docs\n", "ERROR: JAVA_HOME is not set"),
    ("warming up\nlibnats.so: No such file\nbye\n", "libnats.so: No such file"),
    ("sh: 1: toy: not found\n", "sh: 1: toy: not found"),
    ("first\nsecond\n\n", "second"),
    ("", ""),
])
def test_a_failed_probe_says_what_is_wrong(output: str, line: str) -> None:
    assert what_is_wrong(output) == line
