"""The ``redline`` command group, its global options and the shared option helpers."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from importlib import import_module

import click

from redline.core.errors import RedlineError

from .render import safe
from .status import ExitStatus


# Each command's module, imported only when the command runs (or when help lists them all), so that a
# command pays for its own imports only.
COMMAND_MODULES = {
    **dict.fromkeys(("init", "add", "import", "annotate", "list", "log", "show", "blame", "search", "verify",
                     "sync", "clone", "rederive"), "archive_commands"),
    **dict.fromkeys(("align", "compare", "diff"), "compare_commands"),
    "segment": "engine_commands",
    "check": "check_commands",
    "quotes": "quote_commands",
    "export-site": "site_commands",
    "watch": "watch_commands",
}


class RedlineGroup(click.Group):
    """Loads each command's module on first use; turns every :class:`RedlineError` into one line on stderr
    and exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMAND_MODULES:
            import_module(f"{__package__}.{COMMAND_MODULES[name]}")
        return self.commands.get(name)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        with _escaped_usage_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context):
        try:
            with _escaped_usage_errors():
                result = super().invoke(ctx)
        except RedlineError as exc:
            _report_skipped()
            error(str(exc))
            ctx.exit(ExitStatus.ERROR)
        except BrokenPipeError:
            # Reader went away (``| head``): stop quietly, as git does.
            sys.stderr.close()
            ctx.exit(ExitStatus.OK)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            _report_skipped()
            raise
        except Exception as exc:
            if os.environ.get("REDLINE_DEBUG"):
                raise
            if isinstance(exc, OSError) and exc.errno in _FULL:  # a full disk under click's own output (--help)
                error(f"cannot write ({exc.strerror})")
                ctx.exit(ExitStatus.ERROR)
            error(f"internal error ({type(exc).__name__}: {exc}); set REDLINE_DEBUG=1 for a traceback "
                  "and please report it")
            ctx.exit(ExitStatus.ERROR)
        _report_skipped()
        return result


# What a write to a full disk or over a quota fails with, wherever it happens.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# click 8.2+ raises this (a UsageError) for a group run without arguments; older click shows the help directly.
_HELP_ASKED = getattr(click.exceptions, "NoArgsIsHelpError", ())


@contextmanager
def _escaped_usage_errors() -> Iterator[None]:
    """click's own errors (a bad option value, a missing file) quote the command line: escape them too,
    and give a usage error as one line, as every other error is, pointing at the command's help."""
    try:
        yield
    except _HELP_ASKED:  # no arguments: click shows the help itself
        raise
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        error(exc.format_message() + hint)
        raise click.exceptions.Exit(ExitStatus.ERROR) from None
    except click.ClickException as exc:
        exc.message = safe.one_line(exc.message)
        raise


def echo(text: str, *, nl: bool = True) -> None:
    """Print a report line or block on stdout, every control character escaped (:func:`.render.safe.terminal`).

    Styles are only present when colour was chosen (:class:`.render.style.Painter`): keep them. A write
    that fails (a full disk) is an error: a report must not vanish with exit 0 (a closed standard output
    is refused before any command runs, in :func:`redline.cli.main.main`).
    """
    try:
        click.echo(safe.terminal(text), nl=nl, color=True)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise RedlineError(cannot_write(exc)) from None


def cannot_write(exc: OSError) -> str:
    """Why a write to standard output failed, as one message."""
    return f"cannot write to standard output ({exc.strerror or exc})"


def error(message: str) -> None:
    """One ``Error:`` line on stderr; the message cannot break the line or drive the terminal."""
    click.echo(f"Error: {safe.one_line(message)}", err=True)


def warn(message: str) -> None:
    """One warning line on stderr, escaped as :func:`error` is."""
    click.echo(f"warning: {safe.one_line(message)}", err=True)


def _report_skipped() -> None:
    """A warning for each archive record the command could not use (malformed sightings and annotations)."""
    records = sys.modules.get("redline.snapshots.records")
    if records is not None:
        for problem in records.drain():
            warn(f"{problem} (`redline verify` lists every problem)")


