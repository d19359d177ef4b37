"""Parse HTML and lay elements out as text: one line per block, as a browser shows it.

Block elements and ``<br>`` break lines; inline elements join without a
space (``<b>记者</b>：`` stays ``记者：``); runs of whitespace become one
space, except a line break in the source between two CJK characters, which
browsers render as nothing in Chinese text and so does this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import EmptyExtraction
from .script import is_unspaced

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose content a reader never sees as text.
HIDDEN_TAGS = frozenset("head script style noscript template svg math iframe object canvas select".split())
# Inline styles that hide an element, as readability-lxml also reads them.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# libxml2 stops reading at the first </html> (gov.cn templates close it
# early, after the header); browsers ignore such end tags.
_DOCUMENT_END_TAGS = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_SPACE_RUN = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAK = "\n"
_BREAK_MARK = "\x00"  # a <br> or block edge, kept apart from source newlines until lines are cut


def clean_markup(text: str) -> str:
    """Decoded HTML as lxml can parse it: no XML declaration, no early ``</html>`` or ``</body>``."""
    return _DOCUMENT_END_TAGS.sub("", _XML_DECLARATION.sub("", text, count=1))


def parse_html(text: str, name: str = "<input>"):
    """The lxml root element of decoded HTML ``text``.

    libxml2 stops building the tree 256 elements deep, silently, and old
    pages reach that with unclosed tags (``<font>`` a paragraph): the rest
    of the page would be lost. ``huge_tree`` lifts the limit to 2,048; a
    page deeper still is refused rather than cut short.
    """
    import lxml.html
    from lxml.etree import ErrorLevels, ParserError

    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(clean_markup(text), parser=parser)
    except ParserError:
        raise EmptyExtraction(f"{name}: the page holds no HTML elements") from None
    if any(error.level == ErrorLevels.FATAL for error in parser.error_log):
        raise EmptyExtraction(f"{name}: the page could not be read whole (libxml2: "
                              f"{parser.error_log.last_error.message.split(',')[0].strip()}); redline reads no page "
                              "cut short")
    return root


def element_text(element) -> str:
    """The visible text of an lxml element, one line per block, lines stripped."""
    return elements_text([element])


def elements_text(elements: Iterable) -> str:
    """The visible text of several lxml elements, each starting a new line."""
    chunks: list[str] = []
    for element in elements:
        chunks.append(_BREAK_MARK)
        _walk(element, chunks)
        chunks.append(_BREAK_MARK)
    lines = (_clean_line(raw) for raw in "".join(chunks).split(_BREAK_MARK))
    return "\n".join(line for line in lines if line)


def _walk(element, chunks: list[str]) -> None:
    """Append ``element``'s text and its children's to ``chunks`` (iteratively: pages nest deep)."""
    stack = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if _is_block(node):
                chunks.append(_BREAK_MARK)
            if node.tail:
                chunks.append(node.tail)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag.lower() in HIDDEN_TAGS or _is_hidden(node):
            # Comments, processing instructions and hidden elements: only the tail shows.
            if node.tail:
                chunks.append(node.tail)
            continue
        if tag.lower() == "br" or _is_block(node):
            chunks.append(_BREAK_MARK)
        if node.text:
            chunks.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))


def _is_hidden(node) -> bool:
    return node.get("hidden") is not None or bool(_HIDDEN_STYLE.search(node.get("style") or ""))


def _is_block(node) -> bool:
    return isinstance(node.tag, str) and node.tag.lower() in BLOCK_TAGS


def _clean_line(raw: str) -> str:
    return _SPACE_RUN.sub(_space_for, raw).strip()


def _space_for(match: re.Match) -> str:
    """One space for a run of whitespace, none for a source line break inside Chinese text."""
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if _LINE_BREAK in match.group() and before and after and is_unspaced(before) and is_unspaced(after):
        return ""
    return " "
