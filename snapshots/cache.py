"""A local memo of parsed sightings, keyed by the git blob id of each sighting file.

Reading 10,000 small sighting blobs costs git most of a second (delta
chains in packs); the parsed facts cost a fraction of that to load. Keys
are object ids, so an entry can only be wrong if the file is damaged:
``verify`` checks every entry against its blob and drops a bad cache, and
an unreadable cache is ignored and rebuilt. It lives in the git directory,
is never committed, and is written atomically (write, then rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

FORMAT = 1


def save_json(path: Path, data: dict) -> bool:
    """Write ``data`` as JSON to ``path`` atomically (write, then rename), for local memos that are
    only worth keeping: False when it could not be written, and no temporary file is left behind."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)  # ASCII: a lone surrogate from a damaged record is escaped, not an error
        os.replace(temp, path)
        return True
    except (OSError, ValueError):
        Path(temp).unlink(missing_ok=True)
        return False


class SightingCache:
    """blob id -> the sighting file's parsed JSON object."""

    def __init__(self, git_dir: Path) -> None:
        self.path = git_dir / "redline-cache.json"
        self._entries: dict[str, dict] | None = None
        self._dirty = False

    @property
    def entries(self) -> dict[str, dict]:
        if self._entries is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self._entries = data["sightings"] if data.get("format") == FORMAT else {}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self._entries = {}
        return self._entries

    def get(self, blob: str) -> dict | None:
        return self.entries.get(blob)

    def put(self, blob: str, value: dict) -> None:
        self.entries[blob] = value
        self._dirty = True

    def save(self) -> None:
        """Write the cache if it gained entries; a failure to write only costs speed next time."""
        if self._dirty and save_json(self.path, {"format": FORMAT, "sightings": self.entries}):
            self._dirty = False

    def drop(self) -> None:
        """Forget everything (``verify`` found an entry that disagrees with git)."""
        self._entries, self._dirty = {}, False
        self.path.unlink(missing_ok=True)
