"""The conformance page: one self-contained HTML file (inline CSS, no script, nothing fetched)
with the matrix (examples as rows, languages as columns, a column per runtime and server
version when the results hold several), each cell's status as a label and a symbol, and behind
each cell the check's details: reason, diff, stdout and stderr tails, the rules and masks that
fired and the expected file used. Examples whose ports print differently show their drift
groups; the recordings to regenerate are listed with the command that does it. `nbe run --html`
and `nbe report html` both write it from a list of CheckResults."""

from __future__ import annotations

import html
import sys
import time
from importlib import resources
from pathlib import Path

from conformance import __version__
from conformance.compare.words import quantity
from conformance.project.references import Reference
from conformance.project.staleness import Regeneration, command, headline
from conformance.reports.drift import ExampleDrift, diff, drift
from conformance.reports.matrix import Column, matrix
from conformance.reports.presentation import counted, look
from conformance.result import Aspect, CheckResult, Status

TAIL = 16 * 1024  # per output shown; the JSON report keeps the whole of it
SYMBOLS = {  # what the status does to the run, readable without colour: ✓ ok, ✗ fails it, ○ not counted
    Status.PASS: "✓", Status.FLAKY: "~", Status.FAIL: "✗", Status.ERROR: "✗", Status.TIMEOUT: "✗",
    Status.XPASS: "✗", Status.SKIP: "○", Status.XFAIL: "○",
}
MASK_PREFIX = "mask "  # masks fire as rules described "mask <name>: ..." (conformance/compare/masks.py)
# Nothing may be fetched, even should an output ever slip past the escaping.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render(results: list[CheckResult], *, runtime: str, duration: float,
           references: dict[str, Reference] | None = None, regenerate: list[Regeneration] | None = None) -> str:
    ids = {id(result): f"check-{n}" for n, result in enumerate(results)}
    drifts, group_of = _drift(results, references or {})
    failed = any(r.status.fails_the_run for r in results)
    verdict = "failed" if failed else "passed"
    body = [
        f"<h1>nbe conformance: {verdict}</h1>",
        _facts(results, runtime, duration),
        _counts(results),
        f'<p class="legend screen-only">Click a cell for its details. '
        f"{SYMBOLS[Status.PASS]} counts as a pass, {SYMBOLS[Status.FAIL]} fails the run, "
        f"{SYMBOLS[Status.SKIP]} is not counted, {SYMBOLS[Status.FLAKY]} passed on a retry.</p>",
        _matrix(results, ids, drifts, group_of),
        _regeneration(regenerate or []),
        '<section id="details" aria-label="check details">',
        *(_check(r, ids[id(r)], drifts, group_of) for r in results),
        "</section>",
        _drift_section(drifts),
    ]
    return _page(f"nbe conformance: {verdict}", "\n".join(body))


def write(path: Path, results: list[CheckResult], *, runtime: str, duration: float, root: str | None,
          regenerate: list[Regeneration] | None = None) -> None:
    from conformance.atomic import write_atomically

    write_atomically(path, render(results, runtime=runtime, duration=duration,
                                  references=references_near(root, results), regenerate=regenerate))


def references_near(root: str | None, results: list[CheckResult]) -> dict[str, Reference]:
    """Each example's drift reference from the project's meta.yaml and nbe.yaml, when the page is
    written inside a project; elsewhere (a report read on its own) the largest group is the
    reference. A bad `reference:` costs the page its references, never the page itself."""
    from conformance.errors import NbeError
    from conformance.languages import Languages
    from conformance.project import find_project
    from conformance.project.references import references

    try:
        project = find_project(root)
    except NbeError:
        return {}
    ports: dict[str, set[str]] = {}
    for result in results:
        if (project.examples / result.example).is_dir():
            ports.setdefault(result.example, set()).add(result.language)
    try:
        return references(project, Languages(project.root), ports)
    except NbeError as exc:
        print(f"nbe: warning: the HTML page's drift groups use no named reference: {exc}", file=sys.stderr)
        return {}


def _drift(results: list[CheckResult], references: dict[str, Reference]
           ) -> tuple[dict[str, ExampleDrift], dict[int, int]]:
    """Each drifting example's groups, and each result's group number (1 is the reference).
    With a server matrix a port is one member per server, so each is named `language@server`."""
    servers = {r.server_version for r in results}
    keyed = results if servers == {""} else [
        r._replace(target=f"{r.target}@{r.server_version or 'default'}") for r in results]
    drifts = {d.example: d for d in drift(keyed, references) if len(d.groups) > 1}
    with_runtime = len({r.runtime for r in results}) > 1
    group_of: dict[int, int] = {}
    for original, result in zip(results, keyed):
        entry = drifts.get(result.example)
        if entry is None:
            continue
        label = f"{result.language}@{result.runtime}" if with_runtime else result.language
        for number, group in enumerate(entry.groups, 1):
            if any(m.label == label for m in group.members):
                group_of[id(original)] = number
    return drifts, group_of


