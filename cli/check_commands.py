"""``redline check``: the policy gate for CI and pre-commit; ``redline export-site``: the archive as a static site.

``check`` reads plain transcript files or archived statements, hands the
documents and what the archive records about them to
:mod:`redline.core.policy`, and renders the findings with
:mod:`redline.cli.render.check`. Many statements are checked in a process
pool (one worker per core).
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
            refs = touched_since(archive, since) if since else archive.ids()
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
    from redline.core.errors import ArchiveNotFound

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
        blob = archive.git.run("cat-file", "blob", f"{archive.store.tip()}:{POLICY_FILE}", check=False)
        return parse_policy(blob.stdout.decode("utf-8"), POLICY_FILE) if blob.returncode == 0 else default_policy()
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
def touched_since(archive, since: str) -> list[str]:
    """IDs of the statements whose files changed between ``since`` and the archive's tip."""
    from redline.core.errors import InvalidRev
    from redline.snapshots import layout

    commit = archive.git.rev(since)
    if commit is None:
        raise InvalidRev(f"--since {since}: not a commit of the archive")
    out = archive.git.run("-c", "core.quotepath=off", "diff", "--name-only", "-z", commit, archive.store.tip(),
                          "--", layout.STATEMENTS + "/").stdout
    touched = {parts[0] for path in out.split(b"\0") if path and (parts := layout.split_path(path.decode()))}
    return [ident for ident in archive.ids() if ident in touched]


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
    """Checks archived statements (``ID`` or ``ID@REV``), one :class:`StoredStatement` read each."""

    def __init__(self, path: str, policy) -> None:
        from redline.snapshots import Archive

        self.archive = Archive.open(path)
        self.policy = policy
        self.tip = self.archive.store.tip()
        work_tree = self.archive.store.work_tree
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

    def findings(self, text: str) -> list:
        from redline.core.policy import evaluate
        from redline.snapshots import parse_ref

        ref = parse_ref(text)
        stored = StoredStatement(self.archive, self.tip, ref.id, ref.rev)
        facts = [stored.facts(version, self.policy) for version in stored.chosen]
        return [self._locate(f, stored) for f in evaluate(ref.id, facts, self.policy)]

    def _locate(self, finding, stored: StoredStatement):
        from redline.snapshots import layout

        where = finding.where
        if finding.file is not None:
            path, line = finding.file, finding.line
        elif where.section is not None:
            path, line = stored.sentence_line(where.version, where.section, where.index)
        else:
            path, line = layout.sighting_path(stored.ident, stored.by_key[where.version].key), 1
        return replace(finding, file=os.path.join(self.prefix, path) if self.prefix else path, line=line)


