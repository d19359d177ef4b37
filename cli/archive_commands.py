"""Archive commands: ``init``, ``add``, ``import``, ``list``, ``log``, ``show``, ``blame``,
``search``, ``verify``, ``sync``, ``clone``, ``rederive``.

Each parses its options, calls one :class:`redline.snapshots.Archive`
method and hands the result to :mod:`redline.cli.render.archive`. git and
the engine are imported inside the commands, so ``redline --help`` stays fast.
"""

from __future__ import annotations

import sys

import click

from .app import (
    cli, color_option, echo, emit_json, file_reading_options, format_option, progress, reading_options, warn,
)
from .render.words import plural
from .status import ExitStatus


def _archive(ctx: click.Context):
    from .refs import open_archive

    return open_archive(ctx.obj)


def _painter(color: bool | None):
    from .render.style import Painter, use_color

    return Painter(use_color(color))


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False), default=".")
def init(directory: str) -> None:
    """Create an archive in DIRECTORY (default: the current directory, which must be empty).

    The archive is a bare git repository: push it to any git host, and
    `git clone` it for a browsable checkout.

    Example:

        redline init ~/statements
    """
    from redline.snapshots import Archive

    archive = Archive.init(directory)
    echo(f"Created an empty redline archive in {archive.path}")


_METADATA = {
    "label": click.option("--label", metavar="L", help="What this release is, e.g. 'as delivered', 'corrected'."),
    "date": click.option("--date", metavar="D", help="Statement date YYYY-MM-DD (default: the date in its header)."),
    "source": click.option("--source", metavar="URL", help="Where it was found."),
    "note": click.option("--note", metavar="N", help="Free text kept with it."),
}


def _metadata(*names: str):
    """The ``--label``/``--date``/``--source``/``--note`` options named."""
    def decorate(command):
        for name in reversed(names):
            command = _METADATA[name](command)
        return command
    return decorate


@cli.command()
@click.argument("ident", metavar="ID")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@_metadata("label", "date", "source", "note")
@click.option("--retrieved", metavar="TIME", help="When it was found, ISO 8601 (default: now).")
@reading_options
@format_option("text", "json")
@click.pass_context
def add(ctx: click.Context, ident: str, file: str, label: str | None, date: str | None, source: str | None,
        note: str | None, retrieved: str | None, reading, fmt: str) -> None:
    """Add FILE as a version of statement ID (one commit; none if nothing is new).

    FILE is a text file, - for standard input, a saved web page, a PDF, or
    an http(s) URL (fetched; --source defaults to the URL and --retrieved
    to the time of the fetch). A text file is kept byte for byte; from a
    page or a PDF, the statement text found in it is kept.

    ID is a lowercase slug, optionally namespaced: state-dept/2025-11-23-rubio-geneva.
    New text makes a new version. Text the archive knows makes a sighting
    of its version (whose key, label and date stay: `redline annotate`
    amends them) when it brings something new: a source, a note, a place
    elsewhere in the order. The latest version's bytes with nothing new
    add nothing (exit 0).

    Example:

        redline add state-dept/2025-11-23-rubio-geneva remarks.txt --label "as delivered" --source https://www.state.gov/...
    """
    from redline.snapshots import check_id
    from redline.snapshots.sightings import parse_time

    from .inputs import read_source
    from .render.archive import added_text
    from .render.schema import added_json

    check_id(ident)
    moment = parse_time(retrieved) if retrieved else None
    archive = _archive(ctx)
    own = archive.settings(ident).updated(reading.select, reading.ignore)
    found = read_source(file, reading, own=own).capture
    if found.fetch is not None:
        name, source, moment = None, source or found.fetch.url, moment or parse_time(found.fetch.time)
    else:
        name = None if file == "-" else file.replace("\\", "/").rsplit("/", 1)[-1]
    given = reading.select is not None or bool(reading.ignore)
    result = archive.add(ident, found.stored, label=label, date=date, source=source, note=note,
                         retrieved=moment, file=name, encoding=reading.encoding if found.as_read else None,
                         original=found.original(), remember=own if given else None)
    if fmt == "json":
        emit_json(added_json([result]))
    else:
        echo(added_text(result, label is not None or date is not None))


