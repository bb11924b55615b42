"""The deno port of request-reply, in both runtimes: Deno from npm, and the client's deno.land
URL import resolved from npm through the import map nbe writes (the port's source untouched).
NBE_DENO_IMPORT_MAP turns the map off or replaces it."""

import pytest

from port_check import check_port

pytestmark = pytest.mark.all_ports

URL = "https://deno.land/x/nats@v1.16.0/src/mod.ts"  # nats.deno 1.16.0: nats.js 2.16.0 on npm
# Prints what Deno resolves the client's URL to, without fetching anything: the map decides.
RESOLVE_MAIN = f'console.log(import.meta.resolve("{URL}"));\n'


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, project, runtime):
    source = (project / "examples" / "messaging" / "request-reply" / "deno" / "main.js").read_bytes()
    check_port(nbe, "deno", runtime)
    assert (project / "examples" / "messaging" / "request-reply" / "deno" / "main.js").read_bytes() == source
    assert not list((project / "examples" / "messaging" / "request-reply" / "deno").glob("*.json"))


@pytest.fixture
def resolver(project):
    """An example whose deno port prints where the client's URL resolves to."""
    port = project / "examples" / "imports" / "resolve" / "deno"
    port.mkdir(parents=True)
    (port / "main.js").write_text(RESOLVE_MAIN)
    (port.parent / "meta.yaml").write_text("title: Resolve\ndescription: Where a URL import goes.\n")
    expected = project / "expected" / "imports" / "resolve"
    expected.mkdir(parents=True)
    (expected / "output.txt").write_text("npm:nats@2.16.0\n")
    return "imports/resolve/deno"


def test_the_url_import_resolves_from_npm_by_default(nbe, resolver):
    run = nbe("run", resolver, "--runtime", "local", timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {resolver}" in run.stdout, run.stdout


def test_off_leaves_the_url_as_it_is(nbe, resolver):
    run = nbe("run", resolver, "--runtime", "local", timeout=900, NBE_DENO_IMPORT_MAP="off")
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"FAIL    {resolver}" in run.stdout, run.stdout
    assert f"+{URL}" in run.stdout, run.stdout  # the diff: the URL itself, not npm's module


def test_a_map_of_the_users_own_replaces_nbes(nbe, resolver, tmp_path):
    own = tmp_path / "my-map.json"
    own.write_text('{"imports": {"%s": "npm:nats@2.28.0"}}\n' % URL)
    run = nbe("run", resolver, "--runtime", "local", timeout=900, NBE_DENO_IMPORT_MAP=str(own))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "+npm:nats@2.28.0" in run.stdout, run.stdout


def test_each_url_resolves_to_the_npm_release_of_the_same_version(tmp_path):
    """nats.deno 1.M.P and nats.js 2.M.P are one release: the map keeps a port on the client it
    pins; a URL with no release (a branch) gets the newest nbe knows."""
    import json
    import subprocess

    from conftest import REPO

    deno = REPO / "conformance" / "languages" / "deno"
    (tmp_path / "main.js").write_text(
        'import { connect } from "https://deno.land/x/nats@v1.16.0/src/mod.ts";\n'
        'import { ServiceError } from "https://deno.land/x/nats@v1.17.0/nats-base-client/core.ts";\n'
        'import { nuid } from "https://deno.land/x/nats@main/src/mod.ts";\n')
    done = subprocess.run(["sh", str(deno / "import-map.sh"), str(deno / "url-imports"), str(tmp_path)],
                          capture_output=True, text=True, check=True, timeout=30)
    assert json.loads(done.stdout)["imports"] == {
        "https://deno.land/x/nats@v1.16.0/src/mod.ts": "npm:nats@2.16.0",
        "https://deno.land/x/nats@v1.17.0/nats-base-client/core.ts": "npm:nats@2.17.0",
        "https://deno.land/x/nats@main/src/mod.ts": "npm:nats@2.29.3",
    }
