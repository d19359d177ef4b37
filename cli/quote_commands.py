"""``redline quotes``: every quotation in an article traced to the transcript it quotes."""

from __future__ import annotations

import click

from .app import cli, color_option, format_option, json_text, reading_options, warn, write_output
from .status import ExitStatus


@cli.command()
@click.argument("article")
@click.argument("transcript")
@click.option("--speaker", metavar="NAME",
              help="The transcript's speaker, when its title does not name them (a speech titled 'PM speech at …').")
@format_option("text", "json", "html")
@color_option
@reading_options
@click.option("--all", "show_all", is_flag=True, help="Text format: also list the narration between quotations.")
@click.option("--exit-code", is_flag=True,
              help="Exit 1 when a quotation is altered, spliced, not found or misattributed.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.pass_context
def quotes(ctx, article, transcript, speaker, fmt, color, reading, show_all, exit_code, output):
    """Trace every quotation in ARTICLE to the words of TRANSCRIPT.

    Quotations are the words an article gives someone: in quotation marks,
    block quotes after a colon, and reported speech ("Lu said that …",
    习近平主席指出，…). Each is verbatim, trimmed (words cut, and where),
    altered (words inserted or replaced, with meaning flags), spliced
    (joined from places apart), paraphrase (reported speech whose words
    mostly differ) or not-found, with its source sentences in TRANSCRIPT;
    misattributed when the transcript gives the words to someone else.
    Narration is listed only with --all. Both arguments are files (text,
    saved web pages or PDFs), -, http(s) URLs or archive references, as for
    align.

    With --exit-code, exit 1 if any quotation is altered, spliced,
    not-found or misattributed.

    Example:

        redline quotes report.txt transcript.txt --format html -o quotes.html
    """
    from redline.core.sourcing import quotes as trace_quotes

    from .refs import load_sources
    from .render.quotes import quotes_html, quotes_text
    from .render.schema import quotes_json
    from .render.style import Painter, use_color

    derived, source = load_sources([article, transcript], ctx.obj, reading)
    report = trace_quotes(derived.document, source.document, speaker, source.name, derived.name)
    for message in report.warnings:
        warn(f"{derived.name}: {message}")
    if fmt == "json":
        text = json_text(quotes_json(report))
    elif fmt == "html":
        text = quotes_html(report)
    else:
        text = quotes_text(report, Painter(use_color(color) and output is None), show_all)
    write_output(text, output, page=fmt == "text")
    if exit_code and report.misquoted:
        ctx.exit(ExitStatus.FOUND)
