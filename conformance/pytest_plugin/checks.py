"""What `pytest --nbe` runs: the checks the targets select (as `nbe run` selects them), one
pytest item per check, one runtime per pytest process (each xdist worker has its own, entered
at its first check and left at the session's end), and failures told in nbe's own words."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

import pytest

from conformance.check import CheckOptions, Ready, prepare, run_check
from conformance.check.many import RunOptions, options_of_a_check, refuse_update, runtime_request, with_binaries
from conformance.check.update import SharedUpdates
from conformance.errors import NbeError, UsageError
from conformance.languages import Languages
from conformance.project import Project, find_project
from conformance.project.ports import Check, Port
from conformance.project.selection import select
from conformance.project.settings import parse_image_flags, project_servers
from conformance.pytest_plugin import AS_IN_NBE_RUN
from conformance.reports.console import ConsoleReporter
from conformance.result import CheckResult, Status
from conformance.runtimes import RuntimeRequest, choose_runtime
from conformance.runtimes.protocol import Runtime


def marker_name(kind: str, value: str) -> str:
    """`language_python`, `runtime_docker`: a name that `-m` can spell whatever the folder's name."""
    return f"{kind}_{re.sub(r'[^A-Za-z0-9_]', '_', value)}"


# `nbe run` with its targets (a path with a slash) and flags, as nbe's hints spell a command
_COMMAND = r"\bnbe run(?P<words>(?: (?:--[a-z][a-z-]*|[^\s()\[\];,]*/[^\s()\[\];,]*))+)"
_FLAG = r"(?<![\w-])--(?P<flag>" + "|".join(re.escape(name) for name in AS_IN_NBE_RUN) + r")(?![\w-])"
_IN_NBE_WORDS = re.compile(f"{_COMMAND}|{_FLAG}")


def in_plugin_words(message: str, *, commands_only: bool = False) -> str:
    """nbe's message as pytest's: `nbe run T --update` is `pytest --nbe T --nbe-update` when the
    plugin has every flag of it (else it stays nbe's command, which still works), and a flag alone
    is the plugin's (--runtime: --nbe-runtime). `commands_only`: text that may hold a build's log,
    whose own flags stay as they are."""
    def translated(match: re.Match[str]) -> str:
        if match.group("flag"):
            return match.group(0) if commands_only else f"--nbe-{match.group('flag')}"
        words = match.group("words").split()
        if any(word.startswith("--") and word[2:] not in AS_IN_NBE_RUN for word in words):
            return match.group(0)
        return " ".join(["pytest --nbe", *(f"--nbe-{word[2:]}" if word.startswith("--") else word for word in words)])

    return _IN_NBE_WORDS.sub(translated, message)


def result_in_plugin_words(result: CheckResult) -> CheckResult:
    """The result with nbe's own words (its reason, notes, hints) in the plugin's terms; what the
    port printed, its diffs and its logs' own flags as they are."""
    words = in_plugin_words
    aspects = tuple(aspect._replace(reason=words(aspect.reason), notes=tuple(map(words, aspect.notes)))
                    for aspect in result.aspects)
    return result._replace(reason=words(result.reason), accept=words(result.accept),
                           notes=tuple(map(words, result.notes)), details=words(result.details, commands_only=True),
                           aspects=aspects)


class CheckFailed(Exception):
    """A check that failed, erred or timed out; its text is what `nbe run` prints for it."""

    def __init__(self, text: str, summary: str, where: Path) -> None:
        super().__init__(text)
        self.text, self.summary, self.where = text, summary, where

    def report(self) -> Any:
        """nbe's text in the shape of a traceback without frames: printed as it is, with the
        one-line `summary` in pytest's short summary, and serialisable for xdist. That shape is
        built of pytest's private classes: where they are gone or changed, the text alone (a
        failure's representation may be a string), and the short summary has no reason."""
        try:
            from _pytest._code.code import ExceptionChainRepr, ReprFileLocation, ReprTracebackNative

            return ExceptionChainRepr([(ReprTracebackNative([self.text + "\n"]),
                                        ReprFileLocation(str(self.where), 0, self.summary), None)])
        except (ImportError, TypeError):
            return self.text


