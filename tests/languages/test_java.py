"""The Java port of request-reply, in both runtimes."""

import pytest

from port_check import check_port

pytestmark = pytest.mark.all_ports


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    run = check_port(nbe, "java", runtime)
    assert "rule fired 3 times" in run.stdout  # the replies print as text, shown as bytes by the rule
