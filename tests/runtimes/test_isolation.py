"""Two checks at the same time each get a private server: neither sees the other's messages."""

from __future__ import annotations

from conftest import add_hostile


def test_two_simultaneous_checks_do_not_see_each_others_messages(nbe, project, tmp_path):
    target = add_hostile(project, "isolation", expected="foreign messages: 0\n")
    rendezvous = tmp_path / "rendezvous"  # the ports wait for each other there: they overlap for sure
    first = nbe.popen("run", target, "--runtime", "local", "-v", RENDEZVOUS=str(rendezvous))
    second = nbe.popen("run", target, "--runtime", "local", "-v", RENDEZVOUS=str(rendezvous))
    outputs = [proc.communicate(timeout=90) for proc in (first, second)]
    for proc, (out, err) in zip((first, second), outputs):
        assert proc.returncode == 0, out + err
        assert f"PASS    {target}" in out
        assert "ran together with 1 other port(s)" in out, out
    urls = {line.split("url: ")[1] for out, _ in outputs for line in out.splitlines() if "url: nats://" in line}
    assert len(urls) == 2, f"both checks should report their own server, got {urls}"


def test_the_port_gets_a_loopback_nats_url_that_answers(nbe, project):
    target = add_hostile(project, "env_url", expected="connected True\n")
    run = nbe("run", target, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
