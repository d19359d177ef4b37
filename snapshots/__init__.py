"""redline's git-backed snapshot archive (``redline.snapshots``).

:class:`Archive` stores every sighting of a statement in a git repository
(layout in :mod:`redline.snapshots.layout`). It may use :mod:`redline.core`;
it never imports click.
"""

from .archive import AddResult, Archive, ImportResult, StatementSummary
from .derived import engine_version
from .ids import Ref, check_id, parse_ref
from .integrity import Problem
from .sightings import Sighting
from .statement import StoredStatement, StoredVersion
from .versions import Version

__all__ = [
    "AddResult", "Archive", "ImportResult", "Problem", "Ref", "Sighting", "StatementSummary",
    "StoredStatement", "StoredVersion", "Version", "check_id", "engine_version", "parse_ref",
]
