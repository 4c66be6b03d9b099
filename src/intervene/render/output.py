"""The one place a command's answer is written: rows as a rich table, JSON or CSV; a
stored row echoed as one line. rich is imported only when a table is drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from intervene.reports.runner import Report


def echo_json(data: object) -> None:
    """Machine-readable output: never through rich, which would wrap long lines."""
    from intervene.render.formats import to_json

    click.echo(to_json(data))


def emit(
    rows: list[dict] | Report, output: str, *, title: str, empty: str, table: Callable[[list[dict], str], object]
) -> None:
    """Rows (or a report's query, run here) as JSON, CSV or the table `table` draws; an
    empty table is one line. A report's JSON is written by SQLite, without Python dicts."""
    if not isinstance(rows, list):
        if output == "json":
            from intervene.render.formats import json_array

            click.echo(json_array(rows.json_lines()))
            return
        rows = rows.rows()
    if output == "json":
        echo_json(rows)
    elif output == "csv":
        from intervene.render.formats import to_csv

        click.echo(to_csv(rows), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        draw(table(rows, title))


def draw(renderable: object) -> None:
    """Print a rich object (a card, a table) on the terminal's console."""
    from intervene.render.styles import console

    console().print(renderable)


def print_recorded(row: dict, table: str, council: str | None, output: str, verb: str = "Recorded") -> None:
    """What a write stored: its row as JSON, or one line (`Recorded rating 12: …`)."""
    if output == "json":
        echo_json(row)
        return
    from intervene.render.lines import BY_TABLE
    from intervene.visible import visible

    click.echo(visible(f"{verb} {BY_TABLE[table](row, council or '')}"))


def table_named(name: str) -> Callable[[list[dict], str], object]:
    """The table that draws the list called `name` (see render.tables.BY_NAME), loaded only
    if a table is drawn."""

    def draw_table(rows: list[dict], title: str) -> object:
        from intervene.render.tables import BY_NAME

        return BY_NAME[name](rows, title)

    return draw_table
