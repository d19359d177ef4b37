"""git plumbing for one repository: fixed argument lists, data on stdin, never a shell.

Writes go through ``hash-object``, ``mktree``, ``commit-tree`` and
``update-ref`` with the expected old value, so redline never touches the
shared index (slow on 40,000 entries, and a stale ``index.lock`` after a
crash). User strings only ever reach git on stdin or after ``--``.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ArchiveError

# A commit id as rev-parse prints one (SHA-1, or SHA-256 in a repository that uses it).
_OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")

DEFAULT_NAME, DEFAULT_EMAIL = "redline", "redline@localhost"
# git's mode of a regular, non-executable file: redline writes no other (a symlink would point anywhere, a
# submodule's entry holds no bytes).
REGULAR = "100644"
# How long to wait for a lock git holds on a ref (git's default is 100 ms): longer than any update takes.
REF_LOCK_WAIT_MS = 1000
LOCK_ADVICE = ("a git lock file; if no git command is running on the archive, a killed one left it and it "
               "blocks every write: delete it")


@dataclass(frozen=True)
class Entry:
    """One line of ``git ls-tree``."""

    mode: str
    type: str
    sha: str
    path: str


def quiet_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for git: never prompt for credentials, never page or open an editor."""
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", GIT_EDITOR="true", LC_ALL="C")
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    env.pop("GIT_INDEX_FILE", None)
    if extra:
        env.update(extra)
    return env