def _facts(results: list[CheckResult], runtime: str, duration: float) -> str:
    started = [r.started_at for r in results if r.started_at]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(min(started))) if started else ""
    servers = [s or "default" for s in dict.fromkeys(r.server_version for r in results)]
    parts = [quantity(len(results), "check"), f"runtime {runtime}", f"{duration:.1f} s"]
    if servers != ["default"]:
        parts.append("servers " + ", ".join(servers))
    parts += [f"nbe {__version__}"] + ([f"started {when}"] if when else [])
    return f'<p class="facts">{_e(" · ".join(parts))}</p>'


def _counts(results: list[CheckResult]) -> str:
    items = []
    for status in Status:
        n = sum(r.status is status for r in results)
        if n:
            items.append(f'<li class="s-{status.value}">{SYMBOLS[status]} {_e(counted(status, n))}</li>')
    return f'<ul class="counts" aria-label="totals">{"".join(items)}</ul>'


def _matrix(results: list[CheckResult], ids: dict[int, str], drifts: dict[str, ExampleDrift],
            group_of: dict[int, int]) -> str:
    table = matrix(results)
    head = "".join(f'<th scope="col">{_column_head(c)}</th>' for c in table.columns)
    rows = []
    for example in table.examples:
        heading = _e(example)
        if example in drifts:
            heading += (f'<a class="drift-link" href="#{_drift_anchor(drifts, example)}">'
                        f"drift: {len(drifts[example].groups)} outputs</a>")
        cells = []
        for column in table.columns:
            result = table.cell(example, column)
            cells.append('<td class="none">—</td>' if result is None else
                         f"<td>{_cell(result, ids[id(result)], group_of.get(id(result)))}</td>")
        rows.append(f'<tr><th scope="row">{heading}</th>{"".join(cells)}</tr>')
    return (f'<div class="scroller" id="matrix"><table class="matrix"><thead><tr><th scope="col">example</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _column_head(column: Column) -> str:
    """The language, then its runtime and server version (when the results hold several) below."""
    rest = column.label[len(column.language):].strip()
    return _e(column.language) + (f"<small>{_e(rest)}</small>" if rest else "")


def _cell(result: CheckResult, anchor: str, group: int | None) -> str:
    status = result.status
    output = f"<small>output {group}</small>" if group else ""
    title = f"{result.name}: {status.value}" + (f": {result.reason}" if result.reason else "")
    aspects = "".join(f'<small class="s-{a.status.value}">{_e(a.name)} {SYMBOLS[a.status]}</small>'
                      for a in result.aspects)
    return (f'<a class="cell s-{status.value}" href="#{anchor}" data-status="{status.value}" '
            f'title="{_e(title)}">{SYMBOLS[status]} {look(status).label}{output}{aspects}</a>')


def _check(result: CheckResult, anchor: str, drifts: dict[str, ExampleDrift], group_of: dict[int, int]) -> str:
    status = result.status
    problem = " problem" if status.fails_the_run or status is Status.FLAKY else ""
    parts = [
        f'<article class="check{problem}" id="{anchor}" data-status="{status.value}">',
        f'<header><span class="status s-{status.value}">{SYMBOLS[status]} {look(status).label}</span>'
        f"<h3>{_e(result.name)}</h3>"
        f'<a class="close" href="#matrix">back to the matrix</a></header>',
    ]
    if result.reason:
        parts.append(f'<p class="reason">{_e(result.reason)}</p>')
    parts.append(_facts_list(result))
    parts.append(_rules(result))
    if result.notes:
        parts.append("<h4>Notes</h4><ul class=\"rules\">" + "".join(f"<li>{_e(n)}</li>" for n in result.notes)
                     + "</ul>")
    if result.diff:
        parts.append(f'<h4>Diff</h4><pre class="diff">{_diff(result.diff)}</pre>')
    parts.extend(_aspect(aspect) for aspect in result.aspects)
    group = group_of.get(id(result))
    if group:
        entry = drifts[result.example]
        parts.append(f'<p class="drift">Prints output {group} of {len(entry.groups)} among this example\'s ports '
                     f'({_e(entry.groups[group - 1].labels)}); <a href="#{_drift_anchor(drifts, result.example)}">'
                     "the groups</a>.</p>")
    parts.append(_output("stdout (after normalisation and rules)", result.stdout))
    parts.append(_output("stderr tail", result.stderr_tail))
    if result.details and result.details.strip() != result.stderr_tail.strip():
        parts.append(_output("details", result.details))
    parts.append("</article>")
    return "\n".join(parts)


def _aspect(aspect: Aspect) -> str:
    """A verdict beside stdout's (on the wire, the state left on the server): its mark, reason and diff."""
    said = aspect.reason or f"same as {aspect.expected_file}"
    parts = [f'<h4>{_e(aspect.name.capitalize())}: <span class="s-{aspect.status.value}">{SYMBOLS[aspect.status]} '
             f'{look(aspect.status).label}</span></h4><p class="reason">{_e(said)}</p>']
    if aspect.diff:
        parts.append(f'<pre class="diff">{_diff(aspect.diff)}</pre>')
    return "".join(parts)


def _drift_anchor(drifts: dict[str, ExampleDrift], example: str) -> str:
    return f"drift-{list(drifts).index(example)}"


def _facts_list(result: CheckResult) -> str:
    expected = result.expected_file or "none"
    if result.expected_file and result.expected_kind:
        expected += f" ({result.expected_kind})"
    facts = [("runtime", result.runtime), ("server", result.server_version or "default"),
             ("expected file", expected), ("duration", f"{result.duration:.2f} s")]
    if result.exit_code is not None:
        facts.append(("exit code", str(result.exit_code)))
    if result.attempts > 1:
        facts.append(("attempts", str(result.attempts)))
    if result.actual_file:
        facts.append(("actual output saved", result.actual_file))
    if result.updated:
        facts.append(("updated", "the expected file was rewritten with this output"))
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    return f'<dl class="facts-list">{items}</dl>'


def _rules(result: CheckResult) -> str:
    masks = [h for h in result.rules_fired if h.description.startswith(MASK_PREFIX)]
    rules = [h for h in result.rules_fired if not h.description.startswith(MASK_PREFIX)]
    parts = []
    for title, hits in (("Rules fired", rules), ("Masks fired", masks)):
        if hits:
            items = "".join(f"<li>{_e(h.description)} <code>{_e(h.pattern)}</code> × {h.times}</li>" for h in hits)
            parts.append(f'<h4>{title}</h4><ul class="rules">{items}</ul>')
    if not parts:
        parts.append('<p class="empty">No rule or mask fired.</p>')
    return "".join(parts)


def _output(title: str, text: str) -> str:
    if not text:
        return f'<h4>{_e(title)}</h4><p class="empty">(empty)</p>'
    cut = len(text) > TAIL
    shown = ("[" + f"{len(text) - TAIL} earlier characters not shown]\n" if cut else "") + text[-TAIL:]
    return f"<h4>{_e(title)}</h4><pre>{_e(shown)}</pre>"


def _diff(text: str) -> str:
    lines = []
    for line in text[-4 * TAIL:].splitlines():
        kind = ("hunk" if line.startswith("@@") else "add" if line.startswith("+") and not line.startswith("+++")
                else "del" if line.startswith("-") and not line.startswith("---") else "")
        lines.append(f'<span class="{kind}">{_e(line)}</span>' if kind else _e(line) + "\n")
    return "".join(lines)


def _regeneration(entries: list[Regeneration]) -> str:
    if not entries:
        return ""
    rows = "".join(f"<tr><td>{_e(e.target)}</td><td>{_e('; '.join(e.reasons))}</td></tr>" for e in entries)
    return (f'<section id="regenerate"><h2>{_e(headline(entries))}</h2>'
            f'<table class="groups"><thead><tr><th>port</th><th>why</th></tr></thead><tbody>{rows}</tbody></table>'
            f'<p>Regenerate them:</p><pre style="white-space: pre-wrap">{_e(command(entries))}</pre></section>')


def _drift_section(drifts: dict[str, ExampleDrift]) -> str:
    if not drifts:
        return ""
    parts = ["<h2>Drift: examples whose ports print differently</h2>"]
    for example, entry in drifts.items():
        parts.append(_drift_example(_drift_anchor(drifts, example), entry))
    return "\n".join(parts)


def _drift_example(anchor: str, entry: ExampleDrift) -> str:
    rows = "".join(f"<tr><td>{n}{' (reference)' if n == 1 else ''}</td><td>{g.line_count}</td>"
                   f"<td>{_e(g.labels)}</td></tr>" for n, g in enumerate(entry.groups, 1))
    parts = [f'<section class="drift-group" id="{anchor}"><h3>{_e(entry.example)}: '
             f"{len(entry.groups)} outputs</h3>",
             f"<p>Reference: {_e(entry.reference_why)}.</p>",
             f'<table class="groups"><thead><tr><th>output</th><th>lines</th><th>ports</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>"]
    for number, group in enumerate(entry.groups[1:], 2):
        parts.append(f'<h4>output {number} against the reference</h4>'
                     f'<pre class="diff">{_diff(diff(entry.groups[0], group, number))}</pre>')
    if entry.without_output:
        silent = ", ".join(f"{m.label} ({m.status.value})" for m in entry.without_output)
        parts.append(f"<p>No output: {_e(silent)}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _page(title: str, body: str) -> str:
    style = resources.files("conformance.reports").joinpath("html_page.css").read_text(encoding="utf-8")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>\n{style}</style>\n</head>\n<body>\n<main>\n{body}\n"
            "</main>\n</body>\n</html>\n")


def _e(text: str) -> str:
    """Escaped for HTML text and attributes; control characters shown (as JUnit does), and lone
    surrogates from undecodable bytes made printable, so the page is always valid UTF-8."""
    shown = "".join(c if c in "\t\n" or (ord(c) >= 0x20 and ord(c) != 0x7F) else f"\\x{ord(c):02x}" for c in text)
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return html.escape(shown, quote=True)
