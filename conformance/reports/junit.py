"""JUnit XML, as CI systems display it: classname = example, name = language (and the server
version in a matrix), the diff in the
failure, stdout and stderr tails in system-out and system-err."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conformance.reports.presentation import look
from conformance.result import CheckResult

TAIL = 16 * 1024


def render(results: list[CheckResult], *, duration: float) -> str:
    suite = ET.Element("testsuite", name="nbe", tests=str(len(results)), time=f"{duration:.3f}",
                       failures=str(_count(results, "failure")), errors=str(_count(results, "error")),
                       skipped=str(_count(results, "skipped")))
    seen: set[tuple[str, str]] = set()
    for result in results:
        suite.append(_case(result, _unique(result, seen)))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _count(results: list[CheckResult], element: str) -> int:
    return sum(look(r.status).junit == element for r in results)


def _unique(result: CheckResult, seen: set[tuple[str, str]]) -> str:
    """The language (with the server version in a matrix), or language[runtime] when one report
    holds a port twice."""
    name = f"{result.language} [server {result.server_version}]" if result.server_version else result.language
    if (result.example, name) in seen:
        name = f"{name}[{result.runtime}]"
    seen.add((result.example, name))
    return name


def _case(result: CheckResult, name: str) -> ET.Element:
    case = ET.Element("testcase", classname=result.example, name=name, time=f"{result.duration:.3f}")
    message = f"{result.status.value}: {result.reason}" if result.reason else result.status.value
    element = look(result.status).junit
    if element == "failure":
        ET.SubElement(case, "failure", message=message, type=result.status.value).text = _clean(result.diffs or result.reason)
    elif element == "error":
        ET.SubElement(case, "error", message=message, type=result.status.value).text = _clean(result.details or result.reason)
    elif element == "skipped":
        ET.SubElement(case, "skipped", message=message)
    if result.stdout:
        ET.SubElement(case, "system-out").text = _clean(result.stdout[-TAIL:])
    if result.stderr_tail:
        ET.SubElement(case, "system-err").text = _clean(result.stderr_tail[-TAIL:])
    return case


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters; show them instead of breaking the file."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"\\x{ord(c):02x}" for c in text)


def write(path: Path, results: list[CheckResult], *, duration: float) -> None:
    from conformance.atomic import write_atomically

    write_atomically(path, render(results, duration=duration))
