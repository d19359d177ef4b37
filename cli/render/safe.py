"""Untrusted text on its way out: every control character made visible, so nothing printed can drive a terminal.

Transcripts, labels, notes, sources, keys, file names and the messages that
quote them come from web pages, cloned archives and command lines. A raw
ESC or C1 control in them could clear the screen, hide text, set the window
title or plant a hyperlink; a raw newline could forge a line (a GitHub
``::error`` annotation, a log entry). So every piece of text redline prints
passes :func:`terminal` (reports, on stdout or into ``-o`` files) or
:func:`one_line` (``Error:`` and ``warning:`` lines) at the one place output
leaves (:mod:`redline.cli.app`), on a terminal or not; JSON gets
:func:`json_text` instead, which keeps the document valid and exact.

A control character is shown as ``\\x1b`` (``\\u2028`` above U+00FF,
``\\n``/``\\t``/``\\r`` in one-line messages); tab and newline stay as they
are in reports, where they are layout. ``show --raw`` alone writes stored
bytes as they are.

redline's own colours cannot be told from a transcript's escapes once both
are in one string, so the painter writes a marker instead of ESC
(:func:`sgr`): random per process, no input can hold it, and :func:`terminal`
turns it into ESC only after escaping everything else.
"""

from __future__ import annotations

import os
import re

# C0 controls but tab and newline, DEL, C1 controls, and lone surrogates (what a file name that is not
# UTF-8 becomes; no terminal can show one).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# In a one-line message tab and newline are controls too, as are Unicode's line and paragraph separators.
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw that a terminal or a strict reader would not take.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
# Stands for ESC in redline's own colour codes until :func:`terminal` has escaped everything else.
_ESC_MARK = "\U0010fffd" + os.urandom(8).hex() + "\U0010fffd"


def _visible(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape(text: str) -> str:
    """``text`` with every control character but tab and newline shown as an escape (``\\x1b``)."""
    return _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """``text`` as one line: every control character shown as an escape, newlines and tabs too."""
    return _CONTROL_IN_LINE.sub(_visible, text)


class Escaped(str):
    """Text already made safe for a terminal (as :class:`markupsafe.Markup` is for HTML): :func:`terminal`
    passes it through, so a multi-megabyte JSON report is not scanned twice."""

    __slots__ = ()


def json_text(text: str) -> Escaped:
    """JSON from ``json.dumps(ensure_ascii=False)`` with DEL, C1 controls, line separators and lone
    surrogates written as ``\\uXXXX`` too (outside strings JSON never holds them, so the meaning stays).

    ``json.dumps`` escapes every C0 control itself, so the result holds no control character at all.
    """
    return Escaped(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def sgr(codes: str) -> str:
    """redline's own colour sequence (``ESC [ codes``), marked so :func:`terminal` keeps it."""
    return codes.replace("\x1b", _ESC_MARK)


def terminal(text: str) -> str:
    """A report as it may reach a terminal: controls escaped (:func:`escape`), then redline's colours restored."""
    if isinstance(text, Escaped):
        return text
    return escape(text).replace(_ESC_MARK, "\x1b")


__all__ = ["Escaped", "escape", "json_text", "one_line", "sgr", "terminal"]


# Compiled on first use, through re's cache: its ranges cost 3 ms to compile, and only XML reports need it.
_NOT_XML = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it cannot (controls a transcript may carry) become U+FFFD."""
    return re.sub(_NOT_XML, "\ufffd", text)
