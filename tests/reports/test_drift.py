"""`nbe drift`: the ports of each example grouped by their normalised output, a reference group
(meta.yaml, nbe.yaml, else the largest), a diff of every other group against it, Markdown for CI.

The drifting ports are real: the seed's Python port, copies of it, and small Python programs
that print something else, each in a language the throwaway project defines (as any project can),
so one example holds several "languages" without needing their toolchains."""

from __future__ import annotations

import json
import shutil

from conformance.project.references import NO_REFERENCE, Reference
from conformance.reports import drift_markdown, drift_text
from conformance.reports.drift import example_drift
from conformance.result import CheckResult, Status

SEED = "messaging/request-reply"
CANONICAL = "b'hello, joe'\nb'hello, sue'\nb'hello, bob'\nno responders\n"
SHORT = "b'hello, joe'\nb'hello, sue'\n"

PYTHON_LIKE = """\
entry: main.py
probe: ["{python}", "--version"]
run: ["{python}", "main.py"]
install: "Python (nbe's own)"
"""


def drifting_example(project):
    """The seed example with: alpha (a copy of the seed's Python port), beta and gamma (print
    only the first two replies), delta (prints `ok` and exits 3), csharp (no toolchain here)."""
    example = project / "examples" / SEED
    for language in ("alpha", "beta", "gamma", "delta"):
        (project / "languages" / language).mkdir(parents=True)
        (project / "languages" / language / "language.yaml").write_text(PYTHON_LIKE)
    shutil.copytree(example / "python", example / "alpha")
    for language in ("beta", "gamma"):
        (example / language).mkdir()
        (example / language / "main.py").write_text(f"print({SHORT!r}, end='')\n")
    (example / "delta").mkdir()
    (example / "delta" / "main.py").write_text("import sys\nprint('ok')\nsys.exit(3)\n")
    (example / "csharp").mkdir()
    (example / "csharp" / "Main.cs").write_text("// needs the .NET SDK\n")


def set_reference(path, language):
    path.write_text(path.read_text() + f"reference: {language}\n" if path.exists() else f"reference: {language}\n")


def group_lines(stdout):
    return [line.split() for line in stdout.splitlines() if line.startswith("  group ")]


def test_drift_groups_the_ports_and_diffs_each_group_against_the_largest(nbe, project, tmp_path):
    drifting_example(project)
    markdown, summary = tmp_path / "drift.md", tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    run = nbe("drift", "--runtime", "local", "--markdown", str(markdown), GITHUB_STEP_SUMMARY=str(summary))
    assert run.returncode == 0, run.stdout + run.stderr  # drift is a report, also when ports fail
    out = run.stdout
    assert f"{SEED}: 3 distinct outputs among 6 ports, 1 without output" in out
    # alpha+python and beta+gamma tie at two ports: the group with the alphabetically first port wins
    assert "reference: the largest group (a tie: the one with the alphabetically first port)" in out
    assert group_lines(out) == [
        ["group", "1", "(reference)", "4", "lines", "alpha,", "python"],
        ["group", "2", "2", "lines", "beta,", "gamma"],
        ["group", "3", "1", "line", "delta", "(exit", "3)"],
    ]
    assert "no output: csharp (skip: no language definition for 'csharp'" in out
    assert "--- group 1 (reference): alpha, python\n    +++ group 2: beta, gamma\n" in out
    assert "\n     b'hello, sue'\n    -b'hello, bob'\n    -no responders\n" in out
    assert "+++ group 3: delta (exit 3)\n" in out and "\n    +ok\n" in out
    assert out.endswith("1 example, 6 ports: 1 drift (at most 3 outputs), 0 agree; 1 port without output\n")
    assert "runtime local" in run.stderr and "FAIL    messaging/request-reply/beta" in run.stderr
    text = markdown.read_text()
    assert text.startswith("## nbe drift: 1 drift in 1 example\n")
    assert f"| {SEED} | 3 | 6 | alpha, python | csharp (skip) |" in text
    assert "<summary>group 2: beta, gamma</summary>\n\n```diff\n--- group 1 (reference)" in text
    assert summary.read_text() == "earlier step\n" + text


