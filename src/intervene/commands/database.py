"""The database itself: `init` makes one at a path, `info` says where it is and what it holds."""

from __future__ import annotations

import os

import click

from intervene.errors import InterveneError
from intervene.params import example, output_options
from intervene.session import Settings, pass_settings


@click.command(epilog=example("intervene init ~/work/intervene.db"))
@click.argument("path", required=False, metavar="[PATH]")
@pass_settings
def init(settings: Settings, path: str | None) -> None:
    """Create a database from the seed at PATH.

    PATH defaults to --db, then INTERVENE_DB, then intervene.db in the user data
    folder. Only that default is made on first use by any command; a path you
    name must be made here first, so that a mistyped --db is an error, never a
    new database.
    """
    from intervene.db import open_database, resolve_path

    target = resolve_path(path or settings.db_path)
    if os.path.isfile(target) and os.path.getsize(target) > 0:
        raise InterveneError(f"{target} already exists; give a new path, or use it as it is with --db")
    open_database(target, notify=lambda message: click.echo(message, err=True)).close()


@click.command(epilog=example("intervene info --db ~/work/intervene.db"))
@output_options("json")
@pass_settings
def info(settings: Settings, output: str) -> None:
    """Where the database is and what it holds.

    Its path, whether it exists, its size, its schema version and latest step,
    the rows in each table, and how recent the seed's data is.
    """
    from intervene.about import about, about_missing
    from intervene.db import resolve_path

    path = os.path.abspath(resolve_path(settings.db_path))
    if settings.db_path is None and not os.path.lexists(path):
        facts = about_missing(path)  # the default is made on first use: asking is not using
    else:
        facts = about(settings.connect(), path)
    if output == "json":
        from intervene.render.output import echo_json

        echo_json(facts)
        return
    from intervene.render.info import about_lines

    click.echo("\n".join(about_lines(facts)))


COMMANDS = {command.name: command for command in (init, info)}
