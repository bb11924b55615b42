"""Judging a finished run: normalise and rule what the port printed, compare it with the
expected file (a port's own recording cleaned first, and compared with the default masks),
explain a mismatch where the judge knows its cause (another order, volatile values, a recording
of a failed run), save a mismatch's actual output, and record with --update (and --record's
terminal recording), never the output of a run that went wrong."""

from __future__ import annotations

import time

from conformance.atomic import write_atomically
from conformance.check.casts import CAST, Cast
from conformance.check.update import Proposal, UpdateMode
from conformance.compare import recordings, unordered
from conformance.compare.masks import DEFAULT, MASKS, apply_masks, mask_rules
from conformance.compare.matching import compare
from conformance.compare.normalize import decode, normalize
from conformance.compare.outputs import compare_output
from conformance.compare.rules import Rule, apply_rules
from conformance.compare.words import quantity
from conformance.project.expected import (OVERRIDE, RECORDING, SHARED, ExpectedFile, UnreadableExpected, override_for,
                                          remove_stale, save_actual)
from conformance.project.meta import Meta
from conformance.project.ports import Port
from conformance.result import CheckResult, Status, causes
from conformance.runtimes.capture import STDOUT_CAP, Captured
from conformance.runtimes.protocol import Outcome


def judge(port: Port, meta: Meta, outcome: Outcome, expected: ExpectedFile, base: CheckResult, *,
          timeout: float, update: UpdateMode | None = None) -> CheckResult:
    """The check's result from what the port printed. With --update a port's own file (its recording,
    its language's override) is written here; a shared canonical output is only proposed, for
    update.py to write once every port that shares it has run."""
    if outcome.captured is None:
        return base._replace(status=outcome.status or Status.ERROR, reason=outcome.reason,
                             details=outcome.details, cause=outcome.cause)
    captured = outcome.captured
    actual, hits = apply_rules(normalize(decode(captured.stdout)), meta.rules, port.language)
    if expected.kind == RECORDING:
        actual = recordings.without_opening_blank_lines(actual)
    mask_names = meta.masks or (DEFAULT if expected.kind == RECORDING else ())
    masks = mask_rules(mask_names)
    masked_actual, masked = apply_rules(actual, masks, port.language)
    if meta.masks:  # masks meta.yaml names rewrite the output; a recording's default ones only compare
        actual = masked_actual
    stderr_tail = decode(captured.stderr_tail[-4096:])
    base = base._replace(stdout=actual, stderr_tail=stderr_tail, rules_fired=hits + masked,
                         exit_code=captured.returncode, notes=base.notes + _terminal_note(captured))
    if captured.timed_out:
        return base._replace(status=Status.TIMEOUT,
                             reason=f"killed after {timeout:g}s ({outcome.killed_at_timeout})")
    if not captured.stdout_overflow and captured.returncode != 0:
        return base._replace(status=Status.ERROR, reason=_exit_reason(captured.returncode))
    try:
        expected_text = expected.read()
    except UnreadableExpected as exc:
        return base._replace(status=Status.ERROR, reason=f"{expected.shown}: {exc}")
    recording = None
    if expected_text is not None and expected.kind == RECORDING:
        recording = recordings.clean(expected_text)
        expected_text = recording.text
        base = base._replace(notes=base.notes + recordings.notes(recording, actual))
    if captured.stdout_overflow:  # never recorded, also with --update: a flood is not an output
        return _overflowed(port, expected, expected_text, actual, base)
    record = update is not None and update.record
    cast = _cast(update, port, meta, captured, actual) if update is not None and update.record else None
    if record and cast is None:
        base = base._replace(notes=base.notes + ("no recording: meta.yaml lists the port as a known failure",))
    if update is not None and update.override and expected.kind == SHARED:
        return _record_override(update, port, meta, expected, expected_text, actual, masks, base, cast)
    shared = update.shared if update is not None and expected.kind == SHARED else None
    if expected_text is None:
        if shared is not None:
            shared.propose(Proposal(port, expected.path, actual, _vote_key(actual, meta), cast, True,
                                    expected.actual_path))
        elif update is not None:
            return _record(update, expected, actual, base, "recorded", cast)
        save_actual(expected, actual)
        return base._replace(
            status=Status.ERROR, actual_file=expected.shown_actual,
            reason=f"expected file missing: {expected.shown}; record it with: {how_to_accept(port, expected)}")
    matches, rendered, diff = compare_output(expected_text, actual, masks, order_any=meta.order_any,
                                             names=(expected.shown, f"actual output of {port.name}"))
    if expected.kind == RECORDING and not meta.masks:  # as the terminal showed it: default masks only compare
        rendered = actual
    if shared is not None:  # judged as without --update: update.py turns it into a write or a refusal
        shared.propose(Proposal(port, expected.path, rendered, _vote_key(rendered, meta), cast, not matches,
                                expected.actual_path))
        cast = None
    if matches:
        remove_stale(expected.actual_path)
        return base if update is None or cast is None else _record_passed(update, expected, rendered, base, cast)
    if update is not None and shared is None:
        return _record(update, expected, rendered, base, "updated", cast)
    save_actual(expected, actual)
    failed = base._replace(status=Status.FAIL, diff=diff, accept=how_to_accept(port, expected),
                           actual_file=expected.shown_actual, reason=f"output differs from {expected.shown}")
    return _explained(failed, expected_text, actual, mask_names, meta, recording)


def _terminal_note(captured: Captured) -> tuple[str, ...]:
    if not captured.terminal:
        return ()
    return ("run on a terminal as its recording was made: stdout and stderr together, shown as stdout",)