@cli.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--id", "ident", metavar="ID", required=True, help="Statement the files are versions of.")
@click.option("--by", type=click.Choice(["name", "mtime"]), default="name", show_default=True,
              help="Order of the versions: file name, or modification time.")
@click.option("--pattern", metavar="GLOB", default="*", show_default=True, help="Only the files whose name matches.")
@_metadata("date", "source")
@click.option("--retrieved", metavar="TIME", help="When they were found, ISO 8601 (default: now).")
@file_reading_options
@format_option("text", "json")
@click.pass_context
def import_(ctx: click.Context, directory: str, ident: str, by: str, pattern: str, date: str | None,
            source: str | None, retrieved: str | None, reading, fmt: str) -> None:
    """Add every file in DIRECTORY (not its subfolders) as the next version of ID, in order.

    Files are read as `add` reads them: text kept byte for byte, the
    statement text of saved pages and PDFs found (with the statement's
    remembered --select and --ignore, or those given, which are then
    remembered). Hidden files are skipped, and so are links that lead out of DIRECTORY.
    --date, --source and --retrieved apply to every file. A file identical
    to the version before it adds nothing; a file this import recorded
    before (same name, same bytes) is skipped, so an import cut short can
    be run again. Files with different titles are imported, with a warning:
    they may be different statements.

    Example:

        redline import releases/ --id state-dept/2025-11-23-rubio-geneva --by mtime
    """
    from redline.snapshots import check_id
    from redline.snapshots.importing import files_in
    from redline.snapshots.sightings import parse_time

    from .render.archive import imported_text
    from .render.schema import added_json

    check_id(ident)
    moment = parse_time(retrieved) if retrieved else None
    files, warnings = files_in(directory, pattern, by)
    for warning in warnings:
        warn(warning)
    if not files:
        raise click.UsageError(f"{directory} holds no files to import")
    archive = _archive(ctx)
    own = None
    if reading.select is not None or reading.ignore:
        own = archive.settings(ident).updated(reading.select, reading.ignore)
    with progress(len(files), f"Importing into {ident}") as step:
        result = archive.import_files(ident, files, date=date, source=source, retrieved=moment,
                                      progress=lambda _: step(), own=own, encoding=reading.encoding)
    if result.warning:
        warn(result.warning)
    if fmt == "json":
        emit_json(added_json([added for _, added in result.added if added is not None]))
    else:
        echo(imported_text(result))


@cli.command()
@click.argument("ref", metavar="ID@REV")
@_metadata("label", "date", "source", "note")
@click.pass_context
def annotate(ctx: click.Context, ref: str, label: str | None, date: str | None, source: str | None,
             note: str | None) -> None:
    """Amend the label, date, source or note of a version (one commit; the key stays).

    Nothing stored is rewritten: the amendment is recorded beside the
    version, and `log`, `show` and `check` read the version as amended.

    Example:

        redline annotate state-dept/2025-11-23-rubio-geneva@2 --label corrected --note "The ministry fixed a figure."
    """
    result = _archive(ctx).annotate(ref, label=label, date=date, source=source, note=note)
    changed = ", ".join(f"{name} {value!r}" for name, value in result.annotation.changes().items())
    echo(f"Annotated {result.id}@{result.version.number} ({result.version.key}): {changed}; "
               f"commit {result.commit[:12]}")


@cli.command("list")
@click.argument("prefix", default="")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Only the versions current on DATE (a day, or a time), as ID@DATE picks them: by their "
                   "statement date, else the day they were first seen.")
