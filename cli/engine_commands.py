"""``redline segment``: how a file parses into header, sections, turns and sentences."""

from __future__ import annotations

import click

from .app import cli, color_option, echo, emit_json, format_option, reading_options


@cli.command()
# No dir_okay=False: a directory gets redline's one-line error, not a usage screen.
@click.argument("file", type=click.Path(allow_dash=True))
@format_option("text", "json")
@reading_options
@color_option
def segment(file: str, fmt: str, reading, color: bool | None) -> None:
    """Show how FILE splits into header, sections, speaker turns and sentences.

    FILE is a statement: a text file in any common encoding (UTF-8, UTF-16
    with BOM, GB18030, Windows-1252), a saved web page, a PDF, or an
    http(s) URL to fetch; use - for standard input. The kind is told from
    the bytes (and the HTTP content type), never from the file name.

    Example:

        redline segment --format json examples/rubio-geneva-2025-11-23.zh.txt
    """
    from .inputs import read_source
    from .render.document import document_text
    from .render.schema import document_json
    from .render.style import Painter, use_color

    source = read_source(file, reading)
    if fmt == "json":
        emit_json(document_json(source.document, source.name))
    else:
        echo(document_text(source.document, source.name, Painter(use_color(color))))
