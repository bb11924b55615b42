"""The cli port of request-reply (a script, run with bash, driving the nats tool), in both runtimes."""

import pytest

from port_check import check_port

pytestmark = pytest.mark.all_ports


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    run = check_port(nbe, "cli", runtime)
    # The tool's own output, timestamps and spacing included, meets the canonical output only
    # through meta.yaml's narrow rules for cli: each must have fired, and the report says so.
    assert "rule fired 3 times: other clients print the reply as text" in run.stdout, run.stdout
    assert "rule fired 3 times: the nats tool prints two blank lines" in run.stdout, run.stdout
    assert "rule fired once: the nats tool logs no responders with the time of day" in run.stdout, run.stdout
