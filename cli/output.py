"""Writing what ``-o PATH`` and ``export-site`` produce, without harming what is already at the path.

A regular file is replaced atomically (a temporary file beside it, renamed
over it), so a reader never sees half a report. Anything else is written as
it is: renaming over ``/dev/null`` (as root, common in CI containers), a
FIFO or a symlink would replace it with a regular file. New files and
folders get the mode the umask gives, as a shell redirection would.
"""

from __future__ import annotations

import glob
import os
import shutil
import stat
from pathlib import Path

# Names of temporary files and folders redline leaves only if it is killed: ``.redline-<random>.tmp``.
TEMPORARY = ".redline-{}.tmp"
# Tries at a fresh temporary name before giving up (each collision has odds of 2**-48).
NAME_TRIES = 100


def write_file(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``.

    A device, FIFO or socket is written directly; a symlink is followed, and
    its target written as a regular file is, so the link stays; a regular
    file (or a new one) is replaced atomically, keeping the mode it had.
    """
    data = text.encode("utf-8")
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    _replace(Path(os.path.realpath(path)), data, stat.S_IMODE(found.st_mode) if found is not None else None)


def _replace(target: Path, data: bytes, mode: int | None) -> None:
    fd, tmp = _create(target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _create(folder: Path) -> tuple[int, Path]:
    """A new empty file in ``folder`` with the mode the umask gives (``mkstemp`` would make it 0600)."""
    for _ in range(NAME_TRIES):
        path = folder / TEMPORARY.format(os.urandom(6).hex())
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def temporary_folder(target: Path) -> Path:
    """A new empty folder beside ``target`` (same file system, so it can be renamed into its place),
    named after it and this process: ``.NAME.redline-PID-<random>.tmp``."""
    for _ in range(NAME_TRIES):
        path = target.parent / f".{target.name}.redline-{os.getpid()}-{os.urandom(6).hex()}.tmp"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {target.parent}")


def sweep(target: Path) -> None:
    """Delete the temporary folders beside ``target`` that a killed run left (their process is gone)."""
    for path in target.parent.glob(f".{glob.escape(target.name)}.redline-*.tmp"):
        pid = path.name[len(target.name) + len("..redline-"):].split("-", 1)[0]
        if path.is_dir() and not path.is_symlink() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` where ``target`` is (a folder, or nothing), then delete the old one.

    Two renames: killed between them, ``target`` is missing (never half
    written), and the next run starts afresh and sweeps the rest away.
    """
    if target.exists():
        old = temporary_folder(target)
        old.rmdir()
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)
