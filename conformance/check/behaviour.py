"""What a port did on its server, judged beside what it printed: the transcript of its connections
(--wire, servers/wire.py) and a snapshot of what it left there (--state, servers/state.py), each
held against the example's expected file as stdout is held against its output (wildcards, `...`,
`[unordered]` blocks): a verdict of its own (an Aspect) with its own diff. `--update` writes them
under stdout's rules: a language's own file at once, a shared one only when every port that shares
it agrees (update.py)."""

from __future__ import annotations

from conformance.atomic import write_atomically
from conformance.check.update import Proposal, UpdateMode
from conformance.compare.outputs import compare_output
from conformance.compare.rules import apply_rules
from conformance.project.expected import (FILES, SHARED, ExpectedFile, UnreadableExpected, override_for, remove_stale,
                                          save_actual)
from conformance.project.meta import Meta
from conformance.project.ports import Port
from conformance.result import Aspect, CheckResult, Status, causes
from conformance.runtimes.protocol import Snapshot, Wire
from conformance.servers.trace import LOG_CAP, SETTLE_TIMEOUT
from conformance.servers.wire import by_connection, renumbered_inboxes, transcript

WIRE, STATE = "wire", "state"


def judge_wire(port: Port, meta: Meta, wire: Wire | None, expected: ExpectedFile,
               update: UpdateMode | None) -> Aspect:
    """The wire's verdict: PASS or FAIL against `expected`, ERROR when the trace cannot be read
    whole, SKIP (the transcript saved) when the example has no wire file yet."""
    if wire is None:
        return Aspect(WIRE, Status.ERROR, "the server's trace was not recorded")
    if wire.cut:  # the close of a connection may be in the part not kept: no transcript can be trusted
        return Aspect(WIRE, Status.ERROR, f"the servers' log passed nbe's cap ({LOG_CAP // 2**20} MiB a server): "
                                          "no transcript of this port")
    found = transcript(wire.logs)
    ruled, hits = apply_rules(found.text, meta.wire_rules, port.language)
    if meta.wire_order == "connection":  # inboxes numbered by first use in the connections' order
        actual = renumbered_inboxes(by_connection(ruled))
    else:
        actual = renumbered_inboxes(ruled) if hits else ruled
    notes = _notes(found.unparsed) + tuple(f"wire rule fired: {hit.description}" for hit in hits)
    if found.open_connections:
        return Aspect(WIRE, Status.ERROR, f"the trace ends early: connection {', '.join(found.open_connections)} "
                                          f"not logged as closed {SETTLE_TIMEOUT:g}s after the port's end", notes=notes)
    return judge_text(WIRE, port, actual, expected, update)._replace(notes=notes)


def judge_state(port: Port, meta: Meta, state: Snapshot | None, expected: ExpectedFile,
                update: UpdateMode | None) -> Aspect:
    """The state's verdict, as the wire's; SKIP where the runtime takes no snapshot."""
    if state is None:
        return Aspect(STATE, Status.SKIP, "this runtime takes no snapshot of the server: --state runs locally")
    if state.error:
        return Aspect(STATE, Status.ERROR, state.error)
    actual, hits = apply_rules(state.text, meta.state_rules, port.language)
    notes = tuple(f"state rule fired: {hit.description}" for hit in hits)
    return judge_text(STATE, port, actual, expected, update)._replace(notes=notes)


def judge_text(name: str, port: Port, actual: str, expected: ExpectedFile, update: UpdateMode | None) -> Aspect:
    """`actual` (a transcript, a snapshot) held against `expected`; the aspect keeps it for drift."""
    try:
        expected_text = expected.read()
    except UnreadableExpected as exc:
        return Aspect(name, Status.ERROR, f"{expected.shown}: {exc}", expected_file=expected.shown)
    matches, diff = _compare(name, port, expected, expected_text, actual)
    if update is not None:
        judged = _updated(name, port, expected, actual, matches, update)
    else:
        judged = _judged(name, port, expected, expected_text is None, actual, matches, diff)
    return judged._replace(actual=actual)


def serverless(wire: bool, state: bool) -> tuple[Aspect, ...]:
    """The aspects of a port nbe gives no server (its compose recipe starts its own): a skip each."""
    why = "nbe starts no server for this port (its compose recipe gives it none): nothing to read"
    return tuple(Aspect(name, Status.SKIP, why) for name, asked in ((WIRE, wire), (STATE, state)) if asked)


def with_aspect(result: CheckResult, aspect: Aspect) -> CheckResult:
    """The check's result with the aspect's verdict: a pass of stdout fails (or errs) with it."""
    result = result._replace(aspects=result.aspects + (aspect,))
    if result.status is not Status.PASS or aspect.status not in (Status.FAIL, Status.ERROR):
        return result
    cause = {WIRE: causes.WIRE, STATE: causes.STATE}[aspect.name] if aspect.status is Status.FAIL else ""
    return result._replace(status=aspect.status, reason=f"{aspect.name}: {aspect.reason}", cause=cause)


def _compare(name: str, port: Port, expected: ExpectedFile, expected_text: str | None,
             actual: str) -> tuple[bool, str]:
    if expected_text is None:
        return False, ""
    matches, _, diff = compare_output(expected_text, actual, (), order_any=False,
                                      names=(expected.shown, f"{name} of {port.name}"))
    return matches, diff


def _judged(name: str, port: Port, expected: ExpectedFile, missing: bool, actual: str, matches: bool,
            diff: str) -> Aspect:
    if matches:
        remove_stale(expected.actual_path)
        return Aspect(name, Status.PASS, "", expected_file=expected.shown)
    save_actual(expected, actual)
    if missing:
        return Aspect(name, Status.SKIP, f"no {expected.shown} to compare with; what it saw is in "
                                         f"{expected.shown_actual} (record it: nbe run {port.name} --update --{name})",
                      actual_file=expected.shown_actual)
    return Aspect(name, Status.FAIL, f"differs from {expected.shown}", expected_file=expected.shown,
                  actual_file=expected.shown_actual, diff=diff)


def _updated(name: str, port: Port, expected: ExpectedFile, actual: str, matches: bool,
             update: UpdateMode) -> Aspect:
    """--update: a language's own file written now; a shared one proposed, for update.py to write
    once every port that shares it has run (until then the aspect is a skip)."""
    if update.override and expected.kind == SHARED:
        if matches:
            return Aspect(name, Status.PASS, f"it makes {expected.shown}: no override written",
                          expected_file=expected.shown)
        expected = override_for(update.shared.project, port, names=FILES[name])._replace(
            actual_path=expected.actual_path)
    elif expected.kind == SHARED:
        update.shared.propose(Proposal(port, expected.path, actual, actual, None, not matches, expected.actual_path,
                                       aspect=name))
        if matches:
            return Aspect(name, Status.PASS, "", expected_file=expected.shown)
        save_actual(expected, actual)
        return Aspect(name, Status.SKIP, f"{expected.shown} is written once every port that shares it agrees",
                      expected_file=expected.shown, actual_file=expected.shown_actual)
    if matches:
        return Aspect(name, Status.PASS, "", expected_file=expected.shown)
    verb = "updated" if expected.path.is_file() else "recorded"
    write_atomically(expected.path, actual)
    remove_stale(expected.actual_path)
    return Aspect(name, Status.PASS, f"{verb} {expected.shown}", expected_file=expected.shown, updated=True)


def _notes(unparsed: int) -> tuple[str, ...]:
    if not unparsed:
        return ()
    return (f"{unparsed} traced line(s) nbe could not read are kept in the transcript as `?` lines",)
