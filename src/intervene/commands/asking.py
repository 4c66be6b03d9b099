"""A required value left out of a recording command: asked for at a terminal; elsewhere
(a script, a pipe) a usage error, so that nothing ever waits on input."""

from __future__ import annotations

import sys

import click

from intervene.params import AUTHORITY, SOURCE


def interactive() -> bool:
    return sys.stdin.isatty()


def ask(value, kind: click.ParamType, *, missing: str, label: str):
    """The value given (already parsed by its type), else an answer at a terminal parsed by
    the same type and asked again until it parses, else a usage error naming `missing`."""
    if value is not None:
        return value
    if not interactive():
        raise click.UsageError(f"Missing {missing}.")
    return click.prompt(label, type=kind)


def ask_council(council: dict | None) -> dict:
    return ask(council, AUTHORITY, missing="argument 'AUTHORITY'", label="Council (name, ONS code or LA number)")


def council_name(connection, row: dict) -> str:
    """The short name of the council a stored row belongs to, for the line that echoes it."""
    from intervene.authorities import authority_by_id

    return authority_by_id(connection, row["authority_id"])["short_name"]


def ask_source(source: str | None) -> str:
    """Every fact carries where it comes from."""
    return ask(source, SOURCE, missing="option '--source'", label="Source (publisher, title, date, address)")
