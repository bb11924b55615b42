"""The local runtime: the port built and run with the host's toolchain in a scratch copy,
next to a private nats-server process."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conformance import orphans
from conformance.capture import run_captured
from conformance.lifeline import Lifeline
from conformance.result import Status
from conformance.runtime import BuildError, Job, Outcome
from conformance.server_local import LocalServer, ServerError
from conformance.toolchain import install_hint, missing_program, probe


class LocalRuntime:
    name = "local"

    def __init__(self) -> None:
        self._run_dir: str | None = None  # every check's scratch folder is made in it
        self._lifeline: Lifeline | None = None

    def __enter__(self) -> LocalRuntime:
        self._run_dir = tempfile.mkdtemp(prefix="nbe-")
        # If nbe is killed outright, the keeper kills the checks' processes and removes the folder.
        self._lifeline = Lifeline(self._run_dir).__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        # each check has cleaned up its own server, processes and scratch folder
        if self._lifeline is not None:
            self._lifeline.__exit__()
        if self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)

    def execute(self, job: Job) -> Outcome:
        missing = missing_program(job.language)
        if missing:
            return Outcome.problem(Status.SKIP, f"{missing} not found (the {job.language.name} toolchain)"
                                                f"{install_hint(job.language)}")
        # The scope is inside the scratch folder's: what the check left dies before it is removed.
        with tempfile.TemporaryDirectory(prefix="check-", dir=self._run_dir) as scratch, orphans.check_scope(), \
                LocalServer(Path(scratch) / "store", jetstream=job.meta.jetstream) as server:
            try:
                server.start()  # it boots while the port is copied or built
                orphans.become_subreaper()  # once; before a port or build step can leave an orphan
                job.language.cache_dir.mkdir(parents=True, exist_ok=True)
                folder = self._prepare(job, Path(scratch))
                env = job.language.environment(src=str(folder))
                env["NATS_URL"] = server.wait_ready()
            except BuildError as exc:
                found = probe(job.language)
                if not found.ok:  # e.g. a library the build needs: the toolchain is not all here
                    return Outcome.problem(Status.SKIP, f"the {job.language.name} toolchain is incomplete here "
                                                        f"({found.line}){install_hint(job.language)}")
                return Outcome.problem(Status.ERROR, str(exc), exc.log)
            except ServerError as exc:
                return Outcome.problem(Status.ERROR, "nats-server did not start", str(exc))
            argv = job.language.expand(job.language.run, src=str(folder))
            return Outcome(captured=run_captured(argv, cwd=str(folder), env=env, timeout=job.timeout))

    @staticmethod
    def _prepare(job: Job, scratch: Path) -> Path:
        """A port with a build runs from its cached build; one without, from a scratch copy."""
        if job.language.build:
            from conformance.builds import built_port  # interpreted ports never pay for its imports

            return built_port(job)
        src = scratch / "src"
        shutil.copytree(job.port_dir, src, symlinks=True)
        return src