class StoredStatement:
    """One statement's versions with their raw bytes, texts, documents and sentence files, read in one batch.

    ``chosen`` are the versions ``rev`` names (all without one); their
    predecessors are read too, for the diffs leading to them.
    """

    def __init__(self, archive, tip: str, ident: str, rev: str | None = None) -> None:
        from redline.core.errors import UnknownStatement
        from redline.snapshots.versions import group, resolve

        files = archive.store.files(tip, ident).get(ident)
        if files is None or not files.sightings:
            raise UnknownStatement(f"no statement {ident!r} in the archive (`redline list` shows them)")
        self.ident, self.files = ident, files
        self.versions = group(archive.store.sightings(files))
        self.by_key = {v.key: v for v in self.versions}
        self.chosen = self.versions if rev is None else [
            resolve(ident, self.versions, rev, lambda: archive.store.added_by(tip, ident))]
        wanted = {v.number for v in self.chosen} | {v.number - 1 for v in self.chosen if v.number > 1}
        digests = sorted({self.versions[n - 1].sha256 for n in wanted})
        raw_digests = [d for d in digests if d in files.raw]
        derived_digests = [d for d in digests if d in files.sentences]
        blobs = archive.git.cat_blobs([files.raw[d] for d in raw_digests] +
                                      [files.sentences[d] for d in derived_digests])
        self.raw = dict(zip(raw_digests, blobs))
        self.derived = dict(zip(derived_digests, blobs[len(raw_digests):]))
        self._texts: dict[str, str | None] = {}
        self._documents: dict[str, object] = {}
        self._lines: dict[str, dict[tuple[str, int], int]] = {}

    def previous(self, version):
        return self.versions[version.number - 2] if version.number > 1 else None

    def text(self, version) -> str | None:
        """The version's decoded text, or None when its bytes are missing or no longer match their hash."""
        from redline.core import decode
        from redline.snapshots.sightings import sha256

        digest = version.sha256
        if digest not in self._texts:
            data = self.raw.get(digest)
            ok = data is not None and sha256(data) == digest
            self._texts[digest] = decode(data, f"{self.ident}@{version.number}", version.first.encoding) if ok else None
        return self._texts[digest]

    def document(self, version):
        """The version's parsed document (None as for :meth:`text`)."""
        from redline.core import segment

        if version.sha256 not in self._documents:
            text = self.text(version)
            self._documents[version.sha256] = segment(text) if text is not None else None
        return self._documents[version.sha256]

    def integrity(self, version) -> tuple:
        """``history-hash`` and ``history-derived`` problems of the version's stored files."""
        from redline.core.policy import Integrity
        from redline.snapshots import derived, layout

        digest = version.sha256
        raw_path, sentences_path = layout.raw_path(self.ident, digest), layout.sentences_path(self.ident, digest)
        if digest not in self.raw:
            return (Integrity("history-hash", raw_path, f"the bytes of {digest[:12]} are missing"),)
        doc = self.document(version)
        if doc is None:
            return (Integrity("history-hash", raw_path, f"stored bytes no longer match their SHA-256 {digest[:12]}"),)
        blob = self.derived.get(digest)
        head = derived.header(blob) if blob is not None else None
        if blob is None:
            return (Integrity("history-derived", sentences_path, "sentence file missing (run `redline rederive`)"),)
        if head is None or head[1] != digest:
            return (Integrity("history-derived", sentences_path, "sentence file has no header naming its bytes"),)
        if head[0] == derived.engine_version() and derived.render(doc, digest) != blob:
            return (Integrity("history-derived", sentences_path,
                              f"sentence file differs from what engine {head[0]} derives (run `redline rederive`)"),)
        return ()

    def meta(self, version) -> dict:
        """Label, note and source (from any of its sightings) and date of a version."""
        return {
            "label": next((s.label for s in version.sightings if s.label), None),
            "note": next((s.note for s in version.sightings if s.note), None),
            "source": next((s.source for s in version.sightings if s.source), None),
            "date": version.date,
        }

    def facts(self, version, policy):
        from redline.core.policy import VersionFacts, version_facts

        name = f"{self.ident}@{version.number}"
        meta = {**self.meta(version), "archived": True,
                "integrity": self.integrity(version) if policy.wants("history-") else ()}
        doc = self.document(version)
        if doc is None:
            return VersionFacts(name, version.key, **meta)
        previous = self.previous(version)
        before = self.document(previous) if previous is not None else None
        return version_facts(doc, name, version.key, policy,
                             (previous.key, before) if before is not None else None, **meta)

    def sentence_line(self, key: str, section: str, index: int) -> tuple[str, int]:
        """The sentence file of version ``key`` and the line holding that sentence."""
        from redline.snapshots import derived, layout

        digest = self.by_key[key].sha256
        if digest not in self._lines:
            blob = self.derived.get(digest)
            if blob is None:
                doc = self.document(self.by_key[key])
                blob = derived.render(doc, digest) if doc is not None else b""
            self._lines[digest] = sentence_lines(blob)
        return layout.sentences_path(self.ident, digest), self._lines[digest].get((section, index), 1)


def sentence_lines(blob: bytes) -> dict[tuple[str, int], int]:
    """``(section, index) -> line number`` in a sentence file (layout: :mod:`redline.snapshots.derived`)."""
    lines, section, index = {}, "full", 0
    for number, raw in enumerate(blob.decode("utf-8", "replace").split("\n")[1:], start=2):
        if raw.startswith("## "):
            section, index = raw[3:].split(" ", 1)[0], 0
        elif raw and not (raw.startswith("### ") or raw == "###"):
            lines[(section, index)] = number
            index += 1
    return lines


