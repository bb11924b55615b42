"""The C port of request-reply, in both runtimes."""

import pytest

from port_check import check_port

pytestmark = pytest.mark.all_ports


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    check_port(nbe, "c", runtime)
