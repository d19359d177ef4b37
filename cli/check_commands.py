"""``redline check``: the policy gate for CI and pre-commit.

``check`` reads plain transcript files or archived statements
(:meth:`redline.snapshots.Archive.statement`), hands the documents and what
the archive records about them to :mod:`redline.core.policy`, and renders the
findings with :mod:`redline.cli.render.check`. Many statements are checked in
a process pool (one worker per core), which ``export-site`` shares.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import click

from .app import cli, color_option, encoding_option, format_option, json_text, write_output
from .status import ExitStatus

POLICY_FILE = "redline.toml"
POOL_MIN = 8
T = TypeVar("T")


@cli.command()
@click.argument("targets", nargs=-1, metavar="[ID|FILE]...")
@click.option("--since", metavar="COMMIT",
              help="Check the archived statements touched since this commit of the archive (for pull requests).")
@click.option("--policy", "policy_file", metavar="FILE",
              help=f"Rule severities (TOML). Default: {POLICY_FILE} at the archive root, else the built-in defaults.")
@format_option("text", "json", "github", "junit")
@encoding_option
@color_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.pass_context
def check(ctx, targets, since, policy_file, fmt, encoding, color, output):
    """Check transcripts against the policy: excerpt fidelity, silent changes, history, metadata.

    With no argument, every statement of the archive; with IDs, those
    statements; with --since COMMIT, the statements touched since that
    commit. Files (documents with excerpt and full sections) are checked
    as they are: an existing path wins, file:PATH and id:ID force either.

    \b
    Rules and default severities (change them in redline.toml, [rules]):
      error    excerpt-added, excerpt-speaker, excerpt-meaning,
               history-hash, history-derived
      warning  excerpt-hedge, excerpt-edited, excerpt-editorial,
               version-silent-change, version-meaning,
               metadata-source, metadata-date
      off      excerpt-moved

    Exit 2 if any input could not be read, else 1 if any finding is an
    error, else 0. --format github prints workflow commands that annotate
    the files in a pull request; junit writes test results.

    Example:

        redline check --format github --since origin/main
    """
    from .render.check import check_github, check_json, check_junit, check_text
    from .render.style import Painter, use_color

    files, refs = split_targets(targets)
    if since and refs:
        raise click.UsageError("give statement IDs or --since, not both")
    archive, missing = _open_archive(ctx.obj, refs, required=since is not None or not files)
    policy = load_policy(policy_file, archive)
    outcomes = [check_file(path, policy, encoding) for path in files] + missing
    if archive is not None:
        if not refs:
            refs = _touched_since(archive, since) if since else archive.ids()
        outcomes += check_statements(archive, refs, policy)
    for outcome in outcomes:
        if outcome.error is not None:
            click.echo(f"Error: {outcome.error}", err=True)
    if fmt == "json":
        text = json_text(check_json(outcomes, policy))
    elif fmt == "github":
        text = check_github(outcomes)
    elif fmt == "junit":
        text = check_junit(outcomes)
    else:
        text = check_text(outcomes, policy, Painter(use_color(color) and output is None))
    write_output(text, output)
    ctx.exit(exit_status(outcomes))


def exit_status(outcomes) -> ExitStatus:
    """2 if an input could not be read, else 1 if any error finding, else 0."""
    if any(o.error is not None for o in outcomes):
        return ExitStatus.ERROR
    if any(o.count("error") for o in outcomes):
        return ExitStatus.FOUND
    return ExitStatus.OK


# -- inputs and policy ------------------------------------------------------------
def split_targets(targets: Iterable[str]) -> tuple[list[str], list[str]]:
    """Files and archive references: ``file:``/``id:`` force either, else an existing path is a file."""
    files, refs = [], []
    for target in targets:
        if target.startswith("file:"):
            files.append(target[len("file:"):])
        elif target.startswith("id:"):
            refs.append(target[len("id:"):])
        elif target == "-" or os.path.exists(target) or not _looks_like_ref(target):
            files.append(target)
        else:
            refs.append(target)
    return files, refs


def _looks_like_ref(target: str) -> bool:
    from redline.core.errors import RedlineError
    from redline.snapshots import parse_ref

    try:
        parse_ref(target)
    except RedlineError:
        return False
    return True


def _open_archive(obj: dict | None, refs: list[str], required: bool) -> tuple:
    """The archive, if needed; without one, each reference is an input that could not be read."""
    from redline.snapshots.errors import ArchiveNotFound

    from .refs import open_archive
    from .render.check import Outcome

    if not (refs or required):
        return None, []
    try:
        return open_archive(obj), []
    except ArchiveNotFound:
        if required:
            raise
        return None, [Outcome(ref, [], f"{ref}: no such file (and no archive to look up a statement ID in)") for ref in refs]


def load_policy(path: str | None, archive=None):
    """``--policy FILE``; else ``redline.toml`` at the archive root (on disk, else in the archive's tree);
    for plain files, the nearest one from the current directory up to the repository root; else defaults.
    """
    from redline.core.errors import RedlineError
    from redline.core.policy import default_policy, parse_policy

    if path is not None:
        try:
            return parse_policy(Path(path).read_text(encoding="utf-8"), path)
        except (OSError, UnicodeDecodeError) as exc:
            raise RedlineError(f"{path}: cannot read the policy ({getattr(exc, 'strerror', None) or exc})") from None
    if archive is not None:
        found = archive.path / POLICY_FILE
        if found.is_file():
            return load_policy(str(found))
        stored = archive.file(POLICY_FILE)
        return parse_policy(stored.decode("utf-8"), POLICY_FILE) if stored is not None else default_policy()
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / POLICY_FILE).is_file():
            return load_policy(str(folder / POLICY_FILE))
        if (folder / ".git").exists():
            break
    return default_policy()


# -- plain files ----------------------------------------------------------------------
def check_file(path: str, policy, encoding: str | None = None):
    """A transcript file as a one-version statement; findings point at the file's lines."""
    from redline.core.errors import RedlineError
    from redline.core.policy import evaluate, version_facts

    from .inputs import read_source
    from .render.check import Outcome

    try:
        source = read_source(path, encoding)
    except RedlineError as exc:
        return Outcome(path, [], str(exc))
    doc = source.document
    facts = version_facts(doc, source.name, None, policy, date=doc.metadata.date)
    findings = []
    for finding in evaluate(source.name, [facts], policy):
        line = 1
        if finding.where is not None and finding.where.section is not None:
            sentence = doc.section(finding.where.section).sentences[finding.where.index]
            line = doc.text.count("\n", 0, sentence.start) + 1
        findings.append(replace(finding, file=None if path == "-" else path, line=line))
    return Outcome(source.name, findings)


# -- archived statements ------------------------------------------------------------
def _touched_since(archive, since: str) -> list[str]:
    """:meth:`Archive.touched_since`, its error naming the option it came from."""
    from redline.snapshots.errors import InvalidRev

    try:
        return archive.touched_since(since)
    except InvalidRev as exc:
        raise InvalidRev(f"--since {exc}") from None


def check_statements(archive, refs: list[str], policy) -> list:
    """Every statement in ``refs``, in order (see :func:`for_each_statement`)."""
    return for_each_statement(partial(StatementChecker, str(archive.path), policy), refs, "Checking statements")


def for_each_statement(make: Callable[[], Callable[[str], T]], items: list[str], label: str) -> list[T]:
    """``make()(item)`` for each item, in order: in this process for a few, in a pool (one worker per core) for many.

    ``make`` builds the per-process worker (it opens the archive once); it
    must pickle, so pass a class or a ``functools.partial`` of one.
    """
    results: list[T] = []
    with _progress(len(items), label) as step:
        if len(items) < POOL_MIN:
            outcomes: Iterable[T] = map(make(), items)
        else:
            outcomes = _pooled(make, items)
        for outcome in outcomes:
            results.append(outcome)
            step()
    return results


def _pooled(make: Callable[[], Callable[[str], T]], items: list[str]) -> Iterator[T]:
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 1, max(1, len(items) // POOL_MIN))
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(make,)) as pool:
        yield from pool.map(_work, items, chunksize=max(1, min(16, len(items) // (workers * 8))))


_WORKER: Callable | None = None


def _start_worker(make: Callable[[], Callable]) -> None:
    global _WORKER
    _WORKER = make()


def _work(item: str):
    assert _WORKER is not None
    return _WORKER(item)


@contextmanager
def _progress(length: int, label: str) -> Iterator[Callable[[], None]]:
    """A click progress bar on stderr when it is a terminal and there is more than one step; else nothing."""
    if length < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


class StatementChecker:
    """Checks archived statements (``ID`` or ``ID@REV``), one :meth:`Archive.statement` read each."""

    def __init__(self, path: str, policy) -> None:
        from redline.snapshots import Archive

        self.archive = Archive.open(path)
        self.policy = policy
        self.tip = self.archive.tip()
        work_tree = self.archive.work_tree
        # Annotations name files as the checkout holds them, relative to where check runs.
        self.prefix = "" if work_tree is None or Path(work_tree).resolve() == Path.cwd().resolve() else (
            os.path.relpath(work_tree))

    def __call__(self, ref: str):
        from redline.core.errors import RedlineError

        from .render.check import Outcome

        try:
            return Outcome(ref, self.findings(ref))
        except RedlineError as exc:
            return Outcome(ref, [], str(exc))

    def findings(self, ref: str) -> list:
        from redline.core.policy import evaluate

        stored = self.archive.statement(ref, at=self.tip)
        facts = [self._facts(stored, version) for version in stored.selected]
        return [self._locate(f, stored) for f in evaluate(stored.id, facts, self.policy)]

    def _facts(self, stored, version):
        """What the policy looks at for one version: its document, the diff from the one before, its history."""
        from redline.core.policy import Integrity, VersionFacts, version_facts

        integrity = tuple(Integrity("history-hash" if p.in_raw else "history-derived", p.path, p.message)
                          for p in version.problems) if self.policy.wants("history-") else ()
        meta = {**version.meta(), "archived": True, "integrity": integrity}
        doc = version.document
        if doc is None:
            return VersionFacts(version.name, version.key, **meta)
        previous = stored.previous(version)
        before = previous.document if previous is not None else None
        return version_facts(doc, version.name, version.key, self.policy,
                             (previous.key, before) if before is not None else None, **meta)

    def _locate(self, finding, stored):
        """The finding with the archive file (and line) it is about: a sentence file line, else a sighting file."""
        where = finding.where
        if finding.file is not None:
            path, line = finding.file, finding.line
        elif where.section is not None:
            version = stored.by_key(where.version)
            path, line = version.sentences_path, version.line_of(where.section, where.index) or 1
        else:
            path, line = stored.by_key(where.version).sighting_path, 1
        return replace(finding, file=os.path.join(self.prefix, path) if self.prefix else path, line=line)
