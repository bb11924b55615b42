"""The Go port of request-reply, in both runtimes."""

import pytest

from port_check import check_port

pytestmark = pytest.mark.all_ports


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    run = check_port(nbe, "go", runtime)
    # Go prints the reply as text: the example's rule turns each line into the seed's form.
    assert "rule fired 3 times" in run.stdout, run.stdout
