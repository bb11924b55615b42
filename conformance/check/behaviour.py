"""--wire: what the port did on its server, as the transcript of its connections
(servers/wire.py), held against the example's expected wire file as stdout is held against its
output (wildcards, `...`, `[unordered]` blocks): a verdict of its own (an Aspect) beside stdout's,
with its own diff. `--update --wire` writes wire files under stdout's rules: a language's own file
at once, a shared one only when every port that shares it agrees (update.py)."""

from __future__ import annotations

from conformance.atomic import write_atomically
from conformance.check.update import Proposal, UpdateMode
from conformance.compare.rules import apply_rules
from conformance.project.expected import (SHARED, WIRE, ExpectedFile, UnreadableExpected, override_for, remove_stale,
                                          save_actual)
from conformance.project.meta import Meta
from conformance.project.ports import Port
from conformance.result import Aspect, CheckResult, Status, causes
from conformance.runtimes.protocol import Wire
from conformance.servers.trace import SETTLE_TIMEOUT
from conformance.servers.wire import transcript

WIRE_ASPECT = "wire"


def judge_wire(port: Port, meta: Meta, wire: Wire | None, expected: ExpectedFile,
               update: UpdateMode | None) -> Aspect:
    """The wire's verdict: PASS or FAIL against `expected`, ERROR when the trace cannot be read
    whole, SKIP (the transcript saved) when the example has no wire file yet."""
    if wire is None:
        return _aspect(Status.ERROR, "the server's trace was not recorded")
    found = transcript(wire.logs)
    actual, hits = apply_rules(found.text, meta.wire_rules, port.language)
    notes = _notes(found.unparsed, wire.cut) + tuple(f"wire rule fired: {hit.description}" for hit in hits)
    if found.open_connections:
        return _aspect(Status.ERROR, f"the trace ends early: connection {', '.join(found.open_connections)} "
                                     f"not logged as closed {SETTLE_TIMEOUT:g}s after the port's end", notes=notes)
    try:
        expected_text = expected.read()
    except UnreadableExpected as exc:
        return _aspect(Status.ERROR, f"{expected.shown}: {exc}", expected_file=expected.shown, notes=notes)
    matches, diff = _compare(port, expected, expected_text, actual)
    return _judged(port, expected, expected_text, actual, matches, diff, update)._replace(notes=notes, actual=actual)


def _judged(port: Port, expected: ExpectedFile, expected_text: str | None, actual: str, matches: bool, diff: str,
            update: UpdateMode | None) -> Aspect:
    if update is not None:
        return _updated(port, expected, actual, matches, update)
    if matches:
        remove_stale(expected.actual_path)
        return _aspect(Status.PASS, "", expected_file=expected.shown)
    save_actual(expected, actual)
    if expected_text is None:
        return _aspect(Status.SKIP, f"no {expected.shown} to compare with; the transcript is in "
                                    f"{expected.shown_actual} (record it: nbe run {port.name} --update --wire)",
                       actual_file=expected.shown_actual)
    return _aspect(Status.FAIL, f"differs from {expected.shown}", expected_file=expected.shown,
                   actual_file=expected.shown_actual, diff=diff)


def with_aspect(result: CheckResult, aspect: Aspect) -> CheckResult:
    """The check's result with the aspect's verdict: a pass of stdout fails (or errs) with it."""
    result = result._replace(aspects=result.aspects + (aspect,))
    if result.status is not Status.PASS or aspect.status not in (Status.FAIL, Status.ERROR):
        return result
    cause = causes.WIRE if aspect.status is Status.FAIL else ""
    return result._replace(status=aspect.status, reason=f"{aspect.name}: {aspect.reason}", cause=cause)


def _compare(port: Port, expected: ExpectedFile, expected_text: str | None, actual: str) -> tuple[bool, str]:
    if expected_text is None:
        return False, ""
    from conformance.check.judge import compare_output

    matches, _, diff = compare_output(expected_text, actual, (), order_any=False,
                                      names=(expected.shown, f"wire of {port.name}"))
    return matches, diff


def _updated(port: Port, expected: ExpectedFile, actual: str, matches: bool, update: UpdateMode) -> Aspect:
    """--update --wire: a language's own file written now; a shared one proposed, for update.py to
    write once every port that shares it has run (until then the aspect is a skip)."""
    if update.override and expected.kind == SHARED:
        if matches:
            return _aspect(Status.PASS, f"it makes {expected.shown}: no override written", expected_file=expected.shown)
        expected = override_for(update.shared.project, port, names=WIRE)._replace(actual_path=expected.actual_path)
    elif expected.kind == SHARED:
        update.shared.propose(Proposal(port, expected.path, actual, actual, None, not matches, expected.actual_path,
                                       aspect=WIRE_ASPECT))
        if matches:
            return _aspect(Status.PASS, "", expected_file=expected.shown)
        save_actual(expected, actual)
        return _aspect(Status.SKIP, f"{expected.shown} is written once every port that shares it agrees",
                       expected_file=expected.shown, actual_file=expected.shown_actual)
    if matches:
        return _aspect(Status.PASS, "", expected_file=expected.shown)
    verb = "updated" if expected.path.is_file() else "recorded"
    write_atomically(expected.path, actual)
    remove_stale(expected.actual_path)
    return _aspect(Status.PASS, f"{verb} {expected.shown}", expected_file=expected.shown, updated=True)


def _aspect(status: Status, reason: str, **fields: object) -> Aspect:
    return Aspect(WIRE_ASPECT, status, reason, **fields)  # type: ignore[arg-type]


def _notes(unparsed: int, cut: bool) -> tuple[str, ...]:
    notes: tuple[str, ...] = ()
    if unparsed:
        notes += (f"{unparsed} traced line(s) nbe could not read are kept in the transcript as `?` lines",)
    if cut:
        notes += ("a server's log passed nbe's cap: the transcript is cut short",)
    return notes
