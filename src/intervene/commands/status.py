"""`intervene status`: one council on one day."""

from __future__ import annotations

import click

from intervene.cli import (
    Settings,
    as_of_day,
    as_of_option,
    authority_argument,
    echo_json,
    json_option,
    pass_settings,
)


@click.command()
@authority_argument()
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

    on = as_of_day(as_of)
    connection = settings.connect()
    view = reports.status(connection, resolve_authority(connection, authority), on)
    if json_:
        echo_json(view)
        return
    from intervene import render
    from intervene.render import card

    render.console().print(card.status(view))


COMMANDS = {command.name: command for command in (status,)}