class NbeChecks:
    """The plugin object of a `pytest --nbe` session (registered only with --nbe)."""

    PLUGIN_NAME = "nbe-checks"

    def __init__(self, config: pytest.Config, project: Project, checks: list[Check], ready: dict[Port, Ready],
                 request: RuntimeRequest, options: CheckOptions) -> None:
        self.config = config
        self.project = project
        self.checks = checks
        self.ready = ready
        self.request = request
        self.options = options
        self._runtime: Runtime | None = None
        self._why = ""
        self._entered = False
        self._settled: dict[str, CheckResult] = {}  # --nbe-update: results of checks run ahead of their item
        self._ran: set[str] = set()
        self._written: list[str] = []  # --nbe-update: what it wrote, for the terminal summary

    @classmethod
    def configure(cls, config: pytest.Config, targets: list[str]) -> NbeChecks:
        """Everything a bad command line or a malformed file can stop, before any check runs;
        the same on every xdist worker, so each collects the same items in the same order."""
        try:
            return cls._configure(config, targets)
        except NbeError as exc:
            raise pytest.UsageError(f"nbe: {in_plugin_words(str(exc))}") from None

    @classmethod
    def _configure(cls, config: pytest.Config, targets: list[str]) -> NbeChecks:
        timeout = config.getoption("nbe_timeout")
        if timeout is not None and not timeout > 0:
            raise UsageError(f"--nbe-timeout {timeout}: must be more than 0")
        # as `nbe run` takes its flags (the same options, the same servers, the same refusals)
        options = RunOptions(runtime=config.getoption("nbe_runtime"),
                             images=parse_image_flags(config.getoption("nbe_image")),
                             cluster=config.getoption("nbe_cluster"), timeout=timeout,
                             update=config.getoption("nbe_update"), override=config.getoption("nbe_override"),
                             record=config.getoption("nbe_record"), wire=config.getoption("nbe_wire"),
                             state=config.getoption("nbe_state"))
        if options.update and config.getoption("dist", "no") != "no":
            raise UsageError("--nbe-update runs the ports of an example in one pytest process, so that a file "
                             "they share is written only when all of them print the same: not with pytest-xdist "
                             "(-n, --dist)")
        project = find_project(config.getoption("nbe_root"))
        languages = Languages(project.root)
        servers = project_servers(project, config.getoption("nbe_server_version"))
        refuse_update(options, servers)
        checks, why_empty = select(project, languages, targets, servers=servers)
        if not checks:
            raise UsageError(why_empty.message)
        # a malformed meta.yaml or language.yaml stops it here, an unknown server version next
        ready = prepare(project, checks, languages, cluster=options.cluster)
        checks = with_binaries(checks)
        config.addinivalue_line("markers", "nbe: a check of nbe (pytest --nbe)")
        for runtime in ("local", "docker"):
            config.addinivalue_line("markers", f"{marker_name('runtime', runtime)}: an nbe check on {runtime}")
        for language in sorted({port.language for port in ready}):
            config.addinivalue_line("markers", f"{marker_name('language', language)}: an nbe check of {language}")
        return cls(config, project, checks, ready, runtime_request(options),
                   options_of_a_check(project, checks, options))

    def pytest_report_header(self) -> str:
        noun = "check" if len(self.checks) == 1 else "checks"
        return f"nbe: project {self.project.root}, {len(self.checks)} {noun} selected"

    @pytest.hookimpl(hookwrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Generator[None, Any, None]:
        """The checks are the session's own items: pytest collects no files with --nbe."""
        outcome = yield
        report = outcome.get_result()
        if isinstance(collector, pytest.Session) and report.passed:
            try:
                report.result.extend(self._items(collector))
            except NbeError as exc:  # e.g. --nbe-runtime docker and no engine answers
                report.outcome, report.longrepr = "failed", f"nbe: {in_plugin_words(str(exc))}"

    def _items(self, session: pytest.Session) -> list[CheckItem]:
        # Chosen where checks are collected, so an xdist controller, which collects none, never
        # connects to an engine; entered only when the first check runs (not for --collect-only).
        self._runtime, why = choose_runtime(self.request, self.project)
        self._why = in_plugin_words(why)
        items = []
        for check in self.checks:
            port = check.port
            item = CheckItem.from_parent(session, name=check.name, nodeid=check.name,
                                         path=self.project.examples / port.name, check=check, checks=self)
            for name in ("nbe", marker_name("language", port.language), marker_name("runtime", self._runtime.name)):
                item.add_marker(name)
            known = self.ready[port].meta.known.get(port.language)
            if known and known.kind == "skip":
                item.add_marker(pytest.mark.skip(reason=f"skipped in meta.yaml: {known.reason}"))
            elif known and known.kind == "xfail":  # strict: a pass is nbe's xpass, which fails the run
                # the reason pytest shows only for an xpass (an xfail shows nbe's own reason)
                passed = f"listed in meta.yaml as a known failure but passed; remove it from meta.yaml ({known.reason})"
                item.add_marker(pytest.mark.xfail(reason=passed, strict=True))
            items.append(item)
        return items

    def pytest_report_collectionfinish(self) -> str | None:
        return f"nbe: runtime {self._runtime.name} ({self._why})" if self._runtime else None

    def run(self, check: Check, selected: Sequence[pytest.Item]) -> CheckResult:
        """The check's result, in the plugin's words. With --nbe-update, the first check of an
        example runs the example's other selected checks too (as `nbe run` would), so that a
        file they share is settled before any of them is reported."""
        runtime = self._runtime
        assert runtime is not None, "a check runs only after the session collected it"
        if not self._entered:
            runtime.__enter__()
            self._entered = True
        if self.options.update is None:
            result = run_check(self.project, self.ready[check.port], runtime, self.options, check.server)
        else:
            if check.name not in self._settled:
                self._run_example(runtime, check, selected)
            result = self._settled.pop(check.name)
        return result_in_plugin_words(result)

    def _run_example(self, runtime: Runtime, check: Check, selected: Sequence[pytest.Item]) -> None:
        assert self.options.update is not None
        example = check.port.example_name
        group = [check] + [item.check for item in selected if isinstance(item, CheckItem) and item.check != check
                           and item.check.port.example_name == example and item.check.name not in self._ran]
        # the example's own collector of shared writes: settled here, with its checks alone
        options = self.options._replace(update=self.options.update._replace(shared=SharedUpdates(self.project)))
        results = [run_check(self.project, self.ready[c.port], runtime, options, c.server) for c in group]
        assert options.update is not None
        for result in options.update.shared.settle(results):
            self._ran.add(result.name)
            self._settled[result.name] = result
            said = ([result.reason] if result.updated else []) + [a.reason for a in result.aspects if a.updated]
            self._written += [f"{result.name}: {text}" for text in dict.fromkeys(said)]

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """With --nbe-update: what it wrote (as syrupy's --snapshot-update says what it updated)."""
        if self.options.update is None:
            return
        terminalreporter.write_sep("-", "nbe --nbe-update")
        for line in self._written or ["nothing written"]:
            terminalreporter.write_line(line)

    def describe(self, result: CheckResult) -> str:
        """The result as `nbe run` prints it: status, name, reason, then the diff or log."""
        text = io.StringIO()
        colour = self.config.get_terminal_writer().hasmarkup
        verbose = (self.config.getoption("verbose") or 0) > 0
        ConsoleReporter(text, verbose=verbose, colour=colour).result(result)
        return text.getvalue().rstrip("\n")

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """On xdist's controller: a worker that died (SIGKILL, a crash) could not remove its
        containers; they carry its pid. Its processes and temp folder are its lifeline's to end."""
        local = (self.request.flag or os.environ.get("NBE_RUNTIME")) == "local"
        if error is None or local or not node.gateway.spec.popen:
            return  # nothing in an engine, or a remote worker's engine, not reachable from here
        try:
            pid = node.gateway._rinfo().pid  # cached when xdist set the worker up
        except Exception:
            return
        from conformance.runtimes.docker.endpoint import EngineUnavailable, connect
        from conformance.runtimes.docker.session import PID_LABEL, remove_labelled

        try:
            remove_labelled(connect(), {PID_LABEL: str(pid)})
        except EngineUnavailable:
            pass  # no engine: the worker ran nothing in one

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self) -> None:
        self.close()

    def close(self) -> None:
        """Leave the runtime: its servers, containers and scratch folders go (also after Ctrl-C)."""
        if self._entered and self._runtime is not None:
            self._entered = False
            self._runtime.__exit__(None, None, None)


class CheckItem(pytest.Item):
    """One check; its outcome agrees with nbe's status (skip, xfail and strict xpass included)."""

    def __init__(self, *, check: Check, checks: NbeChecks, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.checks = checks

    def runtest(self) -> None:
        result = self.checks.run(self.check, self.session.items)
        self.user_properties.extend([("nbe_status", result.status.value), ("nbe_runtime", result.runtime)])
        if result.status is Status.SKIP:
            pytest.skip(result.reason)
        if result.status is Status.XFAIL:
            pytest.xfail(result.reason)
        # an xpass returns: the strict xfail marker makes pytest fail it, as nbe does
        if result.status in (Status.FAIL, Status.ERROR, Status.TIMEOUT):
            raise CheckFailed(self.checks.describe(result), f"{result.status.value}: {result.reason}", self.path)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CheckFailed):
            return excinfo.value.report()  # nbe's report, not a Python traceback
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name
