"""`nbe list --matrix` and `--markdown`: the suite as examples x languages, with each client's
gaps (skip and xfail in meta.yaml, also for a language with no port folder) as numbered notes.
Without results a cell says only that a port exists (never ✅); with `--from REPORT.json` (a real
`nbe run --json`, merged by `nbe report merge`) it is the port's result, or `not run`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def _add_example(root: Path, name: str, languages: list[str], meta: str) -> None:
    example = root / "examples" / name
    for language in languages:
        shutil.copytree(REPO / "examples" / "messaging" / "request-reply" / language, example / language)
    (example / "meta.yaml").write_text(meta)


def _cells(stdout: str) -> dict[str, list[str]]:
    """The text matrix's rows by example, cells split on runs of two or more spaces."""
    rows = stdout.split("\n\n")[0].splitlines()
    return {re.split(r"\s{2,}", row)[0]: re.split(r"\s{2,}", row)[1:] for row in rows}


def test_the_matrix_shows_ports_gaps_and_their_reasons(nbe, project: Path) -> None:
    _add_example(project, "store/objects", ["python", "go"], (
        "title: Objects\n"
        "languages:\n"
        "  go: {xfail: \"nats.go v1.55.0 lists deleted objects\"}\n"
        "  c: {skip: \"nats.c 3.4.1 has no object store (no objStore_* API)\"}\n"))
    (project / "examples" / "store" / "objects" / "cobol").mkdir()
    (project / "examples" / "store" / "objects" / "cobol" / "main.cob").write_text("")

    run = nbe("list", "--matrix")
    assert run.returncode == 0, run.stderr
    rows = _cells(run.stdout)
    header = rows.pop("example")
    assert header[0] == "python", "the reference language comes first"
    assert set(header) == {"python", "go", "c", "cobol"}
    by_language = {example: dict(zip(header, cells)) for example, cells in rows.items()}
    objects = by_language["store/objects"]
    assert objects["python"] == "port"
    assert objects["go"].startswith("xfail [")
    assert objects["c"].startswith("skip ["), "a known gap shows even with no port folder"
    assert objects["cobol"].startswith("cannot run [")
    seed = by_language["messaging/request-reply"]
    assert seed["python"] == "port" and seed["go"] == "-"
    notes = run.stdout.split("\n\n")[1]
    assert "c, store/objects: skip: nats.c 3.4.1 has no object store (no objStore_* API)" in notes
    assert "go, store/objects: xfail: nats.go v1.55.0 lists deleted objects" in notes
    assert "cobol, store/objects: cannot run:" in notes


def test_the_markdown_matrix_is_a_table_with_a_row_per_example(nbe, project: Path) -> None:
    _add_example(project, "store/objects", ["python"],
                 "title: Objects\nlanguages:\n  c: {skip: \"nats.c 3.4.1 has no object store\"}\n")
    run = nbe("list", "--markdown")
    assert run.returncode == 0, run.stderr
    table = [line for line in run.stdout.splitlines() if line.startswith("|")]
    assert table[0] == "| example | python | c |"
    assert table[1] == "|---|---|---|"
    assert table[2:] == ["| `messaging/request-reply` | ● | — |", "| `store/objects` | ● | skip [1] |"]
    assert "[1] c, store/objects: skip: nats.c 3.4.1 has no object store" in run.stdout
    assert "✅" not in run.stdout, "nothing ran: no cell may claim a port meets the canonical output"
    assert "●: has a port, not a verdict" in run.stdout


TOY_LANGUAGE = """\
entry: main.sh
probe: ["sh", "-c", "echo toy 1.0"]
run: ["sh", "main.sh"]
install: "a POSIX shell"
"""


def test_the_matrix_from_a_report_shows_what_the_run_gave(nbe, project: Path, tmp_path: Path) -> None:
    _add_example(project, "store/objects", ["python"],
                 "title: Objects\nlanguages:\n  c: {skip: \"nats.c 3.4.1 has no object store\"}\n")
    (project / "languages" / "toy").mkdir(parents=True)
    (project / "languages" / "toy" / "language.yaml").write_text(TOY_LANGUAGE)
    toy = project / "examples" / "messaging" / "request-reply" / "toy"
    toy.mkdir()
    (toy / "main.sh").write_text("echo 'not the canonical output'\n")
    # Two real runs (store/objects/python is in neither), merged as shards are.
    passing, failing, merged = tmp_path / "python.json", tmp_path / "toy.json", tmp_path / "all.json"
    assert nbe("run", "messaging/request-reply/python", "--runtime", "local", "--json", str(passing)).returncode == 0
    assert nbe("run", "messaging/request-reply/toy", "--runtime", "local", "--json", str(failing)).returncode == 1
    assert nbe("report", "merge", str(passing), str(failing), "--json", str(merged)).returncode == 1

    run = nbe("list", "--matrix", "--from", str(merged))
    assert run.returncode == 0, run.stderr
    rows = _cells(run.stdout)
    header = rows.pop("example")
    cells = {example: dict(zip(header, row)) for example, row in rows.items()}
    assert cells["messaging/request-reply"]["python"] == "pass"
    assert cells["messaging/request-reply"]["toy"] == "fail [1]"
    assert cells["store/objects"]["python"] == "not run", "a port the report has no result for"
    assert cells["store/objects"]["c"] == "skip [2]", "a known gap keeps its mark"
    assert "[1] toy, messaging/request-reply: fail: output differs" in run.stdout
    assert "not run: the report has no result" in run.stdout
    shards = nbe("list", "--matrix", "--from", str(passing), "--from", str(failing))
    assert shards.stdout == run.stdout, "shards read as their merge"

    markdown = nbe("list", "--markdown", "--from", str(merged))
    table = [line for line in markdown.stdout.splitlines() if line.startswith("|")]
    assert table[0] == "| example | python | c | toy |"
    assert table[2:] == ["| `messaging/request-reply` | ✅ | — | fail [1] |",
                         "| `store/objects` | not run | skip [2] | — |"]
    assert "✅: a run met the canonical output" in markdown.stdout


def test_the_projects_own_suite_matrix_lists_every_example_in_the_trees_order() -> None:
    run = subprocess.run([sys.executable, "-m", "conformance", "list", "--matrix"], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    examples = [line.split()[0] for line in run.stdout.split("\n\n")[0].splitlines()[1:]]
    assert examples[:4] == ["messaging/request-reply", "messaging/pub-sub", "messaging/json", "messaging/queue-groups"]
    assert set(examples) == {str(p.parent.relative_to(REPO / "examples"))
                             for p in (REPO / "examples").glob("*/*/meta.yaml")}


def test_list_takes_languages_as_run_does(nbe, project: Path) -> None:
    _add_example(project, "store/objects", ["python", "go"],
                 "title: Objects\nlanguages:\n  c: {skip: \"nats.c 3.4.1 has no object store\"}\n")
    run = nbe("list", "--matrix", "--language", "c", "--language", "go")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].split() == ["example", "c", "go"]  # no python column: not asked for
    listing = nbe("list", "--language", "go")
    assert [line.split()[0] for line in listing.stdout.splitlines() if line.startswith("  ")] == ["store/objects/go"]
    typo = nbe("list", "--language", "goo")
    assert typo.returncode == 2 and "did you mean: go" in typo.stderr