@format_option("text", "json")
@color_option
@click.pass_context
def list_(ctx: click.Context, prefix: str, as_of: str | None, fmt: str, color: bool | None) -> None:
    """List the statements (whose ID starts with PREFIX) with version counts and first and latest dates.

    Example:

        redline list state-dept/ --as-of 2025-12-01
    """
    from .render.archive import list_text
    from .render.schema import list_json

    rows = _archive(ctx).statements(prefix, as_of=as_of)
    if fmt == "json":
        emit_json(list_json(rows))
    elif rows:
        echo(list_text(rows, _painter(color)))


@cli.command()
@click.argument("ident", metavar="ID")
@click.option("-n", "limit", type=click.IntRange(min=1), metavar="N", help="Only the newest N versions.")
@click.option("--since", metavar="DATE", help="Only versions dated on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only versions dated on or before DATE (YYYY-MM-DD).")
@click.option("--oneline", is_flag=True, help="One line per version.")
@format_option("text", "json")
@color_option
@click.pass_context
def log(ctx: click.Context, ident: str, limit: int | None, since: str | None, until: str | None, oneline: bool,
        fmt: str, color: bool | None) -> None:
    """Versions of ID, newest first, with what changed against the version before.

    Version numbers are positions in the order (statement date, then
    retrieval time) and can shift when an older release is added later;
    the keys never change.

    Example:

        redline log state-dept/2025-11-23-rubio-geneva -n 5 --oneline
    """
    from .render.archive import log_text
    from .render.schema import log_json

    entries = _archive(ctx).log(ident, since=since, until=until, limit=limit)
    if fmt == "json":
        emit_json(log_json(ident, entries))
    else:
        echo(log_text(ident, entries, _painter(color), oneline))


@cli.command()
@click.argument("ref", metavar="ID[@REV]")
@click.option("--raw", is_flag=True, help="Write the exact stored bytes (in their own encoding).")
@format_option("text", "json")
@click.pass_context
def show(ctx: click.Context, ref: str, raw: bool, fmt: str) -> None:
    """Print a version's text, read from git's object store (default: the latest version).

    REV is a number (1 is the earliest, -1 the latest), a date (the version
    current then), an exact label, or a key or commit prefix of 7+ hex digits.
    Control characters in the text are shown as escapes (\\x1b), so a
    transcript cannot drive the terminal; --raw writes the stored bytes exactly.

    Example:

        redline show state-dept/2025-11-23-rubio-geneva@corrected
    """
    from redline.snapshots.errors import ArchiveError

    from .render.schema import show_json

    version = _archive(ctx).statement(ref, commits=fmt == "json").version
    if raw:
        if version.raw is None:
            raise ArchiveError(f"{version.name}: the stored bytes are missing (`redline verify` says more)")
        sys.stdout.buffer.write(version.raw)
        sys.stdout.buffer.flush()
        return
    text = version.require_document().text
    if fmt == "json":
        emit_json(show_json(version.id, version, text))
    else:
        echo(text, nl=False)


@cli.command()
@click.argument("ref", metavar="ID[@REV]")
@format_option("text", "json")
@color_option
@click.pass_context
def blame(ctx: click.Context, ref: str, fmt: str, color: bool | None) -> None:
    """Each sentence of a version with the version it first appeared in and where it last changed.

    Follows the engine's alignment, not line positions: a sentence that
    only moved keeps its origin; a reworded, split or merged one keeps its
    origin and shows the version of the change.

    Example:

        redline blame state-dept/2025-11-23-rubio-geneva
    """
    from .render.archive import blame_text
    from .render.schema import blame_json

    result = _archive(ctx).blame(ref)
    if fmt == "json":
        emit_json(blame_json(result))
    else:
        echo(blame_text(result, _painter(color)))