def format_option(*choices: str, default: str = "text"):
    """``--format`` with the given choices."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


color_option = click.option(
    "--color/--no-color", default=None,
    help="Colour the output (default: only on a terminal, and never with NO_COLOR set).",
)
encoding_option = click.option(
    "--encoding", metavar="ENC", default=None,
    help="Decode input with this codec instead of detecting it (e.g. gb18030, utf-16).",
)
_READING = [
    encoding_option,
    click.option("--select", metavar="CSS", default=None,
                 help="HTML: take the text of the elements this CSS selector picks, not the extracted main content."),
    click.option("--ignore", metavar="REGEX", multiple=True,
                 help="Drop the lines this regular expression matches (repeatable), e.g. '^Updated '."),
    click.option("--ignore-robots", is_flag=True, help="Fetch URLs even where robots.txt disallows it."),
]


def reading_options(command, urls: bool = True):
    """The options of every command that reads statements, passed on as one ``reading`` argument
    (``--ignore-robots`` only where the command reads URLs)."""
    import functools

    @functools.wraps(command)
    def wrapper(*args, encoding, select, ignore, ignore_robots=False, **kwargs):
        from .inputs import ReadOptions

        return command(*args, reading=ReadOptions(encoding, select, tuple(ignore), not ignore_robots), **kwargs)

    for option in reversed(_READING if urls else _READING[:-1]):
        wrapper = option(wrapper)
    return wrapper


def file_reading_options(command):
    """:func:`reading_options` for a command that reads files only (``import``)."""
    return reading_options(command, urls=False)


def json_text(payload: dict, pretty: bool | None = None) -> str:
    """One JSON document as UTF-8 text.

    Indented on a terminal, compact otherwise: the compact form uses the C
    encoder, several times faster on a 9,000-pair report.
    """
    if pretty is None:
        pretty = sys.stdout.isatty()
    if pretty:
        return safe.json_text(json.dumps(payload, ensure_ascii=False, indent=2))
    return safe.json_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))


def emit_json(payload: dict) -> None:
    """Write one JSON document to stdout."""
    echo(json_text(payload))


def write_output(text: str, path: str | None, page: bool = False) -> None:
    """Write a report to ``path``, or to stdout when None, every control character escaped.

    With ``page``, text taller than the terminal goes through a pager, as
    git does (``$PAGER``, else ``less`` with ``LESS=FRX``), unless the
    global ``--no-pager`` was given.
    """
    if path is None:
        if text and page and _wants_pager(text):
            os.environ.setdefault("LESS", "FRX")
            click.echo_via_pager(safe.terminal(text), color=True)
        elif text:
            echo(text)
        return
    from .output import write_file

    if _names_an_input(path):
        raise RedlineError(f"-o {path}: that is one of the inputs; the report would replace it")
    text = safe.terminal(text)
    try:
        write_file(path, text + ("\n" if text and not text.endswith("\n") else ""))
    except OSError as exc:
        raise RedlineError(f"{path}: cannot write ({exc.strerror or exc})") from None


# Options that name an input file, beside the commands' arguments.
_INPUT_OPTIONS = ("against", "policy_file")


def _names_an_input(path: str) -> bool:
    """Whether ``path`` is a file the running command reads: one of its arguments (or ``--against``,
    ``--policy``), or a file inside a folder given as one."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not os.path.isfile(path):
        return False
    given = []
    for param in ctx.command.params:
        if isinstance(param, click.Argument) or param.name in _INPUT_OPTIONS:
            value = ctx.params.get(param.name)
            given += value if isinstance(value, (list, tuple)) else [value]
    target = os.path.realpath(path)
    for value in given:
        if not isinstance(value, str) or not os.path.exists(value):
            continue
        if os.path.isdir(value) and os.path.commonpath([os.path.realpath(value), target]) == os.path.realpath(value):
            return True
        with suppress(OSError):
            if os.path.samefile(value, path):
                return True
    return False


@contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr when it is a terminal and there is more than one step; yields its step."""
    if length < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def _wants_pager(text: str) -> bool:
    ctx = click.get_current_context(silent=True)
    allowed = bool(ctx and (ctx.find_root().obj or {}).get("pager", True))
    if not allowed or not sys.stdout.isatty() or not sys.stdin.isatty():
        return False
    import shutil

    return text.count("\n") + 1 > shutil.get_terminal_size().lines


@click.group(cls=RedlineGroup, context_settings={"help_option_names": ["-h", "--help"]})
# The version is looked up only when asked for: importlib.metadata costs 20 ms at start-up.
@click.version_option(None, "--version", package_name="redline", prog_name="redline",
                      message="%(prog)s %(version)s")
@click.option(
    "--archive", "archive", metavar="DIR", envvar="REDLINE_ARCHIVE", default=None,
    help="Archive to use (default: $REDLINE_ARCHIVE, else the current directory or a parent).",
)
@click.option("--no-pager", is_flag=True, help="Never page long output on a terminal.")
@click.pass_context
def cli(ctx: click.Context, archive: str | None, no_pager: bool) -> None:
    """Track how public statements change.

    Trace an excerpt to the full remarks, diff re-released transcripts
    sentence by sentence, and keep every version in a git-backed archive.

    Example:

        redline segment examples/rubio-geneva-2025-11-23.zh.txt
    """
    ctx.obj = {"archive": archive, "pager": not no_pager}