# -- export-site ----------------------------------------------------------------------
SITE_MARKER = ".redline-site"


@cli.command("export-site")
@click.argument("directory", type=click.Path(file_okay=False))
@click.pass_context
def export_site(ctx, directory):
    """Write the whole archive as a static website in DIRECTORY.

    An index of statements; per statement its versions and sightings; each
    version's text, the changes from the version before it, and its
    excerpt traced to its full text (side-by-side pages, as --format
    html). Links are relative: publish the folder on any static host, or
    open index.html from disk. Page names use stable version keys, so links
    keep working as versions are added. DIRECTORY must be empty, new, or a
    site exported before (it is then brought up to date).

    Example:

        redline export-site public/ && python -m http.server -d public
    """
    from redline.core.errors import RedlineError

    from .render.site import index_page

    out = Path(directory)
    if out.exists() and any(out.iterdir()) and not (out / SITE_MARKER).exists():
        raise RedlineError(f"{directory}: not empty and not a site redline exported (no {SITE_MARKER}); "
                           "choose a new or empty folder")
    archive = _open_archive(ctx.obj, [], required=True)[0]
    out.mkdir(parents=True, exist_ok=True)
    statements = for_each_statement(partial(SiteWriter, str(archive.path), str(out.absolute())),
                                    archive.ids(), "Writing pages")
    _write(out / "index.html", index_page(statements, archive.store.tip()))
    _write(out / SITE_MARKER, "redline export-site\n")
    pages = 1 + sum(1 + sum(1 + (v.changes is not None) + v.excerpt for v in s.versions) for s in statements)
    click.echo(f"Wrote {pages} pages for {len(statements)} statements to {directory} (open {out / 'index.html'})")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class SiteWriter:
    """Writes one statement's pages (its index, and per version: text, changes, excerpt) and describes it."""

    def __init__(self, path: str, out: str) -> None:
        from redline.snapshots import Archive

        self.archive = Archive.open(path)
        self.tip = self.archive.store.tip()
        self.out = Path(out)

    def __call__(self, ident: str):
        from redline.core import compare, diff
        from .render import site

        stored = StoredStatement(self.archive, self.tip, ident)
        folder = self.out / site.statement_dir(ident)
        infos, pages = [], []
        for version in stored.versions:
            doc, previous = stored.document(version), stored.previous(version)
            before = stored.document(previous) if previous is not None else None
            name = f"{ident}@{version.number}"
            change = excerpt = None
            if doc is not None and before is not None:
                change = diff(before, doc, f"{ident}@{previous.number}", name)
                change = site.with_versions(change, self._facts(stored, previous), self._facts(stored, version))
            if doc is not None and doc.section("excerpt") and doc.section("full"):
                facts = self._facts(stored, version)
                excerpt = site.with_versions(compare(doc, name), facts, facts)
            infos.append(site.VersionInfo(
                version.number, version.key, version.date, stored.meta(version)["label"],
                tuple(site.Sighting(s.retrieved, s.label, s.source, s.note) for s in version.sightings),
                change.summary["counts"] if change else None, excerpt is not None, doc is not None))
            pages.append((version, change, excerpt))
        latest = next((stored.document(v) for v in reversed(stored.versions) if stored.document(v)), None)
        info = site.StatementInfo(ident, latest.metadata.title if latest else None, tuple(infos))
        _write(folder / "index.html", site.statement_page(info))
        for entry, (version, change, excerpt) in zip(infos, pages):
            _write(folder / site.version_file(version.key), site.version_page(info, entry, stored.text(version)))
            if change is not None:
                _write(folder / site.version_file(version.key, "diff"), site.comparison_page(info, entry, change, "diff"))
            if excerpt is not None:
                _write(folder / site.version_file(version.key, "excerpt"),
                       site.comparison_page(info, entry, excerpt, "excerpt"))
        return info

    @staticmethod
    def _facts(stored: StoredStatement, version) -> dict:
        return {"version": f"@{version.number}", "key": version.key, **stored.meta(version)}