@cli.command()
@click.argument("text")
@click.option("--regex", is_flag=True, help="TEXT is a Python regular expression.")
@click.option("--id", "ident", metavar="ID", help="Search only this statement.")
@click.option("--history", is_flag=True, help="Every version, with where each sentence disappeared.")
@click.option("-i", "--ignore-case", is_flag=True, help="Letter case does not matter.")
@format_option("text", "json")
@color_option
@click.pass_context
def search(ctx: click.Context, text: str, regex: bool, ident: str | None, history: bool, ignore_case: bool,
           fmt: str, color: bool | None) -> None:
    """Find sentences containing TEXT in the latest versions (exit 1 when none match, as grep).

    Matching ignores width, quote style and spacing differences, so "," finds "，".

    Example:

        redline search 实质性进展 --history
    """
    from .render.archive import search_text
    from .render.schema import search_json

    matches = _archive(ctx).search(text, regex=regex, ident=ident, history=history, ignore_case=ignore_case)
    if fmt == "json":
        emit_json(search_json(matches, history))
    elif matches:
        echo(search_text(matches, history, _painter(color)))
    ctx.exit(ExitStatus.OK if matches else ExitStatus.FOUND)


@cli.command()
@format_option("text", "json")
@color_option
@click.pass_context
def verify(ctx: click.Context, fmt: str, color: bool | None) -> None:
    """Check the archive: git fsck, stored hashes, derived sentence files (exit 1 on problems).

    A sentence file made by another engine version is reported as a note,
    not a problem (`redline rederive` refreshes it).

    Example:

        redline verify
    """
    from .render.archive import verify_text
    from .render.schema import verify_json

    report = _archive(ctx).verify()
    if fmt == "json":
        emit_json(verify_json(report))
    else:
        echo(verify_text(report, _painter(color)))
    ctx.exit(ExitStatus.OK if report.ok else ExitStatus.FOUND)


@cli.command()
@click.argument("remote", default="origin")
@click.pass_context
def sync(ctx: click.Context, remote: str) -> None:
    """Fetch from REMOTE (default: origin), merge, and push back; never prompts for credentials.

    Versions added in several clones merge without conflicts: redline only adds files.

    Example:

        redline sync origin
    """
    result = _archive(ctx).sync(remote)
    messages = {"up-to-date": "Already up to date with", "pushed": "Pushed to",
                "fast-forward": "Fast-forwarded to", "merged": "Merged and pushed to"}
    echo(f"{messages[result.action]} {remote} ({result.commit[:12]}).")


@cli.command()
@click.argument("url")
@click.argument("directory", type=click.Path(file_okay=False))
def clone(url: str, directory: str) -> None:
    """Copy a colleague's archive from URL into DIRECTORY (plain `git clone` works too).

    Example:

        redline clone git@example.org:newsroom/statements.git statements
    """
    from redline.snapshots import Archive

    archive = Archive.clone(url, directory)
    count = len(archive.ids())
    echo(f"Cloned {url} into {archive.path} ({plural(count, 'statement')}).")


@cli.command()
@click.option("--id", "ident", metavar="ID", help="Only this statement.")
@format_option("text", "json")
@click.pass_context
def rederive(ctx: click.Context, ident: str | None, fmt: str) -> None:
    """Rewrite derived sentence files with this engine version, and report what stored pages extract to now.

    Raw bytes, original pages and sightings stay untouched: a version keeps
    its text and its key. Where a stored page or PDF now extracts to other
    text (a new extractor, new --select/--ignore for the statement, a new
    [sources] rule in redline.toml), or two versions now extract to the same
    text, it says so: `redline watch` records what pages fetched from a URL
    extract to now, `redline add ID FILE` what a saved file does.

    Stored bytes nothing can be derived from (changed since they were
    stored, too large, not decoding as recorded: a clone's) are left as
    they are with a warning each, the rest is rewritten, and the exit
    status is 2.

    Example:

        redline rederive --id state-dept/2025-11-23-rubio-geneva
    """
    from redline.snapshots.config import load_config

    from .render.archive import rederive_text
    from .render.schema import rederive_json

    archive = _archive(ctx)
    result = archive.rederive(ident, load_config(archive).sources)
    if fmt == "json":
        emit_json(rederive_json(result))
    else:
        echo(rederive_text(result))
    for why in result.skipped:
        warn(f"{why}; no sentence file derived from it (`redline verify` lists every problem)")
    if result.skipped:
        ctx.exit(ExitStatus.ERROR)
