"""``--select CSS``: the text of the elements a CSS selector picks, instead of main-content extraction.

For pages where the extractor guesses wrong: the user names the element
that holds the statement (``#News_Body_Txt_A``, ``main .gem-c-govspeak``).
"""

from __future__ import annotations

from .htmltext import elements_text
from .errors import EmptyExtraction, InvalidSelector

MAX_SELECTOR_CHARS = 500


def select_text(root, selector: str, name: str = "<input>") -> str:
    """Visible text of the elements of ``root`` matching ``selector``, in document order.

    Nested matches count once (the outermost). Raises
    :class:`InvalidSelector` for a selector that does not parse and
    :class:`EmptyExtraction` when it matches no element with text.
    """
    matched = _compile(selector)(root)
    outermost = _outermost(matched)
    text = elements_text(outermost)
    if not text:
        raise EmptyExtraction(f"{name}: selector {selector!r} matches no element with text (from --select, or a "
                              "[sources] rule, redline's own for www.gov.uk included: docs/inputs.md)")
    return text


def check_selector(selector: str) -> None:
    """Raise :class:`InvalidSelector` unless ``selector`` is a CSS selector redline can use."""
    _compile(selector)


def _outermost(matched: list) -> list:
    """The elements of ``matched`` (in document order) that no other matched element contains."""
    members = set(matched)
    return [element for element in matched if not any(a in members for a in element.iterancestors())]


def _compile(selector: str):
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    if not selector.strip() or len(selector) > MAX_SELECTOR_CHARS:
        raise InvalidSelector(f"--select: {selector[:60]!r} is not a usable CSS selector")
    try:
        return CSSSelector(selector)
    except SelectorError as exc:
        raise InvalidSelector(f"--select: {selector!r} is not a valid CSS selector ({exc})") from None
