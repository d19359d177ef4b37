"""The Markdown command-line reference (docs/cli.md), rendered from every command's ``--help``.

Run ``python -m redline.cli.reference > docs/cli.md`` after changing a
command; ``tests/test_docs.py`` fails while the file is out of date. The
command group is walked, not listed, so a new command appears by itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

# The width `--help` wraps to in an 80-column terminal (click leaves two
# columns free); fixed so the file does not depend on who generates it.
WIDTH = 78

HEADER = """\
# Command-line reference

<!-- Generated from the code: do not edit. Regenerate with
     python -m redline.cli.reference > docs/cli.md -->

Every command's `--help`, as an 80-column terminal shows it. This file is
generated from the commands themselves; after changing a command's options
or help text, regenerate it:

```sh
python -m redline.cli.reference > docs/cli.md
```

`tests/test_docs.py` fails until the file matches the code.
"""


def help_contexts(group: click.Group | None = None) -> Iterator[click.Context]:
    """A help context for the group and for every command under it, in ``--help``'s order.

    ``group`` defaults to the ``redline`` command group, imported only here
    so that importing this module stays cheap.
    """
    if group is None:
        from redline.cli.main import cli as group
    root = click.Context(group, info_name="redline", terminal_width=WIDTH, max_content_width=WIDTH,
                         **group.context_settings)
    yield from _walk(root)


def _walk(ctx: click.Context) -> Iterator[click.Context]:
    yield ctx
    command = ctx.command
    if not isinstance(command, click.Group):
        return
    for name in command.list_commands(ctx):
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            yield from _walk(click.Context(sub, parent=ctx, info_name=name, **sub.context_settings))


def render(group: click.Group | None = None) -> str:
    """The whole reference as Markdown: a contents list, then one section per command."""
    contexts = list(help_contexts(group))
    contents = [f"- [`{ctx.command_path}`](#{ctx.command_path.replace(' ', '-')})" for ctx in contexts]
    sections = [f"## {ctx.command_path}\n\n```text\n{ctx.get_help().rstrip()}\n```\n" for ctx in contexts]
    return "\n".join([HEADER, *contents, "", *sections])


def main() -> None:
    """Write the reference to standard output, as UTF-8 whatever the locale."""
    sys.stdout.buffer.write(render().encode("utf-8"))


if __name__ == "__main__":
    main()