def _explained(failed: CheckResult, expected_text: str, actual: str, mask_names: tuple[str, ...], meta: Meta,
               recording: recordings.Recording | None) -> CheckResult:
    """A failing comparison with its cause, where the judge knows it: the recording is of a failed
    run, the same lines came in another order, or only volatile values differ (and the masks
    that accept them); else as it is, for causes.cause_of to name."""
    if recording is not None and recordings.of_failed_run(recording, actual):
        return failed._replace(cause=causes.FAILED_RECORDING,
                               reason=f"{failed.reason}: the recording is of a failed run; regenerate it")
    masks = mask_rules(mask_names)
    expected_lines = apply_masks(expected_text, masks).splitlines()
    actual_lines = apply_masks(actual, masks).splitlines()
    if not meta.order_any and unordered.match_as_multiset(expected_lines, actual_lines) is not None:
        return failed._replace(cause=causes.ORDER, reason=f"{failed.reason}: same lines, another order; "
                                                          f"`compare: {{order: any}}` in meta.yaml accepts it")
    accepting = _masks_accepting(expected_text, actual, mask_names, meta.order_any)
    if accepting:
        return failed._replace(cause=causes.VOLATILE, reason=f"{failed.reason}: only volatile values differ; "
                                                             f"`compare: {{masks: [{', '.join(accepting)}]}}` "
                                                             f"in meta.yaml accepts them")
    return failed


def _masks_accepting(expected_text: str, actual: str, in_use: tuple[str, ...], order_any: bool) -> tuple[str, ...]:
    """The fewest masks, those in use among them, under which the outputs match; () when not even all do."""
    def match(names: tuple[str, ...]) -> bool:
        return compare_output(expected_text, actual, mask_rules(names), order_any=order_any)[0]

    names = tuple(MASKS)
    if set(names) <= set(in_use) or not match(names):
        return ()
    for name in MASKS:
        fewer = tuple(n for n in names if n != name)
        if name not in in_use and match(fewer):
            names = fewer
    return names


def how_to_accept(port: Port, expected: ExpectedFile) -> str:
    """The command that accepts a port's new output; for an output other ports share, the two ways."""
    if expected.kind != SHARED:
        return f"nbe run {port.name} --update"
    others = [name for name in expected.sharers if name != port.name]
    if not others:
        return f"nbe run {port.name} --update"
    return (f"nbe run {port.example_name} --update (the file is shared with "
            f"{quantity(len(others), 'other port')}, which must print the same), or for this language "
            f"alone: nbe run {port.name} --update --override")


def _vote_key(text: str, meta: Meta) -> str:
    """What two ports must share to agree on a shared output: the text; its lines in any order for `order: any`."""
    return "".join(sorted(text.splitlines(keepends=True))) if meta.order_any else text


def _record_override(update: UpdateMode, port: Port, meta: Meta, expected: ExpectedFile, expected_text: str | None,
                     actual: str, masks: tuple[Rule, ...], base: CheckResult, cast: Cast | None) -> CheckResult:
    """--update --override: this language's own expected file, when it prints something else than the canonical."""
    if expected_text is not None and compare_output(expected_text, actual, masks, order_any=meta.order_any)[0]:
        return base._replace(notes=base.notes + (f"it prints {expected.shown}: no override written",))
    target = override_for(update.shared.project, port)._replace(actual_path=expected.actual_path)
    result = _record(update, target, actual, base, "recorded the override", cast)
    return result._replace(override=True, expected_kind=OVERRIDE, expected_file=target.shown)


def _overflowed(port: Port, expected: ExpectedFile, expected_text: str | None, actual: str,
                base: CheckResult) -> CheckResult:
    save_actual(expected, actual)
    diff = "" if expected_text is None else compare(expected_text, actual, expected.shown,
                                                    f"actual output of {port.name}")[2]
    return base._replace(status=Status.FAIL, diff=diff, actual_file=expected.shown_actual,
                         reason=f"stdout passed the {STDOUT_CAP // 1024} KiB cap; the port was stopped")


def _exit_reason(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"the port was killed by signal {-returncode}"
    return f"the port exited with code {returncode}"


def _record(update: UpdateMode, expected: ExpectedFile, text: str, base: CheckResult, verb: str,
            cast: Cast | None) -> CheckResult:
    # the cast first: a site shows a port's cast only beside its output, so never a new output with an old cast
    notes = cast.write() if cast is not None else ()
    write_atomically(expected.path, text)
    remove_stale(expected.actual_path)
    reason = f"{verb} {expected.shown}"
    if cast is not None:
        reason += f" and {update.shared.project.relative(cast.path)}"
    return base._replace(updated=True, reason=reason, notes=base.notes + notes)


def _record_passed(update: UpdateMode, expected: ExpectedFile, text: str, base: CheckResult, cast: Cast) -> CheckResult:
    """--record for a port that passed as it is: its cast; and, for a port's own recording (upstream's
    layout), its output.txt rewritten clean, as compared. A canonical output shared by every port stays."""
    if expected.kind == RECORDING and expected.path.read_bytes() != text.encode("utf-8"):
        return _record(update, expected, text, base, "recorded", cast)
    notes = cast.write()
    return base._replace(reason=f"recorded {update.shared.project.relative(cast.path)}", notes=base.notes + notes)


def _cast(update: UpdateMode, port: Port, meta: Meta, captured: Captured, compared: str) -> Cast | None:
    """The recording of this run, or None for a port listed as a known failure: a site shows no
    run the tree itself says is broken."""
    known = meta.known.get(port.language)
    if known is not None and known.kind == "xfail":
        return None
    # the port started `duration` before it ended, and it ended just before it was judged
    started_at = time.time() - captured.duration
    return Cast(update.shared.project.examples / port.name / CAST, port.name, compared, captured, started_at)
