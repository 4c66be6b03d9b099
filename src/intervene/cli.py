"""The command line: the `intervene` group and what its commands share. No SQL here.

The commands live in `intervene.commands`, one module per family, and a
module is imported only when one of its commands runs; each command imports
the core it uses inside its body. So `intervene status` never pays for the
writers, and `--json` never pays for rich.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from intervene import __version__, vocab
from intervene.errors import InterveneError

if TYPE_CHECKING:
    from intervene.reports.runner import Report


# Command name → the module that defines it (in its COMMANDS).
LAZY_COMMANDS = {
    "status": "intervene.commands.status",
    **dict.fromkeys(
        ("add-authority", "add-rating", "add-intervention", "end-intervention", "confirm-intervention", "add-contract",
         "extend-contract", "end-contract", "add-event", "remove"),
        "intervene.commands.recording",
    ),
    **dict.fromkeys(("report", "timeline", "authorities", "changes"), "intervene.commands.reading"),
    **dict.fromkeys(("import", "export", "check"), "intervene.commands.loading"),
}


class Group(click.Group):
    """Loads each command's module on demand, and turns the project's errors into one line and exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(LAZY_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in LAZY_COMMANDS:
            return None
        module = __import__(LAZY_COMMANDS[name], fromlist=["COMMANDS"])
        return module.COMMANDS[name]

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InterveneError as error:
            _fail(str(error))
        except UnicodeEncodeError as error:
            _fail(f"text must be valid Unicode; {error.object[error.start:error.end]!r} cannot be stored")
        except sqlite3.OperationalError as error:
            if "readonly" in str(error):
                _fail("the database file is read-only; nothing was written")
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


def echo_json(data: object) -> None:
    """Machine-readable output: never through rich, which would wrap long lines."""
    from intervene.formats import to_json

    click.echo(to_json(data))


def complete_authority(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Tab completion of council slugs, from an existing database only (completing creates nothing)."""
    import os

    from click.shell_completion import CompletionItem

    from intervene.authorities import slugs_starting
    from intervene.db import default_path

    path = ctx.find_root().params.get("db_path") or os.environ.get("INTERVENE_DB") or default_path()
    if not os.path.isfile(path):
        return []
    try:
        connection = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True)
        try:
            matches = slugs_starting(connection, incomplete)
        finally:
            connection.close()
    except sqlite3.Error:
        return []
    return [CompletionItem(slug, help=short_name) for slug, short_name in matches]


def authority_argument(required: bool = True):
    return click.argument("authority", required=required, shell_complete=complete_authority)


def _today() -> date:
    return date.today()


def as_of_day(text: str | None) -> date:
    from intervene.dates import parse_day

    today = _today()
    return today if text is None else parse_day(text, today)


# Ids are SQLite integers: anything else is a usage error, not an overflow.
ROW_ID = click.IntRange(1, 2**63 - 1)

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


# ---------------------------------------------------------------------------
# Recording. A required value left out is asked for at a terminal; elsewhere
# (a script, a pipe) it is a usage error, so nothing ever waits on input.


def _interactive() -> bool:
    return sys.stdin.isatty()


def _prompt_check(parse):
    """Turn the project's error into click's, so a bad answer is said and asked again."""

    def check(text: str):
        try:
            return parse(text)
        except InterveneError as error:
            raise click.UsageError(str(error)) from None

    return check


def ask(value, parse, *, missing: str, label: str, default: str | None = None):
    """The parsed value given, else an answer at a terminal, else a usage error naming `missing`."""
    if value is not None:
        return parse(value)
    if not _interactive():
        raise click.UsageError(f"Missing {missing}.")
    return click.prompt(label, default=default, value_proc=_prompt_check(parse))


def nonblank(what: str):
    def parse(value: str) -> str:
        if not value.strip():
            raise InterveneError(f"{what} cannot be blank")
        return value

    return parse


def date_parser():
    from intervene.dates import parse_date

    today = _today()
    return lambda text: parse_date(text, today)


def optional(value: str | None, parse):
    return None if value is None else parse(value)


def ask_council(connection, value: str | None) -> dict:
    from intervene.authorities import resolve_authority

    return ask(
        value,
        lambda text: resolve_authority(connection, text),
        missing="argument 'AUTHORITY'",
        label="Council (name, ONS code or LA number)",
    )


def print_recorded(row: dict, describe: str, council: str | None, json_: bool, verb: str = "Recorded") -> None:
    from intervene import summaries

    if json_:
        echo_json(row)
    else:
        from intervene.visible import visible

        click.echo(visible(f"{verb} {summaries.BY_TABLE[describe](row, council)}"))


INTERVENTION_KIND_CHOICE = click.Choice(vocab.INTERVENTION_KINDS, case_sensitive=False)
SERVICE_CHOICE = click.Choice(vocab.SERVICES, case_sensitive=False)
END_REASON_CHOICE = click.Choice(vocab.END_REASONS, case_sensitive=False)
CONFIDENCE_CHOICE = click.Choice(vocab.CONFIDENCE, case_sensitive=False)


def choice_parser(choices):
    def parse(text: str) -> str:
        wanted = text.strip().lower()
        for choice in choices:
            if choice.lower() == wanted:
                return choice
        raise InterveneError(f"{text!r} is not one of {', '.join(choices)}")

    return parse


def council_name(connection, row: dict) -> str:
    from intervene.authorities import authority_by_id

    return authority_by_id(connection, row["authority_id"])["short_name"]


# ---------------------------------------------------------------------------
# Reading across councils.

region_option = click.option("--region", metavar="REGION", help="Only councils in this region, e.g. 'West Midlands'.")
csv_option = click.option("--csv", "csv_", is_flag=True, help="Print CSV (formula-safe) instead of a table.")


def emit(rows: list[dict] | Report, *, json_: bool, csv_: bool, title: str, empty: str, table: str) -> None:
    """Rows (or a report's query, run here) as JSON, CSV or the named rich table; an empty
    table is one line. A report's JSON is written by SQLite, without Python dicts."""
    if json_ and csv_:
        raise click.UsageError("Choose one of --json or --csv.")
    if not isinstance(rows, list):
        if json_:
            from intervene.formats import json_array

            click.echo(json_array(rows.json_lines()))
            return
        rows = rows.rows()
    if json_:
        echo_json(rows)
    elif csv_:
        from intervene.formats import to_csv

        click.echo(to_csv(rows), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        from intervene import render
        from intervene.render import tables

        render.console().print(getattr(tables, table)(rows, title))


def short_date(day) -> str:
    from intervene.dates import display_date

    return display_date(day.isoformat(), short=True)
