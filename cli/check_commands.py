"""``redline check``: the policy gate for CI and pre-commit.

Parses targets (files and archive references, :func:`redline.cli.refs.classify`),
reads plain files, and hands everything to the library: :func:`redline.core.check.check_document`
for files, :func:`redline.snapshots.checks.check_statements` for archived statements.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable
from pathlib import Path

import click

from .app import cli, color_option, error, format_option, json_text, progress, reading_options, warn, write_output
from .status import ExitStatus


def _rules_help() -> str:
    """The rules and their default severities, for ``--help`` (from the one list of rules)."""
    from redline.core.policy import RULES, SEVERITIES

    lines = []
    for severity in SEVERITIES:
        ids = ", ".join(rule.id for rule in RULES if rule.default == severity)
        if ids:
            lines += textwrap.wrap(ids, 64, initial_indent=f"      {severity:<8} ", subsequent_indent=" " * 15,
                                   break_on_hyphens=False)
    return "\n".join(lines)


@cli.command(help=f"""Check transcripts against the policy: excerpt fidelity, quotations, silent changes, history, metadata.

    With no argument, every statement of the archive; with IDs, those
    statements; with --since COMMIT, what changed since that commit: the
    versions added or amended since, and the versions right after them
    (--all-findings: every version of the statements touched). Files and
    URLs (documents with excerpt and full sections; text, web pages or
    PDFs) are checked as they are, folders file by file: an existing path
    wins, file:PATH and id:ID force either.

    Quote rules check each input's quotations against the transcript it
    quotes: --against TRANSCRIPT, or the [quotes] table of redline.toml
    (article path or ID = transcript path or ID[@REV]).

    \b
    Rules and default severities (change them in redline.toml, [rules]):
{_rules_help()}

    Exit 2 if any input could not be read, else 1 if any finding is an
    error, else 0. --format github prints workflow commands that annotate
    the files in a pull request (paths from the repository's root, one
    annotation per sentence); junit writes test results.

    Example:

        redline check --format github --since origin/main
    """)
@click.argument("targets", nargs=-1, metavar="[ID|FILE]...")
@click.option("--since", metavar="COMMIT",
              help="Check what changed in the archive since this commit (for pull requests).")
@click.option("--all-findings", is_flag=True,
              help="With --since, report every finding of the statements touched, not only the new versions'.")
@click.option("--policy", "policy_file", metavar="FILE",
              help="Rule severities (TOML). Default: redline.toml at the archive root, else the built-in defaults.")
@click.option("--against", metavar="TRANSCRIPT",
              help="Check the quotations of every input against this transcript (a file or ID[@REV]); "
                   "else as redline.toml's [quotes] table says.")
@format_option("text", "json", "github", "junit")
@reading_options
@color_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.pass_context
def check(ctx, targets, since, all_findings, policy_file, against, fmt, reading, color, output):
    from redline.snapshots.checks import check_statements, load_policy

    from .render.check import check_github, check_junit, check_text
    from .render.schema import check_json
    from .render.style import Painter, use_color

    files, named = _split(targets)
    if since is not None and named:
        raise click.UsageError("give statement IDs or --since, not both")
    if all_findings and since is None:
        raise click.UsageError("--all-findings goes with --since")
    archive, refs, missing = _open_archive(ctx.obj, named, required=since is not None or not targets)
    policy = load_policy(policy_file, archive)
    transcript = _transcript(against, ctx.obj, reading) if against else None
    outcomes = [_check_path(target, policy, reading, transcript, ctx.obj) for target in _in_folders(files)] + missing
    if archive is not None:
        changes = _changes_since(archive, since) if since is not None else None
        if not named:
            refs = list(changes) if changes is not None else archive.ids()
        with progress(len(refs), "Checking statements") as step:
            outcomes += check_statements(archive, refs, policy, step, None if all_findings else changes, transcript)
    for outcome in outcomes:
        if outcome.error is not None:
            error(outcome.error)
        elif outcome.note is not None:
            warn(f"{outcome.name}: {outcome.note}")
    if fmt == "json":
        text = json_text(check_json(outcomes, policy))
    elif fmt == "github":
        text = check_github([_from_repository_root(outcome) for outcome in outcomes])
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


def _split(targets: Iterable[str]) -> tuple[list, list]:
    """Files and URLs, and archive references (as :class:`redline.cli.refs.Target`)."""
    from .refs import REF, classify

    files, refs = [], []
    for target in map(classify, targets):
        (refs if target.kind == REF else files).append(target)
    return files, refs


def _open_archive(obj: dict | None, targets: list, required: bool) -> tuple:
    """The archive (if needed), the references to check in it, and an input that could not be read for each
    of the others: without an archive, all; with one, those not forced by ``id:`` that name no statement
    (most likely a mistyped file name)."""
    from redline.core.check import Outcome
    from redline.snapshots.errors import ArchiveNotFound

    from .refs import not_found, open_archive, same_archive

    if not (targets or required):
        return None, [], []
    try:
        archive = open_archive(obj)
    except ArchiveNotFound as exc:
        if required:
            raise
        return None, [], [Outcome(t.value, [], not_found(t.value, exc)) for t in targets]
    for target in targets:
        same_archive(target, archive)
    known = set(archive.ids()) if not all(t.forced for t in targets) else set()
    unknown = [t for t in targets if not t.forced and t.value.partition("@")[0] not in known]
    return (archive, [t.value for t in targets if t not in unknown],
            [Outcome(t.value, [], not_found(t.value)) for t in unknown])


def _in_folders(targets: list) -> list:
    """``targets`` with each folder replaced by the regular files in it and its subfolders (hidden ones
    skipped; a FIFO or device would block the read), in name order; a folder without any stays, to be
    reported as such."""
    from .refs import FILE, Target

    out = []
    for target in targets:
        if target.kind != FILE or target.value == "-" or not os.path.isdir(target.value):
            out.append(target)
            continue
        found = []
        for folder, subfolders, names in os.walk(target.value):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            paths = (os.path.join(folder, name) for name in sorted(names) if not name.startswith("."))
            found += [path for path in paths if os.path.isfile(path)]
        out += [Target(FILE, path, target.forced) for path in found] or [target]
    return out


def _check_path(target, policy, reading, transcript=None, obj: dict | None = None):
    """A transcript file or URL as a one-version statement; findings point at a file's lines.

    Its quotations are checked against ``transcript`` (name, document), else
    against the transcript the policy's ``[quotes]`` table names for a file.
    """
    from redline.core.check import Outcome, check_document
    from redline.core.errors import RedlineError

    from .inputs import read_source
    from .refs import URL

    if target.kind != URL and target.value != "-" and os.path.isdir(target.value):
        return Outcome(target.value, note="nothing to check: a folder without files")
    try:
        source = read_source(target.value, reading, forced_file=target.forced)
        if transcript is None and target.kind != URL and policy.wants("quote-"):
            named = _quoted_transcript(policy, target.value)
            transcript = _transcript(named, obj, reading) if named else None
    except RedlineError as exc:
        from redline.snapshots.fetch import display_url

        return Outcome(display_url(target.value) if target.kind == URL else target.value, [], str(exc))
    annotated = None if target.value == "-" or target.kind == URL else target.value
    return check_document(source.document, source.name, policy, annotated, transcript)


def _transcript(arg: str, obj: dict | None, reading) -> tuple:
    """``(name, document)`` of a transcript named by a path, a URL or ``ID[@REV]``."""
    from .refs import load_source

    source = load_source(arg, obj, reading)
    return source.name, source.document


def _quoted_transcript(policy, path: str) -> str | None:
    """The transcript ``[quotes]`` names for the file ``path``: keys and path values are relative to the
    policy file's folder; a value that is no file there is an ``ID[@REV]`` (the policy refuses URLs).

    A symbolic link out of that folder is refused: the policy may come with someone else's pull request,
    and the transcript's words would reach the CI log.
    """
    from redline.core.errors import RedlineError

    base = Path(policy.origin).parent if Path(policy.origin).is_file() else Path.cwd()
    here = Path(path).resolve()
    for article, transcript in policy.quotes.items():
        if (base / article).resolve() != here:
            continue
        if not (base / transcript).is_file():
            return transcript
        if not (base / transcript).resolve().is_relative_to(base.resolve()):
            raise RedlineError(f"{policy.origin}: [quotes] {article!r} names {transcript!r}, a link out of the "
                               "policy's folder")
        return str(base / transcript)
    return None


def _changes_since(archive, since: str) -> dict[str, list[tuple[str, str]]]:
    """:meth:`Archive.changes_since`, its error naming the option it came from."""
    from redline.snapshots.errors import InvalidRev

    try:
        return archive.changes_since(since)
    except InvalidRev as exc:
        raise InvalidRev(f"--since {exc}") from None


def _from_repository_root(outcome):
    """The outcome with each plain file's findings naming it from the root of its git work tree, where
    GitHub places annotations (archived statements' files already are)."""
    from dataclasses import replace

    found = [replace(f, file=_repository_path(f.file)) if f.version is None and f.file else f for f in outcome.findings]
    return replace(outcome, findings=found)


def _repository_path(path: str) -> str:
    """``path`` relative to the top of the git work tree holding it; as given outside one."""
    where = os.path.abspath(path)
    for folder in Path(where).parents:
        if (folder / ".git").exists():
            return Path(os.path.relpath(where, folder)).as_posix()
    return path
