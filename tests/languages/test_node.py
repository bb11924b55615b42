"""The node port of request-reply (JavaScript on Node.js with the classic `nats` client), in both
runtimes; and a port in NATS by Example's layout, main.js alone, built with the tree's shared
docker/node/ manifests."""

import shutil

import pytest

from conftest import REPO
from port_check import check_port, require_docker, stand_in_image

pytestmark = pytest.mark.all_ports

SEED_PORT = REPO / "examples" / "messaging" / "request-reply" / "node"
# An ES module: it runs only with the shared package.json's "type": "module" and its client.
UPSTREAM_MAIN = """\
import { connect, StringCodec } from "nats";

const nc = await connect({ servers: (process.env.NATS_URL || "nats://localhost:4222").split(",") });
const sc = StringCodec();
nc.subscribe("hello", { callback: (_err, msg) => msg.respond(sc.encode("hello from node")) });
const reply = await nc.request("hello", sc.encode(""), { timeout: 1000 });
console.log(sc.decode(reply.data));
await nc.drain();
"""


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    check_port(nbe, "node", runtime)


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_a_port_without_manifests_uses_the_trees_shared_ones(nbe, project, runtime):
    port = project / "examples" / "shared" / "hello" / "node"
    port.mkdir(parents=True)
    (port / "main.js").write_text(UPSTREAM_MAIN)
    (port.parent / "meta.yaml").write_text("title: Hello\ndescription: One request, one reply.\n")
    shared = project / "docker" / "node"
    shared.mkdir(parents=True)
    shutil.copy(SEED_PORT / "package-lock.json", shared)
    (shared / "package.json").write_text((SEED_PORT / "package.json").read_text().replace(
        '"main": "main.js",', '"type": "module",\n  "main": "main.js",'))
    expected = project / "expected" / "shared" / "hello"
    expected.mkdir(parents=True)
    (expected / "output.txt").write_text("hello from node\n")
    args = ["run", "shared/hello/node", "--runtime", runtime]
    if runtime == "docker":
        require_docker("node")
        args += ["--image", f"node={stand_in_image('node')}"]
    run = nbe(*args, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PASS    shared/hello/node" in run.stdout, run.stdout
    assert sorted(p.name for p in port.iterdir()) == ["main.js"]  # nothing written into the port
