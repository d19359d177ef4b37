"""``--ignore REGEX``: drop noise lines ("Updated 4:05 pm", view counters) before comparing.

A line is dropped when any pattern matches anywhere in it (``re.search``);
anchor a pattern with ``^``/``$`` to match whole lines only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import InvalidIgnorePattern

MAX_PATTERN_CHARS = 500


def compile_regex(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile``, with every way a hostile pattern fails raised as :class:`re.error`: a repeat
    count past the engine's limit (``x{99999999999}``) raises OverflowError, deep nesting RecursionError."""
    try:
        return re.compile(pattern, flags)
    except (OverflowError, RecursionError) as exc:
        raise re.error(f"too large or nested too deeply ({type(exc).__name__})") from None


def compile_ignore(patterns: Iterable[str]) -> list[re.Pattern]:
    """Compiled ``patterns``; :class:`InvalidIgnorePattern` names the first that does not compile."""
    compiled = []
    for pattern in patterns:
        if not pattern or len(pattern) > MAX_PATTERN_CHARS:
            raise InvalidIgnorePattern(
                f"--ignore: {pattern[:60]!r} is empty or longer than {MAX_PATTERN_CHARS} characters"
            )
        try:
            compiled.append(compile_regex(pattern))
        except re.error as exc:
            raise InvalidIgnorePattern(f"--ignore: {pattern!r} is not a valid regular expression ({exc})") from None
    return compiled


def drop_ignored(text: str, patterns: Iterable[re.Pattern]) -> str:
    """``text`` without the lines any of ``patterns`` matches; other lines are kept byte for byte."""
    patterns = list(patterns)
    if not patterns:
        return text
    kept = [line for line in text.splitlines(keepends=True) if not any(p.search(line) for p in patterns)]
    return "".join(kept)
