"""The local runtime: the port built and run with the host's toolchain in a scratch copy,
next to a private nats-server process."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from conformance.builds import BuildError, built_port
from conformance.capture import run_captured
from conformance.language import Language
from conformance.result import Status
from conformance.runtime import Job, Outcome
from conformance.server_local import LocalServer, ServerError


class LocalRuntime:
    name = "local"

    def __enter__(self) -> LocalRuntime:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass  # each check cleans up its own server and scratch folder

    def execute(self, job: Job) -> Outcome:
        missing = missing_tool(job.language)
        if missing:
            hint = f"; install {job.language.install}" if job.language.install else ""
            return Outcome.problem(Status.SKIP, f"{missing} not found (the {job.language.name} toolchain){hint}")
        with tempfile.TemporaryDirectory(prefix="nbe-") as scratch, \
                LocalServer(Path(scratch) / "store", jetstream=job.meta.jetstream) as server:
            try:
                server.start()  # it boots while the port is copied or built
                job.language.cache_dir.mkdir(parents=True, exist_ok=True)
                folder = self._prepare(job, Path(scratch))
                env = job.language.environment(src=str(folder))
                env["NATS_URL"] = server.wait_ready()
            except BuildError as exc:
                missing = _probe_fails(job.language)
                if missing:  # e.g. a library the build needs: the toolchain is not all here
                    return Outcome.problem(Status.SKIP, missing)
                return Outcome.problem(Status.ERROR, str(exc), exc.log)
            except ServerError as exc:
                return Outcome.problem(Status.ERROR, "nats-server did not start", str(exc))
            argv = job.language.expand(job.language.run, src=str(folder))
            return Outcome(captured=run_captured(argv, cwd=str(folder), env=env, timeout=job.timeout))

    @staticmethod
    def _prepare(job: Job, scratch: Path) -> Path:
        """A port with a build runs from its cached build; one without, from a scratch copy."""
        if job.language.build:
            return built_port(job)
        src = scratch / "src"
        shutil.copytree(job.port_dir, src, symlinks=True)
        return src


def missing_tool(language: Language) -> str | None:
    """The run or build program that is not installed here, if any."""
    for argv in (language.run, *language.build):
        if "{src}" in argv[0] or argv[0].startswith("."):
            continue  # the port's own build output, not a toolchain
        program = language.expand(argv[:1])[0]
        found = os.access(program, os.X_OK) if os.sep in program else shutil.which(program)
        if not found:
            return program
    return None


def _probe_fails(language: Language) -> str | None:
    """Why the language's probe says its toolchain is incomplete here, if it does."""
    argv = language.expand(language.probe)
    try:
        probe = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        failure = f"{argv[0]}: {exc}"
    else:
        if probe.returncode == 0:
            return None
        failure = (probe.stderr or probe.stdout).strip().splitlines()[-1:] or [f"exit code {probe.returncode}"]
        failure = failure[0]
    hint = f"; install {language.install}" if language.install else ""
    return f"the {language.name} toolchain is incomplete here ({failure}){hint}"
