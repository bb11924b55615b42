"""A port whose recorded run (its output.cast) took longer than nbe's default timeout is given
time to match it; a timeout from meta.yaml or --timeout still decides."""

from __future__ import annotations

import json
import shutil

import pytest

from conformance.project.recorded_time import recorded_seconds, timeout_for

from conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "upstream"
PORT = "messaging/request-reply/python"


def cast(last_event: float) -> str:
    header = {"version": 2, "width": 80, "height": 24, "timestamp": 1694811284}
    events = [[0.5, "o", "first\r\n"], [last_event, "o", "last\r\n"]]
    return "\n".join(json.dumps(line) for line in [header, *events]) + "\n"


def test_the_last_event_of_the_recording_is_its_length(tmp_path):
    (tmp_path / "output.cast").write_text(cast(31.62151))
    assert recorded_seconds(tmp_path) == pytest.approx(31.62151)
    assert timeout_for(tmp_path, 30.0)[0] == 64.0
    (tmp_path / "output.cast").write_text(cast(2.8))
    assert timeout_for(tmp_path, 30.0) == (30.0, "")


def test_no_or_a_broken_recording_keeps_the_default(tmp_path):
    assert timeout_for(tmp_path, 30.0) == (30.0, "")
    (tmp_path / "output.cast").write_text("not json\n")
    assert timeout_for(tmp_path, 30.0) == (30.0, "")


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "upstream"
    shutil.copytree(FIXTURE, root)
    (root / "examples" / PORT / "output.cast").write_text(cast(75.0))
    return root


def test_a_long_recorded_run_raises_the_default_timeout_and_says_so(nbe, project):
    run = nbe("run", PORT, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    # a port compared with its own recording has 60 s by default; this recording took longer
    assert "timeout 150s, not the default 60s: the port's recorded run (output.cast) took 75.0s" in run.stdout
    given = nbe("run", PORT, "--runtime", "local", "--timeout", "20")
    assert given.returncode == 0 and "not the default" not in given.stdout
