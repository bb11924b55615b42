"""`nbe run --update --record`: what NATS by Example's site shows for each port that passes, its
output.txt and a terminal recording output.cast (asciicast v2) whose replay is exactly the
stdout nbe compared, with the times the port really printed it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, SEED_EXAMPLE, add_hostile, snapshot
from conformance.check.casts import EVENLY_SPACED, timed_lines
from conformance.runtimes.capture import Captured, capped_events

UPSTREAM = REPO / "tests" / "fixtures" / "upstream"
PAUSE = 0.4  # tests/ports/paced.py's pause between lines
# The latest the reader may see the line before a pause: a lower bound, not a speed assertion.
LATE_READ = 0.1
PACED_RULES = """\
compare:
  rules:
    - description: a rule that rewrites a line
      pattern: "^second$"
      replace: "2nd"
    - description: a rule that drops a line
      pattern: "^noise\\n"
      replace: ""
"""
PACED_EXPECTED = "first\n2nd\nthird\nwaiting... done\nlast\n"


def replay(cast: Path) -> tuple[dict[str, object], list[float], str]:
    """The cast parsed as asciicast v2 JSON lines: its header, its output events' times, and
    what a terminal shows when they are played (CRLF read back as a newline)."""
    header, *events = [json.loads(line) for line in cast.read_text(encoding="utf-8").split("\n") if line]
    assert header["version"] == 2 and header["width"] >= 80 and header["height"] > 0, header
    assert isinstance(header["timestamp"], int) and header["timestamp"] > 1_700_000_000
    assert all(len(event) == 3 and event[1] == "o" and isinstance(event[0], float | int) for event in events)
    shown = "".join(data for _, _, data in events)
    assert "\n" not in shown.replace("\r\n", ""), "a terminal needs \\r\\n, never a bare \\n"
    return header, [at for at, _, _ in events], shown.replace("\r\n", "\n")


def add_paced(project: Path) -> str:
    target = add_hostile(project, "paced", expected=PACED_EXPECTED)
    with (project / "examples/hostile/paced/meta.yaml").open("a") as meta:
        meta.write(PACED_RULES)
    return target


def assert_paced_cast(cast: Path, target: str) -> None:
    header, times, shown = replay(cast)
    assert header["title"] == target
    assert shown == PACED_EXPECTED  # normalised, ruled: the stdout nbe compared, not the raw bytes
    assert times == sorted(times) and len(times) == 5
    first, second, third, waiting, last = times
    assert second - first >= PAUSE - LATE_READ  # the pause after "first"
    assert waiting - third >= PAUSE - LATE_READ  # "waiting..." is shown when its line was completed


def test_record_writes_a_cast_of_the_compared_output_with_the_ports_real_timings(nbe, project):
    target = add_paced(project)
    port = project / "examples/hostile/paced/python"
    before = snapshot(project)
    run = nbe("run", target, "--runtime", "local", "--update", "--record")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "recorded examples/hostile/paced/python/output.cast" in run.stdout
    assert EVENLY_SPACED not in run.stdout
    assert snapshot(project) == before  # the canonical output matched: shared by every port, it stays
    assert sorted(p.name for p in port.iterdir()) == ["main.py", "output.cast", "requirements.txt"]
    assert_paced_cast(port / "output.cast", target)
    assert nbe("run", target, "--runtime", "local").returncode == 0  # a recording is never an input


def test_a_port_updated_to_pass_gets_its_expected_file_and_a_cast_that_replays_it(nbe, project):
    canonical = project / "expected" / SEED_EXAMPLE / "output.txt"
    canonical.write_text("b'hello, joe'\nan old line\n")
    run = nbe("run", f"{SEED_EXAMPLE}/python", "--runtime", "local", "--update", "--record")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (f"updated expected/{SEED_EXAMPLE}/output.txt and examples/{SEED_EXAMPLE}/python/output.cast"
            in run.stdout)
    assert canonical.read_text() == (REPO / "expected" / SEED_EXAMPLE / "output.txt").read_text()
    header, times, shown = replay(project / "examples" / SEED_EXAMPLE / "python" / "output.cast")
    assert header["title"] == f"{SEED_EXAMPLE}/python"
    assert shown == canonical.read_text()
    assert len(times) == 4 and times == sorted(times)


def test_upstream_layout_gets_a_clean_output_txt_and_a_cast_in_each_port_folder(nbe, tmp_path):
    nbe.root = tmp_path / "upstream"
    shutil.copytree(UPSTREAM, nbe.root)
    pub_sub, request_reply = (nbe.root / "examples/messaging" / name / "python" for name in ("pub-sub", "request-reply"))
    others = {p: p.read_bytes() for p in nbe.root.rglob("*") if p.is_file() and p.parent not in (pub_sub, request_reply)}
    run = nbe("run", "messaging/pub-sub/python", "messaging/request-reply/python", "--runtime", "local",
              "--update", "--record")
    assert run.returncode == 0, run.stdout + run.stderr
    # the terminal recordings, cleaned: no CRLF, colour, Docker progress or `exit status 1`; what the
    # port printed on stderr stays, as the terminal the port ran on showed it
    assert (pub_sub / "output.txt").read_text() == "".join(
        f"b'hello' on subject greet.{name}\n" for name in ("joe", "pam", "bob"))
    assert (request_reply / "output.txt").read_text() == "connected\nhello, joe\nhello, sue\n"
    for folder in (pub_sub, request_reply):
        header, times, shown = replay(folder / "output.cast")
        assert header["title"] == f"messaging/{folder.parent.name}/python"
        assert shown == (folder / "output.txt").read_text()
        assert times == sorted(times)
    assert "recorded examples/messaging/pub-sub/python/output.txt and " \
           "examples/messaging/pub-sub/python/output.cast" in run.stdout
    assert {p: p.read_bytes() for p in others} == others  # nothing else changed, nothing left beside them
    assert {p for p in nbe.root.rglob("*") if p.is_file()} == set(others) | {
        folder / name for folder in (pub_sub, request_reply) for name in ("main.py", "output.txt", "output.cast")}
    again = nbe("run", "messaging/pub-sub/python", "--runtime", "local", "--update", "--record")
    assert again.returncode == 0 and "recorded examples/messaging/pub-sub/python/output.cast" in again.stdout
    assert "output.txt and" not in again.stdout  # already clean: left as it is


def test_a_port_that_does_not_pass_gets_no_recording_and_keeps_what_it_had(nbe, project):
    target = add_hostile(project, "exit_nonzero", expected="an old line\n")
    port = project / "examples/hostile/exit_nonzero/python"
    (port / "output.cast").write_text("an earlier recording\n")
    files = {p: p.read_bytes() for p in port.iterdir()}
    before = snapshot(project)
    run = nbe("run", target, "--runtime", "local", "--update", "--record")
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"ERROR   {target}" in run.stdout
    assert {p: p.read_bytes() for p in port.iterdir()} == files
    assert snapshot(project) == before


def test_record_needs_update(nbe, project):
    canonical = project / "expected" / SEED_EXAMPLE / "output.txt"
    canonical.write_text("wrong\n")
    run = nbe("run", f"{SEED_EXAMPLE}/python", "--runtime", "local", "--record")
    assert run.returncode == 2
    assert "--record needs --update" in run.stderr
    assert not (project / "examples" / SEED_EXAMPLE / "python" / "output.cast").exists()
    assert canonical.read_text() == "wrong\n"


@pytest.mark.parametrize("flags", [("--record",), ("--update", "--record")])
def test_record_is_refused_under_ci(nbe, project, flags):
    run = nbe("run", f"{SEED_EXAMPLE}/python", "--runtime", "local", *flags, CI="true")
    assert run.returncode == 2
    assert "refused when CI=true" in run.stderr
    assert not (project / "examples" / SEED_EXAMPLE / "python" / "output.cast").exists()


def test_a_runtime_without_timings_gets_lines_spaced_evenly_over_the_run():
    captured = Captured(returncode=0, stdout=b"a\nb\nc\n", stderr_tail=b"", timed_out=False,
                        stdout_overflow=False, duration=3.0)
    events, evenly = timed_lines("a\nb\nc\n", captured)
    assert evenly
    assert events == [(1.0, "a\n"), (2.0, "b\n"), (3.0, "c\n")]


def test_lines_are_shown_when_the_port_completed_them():
    """Raw chunks cut lines anywhere; a compared line is shown once its raw line is complete."""
    captured = Captured(returncode=0, stdout=b"one\ntwo\n\n", stderr_tail=b"", timed_out=False,
                        stdout_overflow=False, duration=2.0, stdout_events=((0.5, b"one\ntw"), (1.5, b"o\n\n")))
    events, evenly = timed_lines("one\ntwo\n", captured)
    assert not evenly
    assert events == [(0.5, "one\n"), (1.5, "two\n")]


def test_events_are_cut_where_stdout_is_cut_at_its_cap():
    assert capped_events([(0.1, b"abc"), (0.2, b"def"), (0.3, b"ghi")], 4) == ((0.1, b"abc"), (0.2, b"d"))
    assert capped_events([(0.1, b"abc")], 3) == ((0.1, b"abc"),)


def test_the_docker_runtime_records_real_timings_too(nbe, project):
    from port_check import require_docker, stand_in_image

    require_docker("python")
    target = add_paced(project)
    run = nbe("run", target, "--runtime", "docker", "--image", f"python={stand_in_image('python')}",
              "--update", "--record", timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert EVENLY_SPACED not in run.stdout
    assert_paced_cast(project / "examples/hostile/paced/python/output.cast", target)
