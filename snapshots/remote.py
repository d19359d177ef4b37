"""Sharing through git remotes: ``sync`` (fetch, merge, push) and ``clone``.

Because adding a version only ever adds files, two clones' histories merge
as a union of files: ``git merge-tree`` computes it without a work tree, and
the merge commit lands through the same guarded ``update-ref`` as any write.
Only derived sentence files can differ on both sides (``rederive`` by two
engine versions); ours are kept and ``verify`` says which engine made them.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from redline.core.clip import first_of

from .errors import ArchiveError

from . import layout
from .plumbing import Git, edit_tree, quiet_env
from .store import Store

# Rounds of fetch, merge and push before giving up: enough for a dozen clones syncing at once.
ATTEMPTS = 12
# The pause before round n is random, up to FIRST_PAUSE * 2**n seconds but never above MAX_PAUSE, so
# clones that collided spread out instead of colliding again.
FIRST_PAUSE = 0.02
MAX_PAUSE = 2.0
# What a remote says when another push moved its branch between our fetch and our push.
RACE_LOST = ("(failed to update ref)", "(cannot lock ref")
# No git remote name holds these; a name that did could pass for something else in a message.
CONTROL = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class SyncResult:
    """What ``sync`` did: ``action`` is one of up-to-date, pushed, fast-forward, merged."""

    remote: str
    action: str
    commit: str
    pushed: bool


def sync(store: Store, remote: str) -> SyncResult:
    """Fetch ``remote``'s branch, merge it into ours, push the result; retried if the remote moves.

    Clones syncing at once race to move the remote's branch: the losers
    fetch, merge and push again after a random pause that grows each time.
    """
    if remote.startswith("-") or CONTROL.search(remote):
        raise ArchiveError(f"{remote!r}: not a remote name redline gives git (it starts with '-', which git "
                           "would read as an option, or holds a space or control character)")
    remotes = store.git.out("remote").split()
    if remote not in remotes:
        hint = f" (remotes: {', '.join(remotes)})" if remotes else f" (add one: git -C {store.git.git_dir} remote add {remote} URL)"
        raise ArchiveError(f"no git remote named {remote!r}{hint}")
    branch = store.ref.removeprefix("refs/heads/")
    tracking = f"refs/remotes/{remote}/{branch}"
    lost = ""
    with store.locked():
        for attempt in range(ATTEMPTS):
            if attempt:
                time.sleep(random.uniform(0, min(MAX_PAUSE, FIRST_PAUSE * 2 ** attempt)))
            theirs = _fetch(store, remote, branch, tracking)
            ours = store.tip()
            action, merged = _combine(store, remote, ours, theirs)
            if merged != ours and not store.move(ours, merged):
                continue
            if merged == theirs:
                return SyncResult(remote, action, merged, False)
            lost = _push(store, remote, merged, branch)
            if not lost:
                store.git.run("update-ref", tracking, merged)
                _adopt_head(store, remote, branch)
                return SyncResult(remote, action if action != "up-to-date" else "pushed", merged, True)
        raise ArchiveError(f"{remote} kept changing during sync ({lost or 'our branch moved'}); nothing is lost, "
                           "run `redline sync` again")


def _fetch(store: Store, remote: str, branch: str, tracking: str) -> str | None:
    proc = store.git.run("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--end-of-options", remote,
                         f"+refs/heads/{branch}:{tracking}", check=False)
    if proc.returncode:
        message = proc.stderr.decode(errors="replace")
        if "couldn't find remote ref" in message:
            return None
        raise ArchiveError(f"cannot fetch from {remote}: {_last_line(message)}")
    return store.git.rev(tracking)


def _combine(store: Store, remote: str, ours: str, theirs: str | None) -> tuple[str, str]:
    """(action, commit the branch should hold)."""
    if theirs is None or theirs == ours or store.is_ancestor(theirs, ours):
        return "up-to-date", ours
    if store.is_ancestor(ours, theirs):
        _refuse_rewrites(store, remote, ours, theirs, theirs)
        return "fast-forward", theirs
    proc = store.git.run("merge-tree", "--write-tree", "-z", "--no-messages", ours, theirs, check=False)
    if proc.returncode not in (0, 1):
        raise ArchiveError(f"cannot merge {remote}: {_last_line(proc.stderr.decode(errors='replace'))}")
    tree, conflicts = _parse_merge_tree(proc.stdout)
    if conflicts:
        tree = _keep_ours(store, tree, conflicts)
    _refuse_rewrites(store, remote, ours, theirs, tree)
    message = f"redline: sync with {remote}\n".encode()
    return "merged", store.git.commit_tree(tree, [ours, theirs], message, store.identity())


def _refuse_rewrites(store: Store, remote: str, ours: str, theirs: str, result: str) -> None:
    """Refuse a sync whose ``result`` (the remote's tip, or the merged tree) would delete or change archived
    files we hold: whatever the remote's history looks like, its deletions would drop versions here without
    a word."""
    rewritten = store.rewrites(ours, result)
    if rewritten:
        raise ArchiveError(f"{remote} deletes or changes archived files ({first_of(rewritten)}), which "
                           f"redline never does: nothing was merged (its commits: git log {ours[:12]}..{theirs[:12]})")


def _parse_merge_tree(out: bytes) -> tuple[str, dict[str, str]]:
    """The merged tree and, for conflicted paths, our side's blob (stage 2)."""
    records = out.split(b"\0")
    tree, conflicts = records[0].decode(), {}
    for record in records[1:]:
        if not record:
            break
        meta, path = record.decode("utf-8", "surrogateescape").split("\t", 1)
        _mode, sha, stage = meta.split(" ")
        conflicts.setdefault(path, None)
        if stage == "2":
            conflicts[path] = sha
    return tree, conflicts


_SET_ASIDE = re.compile(r"~[0-9a-f]{7,64}$")


def _keep_ours(store: Store, tree: str, conflicts: dict[str, str | None]) -> str:
    stuck = [p for p, sha in conflicts.items() if sha is None or (layout.split_path(p) or ("", ""))[1] != layout.SENTENCES]
    if stuck:
        # A file where the other side has a folder is set aside by git as PATH~COMMIT: name the path itself.
        shown = sorted({_SET_ASIDE.sub("", path) for path in stuck})
        raise ArchiveError(
            "cannot merge: both sides wrote different files at " + ", ".join(shown[:5])
            + " (redline only adds files, so someone edited the archive by hand)"
        )
    return edit_tree(store.git, tree, conflicts)


def _push(store: Store, remote: str, commit: str, branch: str) -> str:
    """Push ``commit`` as the remote's branch: "" when it landed, else why another push won the race
    (:class:`ArchiveError` for any other failure)."""
    proc = store.git.run("push", "--quiet", "--porcelain", "--end-of-options", remote,
                         f"{commit}:refs/heads/{branch}", check=False)
    if proc.returncode == 0:
        return ""
    text = (proc.stdout + proc.stderr).decode(errors="replace")
    refused = next((line.split("\t")[-1] for line in text.splitlines() if line.startswith("!")), "")
    if refused.startswith("[rejected]") or any(reason in refused for reason in RACE_LOST):
        return refused
    raise ArchiveError(f"cannot push to {remote}: {refused or _last_line(text)}")


def _adopt_head(store: Store, remote: str, branch: str) -> None:
    """Point a local remote's unborn HEAD at the branch just pushed.

    ``git init --bare`` names ``master`` in HEAD; a first push of ``main``
    would leave HEAD dangling, and a plain ``git clone`` of the remote would
    check out nothing. Only a remote on this machine can be fixed this way.
    """
    url = store.git.config(f"remote.{remote}.url") or ""
    folder = Path(url.removeprefix("file://")) if url.startswith(("/", "file://")) else None
    if folder is None or not folder.is_dir():
        return
    there = Git(folder)
    if there.rev("HEAD") is None and there.rev(f"refs/heads/{branch}") is not None:
        there.run("symbolic-ref", "HEAD", f"refs/heads/{branch}", check=False)


def clone(url: str, path: Path) -> Path:
    """A bare clone of a colleague's archive at ``path`` (which must not exist yet)."""
    import git

    if path.exists():
        raise ArchiveError(f"{path}: already exists")
    try:
        git.Repo.clone_from(url, path, bare=True, env=quiet_env())
    except git.GitCommandError as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise ArchiveError(f"cannot clone {url}: {_last_line(str(exc.stderr))}") from None
    except git.UnsafeProtocolError as exc:
        raise ArchiveError(f"cannot clone {url}: {exc}") from None
    repo = Git(path)
    # A bare clone maps the remote's branches onto its own; track them separately, as sync expects.
    repo.run("config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
    if repo.rev("HEAD") is None and repo.rev(f"refs/heads/{layout.BRANCH}"):
        # The remote's HEAD names a branch it lacks (a hand-made `git init --bare` says master).
        repo.run("symbolic-ref", "HEAD", f"refs/heads/{layout.BRANCH}")
    return path


def _last_line(text: str) -> str:
    """git's last line of error, without the ``stderr: '...'`` GitPython wraps its output in."""
    text = text.strip().removeprefix("stderr:").strip()
    text = text[1:] if text.startswith("'") else text
    lines = [line.strip(" '\"") for line in text.splitlines() if line.strip(" '\"")]
    return lines[-1] if lines else "unknown error"
