"""Render ``redline check`` results: text, GitHub Actions workflow commands, JUnit XML (JSON: :mod:`.schema`).

Statement text reaches CI systems through the ``github`` and ``junit``
formats, so both escape it for their readers: workflow-command escaping
(``%``, CR, LF; also ``,`` and ``:`` in properties) so a transcript cannot
start a command of its own, and XML built by ElementTree with the characters
XML 1.0 cannot hold replaced.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from redline.core.check import Finding, Outcome, totals
from redline.core.policy import Policy

from .safe import one_line, xml_text
from .style import Painter
from .words import plural


def summary_line(outcomes: list[Outcome], policy: Policy) -> str:
    t = totals(outcomes)
    unreadable = f"; {plural(t['unreadable'], 'input')} could not be read" if t["unreadable"] else ""
    return (f"redline check: {plural(t['errors'], 'error')}, {plural(t['warnings'], 'warning')} in "
            f"{plural(t['inputs'], 'input')}{unreadable} (policy: {one_line(policy.origin)})")


# -- text -----------------------------------------------------------------------
def check_text(outcomes: list[Outcome], policy: Policy, paint: Painter) -> str:
    """One line per finding (``file:line:`` first for plain files, as compilers do), then a summary.
    File names and details are untrusted (a folder's names, a transcript's words): each stays one line."""
    colours = {"error": "red", "warning": "yellow"}
    lines = []
    for outcome in outcomes:
        for f in outcome.findings:
            where = f"{f.file}:{f.line}: " if f.version is None and f.file else f"{f.version}: " if f.version else ""
            severity = paint(f.severity, fg=colours.get(f.severity), bold=True)
            lines.append(f"{one_line(where)}{severity}: {one_line(f.detail)} {paint(f'[{f.rule}]', dim=True)}")
    lines.append(summary_line(outcomes, policy))
    return "\n".join(lines)


# -- github ---------------------------------------------------------------------
def escape_data(text: str) -> str:
    """Workflow-command message escaping: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Workflow-command property escaping: the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def check_github(outcomes: list[Outcome]) -> str:
    """``::error file=…,line=…,title=…::message`` per unreadable input and per place (a sentence's line):
    one annotation, at the most severe level of its findings, naming every rule it breaks."""
    lines = []
    for outcome in outcomes:
        if outcome.error is not None:
            lines.append(_command("error", outcome.error, title="redline check: unreadable input"))
        places: dict[tuple, list[Finding]] = {}
        for f in outcome.findings:
            places.setdefault((f.file, f.line, f.where), []).append(f)
        for found in places.values():
            level = "error" if any(f.severity == "error" for f in found) else "warning"
            rules = ", ".join(dict.fromkeys(f.rule for f in found))
            message = found[0].message if len(found) == 1 else "\n".join(f"[{f.rule}] {f.message}" for f in found)
            lines.append(_command(level, message, file=found[0].file, line=found[0].line, title=f"redline {rules}"))
    return "\n".join(lines)


# -- junit ----------------------------------------------------------------------
def check_junit(outcomes: list[Outcome]) -> str:
    """One testsuite, one testcase per input: ``<failure>`` for error findings, ``<error>`` if unreadable.

    Warnings do not fail a test; they are listed in the testcase's ``<system-out>``.
    """
    t = totals(outcomes)
    counts = {"tests": str(t["inputs"]), "failures": str(sum(o.count("error") > 0 for o in outcomes)),
              "errors": str(t["unreadable"]), "skipped": "0"}
    suites = ET.Element("testsuites", name="redline check", **counts)
    suite = ET.SubElement(suites, "testsuite", name="redline check", **counts)
    for outcome in outcomes:
        case = ET.SubElement(suite, "testcase", classname="redline.check", name=xml_text(outcome.name))
        if outcome.error is not None:
            ET.SubElement(case, "error", type="unreadable", message=xml_text(outcome.error)).text = xml_text(outcome.error)
        errors = [f for f in outcome.findings if f.severity == "error"]
        if errors:
            failure = ET.SubElement(case, "failure", type=errors[0].rule,
                                    message=xml_text(f"{plural(len(errors), 'error')}: {errors[0].message}"))
            failure.text = xml_text("\n".join(_junit_line(f) for f in errors))
        warnings = [f for f in outcome.findings if f.severity == "warning"]
        if warnings:
            ET.SubElement(case, "system-out").text = xml_text("\n".join(_junit_line(f) for f in warnings))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def _junit_line(f: Finding) -> str:
    where = f" ({f.file}:{f.line})" if f.file else ""
    return f"{f.severity} [{f.rule}] {f.message}{where}"
