"""The Rust port of request-reply (async-nats on tokio), in both runtimes."""

import pytest

from port_check import check_port

pytestmark = pytest.mark.all_ports


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    run = check_port(nbe, "rust", runtime)
    # Rust prints the replies as text: meta.yaml's rule shows each as Python's bytes repr.
    assert "rule fired 3 times" in run.stdout, run.stdout
