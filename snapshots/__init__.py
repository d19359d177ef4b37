"""redline's git-backed snapshot archive (``redline.snapshots``).

Built in step 3 (issue 4): an :class:`Archive` over GitPython that stores
every sighting of a statement. It may use :mod:`redline.core`; it never
imports click.
"""
