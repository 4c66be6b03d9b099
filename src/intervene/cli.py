"""The command line: the `intervene` group, its global options, and the two tables that say
which commands there are: where each is defined, and the heading `intervene --help` lists
it under. No SQL and no output here.

Each command lives in `intervene.commands`, one module per family, imported only when
one of its commands runs (click's lazy-group pattern), so `intervene status` never pays
for the writers and `--json` never pays for rich. How the group loads, lists and guards
its commands is in `group`, what commands accept in `params`, what they print in `render`.
"""

from __future__ import annotations

import click

from intervene import __version__
from intervene.group import LazyGroup, own_help
from intervene.session import Settings

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
    **dict.fromkeys(("init", "info"), "intervene.commands.database"),
    "help": "intervene.commands.helping",
}

READ, RECORD, LOAD, DATABASE = "Read", "Record", "Load and serve", "Database and help"
# Command name → the heading `intervene --help` lists it under, in this order.
HEADINGS = {
    "status": READ,
    "report": READ,
    "timeline": READ,
    "authorities": READ,
    "changes": READ,
    "search": READ,
    "add-authority": RECORD,
    "add-rating": RECORD,
    "add-intervention": RECORD,
    "end-intervention": RECORD,
    "confirm-intervention": RECORD,
    "add-contract": RECORD,
    "extend-contract": RECORD,
    "end-contract": RECORD,
    "add-event": RECORD,
    "remove": RECORD,
    "edit": RECORD,
    "add-alias": RECORD,
    "undo": RECORD,
    "import": LOAD,
    "export": LOAD,
    "serve": LOAD,
    "init": DATABASE,
    "info": DATABASE,
    "check": DATABASE,
    "help": DATABASE,
}


@click.group(
    cls=LazyGroup,
    lazy=LAZY_COMMANDS,
    headings=HEADINGS,
    epilog="`intervene help COMMAND` shows a command's options and an example.",
)
# Not click.version_option, whose default help is translated (loading gettext and locale) at
# every start even when a help is given.
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, param, value: _print_version(ctx) if value else None,
    help="Show the version and exit.",
)
@click.option(
    "--db",
    "db_path",
    envvar="INTERVENE_DB",
    metavar="PATH",
    help="The database file, before or after the command (env INTERVENE_DB; "
    "default: intervene.db in the user data folder, made on first use).",
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


def _print_version(ctx: click.Context) -> None:
    click.echo(f"intervene, version {__version__}")
    ctx.exit()


own_help(cli)
