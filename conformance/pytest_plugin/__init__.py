"""nbe as a pytest plugin (entry point `pytest11`): `pytest --nbe [TARGET ...]` collects one
item per check, named `<category>/<example>/<language>`, run by nbe's own machinery.

It is loaded into every pytest session where nbe is installed, nbe's own test suite included:
without --nbe it does nothing, and this module imports nothing of nbe's (checks.py,
loaded only with --nbe, holds the rest)."""

from __future__ import annotations

import pytest

RUNTIMES = ("auto", "local", "docker")
# `nbe run`'s flags the plugin has, each as --nbe-<name>: nbe's messages name them so under pytest
AS_IN_NBE_RUN = ("root", "runtime", "image", "timeout", "server-version", "cluster", "wire", "state", "update",
                 "override", "record")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("nbe", "nbe: conformance checks of NATS by Example ports")
    group.addoption("--nbe", action="store_true", default=False,
                    help="collect nbe's checks instead of test files; positional arguments are then nbe "
                         "targets (<category>/<example>/<language> or a prefix; none: every port)")
    group.addoption("--nbe-root", metavar="DIR", default=None,
                    help="the project folder (default: NBE_ROOT, else the nearest folder upward with examples/)")
    group.addoption("--nbe-runtime", choices=RUNTIMES, default=None,
                    help="where ports run (default: NBE_RUNTIME, else auto: Docker when an engine answers)")
    group.addoption("--nbe-image", action="append", default=[], metavar="LANG=REF",
                    help="base image for a language's Dockerfile (repeatable; also `images:` in nbe.yaml)")
    group.addoption("--nbe-timeout", type=float, default=None, metavar="SECONDS",
                    help="kill a port after this long (default: meta.yaml's timeout, else 30)")
    group.addoption("--nbe-server-version", action="append", default=[], metavar="V[,V...]",
                    help="check every port against each of these nats-server versions, one item each "
                         "(repeatable; also `server_versions:` in nbe.yaml; as nbe run --server-version)")
    group.addoption("--nbe-cluster", action="store_true", default=False,
                    help="run every example on a 3-node cluster (as nbe run --cluster)")
    group.addoption("--nbe-wire", action="store_true", default=False,
                    help="also judge what each port did on the wire against wire.txt (as nbe run --wire)")
    group.addoption("--nbe-state", action="store_true", default=False,
                    help="also judge what each port left on its server against state.json (as nbe run --state)")
    group.addoption("--nbe-update", action="store_true", default=False,
                    help="write each port's actual output into the expected file it was compared with, a shared "
                         "one only when every port sharing it ran and printed the same (as nbe run --update; "
                         "one pytest process: not with -n)")
    group.addoption("--nbe-override", action="store_true", default=False,
                    help="with --nbe-update: write a port's output as its language's own expected file, not the "
                         "shared one (as nbe run --override)")
    group.addoption("--nbe-record", action="store_true", default=False,
                    help="with --nbe-update: also write, for each port that passes, its output.txt and terminal "
                         "recording output.cast (as nbe run --record)")


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("nbe"):
        return
    from conformance.pytest_plugin.checks import NbeChecks

    # The positional arguments are targets, not paths: pytest collects no files of its own.
    # (What was given on the command line, not the testpaths pytest puts in their place.)
    targets = [str(arg) for arg in config.getoption("file_or_dir") or []]
    config.args = []
    plugin = NbeChecks.configure(config, targets)
    config.pluginmanager.register(plugin, NbeChecks.PLUGIN_NAME)
    config.add_cleanup(plugin.close)  # also when the session never starts or finishes
    stop_on_sigterm(config)


def stop_on_sigterm(config: pytest.Config) -> None:
    """SIGTERM stops the session as Ctrl-C does, so the runtime is left and its containers
    removed (as `nbe run` does on SIGTERM); only where nobody else handles SIGTERM."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt("SIGTERM")

    def restore() -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, interrupt)
            config.add_cleanup(restore)
    except ValueError:
        pass  # not the main thread: SIGTERM ends the process, and nbe's lifeline sweeps after it