def test_the_reference_comes_from_meta_yaml_then_nbe_yaml_then_the_largest(nbe, project, tmp_path):
    drifting_example(project)
    shutil.copytree(project / "examples" / SEED, project / "examples" / "messaging" / "copy")
    shards = [tmp_path / "shard1.json", tmp_path / "shard2.json"]
    for number, report in enumerate(shards, 1):  # reading several reports, as a sharded CI job leaves them
        nbe("run", "--runtime", "local", "--shard", f"{number}/2", "--json", str(report))
    reports = [arg for report in shards for arg in ("--json", str(report))]
    assert sum(len(json.loads(r.read_text())["results"]) for r in shards) == 12

    def references():
        run = nbe("drift", *reports)
        assert run.returncode == 0, run.stdout + run.stderr
        assert run.stderr == ""  # nothing ran
        chosen = [line.strip() for line in run.stdout.splitlines() if line.startswith("  reference: ")]
        firsts = [" ".join(words[3:]) for words in group_lines(run.stdout) if words[1] == "1"]
        return list(zip(chosen, firsts))

    largest = "reference: the largest group (a tie: the one with the alphabetically first port)"
    assert references() == [(largest, "4 lines alpha, python")] * 2
    set_reference(project / "nbe.yaml", "delta")
    set_reference(project / "examples" / "messaging" / "copy" / "meta.yaml", "gamma")
    assert references() == [("reference: gamma, named in examples/messaging/copy/meta.yaml", "2 lines beta, gamma"),
                            ("reference: delta, named in nbe.yaml", "1 line delta (exit 3)")]
    set_reference(project / "examples" / SEED / "meta.yaml", "csharp")  # a port with no output here
    assert references()[1] == (f"{largest}: csharp, named in examples/{SEED}/meta.yaml, printed no output",
                               "4 lines alpha, python")


def test_targets_narrow_the_results_read_from_a_report(nbe, project, tmp_path):
    report = tmp_path / "r.json"
    assert nbe("run", "--runtime", "local", "--json", str(report)).returncode == 0
    run = nbe("drift", "--json", str(report), SEED)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{SEED}: no drift: 1 output among 1 port\n")
    unknown = nbe("drift", "--json", str(report), "messaging/nope")
    assert unknown.returncode == 2 and "target 'messaging/nope' matches no result in the reports" in unknown.stderr
    flags = nbe("drift", "--json", str(report), "--runtime", "local")
    assert flags.returncode == 2 and "--runtime says how ports run" in flags.stderr


def test_an_unknown_reference_is_refused_with_its_file_and_line_before_anything_runs(nbe, project):
    meta = project / "examples" / SEED / "meta.yaml"
    set_reference(meta, "pyhton")
    line = len(meta.read_text().splitlines())
    run = nbe("drift", "--runtime", "local")
    assert run.returncode == 2
    assert f"examples/{SEED}/meta.yaml:{line}: reference: no language or port 'pyhton' (known: " in run.stderr
    assert "runtime" not in run.stderr and run.stdout == ""
    meta.write_text(meta.read_text().replace("pyhton", "python"))
    (project / "nbe.yaml").write_text("images: {}\nreference: gopher\n")
    run = nbe("drift", "--runtime", "local")
    assert run.returncode == 2 and "nbe.yaml:2: reference: no language or port 'gopher'" in run.stderr


# The grouping on its own: results as nbe records them (the runs above cross the real boundary).

def result(language, stdout="", status=Status.PASS, exit_code=0, runtime="local"):
    return CheckResult(target=f"a/b/{language}", runtime=runtime, status=status, reason="", duration=0.0,
                       stdout=stdout, exit_code=exit_code)


def test_timeouts_and_skips_have_no_output_and_runtimes_are_told_apart():
    results = [result("go", "x\n", runtime="docker"), result("go", "y\n"), result("rust", "y\n"),
               result("java", "y\n", Status.TIMEOUT, exit_code=None), result("c", status=Status.SKIP, exit_code=None)]
    entry = example_drift("a/b", results, NO_REFERENCE, with_runtime=True)
    assert [g.labels for g in entry.groups] == ["go@local, rust@local", "go@docker"]
    assert [m.label for m in entry.without_output] == ["c@local", "java@local"]
    named = example_drift("a/b", results, Reference("go", "nbe.yaml"), with_runtime=True)
    assert named.groups[0].labels == "go@local, rust@local"  # go is in both: the larger group
    absent = example_drift("a/b", results, Reference("zig", "nbe.yaml"))
    assert absent.reference_why == "the largest group: zig, named in nbe.yaml, has no port here"


def test_an_example_where_nothing_printed_is_neither_agreeing_nor_drifting():
    entry = example_drift("a/b", [result("go", status=Status.ERROR, exit_code=None)], NO_REFERENCE)
    assert entry.groups == () and entry.reference_why == "no port printed an output"
    text = drift_text.render([entry])
    assert text.startswith("a/b: no output among 1 port\n  no output: go (error)\n")
    assert text.endswith("1 example, 1 port: 0 drift, 0 agree, 1 with no output at all; 1 port without output\n")


