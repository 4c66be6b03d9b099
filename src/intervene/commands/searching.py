"""`intervene search`: the facts whose words match, best first."""

from __future__ import annotations

import click

from intervene.params import AUTHORITY, DATE, example, output_options, shaping_options
from intervene.render.output import emit, table_named
from intervene.session import Settings, pass_settings


@click.command(
    short_help="Every fact whose words match, best first.",
    epilog=example('intervene search "Eleanor Brazil"'),
)
@click.argument("text")
@click.option("--council", "authority", type=AUTHORITY, help="Only facts about this council.")
@click.option("--since", type=DATE, help="Only facts dated on or after this: 2015, 2019-10, 31/10/2019…")
@shaping_options(default_limit=20, limit_help="How many, best first.")
@output_options()
@pass_settings
def search(settings: Settings, text: str, authority: dict | None, since: str | None, shape, output: str) -> None:
    """Find the facts whose words match TEXT: names of councils, providers, partners and
    commissioners; what ratings, interventions, contracts and events say; their sources.

    Every word must be found, stemmed ("trust" finds "trusts"), in any case and without regard
    to accents; words in double quotes are a phrase, and a word ending in * a prefix. Results
    come best first, each with its council, date, kind and id, and the words around the match.
    """
    from intervene.reports.search import search as facts_matching

    rows = facts_matching(
        settings.connect(), text, authority_id=authority["id"] if authority else None, since=since, limit=shape.limit
    )
    from intervene.visible import visible

    where = f" about {authority['short_name']}" if authority else ""
    when = f" since {since}" if since else ""
    asked = visible(f'"{text}"')
    emit(
        rows,
        output,
        table=table_named("search"),
        title=f"Facts{where}{when} mentioning {asked}, best first",
        empty=f"No facts{where}{when} mention {asked}.",
        columns=("kind", "id", "council", "date", "snippet"),
        shape=shape,
    )


COMMANDS = {command.name: command for command in (search,)}
