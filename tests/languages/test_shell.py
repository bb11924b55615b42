"""The shell port of request-reply (a main.sh run with bash), in both runtimes; and what `shell` and
`cli` scripts find on PATH: `nats`, `nsc` and `nats-server`, a server of their own started in
the background and left running, which nbe kills at the check's end (the fixture proves that
nothing is left running and nothing is left in TMPDIR)."""

import pytest

from conftest import REPO
from port_check import check_port, require_docker, stand_in_image

pytestmark = pytest.mark.all_ports

# Starts a JetStream server of its own on a port it picks, stores a message in a stream there,
# shows that the stream holds it, and leaves that server running. `nsc` must run too.
OWN_SERVER = """\
#!/bin/sh
set -eu
ports="$(mktemp -d)"
nats-server -js -a 127.0.0.1 -p -1 -sd "$ports/store" --ports_file_dir "$ports" >/dev/null 2>&1 &
tries=0
until url=$(sed -n 's/.*"nats": *\\["\\([^"]*\\)".*/\\1/p' "$ports"/*.ports 2>/dev/null) && [ -n "$url" ]; do
    [ "$tries" -lt 100 ] || { echo "no server of my own" >&2; exit 1; }
    tries=$((tries + 1)); sleep 0.1
done
nats --server "$url" stream add EVENTS --subjects 'events.>' --defaults >/dev/null
nats --server "$url" publish events.one hello >/dev/null 2>&1
nats --server "$url" stream info EVENTS --json | grep -o '"messages": *[0-9]*' | tr -d ' '
nsc --version >/dev/null && echo "nsc runs"
"""


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    check_port(nbe, "shell", runtime)


def test_shell_is_like_cli_so_they_share_one_definition_and_one_build():
    from conformance.languages import Languages

    languages = Languages(None)
    shell, cli = languages.get("shell"), languages.get("cli")
    assert shell is not None and cli is not None
    assert shell._replace(name="cli", template_folder=None) == cli  # the same definition, tools and Dockerfile
    assert shell.template == REPO / "conformance" / "languages" / "shell" / "template"
    assert not (REPO / "conformance" / "languages" / "shell" / "tools").exists()  # no copy to drift


@pytest.mark.parametrize("runtime", ["local", "docker"])
@pytest.mark.parametrize("folder, language", [("cli", "cli"), ("scripts", "shell")])  # a main.sh in any folder: shell
def test_a_script_starts_its_own_server_and_leaves_it_running(nbe, project, runtime, folder, language):
    port = project / "examples" / "tools" / "own-server" / folder
    port.mkdir(parents=True)
    (port / "main.sh").write_text(OWN_SERVER)
    (port.parent / "meta.yaml").write_text("title: Own server\ndescription: A script with a server of its own.\n")
    expected = project / "expected" / "tools" / "own-server"
    expected.mkdir(parents=True)
    (expected / "output.txt").write_text('"messages":1\nnsc runs\n')
    target = f"tools/own-server/{folder}"
    args = ["run", target, "--runtime", runtime]
    if runtime == "docker":
        require_docker(language)
        args += ["--image", f"{language}={stand_in_image(language)}"]
    run = nbe(*args, timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout, run.stdout
    assert sorted(p.name for p in port.iterdir()) == ["main.sh"]  # it ran in a copy
