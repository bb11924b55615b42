"""The Python port of request-reply, in both runtimes."""

import pytest

from port_check import check_port

pytestmark = pytest.mark.all_ports


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    run = check_port(nbe, "python", runtime)
    assert "rule fired" not in run.stdout  # the seed matches byte for byte, with no rule
