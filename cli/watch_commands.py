"""``redline watch``: fetch watched statements again, record what changed in one commit, notify.

The run itself is :mod:`redline.snapshots.watch`; notifications go out
through :mod:`redline.snapshots.notify` after the commit; what they and the
report say comes from :mod:`redline.cli.render.watch`.
"""

from __future__ import annotations

import re

import click

from .app import cli, echo, emit_json, error, format_option, progress, warn
from .status import ExitStatus

# Seconds per unit of a --every duration.
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# A page is not re-released every second; a shorter period would only hammer the servers.
MIN_EVERY = 1.0
# Longer than any schedule needs, and far inside what time.sleep accepts.
MAX_EVERY = 366 * 86400.0


class Duration(click.ParamType):
    """``90s``, ``15m``, ``1h30m``, ``1d``: a period in seconds."""

    name = "duration"
    _PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, float):
            return value
        text = str(value).strip().lower()
        parts = self._PART.findall(text)
        if not parts or "".join(n + u for n, u in parts) != text:
            self.fail(f"{value!r} is not a duration such as 90s, 15m, 1h30m or 1d", param, ctx)
        seconds = sum(float(n) * _UNITS[u] for n, u in parts)
        if seconds < MIN_EVERY:
            self.fail(f"{value!r} is shorter than {MIN_EVERY:g} s", param, ctx)
        if seconds > MAX_EVERY:
            self.fail(f"{value!r} is longer than a year (366d)", param, ctx)
        return seconds


@cli.command()
@click.argument("ids", metavar="[ID]...", nargs=-1)
@click.option("--every", "period", type=Duration(), metavar="DURATION",
              help="Run again and again, one run every DURATION (90s, 15m, 1h30m, 1d); default: once.")
@click.option("--runs", type=click.IntRange(min=1), metavar="N", help="With --every: stop after N runs.")
@click.option("--by-age", is_flag=True,
              help="Check each statement only when due: every 15 min if its text changed in the last 3 h, "
                   "30 min within a day, 2 h within a week, daily within 30 days, else weekly.")
@click.option("--notify", "notify", metavar="URL", multiple=True,
              help="Tell URL about each new version (repeatable): an http(s) webhook gets JSON, any other "
                   "URL goes to apprise (mailto://, slack://, matrix://, tgram://, ...).")
@click.option("--site", metavar="URL", help="Where export-site publishes the archive, for links in notifications.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when a statement changed (2 still wins on failures).")
@click.option("--allow-private-addresses", "allow_private", is_flag=True,
              help="Fetch URLs read from the archive (and POST to webhooks from redline.toml) even on "
                   "loopback, private or link-local addresses.")
@click.option("--ignore-robots", is_flag=True, help="Fetch pages even where robots.txt disallows it.")
@format_option("text", "json")
@click.pass_context
def watch(ctx: click.Context, ids: tuple[str, ...], period: float | None, runs: int | None, by_age: bool,
          notify: tuple[str, ...], site: str | None, exit_code: bool, allow_private: bool, ignore_robots: bool,
          fmt: str) -> None:
    """Fetch every watched statement again (or the IDs given) and record the ones that changed.

    A statement is watched once a version of it was added from a URL
    (`redline add ID URL`). Each page is fetched politely (redline.toml's
    [fetch]), with a conditional GET, read with the statement's remembered
    --select/--ignore, and a new version is recorded only when its text
    changed. All new versions of a run go into one commit; a run where
    nothing changed records nothing. Exit 0 when every page was fetched,
    2 when any failed (after recording the others; each failure is listed
    on stderr), 1 with --exit-code when something changed. Notifications
    go out after the commit; one that fails is reported, and the version
    stays recorded.

    Example:

        redline watch --notify https://hooks.example.org/redline --exit-code
    """
    from dataclasses import replace

    from redline.snapshots import notify as notifying
    from redline.snapshots.config import load_config
    from redline.snapshots.watch import every

    from .refs import open_archive

    if runs is not None and period is None:
        raise click.UsageError("--runs goes with --every")
    archive = open_archive(ctx.obj)
    config = load_config(archive)
    targets = notifying.check_targets([notifying.Target(url) for url in notify]
                                      + [notifying.Target(url, trusted=False) for url in config.notify.urls],
                                      allow_private=allow_private)
    fetching = config.fetch if not ignore_robots else replace(config.fetch, robots=False)
    run = _Run(archive, ids, config, fetching, targets, site or config.notify.site, by_age, allow_private, fmt)
    if period is None:
        run()
    else:
        try:
            every(period, run.guarded, runs=runs)
        except KeyboardInterrupt:
            pass  # the way to end a loop: stop quietly, with the status of the last run
    status = run.status
    ctx.exit(ExitStatus.ERROR if status == ExitStatus.ERROR
             else ExitStatus.FOUND if exit_code and status == ExitStatus.FOUND else ExitStatus.OK)


class _Run:
    """One run of ``watch``: fetch, record, notify, report; its status (FOUND: something changed)."""

    def __init__(self, archive, ids, config, fetching, targets, site, by_age, allow_private, fmt) -> None:
        self.archive, self.ids, self.config, self.fetching = archive, ids, config, fetching
        self.targets, self.site, self.by_age, self.allow_private, self.fmt = targets, site, by_age, allow_private, fmt
        self.status = ExitStatus.OK

    def __call__(self) -> ExitStatus:
        from datetime import datetime, timezone

        from redline.snapshots import notify as notifying
        from redline.snapshots.fetch import Fetcher
        from redline.snapshots.watch import CheckLog, watch, watched

        from .render.schema import watch_json
        from .render.watch import failure_lines, message, notify_failure_line, watch_text

        now = datetime.now(timezone.utc)
        found = watched(self.archive, self.ids)
        log = CheckLog(self.archive.git.git_dir)  # every run records its checks, for a later --by-age
        waiting: list[str] = []
        if self.by_age:
            found, waiting = log.split(found, now)
        with Fetcher(self.fetching) as fetcher, progress(len(found), "Watching") as step:
            result = watch(self.archive, found, fetcher, rules=self.config.sources,
                           public_only=not self.allow_private, progress=lambda _: step())
        result.not_due = waiting
        log.record([c.id for c in result.changed] + result.unchanged, now)
        messages = [message(c, self.site) for c in result.changed] if self.targets else []
        failures = notifying.send(self.targets, messages, allow_private=self.allow_private)
        if self.fmt == "json":
            emit_json(watch_json(result, failures, len(messages) * len(self.targets) - len(failures)))
        else:
            echo(watch_text(result))
        for line in failure_lines(result):
            error(line)
        for failure in failures:
            warn(notify_failure_line(failure))
        self.status = (ExitStatus.ERROR if result.failed else ExitStatus.FOUND if result.changed else ExitStatus.OK)
        return self.status

    def guarded(self) -> ExitStatus:
        """A run of a loop: an error ends the run, not the loop (the next run may succeed)."""
        from redline.core.errors import RedlineError

        try:
            return self()
        except RedlineError as exc:
            error(str(exc))
            self.status = ExitStatus.ERROR
            return self.status
