"""`intervene status`: one council on one day."""

from __future__ import annotations

from datetime import date

import click

from intervene.params import ASKED_AUTHORITY, as_of_option, authority_argument, example, output_options
from intervene.render.output import echo_json
from intervene.session import Settings, pass_settings


@click.command(
    short_help="A council's card: ratings, interventions, contracts.",
    epilog=example("intervene status stoke --as-of 2010-01-01"),
)
@authority_argument()
@as_of_option
@output_options("json", "table")
@pass_settings
def status(settings: Settings, authority: dict, on: date, output: str) -> None:
    """Where AUTHORITY stands: ratings, interventions in force, live contracts, recent events.

    AUTHORITY is a name or part of one (stoke), an ONS code (E06000021) or an
    LA number (861).
    """
    from intervene.render.styled import terminal_width
    from intervene.reports.council import status as view_of

    view = view_of(settings.connect(), authority, on, asked=click.get_current_context().meta.get(ASKED_AUTHORITY))
    if output == "json":
        echo_json(view)
        return
    from intervene.render.card import status as card
    from intervene.render.layout import Layout, write_lines

    layout = Layout.for_stdout(output)
    # Piped, the card keeps its lines (80 columns unless COLUMNS says) but loses its box and colour.
    width = layout.width or terminal_width()
    write_lines((layout.painter.line(line) for line in card(view, width=width, boxed=layout.terminal)), layout=layout)


COMMANDS = {command.name: command for command in (status,)}
