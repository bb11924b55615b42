"""The local runtime: the port built and run with the host's toolchain in a scratch copy,
next to a private nats-server process."""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from pathlib import Path

from conformance.capture import run_captured
from conformance.normalize import decode
from conformance.result import Status
from conformance.runtime import BUILD_TIMEOUT, Job, Outcome
from conformance.server_local import LocalServer, ServerError


class LocalRuntime:
    name = "local"

    def __enter__(self) -> LocalRuntime:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass  # each check cleans up its own server and scratch folder

    def execute(self, job: Job) -> Outcome:
        missing = missing_tool(job)
        if missing:
            return Outcome.problem(Status.SKIP, f"{missing} not found on PATH (the {job.language.name} toolchain)")
        with tempfile.TemporaryDirectory(prefix="nbe-") as scratch, \
                LocalServer(Path(scratch) / "store", jetstream=job.meta.jetstream) as server:
            try:
                server.start()  # it boots while the port is copied and built
                src = Path(scratch) / "src"
                shutil.copytree(job.port_dir, src, symlinks=True)
                places = {"src": str(src)}
                for step in job.language.build:
                    failed = _build_step(job.language.expand(step, **places), src)
                    if failed:
                        return failed
                env = {**os.environ, "NATS_URL": server.wait_ready()}
            except ServerError as exc:
                return Outcome.problem(Status.ERROR, "nats-server did not start", str(exc))
            argv = job.language.expand(job.language.run, **places)
            return Outcome(captured=run_captured(argv, cwd=str(src), env=env, timeout=job.timeout))


def missing_tool(job: Job) -> str | None:
    """The run or build program that is not installed here, if any."""
    for argv in (job.language.run, *job.language.build):
        program = job.language.expand(argv[:1])[0]
        found = os.access(program, os.X_OK) if os.sep in program else shutil.which(program)
        if not found:
            return program
    return None


def _build_step(argv: list[str], src: Path) -> Outcome | None:
    built = run_captured(argv, cwd=str(src), env=dict(os.environ), timeout=BUILD_TIMEOUT)
    if built.timed_out:
        return Outcome.problem(Status.ERROR, f"build timed out after {BUILD_TIMEOUT:.0f}s: {shlex.join(argv)}")
    if built.returncode != 0:
        log = decode(built.stdout[-8192:] + built.stderr_tail[-8192:])
        return Outcome.problem(Status.ERROR, f"build failed (exit code {built.returncode}): {shlex.join(argv)}", log)
    return None
