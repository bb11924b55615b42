"""The conformance page (`nbe run --html`, `nbe report html`), opened from a file in a real
headless Chromium (Debian's, driven by Playwright; no browser is downloaded): its cells against
the JSON report, a failing cell's details, drift groups, a phone-width screen, print, and that
it fetches nothing. Screenshots, a PDF and the pages are saved under test-artifacts/.

The ports are real: the seed's Python port, and small Python programs in languages the
throwaway project defines (as tests/reports/test_drift.py does), so one example holds ports that pass,
fail, error and skip without needing other toolchains."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import REPO, Nbe, add_hostile, copy_seed, marked_processes

SEED = "messaging/request-reply"
SHORT = "b'hello, joe'\nb'hello, sue'\n<script>alert('x')</script> & </pre>\n"
ARTIFACTS = REPO / "test-artifacts"
PYTHON_LIKE = """\
entry: main.py
probe: ["{python}", "--version"]
run: ["{python}", "main.py"]
install: "Python (nbe's own)"
"""


def build_project(root: Path) -> None:
    """The seed (python passes) with alpha (a copy: passes), beta (prints two replies and some
    markup: fails, and drifts), delta (exits 3: error), csharp (no toolchain: skip), and a
    port printing bytes that are not UTF-8 (fails)."""
    copy_seed(root)
    example = root / "examples" / SEED
    for language in ("alpha", "beta", "delta"):
        (root / "languages" / language).mkdir(parents=True)
        (root / "languages" / language / "language.yaml").write_text(PYTHON_LIKE)
    shutil.copytree(example / "python", example / "alpha")
    (example / "beta").mkdir()
    (example / "beta" / "main.py").write_text(f"print({SHORT!r}, end='')\n")
    (example / "delta").mkdir()
    (example / "delta" / "main.py").write_text("import sys\nprint('ok')\nsys.exit(3)\n")
    (example / "csharp").mkdir()
    (example / "csharp" / "Main.cs").write_text("// needs the .NET SDK\n")
    add_hostile(root, "non_utf8")


class Pages:
    def __init__(self, run_page: Path, report_page: Path, report: dict[str, Any], folder: Path, nbe: Nbe):
        self.run_page, self.report_page, self.report, self.folder, self.nbe = (
            run_page, report_page, report, folder, nbe)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, nbe_cache: Path) -> Iterator[Pages]:
    """One real run writing the JSON report and the page, and the page again from the report."""
    base = tmp_path_factory.mktemp("html")
    root, tmp = base / "project", base / "nbe-tmp"
    root.mkdir()
    tmp.mkdir()
    build_project(root)
    nbe = Nbe(root, tmp, uuid.uuid4().hex, nbe_cache)
    report, run_page, report_page = base / "report.json", base / "run.html", base / "report.html"
    run = nbe("run", "--runtime", "local", "--json", str(report), "--html", str(run_page))
    assert run.returncode == 1, run.stdout + run.stderr  # the run holds failures
    again = nbe("report", "html", str(report), "-o", str(report_page))
    assert again.returncode == 0, again.stdout + again.stderr  # the page is a view: written is success
    assert f"wrote {report_page}: 6 checks from 1 report" in again.stdout
    yield Pages(run_page, report_page, json.loads(report.read_text()), base, nbe)
    assert not nbe.leftovers(), nbe.leftovers()


def chromium_or_skip() -> str:
    found = shutil.which("chromium")
    if found is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("NBE_REQUIRE_TOOLCHAINS"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def browser_processes(profile: Path) -> list[str]:
    """Processes of the browser started with this profile (Chromium names it on every process),
    and Playwright's driver if it outlived its stop (a child of this test process)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, parent = fields[0], int(fields[1])
        driver = parent == os.getpid() and "playwright" in command
        if (str(profile) in command or driver) and state != "Z":
            found.append(f"{entry.name}: {command[:120]}")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, with a fresh profile; afterwards no browser process
    and no profile may be left."""
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    profile = Path(tempfile.mkdtemp(prefix="nbe-chromium-"))
    playwright = sync_playwright().start()
    try:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, viewport={"width": 1280, "height": 900},
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        try:
            yield context
        finally:
            context.close()
    finally:
        playwright.stop()
        shutil.rmtree(profile, ignore_errors=True)
    assert not browser_processes(profile), browser_processes(profile)
    assert not profile.exists()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab in which any request that is not for a local file is refused and recorded."""
    tab = browser.new_page()
    fetched: list[str] = []

    def refuse(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            fetched.append(route.request.url)
            route.abort()

    tab.route("**/*", refuse)
    tab.fetched = fetched
    yield tab
    tab.close()
    assert not fetched, f"the page fetched {fetched}"


def cells(tab: Any) -> list[dict[str, str]]:
    """Every matrix cell with a check: its example (row), column heading, status and text."""
    return tab.eval_on_selector_all("table.matrix tbody td a.cell", """cells => cells.map(a => {
        const td = a.closest('td'), tr = a.closest('tr');
        const th = td.closest('table').querySelectorAll('thead th')[td.cellIndex];
        return {example: tr.querySelector('th').firstChild.textContent.trim(),
                column: th.firstChild.textContent.trim(), status: a.dataset.status,
                text: a.innerText, href: a.getAttribute('href')};
    })""")


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


@pytest.mark.parametrize("which", ["run_page", "report_page"])
def test_every_check_is_one_cell_with_its_status_as_a_label(pages, page, which):
    page.goto(getattr(pages, which).as_uri())
    expected = {(r["example"], r["language"]): r["status"] for r in pages.report["results"]}
    assert set(expected.values()) >= {"pass", "fail", "error", "skip"}
    shown = cells(page)
    assert len(shown) == len(pages.report["results"]) == 6
    assert {(c["example"], c["column"]): c["status"] for c in shown} == expected
    for cell in shown:  # readable without colour: the label is in the text
        assert cell["status"].upper() in cell["text"], cell
    assert "nbe conformance: failed" in page.title()
    assert page.locator("article.check:visible").count() == 0  # details wait for a click


def test_clicking_a_failing_cell_shows_its_diff_outputs_and_expected_file(pages, page):
    page.goto(pages.report_page.as_uri())
    failing = page.locator(f'tr:has(th:text-is("{SEED}")) a.cell[data-status="fail"]')
    assert failing.count() == 1  # beta
    failing.click()
    details = page.locator("article.check:visible")
    assert details.count() == 1
    text = details.inner_text()
    assert f"{SEED}/beta" in text and "FAIL" in text
    diff = details.locator("pre.diff")
    assert diff.is_visible()
    assert "-b'hello, bob'" in diff.inner_text() and "+<script>alert('x')</script> & </pre>" in diff.inner_text()
    assert f"expected/{SEED}/output.txt (canonical)" in text
    assert "stdout" in text and "stderr tail" in text and "No rule or mask fired." in text
    assert page.locator("script").count() == 0  # the port's markup is text, never markup
    page.screenshot(path=str(artifact("conformance-page.png")), full_page=True)


def test_an_error_cell_shows_its_exit_code_and_a_skip_its_reason(pages, page):
    page.goto(pages.report_page.as_uri())
    page.locator('a.cell[data-status="error"]').click()
    error = page.locator("article.check:visible")
    assert f"{SEED}/delta" in error.inner_text() and re.search(r"exit code\s+3", error.inner_text())
    page.locator('a.cell[data-status="skip"]').click()
    skip = page.locator("article.check:visible")
    assert f"{SEED}/csharp" in skip.inner_text() and "SKIP" in skip.inner_text()


def test_drifting_ports_show_their_groups(pages, page):
    page.goto(pages.report_page.as_uri())
    row = page.locator(f'tr:has(th:text-is("{SEED}"))')
    link = row.locator("a.drift-link")
    assert re.fullmatch(r"drift: \d+ outputs", link.inner_text())
    groups = {c["column"]: c["text"] for c in cells(page) if c["example"] == SEED}
    assert "output 1" in groups["python"] and "output 1" in groups["alpha"]
    assert "output 2" in groups["beta"] or "output 3" in groups["beta"]
    assert "output" not in groups["csharp"]  # a skip printed nothing to group
    link.click()
    section = page.locator("section.drift-group:visible")
    assert "(reference)" in section.inner_text() and "alpha, python" in section.inner_text()
    assert "+<script>alert('x')</script>" in section.locator("pre.diff").first.inner_text()


def test_bytes_that_are_not_utf8_and_control_characters_are_shown_not_broken(pages, page):
    page.goto(pages.report_page.as_uri())
    page.locator('tr:has(th:text-is("hostile/non_utf8")) a.cell').click()
    text = page.locator("article.check:visible").inner_text()
    assert "ok \\xff\\xfe caf\\xe9 \\x07bell" in text  # as nbe decodes them, shown as they are


def test_control_characters_and_lone_surrogates_still_make_a_valid_page():
    from conformance.reports import html
    from conformance.result import CheckResult, Status

    result = CheckResult(target="a/b/python", runtime="local", status=Status.FAIL, reason="bell\x07 <b>",
                         duration=0.1, stdout="nul\x00 esc\x1b[31m surrogate\udcff", diff="+x & y\n")
    text = html.render([result], runtime="local", duration=0.1)
    text.encode("utf-8")  # no lone surrogate left: the page is valid UTF-8
    assert "bell\\x07 &lt;b&gt;" in text and "nul\\x00 esc\\x1b[31m surrogate\\udcff" in text
    assert "+x &amp; y" in text and "\x00" not in text and "\x1b" not in text


def test_on_a_phone_the_details_fit_and_only_the_matrix_scrolls_sideways(pages, browser):
    tab = browser.new_page()
    try:
        tab.set_viewport_size({"width": 375, "height": 812})
        tab.goto(pages.report_page.as_uri())
        tab.locator(f'tr:has(th:text-is("{SEED}")) a.cell[data-status="fail"]').click()
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the page is {width}px wide on a 375px screen"
        box = tab.locator("article.check:visible").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        scroller = tab.evaluate("(() => { const s = document.querySelector('.scroller');"
                                " return [s.scrollWidth, s.clientWidth, getComputedStyle(s).overflowX]; })()")
        assert scroller[2] == "auto" and scroller[1] <= 375  # the matrix scrolls in its own box
        tab.screenshot(path=str(artifact("conformance-page-phone.png")), full_page=True)
    finally:
        tab.close()


def test_printed_every_problem_is_expanded_on_a_light_background(pages, page):
    page.goto(pages.report_page.as_uri())
    page.emulate_media(media="print")
    statuses = page.eval_on_selector_all("article.check", "a => a.filter(e => e.offsetParent !== null)"
                                         ".map(e => e.dataset.status)")
    assert sorted(statuses) == ["error", "fail", "fail"]  # problems shown, passes and skips left out
    assert page.locator("a.close:visible").count() == 0
    dark = page.evaluate("""() => [...document.querySelectorAll('*')].filter(e => e.offsetParent !== null)
        .map(e => getComputedStyle(e).backgroundColor).filter(c => {
            const m = c.match(/rgba?\\(([\\d.]+), ([\\d.]+), ([\\d.]+)(?:, ([\\d.]+))?/);
            if (!m || (m[4] !== undefined && +m[4] === 0)) return false;
            return 0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3] < 150; })""")
    assert not dark, f"dark backgrounds in print: {dark}"
    pdf = page.pdf(path=str(artifact("conformance-page.pdf")))
    assert pdf.startswith(b"%PDF")


def test_the_page_is_one_file_that_references_nothing_outside_it(pages, page):
    text = pages.report_page.read_text(encoding="utf-8")
    references = re.findall(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?([^"'\s>]*)""", text)
    assert references and all(r.startswith("#") for r in references), references
    assert "@import" not in text and "url(" not in text
    assert "default-src 'none'" in text  # and the browser is told to fetch nothing
    page.goto(pages.report_page.as_uri())
    for link in page.locator("a.cell").all():
        link.click()
    assert page.fetched == []
    shutil.copy(pages.report_page, artifact("conformance-page.html"))


def test_report_html_refuses_what_is_not_a_report_naming_the_file(pages, tmp_path):
    nbe = pages.nbe
    missing = tmp_path / "missing.json"
    run = nbe("report", "html", str(missing), "-o", str(tmp_path / "p.html"))
    assert run.returncode == 2 and str(missing) in run.stderr
    other = tmp_path / "other.json"
    other.write_text('{"results": []}')
    run = nbe("report", "html", str(other), "-o", str(tmp_path / "p.html"))
    assert run.returncode == 2 and str(other) in run.stderr and "not an nbe JSON report" in run.stderr
    broken = tmp_path / "broken.json"
    data = dict(pages.report, results=[{"target": "a/b/python"}])
    broken.write_text(json.dumps(data))
    run = nbe("report", "html", str(broken), "-o", str(tmp_path / "p.html"))
    assert run.returncode == 2 and str(broken) in run.stderr and "cannot read" in run.stderr
    assert not (tmp_path / "p.html").exists()
    assert not marked_processes(nbe.marker)


def test_several_runtimes_and_servers_are_further_columns_and_drift_keeps_them_apart():
    from conformance.reports import html
    from conformance.result import CheckResult, Status

    def result(language: str, runtime: str, server: str, stdout: str) -> CheckResult:
        status = Status.PASS if stdout == "a\n" else Status.FAIL
        return CheckResult(target=f"c/e/{language}", runtime=runtime, status=status, reason="", duration=0.1,
                           stdout=stdout, exit_code=0, server_version=server)

    results = [result(lang, runtime, server, "b\n" if (lang, server) == ("go", "2.10.0") else "a\n")
               for lang in ("go", "python") for runtime in ("local", "docker") for server in ("2.10.0", "2.11.0")]
    text = html.render(results, runtime="docker+local", duration=1.0)
    heads = re.findall(r'<th scope="col">([^<]*)(?:<small>([^<]*)</small>)?</th>', text)
    assert ("go", "(docker) @2.10.0") in heads and ("python", "(local) @2.11.0") in heads
    assert len(heads) == 1 + 8  # the example column, then language x runtime x server
    assert text.count('class="cell ') == 8 and "servers 2.10.0, 2.11.0" in text
    assert "drift: 2 outputs" in text  # go against 2.10.0 (both runtimes) prints otherwise
    assert text.count("<small>output 2</small>") == 2 and text.count("<small>output 1</small>") == 6


def test_the_rules_and_masks_that_fired_are_listed_apart():
    from conformance.compare.masks import mask_rules
    from conformance.reports import html
    from conformance.result import CheckResult, Status
    from conformance.compare.rules import RuleHit

    mask = mask_rules(("timestamps",))[0]
    hits = (RuleHit("go prints a trailing dot", r"\.$", 2), RuleHit(mask.description, mask.pattern.pattern, 1))
    result = CheckResult(target="a/b/go", runtime="local", status=Status.PASS, reason="", duration=0.1,
                         rules_fired=hits, notes=("compared with the port's own recording",),
                         expected_file="examples/a/b/go/output.txt", expected_kind="recording")
    text = html.render([result], runtime="local", duration=0.1)
    rules, masks = text.split("<h4>Rules fired</h4>")[1].split("<h4>Masks fired</h4>")
    assert "go prints a trailing dot" in rules and "× 2" in rules and "mask timestamps" not in rules
    assert "mask timestamps" in masks.split("</ul>")[0]
    assert "compared with the port&#x27;s own recording" in text
    assert "examples/a/b/go/output.txt (recording)" in text
