"""Commands over the alignment engine: ``align``, ``compare``, ``diff``."""

from __future__ import annotations

import click

from .app import cli, color_option, format_option, json_text, reading_options, write_output
from .status import ExitStatus

FORMATS = ("text", "json", "unified", "html")


def _report_options(command):
    """Options every comparison command shares."""
    for option in reversed([
        format_option(*FORMATS),
        color_option,
        reading_options,
        click.option("--strict", is_flag=True,
                     help="Count width, quote-style and spacing differences as changes."),
        click.option("--all", "show_all", is_flag=True,
                     help="Text format: also show unchanged and omitted sentences in full."),
        click.option("--exit-code", is_flag=True,
                     help="Exit 1 when the report finds differences (see each command's help)."),
        click.option("--side-by-side", is_flag=True,
                     help="Text format: source and derived text in two columns."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
                     help="Write the report to this file instead of standard output."),
    ]):
        command = option(command)
    return command


def _render(result, fmt: str, color: bool | None, show_all: bool, output: str | None,
            side_by_side: bool = False, facts: tuple[dict, dict] = ({}, {})) -> None:
    """Write the report; ``facts`` about each side (an archived version's label and source, a URL) go into
    the HTML page's header."""
    if fmt == "json":
        from .render.schema import comparison_json

        text = json_text(comparison_json(result))
    elif fmt == "unified":
        from .render.comparison import comparison_unified

        text = comparison_unified(result)
    elif fmt == "html":
        from .render.html import comparison_html, with_facts

        text = comparison_html(with_facts(result, *facts))
    else:
        from .render.comparison import comparison_text
        from .render.style import Painter, use_color

        paint = Painter(use_color(color) and output is None)
        if side_by_side:
            import shutil

            from .render.sidebyside import side_by_side as two_columns

            text = two_columns(result, paint, shutil.get_terminal_size((120, 40)).columns, show_all)
        else:
            text = comparison_text(result, paint, show_all)
    write_output(text, output, page=fmt == "text")


def _finish(ctx: click.Context, exit_code: bool, differs: bool) -> None:
    if exit_code and differs:
        ctx.exit(ExitStatus.FOUND)


def _excerpt_words(fmt: str, exit_code: bool) -> bool:
    """Whether an excerpt report needs word-level ops (and so jieba).

    A unified diff shows whole sentences only; --exit-code still needs them,
    to tell a trimmed sentence from an edited one.
    """
    return fmt != "unified" or exit_code


def excerpt_differs(result) -> bool:
    """An excerpt sentence that is ``edited`` or ``added``, given to another speaker, or cut or edited so it
    says something else (a negation, reversal or number flag): unfaithful, as ``check`` holds too."""
    from redline.core.meaning import MEANING

    unfaithful = ("speaker", *MEANING)
    return any(p.kind in ("edited", "added") or any(f in p.flags for f in unfaithful) for p in result.pairs)


def versions_differ(result) -> bool:
    """Anything but unchanged pairs: ``same`` words in their place, by the same speaker."""
    return not all(p.unchanged for p in result.pairs)


@cli.command()
@click.argument("full")
@click.argument("excerpt")
@_report_options
@click.pass_context
def align(ctx, full, excerpt, fmt, color, reading, strict, show_all, exit_code, side_by_side, output):
    """Trace every sentence of EXCERPT to the sentence(s) of FULL it came from.

    Each excerpt sentence is same, trimmed (words removed; where: head, tail,
    inside), edited (words inserted or replaced) or added (no source: a
    fidelity red flag); full-text sentences the excerpt left out are omitted.
    Flags mark changes of meaning: editorial, negation, reversal, number, hedge, quote,
    name, speaker. With --exit-code, exit 1 if any sentence is edited, added,
    given to another speaker, or flagged negation, reversal or number.
    FULL and EXCERPT are files (text, a saved web page or a PDF), http(s)
    URLs, or archive references (ID@REV).

    Example:

        redline align full.txt excerpt.txt --format json
    """
    from redline.core import align as align_documents

    from .refs import load_sources

    source, derived = load_sources([full, excerpt], ctx.obj, reading)
    result = align_documents(source.document, derived.document, source.name, derived.name, strict,
                             _excerpt_words(fmt, exit_code))
    _render(result, fmt, color, show_all, output, side_by_side, (source.facts, derived.facts))
    _finish(ctx, exit_code, excerpt_differs(result))


@cli.command()
@click.argument("file")
@_report_options
@click.pass_context
def compare(ctx, file, fmt, color, reading, strict, show_all, exit_code, side_by_side, output):
    """Trace the excerpt section of FILE to its full-text section.

    FILE holds both, marked [节选部分] and [完整内容] (or [Excerpt] and
    [Full text]), like the bundled example. Same report and --exit-code as
    align. FILE may also be a saved web page, a PDF or an http(s) URL.

    Example:

        redline compare examples/rubio-geneva-2025-11-23.zh.txt
    """
    from redline.core import compare as compare_sections

    from .refs import load_source

    source = load_source(file, ctx.obj, reading)
    result = compare_sections(source.document, source.name, strict, _excerpt_words(fmt, exit_code))
    _render(result, fmt, color, show_all, output, side_by_side, (source.facts, source.facts))
    _finish(ctx, exit_code, excerpt_differs(result))


@cli.command()
@click.argument("old")
@click.argument("new", required=False)
@_report_options
@click.pass_context
def diff(ctx, old, new, fmt, color, reading, strict, show_all, exit_code, side_by_side, output):
    """Sentence-level diff of two versions of a statement, OLD then NEW.

    OLD and NEW are files (text, a saved web page or a PDF), http(s) URLs,
    or archive references (ID@REV; an existing path wins, file:PATH and
    id:ID@REV force either). With only ID (or ID@REV), the version before
    it is compared with it (default: the latest).

    Every sentence of both is in exactly one pair: same, modified (with
    word-level changes), added, removed, split or merged; pairs taken out
    of order are moved. Width, quote-style and spacing differences count as
    same unless --strict. With --exit-code, exit 1 if anything changed (a
    sentence given to another speaker too).

    Example:

        redline diff transcript-v1.txt transcript-v2.txt --format unified
    """
    from redline.core import diff as diff_documents

    from .refs import load_default_pair, load_sources

    words = fmt != "unified"  # a unified diff shows whole sentences only
    if new is None:
        a, b = load_default_pair(old, ctx.obj)
    else:
        a, b = load_sources([old, new], ctx.obj, reading)
    result = diff_documents(a.document, b.document, a.name, b.name, strict, words)
    _render(result, fmt, color, show_all, output, side_by_side, (a.facts, b.facts))
    _finish(ctx, exit_code, versions_differ(result))