def test_the_markdown_stays_under_its_size_limit():
    entries = [example_drift(f"e/x{n}", [result("go", "a\n" * 500), result("rust", "b\n" * 500)], NO_REFERENCE)
               for n in range(20)]
    text = drift_markdown.render(entries, limit=20_000)
    assert len(text.encode()) < 20_000 + 200
    assert "_16 more drifting examples not shown (size limit)._" in text
    one_more = drift_markdown.render(entries[:2], limit=len(drift_markdown.render(entries[:1])) + 200)
    assert one_more.startswith("## nbe drift: 2 drifts in 2 examples\n")
    assert "_1 more drifting example not shown (size limit)._" in one_more
    assert text.count("| e/x") == 20  # the table always lists every example


def test_a_server_matrix_report_is_read_and_each_server_compared_apart(nbe, tmp_path):
    """The report `nbe run --server-version A,B --json` leaves: a port is a check per server.
    The reports' one reader keys checks by server too, and drift compares the ports checked
    against one server with each other (a server that changes every port's output is no drift)."""
    from conformance.reports import json_report

    def checked(language, server, stdout):
        return result(language, stdout)._replace(target=f"{SEED}/{language}", server_version=server)

    results = [checked("go", "2.10.26", SHORT), checked("python", "2.10.26", CANONICAL),
               checked("go", "2.12.8", "new\n"), checked("python", "2.12.8", "new\n")]
    report = tmp_path / "matrix.json"
    json_report.write(report, json_report.envelope(results, runtime="local", duration=1.0))
    run = nbe("drift", "--json", str(report))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{SEED} [server 2.10.26]: 2 distinct outputs among 2 ports\n")
    assert f"\n{SEED} [server 2.12.8]: no drift: 1 output among 2 ports\n" in run.stdout
    assert run.stdout.endswith("\n1 example on 2 servers, 4 ports: 1 drift (at most 2 outputs), 1 agree; "
                               "0 ports without output\n")
    narrowed = nbe("drift", "--json", str(report), f"{SEED}/go")
    assert narrowed.returncode == 0, narrowed.stderr
    assert [line.split(":")[0] for line in narrowed.stdout.splitlines() if line.startswith(SEED)] == \
        [f"{SEED} [server 2.10.26]", f"{SEED} [server 2.12.8]"]
    twice = nbe("drift", "--json", str(report), "--json", str(report))
    assert twice.returncode == 2 and f"{SEED}/go [server 2.10.26] (local) is also in {report}" in twice.stderr


def _named_server(client, base, name):
    """An image of nbe's own nats-server whose server is called `name`: a server image that
    says which one a port reached."""
    import io

    tag = f"nbe-test/nats:drift-{name}"
    dockerfile = f'FROM {base}\nENTRYPOINT ["/nats-server", "--server_name", "{name}"]\n'
    client.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag=tag, rm=True)
    return tag


def test_drift_checks_each_server_image_of_a_list_as_run_does(nbe, project):
    """`nbe drift --server-image A,B` in Docker: each port runs against each image, and each
    image's ports are compared with each other. A second language (Python's definition, copied
    into the project as any project may) prints a fixed line, so each image's diff shows the
    name of the server that the server-naming port reached."""
    from port_check import require_docker, stand_in_image

    from conformance.runtimes.docker.endpoint import connect
    from conformance.runtimes.docker.images import server_image
    from conftest import REPO, add_hostile

    client = require_docker("python")
    target = add_hostile(project, "server_name", expected="server [..]\n")
    shutil.copytree(REPO / "conformance" / "languages" / "python", project / "languages" / "beta")
    beta = project / "examples" / "hostile" / "server_name" / "beta"
    shutil.copytree(project / "examples" / target, beta)
    (beta / "main.py").write_text("print('server none')\n")
    images = [_named_server(client, server_image(connect()), name) for name in ("alpha", "omega")]
    try:
        run = nbe("drift", "hostile/server_name", "--runtime", "docker", "--server-image", ",".join(images),
                  "--image", f"python={stand_in_image('python')}", "--image", f"beta={stand_in_image('python')}",
                  timeout=1200)
    finally:
        for image in images:
            client.images.remove(image, force=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "runtime docker" in run.stderr
    entries = run.stdout.split("\nhostile/server_name ")
    assert [entry.split(": ")[0] for entry in entries] == [f"hostile/server_name [server {images[0]}]",
                                                          f"[server {images[1]}]"], run.stdout
    for entry, name in zip(entries, ("alpha", "omega")):
        assert "2 distinct outputs among 2 ports" in entry
        assert f"\n    +server {name}\n" in entry, run.stdout  # the python port reached that image's server
