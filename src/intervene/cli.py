"""The command line: parse, call the core, render. No SQL here.

Each command imports what it uses inside its body, so `intervene status` never
pays for the writers and `--json` never pays for rich.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date

import click

from intervene import __version__
from intervene.errors import InterveneError


class Group(click.Group):
    """Turns the project's errors into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InterveneError as error:
            _fail(str(error))
        except sqlite3.OperationalError as error:
            _fail(f"the database could not be used: {error}")
        except sqlite3.DatabaseError as error:
            _fail(f"the database is damaged or not an intervene database: {error}")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


class Settings:
    def __init__(self, db_path: str | None):
        self.db_path = db_path

    def connect(self) -> sqlite3.Connection:
        from intervene.db import open_database

        return open_database(self.db_path, notify=lambda message: click.echo(message, err=True))


pass_settings = click.make_pass_decorator(Settings)


def _today() -> date:
    return date.today()


def _as_of(text: str | None) -> date:
    from intervene.dates import parse_day

    today = _today()
    return today if text is None else parse_day(text, today)


as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="The day to answer for (default today): 2008-06-01, 31/01/2020, eoy…"
)
json_option = click.option("--json", "json_", is_flag=True, help="Print JSON instead of a table.")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="intervene")
@click.option(
    "--db",
    "db_path",
    envvar="INTERVENE_DB",
    metavar="PATH",
    help="The database file (env INTERVENE_DB; default: intervene.db in the user data folder).",
)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Track government intervention in English councils' children's services.

    Councils, the inspection ratings they received, the intervention orders
    placed on them and the contracts under which others ran their services,
    every fact dated and sourced.
    """
    ctx.obj = Settings(db_path)


@cli.command()
@click.argument("authority")
@as_of_option
@json_option
@pass_settings
def status(settings: Settings, authority: str, as_of: str | None, json_: bool) -> None:
    """Where AUTHORITY stands: ratings, interventions in force, live contracts, recent events.

    AUTHORITY is a name or part of one (stoke), an ONS code (E06000021) or an
    LA number (861).
    """
    from intervene import reports
    from intervene.authorities import resolve_authority

    on = _as_of(as_of)
    connection = settings.connect()
    view = reports.status(connection, resolve_authority(connection, authority), on)
    if json_:
        from intervene.formats import to_json

        click.echo(to_json(view))
        return
    from intervene import render

    render.console().print(render.status(view))
