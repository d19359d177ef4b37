"""How a version's change against the one before reads in one line: in ``log``, the site and the feeds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# The pair kinds a line names (``same`` is not news), in the engine's order.
CHANGE_KINDS = ("modified", "added", "removed", "split", "merged", "moved")
_FIELDS = {"title_en": "English title"}


def what_changed(counts: Mapping[str, int], header: Iterable[str] = ()) -> str:
    """``2 modified, 1 added``, ``title changed``, both joined by ``;``, or ``no changes``."""
    sentences = ", ".join(f"{counts[kind]} {kind}" for kind in CHANGE_KINDS if counts.get(kind))
    fields = [_FIELDS.get(name, name) for name in header]
    return "; ".join(part for part in (sentences, f"{', '.join(fields)} changed" if fields else "") if part) \
        or "no changes"