def run_git(args: list[str], *, cwd: str | Path | None = None, data: bytes | None = None,
            env: Mapping[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``git args`` and return the completed process; a failure raises :class:`ArchiveError`."""
    try:
        proc = subprocess.run(
            ["git", *args], input=data, cwd=cwd, env=quiet_env(env),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        raise ArchiveError("git is not installed (redline archives need the git command)") from None
    if check and proc.returncode:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        command = next((a for a in args if not a.startswith("-")), "")
        raise ArchiveError(f"git {command} failed: {message[-1] if message else f'exit {proc.returncode}'}")
    return proc


class Git:
    """Plumbing commands against one git directory."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir

    def run(self, *args: str, data: bytes | None = None, env: Mapping[str, str] | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
        return run_git([f"--git-dir={self.git_dir}", *args], data=data, env=env, check=check)

    def out(self, *args: str, data: bytes | None = None) -> str:
        return self.run(*args, data=data).stdout.decode().strip()

    def rev(self, name: str) -> str | None:
        """The commit ``name`` points to, or None (also for a range or an exclusion: ``A..B``, ``^A``)."""
        proc = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}", check=False)
        found = proc.stdout.decode().strip()
        return found if _OBJECT_ID.fullmatch(found) else None

    def config(self, key: str) -> str | None:
        proc = self.run("config", "--get", "--", key, check=False)
        return proc.stdout.decode().strip() or None

    def hash_blob(self, data: bytes) -> str:
        return self.out("hash-object", "-w", "-t", "blob", "--stdin", data=data)

    def ls_tree(self, tree: str, path: str | None = None, recursive: bool = False) -> list[Entry]:
        """Entries of ``tree`` (below ``path``, a folder ending in ``/``); paths are as git gives them."""
        args = ["ls-tree", "-z", "--full-tree"] + (["-r"] if recursive else []) + [tree]
        if path:
            args += ["--", path]
        entries = []
        for record in self.run(*args).stdout.split(b"\0"):
            if record:
                meta, name = record.split(b"\t", 1)
                mode, kind, sha = meta.decode().split(" ")
                entries.append(Entry(mode, kind, sha, name.decode("utf-8", "surrogateescape")))
        return entries

    def mktree(self, entries: Iterable[Entry]) -> str:
        data = b"".join(f"{e.mode} {e.type} {e.sha}\t{e.path}\0".encode() for e in entries)
        return self.out("mktree", "-z", data=data)

    def commit_tree(self, tree: str, parents: list[str], message: bytes, identity: Mapping[str, str]) -> str:
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        return self.run(*args, "-F", "-", data=message, env=identity).stdout.decode().strip()

    def update_ref(self, ref: str, new: str, old: str | None) -> bool:
        """Move ``ref`` to ``new`` only if it still points at ``old``; False when someone got there first.

        A lock git holds on the ref is waited for briefly; one that stays was
        left by a killed git and would fail every write: :class:`ArchiveError`
        saying so, and how to fix it.
        """
        proc = self.run("-c", f"core.filesRefLockTimeout={REF_LOCK_WAIT_MS}", "update-ref", "-m", "redline",
                        ref, new, old or "0" * 40, check=False)
        if proc.returncode == 0:
            return True
        lock = self.git_dir / f"{ref}.lock"
        if lock.is_file():
            raise ArchiveError(f"cannot write: {lock} exists ({LOCK_ADVICE})")
        return False

    def ref_locks(self) -> list[Path]:
        """The lock files of refs (``refs/heads/main.lock``, ``packed-refs.lock``, ``HEAD.lock``): git
        holds one only while it updates a ref, so one that stays was left by a git that was killed."""
        found = [*(self.git_dir / "refs").rglob("*.lock"), self.git_dir / "HEAD.lock", self.git_dir / "packed-refs.lock"]
        return sorted(path for path in found if path.is_file())

    def cat_within(self, names: list[str], limit: int | list[int], must_exist: bool = True,
                   ) -> Iterator[tuple[int | None, bytes | None]]:
        """Each blob's size and contents (ids, or ``commit:path``), in order; contents None for a blob over
        ``limit`` bytes (or its own, given one a blob), left unread, and size None too for a missing one (an
        error if ``must_exist``).

        Blobs are read in ``cat-file --batch`` runs of at most the largest
        limit in bytes (or one blob): what a clone holds cannot make the
        memory of one run grow past that.
        """
        sizes = self.sizes(names)
        missing = next((name for name, size in zip(names, sizes) if size is None), None)
        if must_exist and missing is not None:
            raise ArchiveError(f"object {missing} is missing from the archive")
        limits = limit if isinstance(limit, list) else [limit] * len(names)
        budget = max(limits, default=0)
        run: list[str] = []
        run_sizes: list[int] = []
        held = 0
        for name, size, own in zip(names, sizes, limits):
            readable = size is not None and size <= own
            if run and (not readable or held + size > budget):
                yield from zip(run_sizes, self.cat_objects(run))
                run, run_sizes, held = [], [], 0
            if not readable:
                yield size, None
            else:
                run.append(name)
                run_sizes.append(size)
                held += size
        if run:
            yield from zip(run_sizes, self.cat_objects(run))

    def sizes(self, names: list[str]) -> list[int | None]:
        """Sizes of many blobs (ids, or ``commit:path``) in one ``cat-file --batch-check`` run; None: missing,
        or not a file (a folder where a file should be)."""
        if not names:
            return []
        out = self.run("cat-file", "--batch-check", "--buffer", data="\n".join(names).encode() + b"\n").stdout
        return [int(fields[2]) if len(fields) == 3 and fields[1] == b"blob" else None
                for fields in (line.split() for line in out.splitlines())]

    def head(self, name: str, limit: int) -> bytes | None:
        """At most the first ``limit`` bytes of blob ``name`` (read no further), or None when there is none."""
        size = self.sizes([name])[0]
        if size is None:
            return None
        if size <= limit:
            return self.run("cat-file", "blob", name).stdout
        with subprocess.Popen(["git", f"--git-dir={self.git_dir}", "cat-file", "blob", name], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=quiet_env()) as proc:
            data = proc.stdout.read(limit)
            proc.kill()
        return data

    def cat_objects(self, names: list[str]) -> list[bytes | None]:
        """Contents of many objects (ids, or ``commit:path``) in one ``cat-file --batch`` run; None: missing."""
        if not names:
            return []
        out = self.run("cat-file", "--batch", "--buffer", data="\n".join(names).encode() + b"\n").stdout
        blobs: list[bytes | None] = []
        pos = 0
        for _ in names:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            if len(header) != 3:
                blobs.append(None)
                pos = end + 1
                continue
            size = int(header[2])
            blobs.append(out[end + 1:end + 1 + size])
            pos = end + 1 + size + 1
        return blobs

    def identity(self) -> dict[str, str]:
        """Author and committer for redline's commits: env, then git config, then a fixed identity."""
        name = self.config("user.name") or DEFAULT_NAME
        email = self.config("user.email") or DEFAULT_EMAIL
        env = {}
        for role in ("AUTHOR", "COMMITTER"):
            env[f"GIT_{role}_NAME"] = os.environ.get(f"GIT_{role}_NAME") or name
            env[f"GIT_{role}_EMAIL"] = os.environ.get(f"GIT_{role}_EMAIL") or email
        return env


def edit_tree(git: Git, tree: str | None, files: Mapping[str, str]) -> str:
    """A new tree: ``tree`` plus the blobs in ``files`` (path -> sha), one ``mktree`` per folder touched."""
    entries = {e.path: e for e in git.ls_tree(tree)} if tree else {}
    folders: dict[str, dict[str, str]] = {}
    for path, sha in files.items():
        head, _, rest = path.partition("/")
        if rest:
            folders.setdefault(head, {})[rest] = sha
        else:
            entries[head] = Entry(REGULAR, "blob", sha, head)
    for name, inner in folders.items():
        old = entries.get(name)
        base = old.sha if old is not None and old.type == "tree" else None
        entries[name] = Entry("040000", "tree", edit_tree(git, base, inner), name)
    return git.mktree(entries.values())
