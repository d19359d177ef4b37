"""redline's git-backed snapshot archive (``redline.snapshots``).

:class:`Archive` stores every sighting of a statement in a git repository
(layout in :mod:`redline.snapshots.layout`). It may use :mod:`redline.core`;
it never imports click. The public names below load on first use, so a
command that only needs an error class or ``parse_ref`` does not load the
whole archive.
"""

from __future__ import annotations

from redline.core.lazyload import lazy_exports

_PUBLIC = {
    "AddResult": "archive", "Archive": "archive", "ImportResult": "archive", "StatementSummary": "archive",
    "engine_version": "derived",
    "Ref": "ids", "check_id": "ids", "parse_ref": "ids",
    "Problem": "integrity",
    "Sighting": "sightings",
    "StoredStatement": "statement", "StoredVersion": "statement",
    "Version": "versions",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC, globals())
