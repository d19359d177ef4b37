"""Reading files for the archive: which files ``import`` takes from a folder, whether they look like
one statement, and a bounded read of each."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from redline.core.clip import clip
from redline.core.encoding import MAX_BYTES, read_limited
from redline.core.errors import InputTooLarge, RedlineError
from redline.core.normalization import normalize


def read_file(path: str | os.PathLike) -> bytes:
    """The bytes of a file, refusing one larger than redline reads before reading on; one-line errors."""
    try:
        with open(path, "rb") as handle:
            return read_limited(handle, str(path))
    except IsADirectoryError:
        raise RedlineError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise RedlineError(f"{path}: {exc.strerror or exc}") from None


def files_in(folder: str | Path, pattern: str = "*", by: str = "name") -> tuple[list[Path], list[str]]:
    """The files of ``folder`` (not its subfolders) whose name matches ``pattern``, in order (``name`` or
    ``mtime``), and a warning for each one left out: links that lead out of the folder.

    Hidden files are left out silently. :class:`InputTooLarge` names the first file over the size
    redline reads, before any file is read.
    """
    root = Path(folder).resolve()
    files, warnings = [], []
    for path in sorted(Path(folder).iterdir()):
        if path.name.startswith(".") or not fnmatch.fnmatch(path.name, pattern):
            continue
        target = path.resolve()
        if path.is_symlink() and target.parent != root and root not in target.parents:
            warnings.append(f"{path}: a link to {target}, outside {folder}; skipped")
            continue
        if target.is_file():
            files.append(path)
    for path in files:
        if path.stat().st_size > MAX_BYTES:
            raise InputTooLarge(f"{path}: larger than the {MAX_BYTES // 2**20} MB redline reads; nothing was imported")
    if by == "mtime":
        files.sort(key=lambda p: (p.stat().st_mtime_ns, p.name))
    return files, warnings


def titles(documents: dict[str, str | None]) -> str | None:
    """A warning when the files' titles differ (they may be different statements), else None.

    ``documents`` maps each file to its title (None: no title found).
    """
    by_title: dict[str, list[str]] = {}
    for name, title in documents.items():
        if title:
            by_title.setdefault(normalize(title), []).append(name)
    if len(by_title) < 2:
        return None
    shown = "; ".join(f"{len(names)} titled {clip(title, 60)!r} (first: {names[0]})" for title, names in by_title.items())
    return f"the files have {len(by_title)} different titles, so they may be different statements: {shown}"


__all__ = ["files_in", "read_file", "titles"]
