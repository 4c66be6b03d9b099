"""The command line: the `intervene` group, its global options, the lazy map of commands,
and how errors end a command. No SQL and no output here.

Each command lives in `intervene.commands`, one module per family, imported only when
one of its commands runs (click's lazy-group pattern), so `intervene status` never pays
for the writers and `--json` never pays for rich. What commands accept is in `params`,
what they print in `render`.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import TYPE_CHECKING

import click

from intervene import __version__
from intervene.errors import InterveneError
from intervene.session import Settings

if TYPE_CHECKING:
    from intervene.render.output import OutputError

# Command name → the module that defines it (in its COMMANDS).
LAZY_COMMANDS = {
    "status": "intervene.commands.status",
    **dict.fromkeys(
        (
            "add-authority",
            "add-rating",
            "add-intervention",
            "end-intervention",
            "confirm-intervention",
            "add-contract",
            "extend-contract",
            "end-contract",
            "add-event",
            "remove",
        ),
        "intervene.commands.recording",
    ),
    **dict.fromkeys(("edit", "add-alias", "undo"), "intervene.commands.editing"),
    **dict.fromkeys(("report", "timeline", "authorities", "changes"), "intervene.commands.reading"),
    **dict.fromkeys(("import", "export", "check"), "intervene.commands.loading"),
    "serve": "intervene.commands.serving",
    "search": "intervene.commands.searching",
}


class LazyGroup(click.Group):
    """Loads each command's module on demand, and turns the project's errors into one line and exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(LAZY_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in LAZY_COMMANDS:
            return None
        import importlib

        return importlib.import_module(LAZY_COMMANDS[name]).COMMANDS[name]

    def main(self, *args, **kwargs):
        """The whole run (help and version too) with standard output guarded: a write it
        refuses is one line, or for a reader that has gone, a quiet end (see _output_refused)."""
        from intervene.render.output import OutputError, guard_stdout

        restore = guard_stdout()
        try:
            return super().main(*args, **kwargs)
        except OutputError as error:
            _output_refused(error)
        finally:
            restore()

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InterveneError as error:
            _fail(str(error))
        except UnicodeEncodeError as error:
            _fail(f"text must be valid Unicode; {error.object[error.start : error.end]!r} cannot be stored")
        except sqlite3.Error as error:
            # Raised while a command used the database (opening raises InterveneError itself).
            from intervene.db import describe

            _fail(describe(error, ctx.obj.db_path if isinstance(ctx.obj, Settings) else None))


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _output_refused(error: OutputError) -> None:
    """A full disk or a character the terminal cannot show is an error (exit 1); a reader that
    has gone (`intervene … | head`) ends the run quietly, with the status of a process stopped
    by SIGPIPE (128 + 13), as other tools in a pipeline do."""
    if error.closed:
        sys.exit(141)
    _fail(str(error))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
# Message and help given, so that click does not look up translations at every start.
@click.version_option(
    __version__, prog_name="intervene", message="%(prog)s, version %(version)s", help="Show the version and exit."
)
@click.option(
    "--db",
    "db_path",
    envvar="INTERVENE_DB",
    metavar="PATH",
    help="The database file (env INTERVENE_DB; default: intervene.db in the user data folder).",
)
@click.option("--no-pager", is_flag=True, help="Never page long output at a terminal (default pager: less -FRX).")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, no_pager: bool) -> None:
    """Track government intervention in English councils' children's services.

    Councils, the inspection ratings they received, the intervention orders
    placed on them and the contracts under which others ran their services,
    every fact dated and sourced.
    """
    ctx.obj = Settings(db_path, no_pager=no_pager)
