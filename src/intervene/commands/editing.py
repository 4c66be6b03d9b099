"""Correcting the register: edit a council or a fact in place, add an alias, undo changes.

Each `edit` field is read by the type its add command reads it with (`params`), and the row
as it would stand is checked by the same rules in `records`, so a correction can store nothing
an addition could not. A field given as '' is cleared, unless the fact cannot lack it.
"""

from __future__ import annotations

from typing import NamedTuple

import click

from intervene.params import (
    CLEAR,
    CONFIDENCE,
    DATE,
    END_REASON,
    FRAMEWORK,
    GRADE,
    INTERVENTION_KIND,
    LA_CODE,
    MONEY,
    ONS_CODE,
    ROW_ID,
    SERVICE,
    STORED_FRAMEWORK,
    Clearable,
    NonBlank,
    authority_argument,
    output_options,
)
from intervene.render.output import echo_json, print_recorded
from intervene.session import Settings, pass_settings
from intervene.vocab import AUTHORITY_KINDS

TEXT = click.STRING


class Field(NamedTuple):
    flag: str
    column: str
    kind: click.ParamType
    help: str
    required: str | None = None  # what the fact cannot lack: the field cannot be cleared


FIELDS = {
    "rating": (
        Field("--framework", "framework", FRAMEWORK, "APA, JAR, CAA, SLAC, CPI, TLAC, SIF or ILACS.", "framework"),
        Field("--grade", "grade", GRADE, "A grade word, or the framework's number.", "grade"),
        Field("--judgement", "judgement", NonBlank("the judgement"), "What was judged.", "judgement"),
        Field("--inspected", "inspected_on", DATE, "When the inspection began."),
        Field("--published", "published_on", DATE, "When the judgement was published."),
        Field("--inspectorate", "inspectorate", TEXT, "Who judged."),
        Field("--source", "source", TEXT, "Where it was published."),
        Field("--note", "notes", TEXT, "Anything a reader should know."),
    ),
    "intervention": (
        Field("--kind", "kind", INTERVENTION_KIND, "The legal instrument.", "kind"),
        Field("--name-at-time", "name_at_time", TEXT, "What it was called at the time."),
        Field("--issued", "issued_on", DATE, "When it was issued.", "issue date"),
        Field("--by", "issued_by", TEXT, "Who issued it."),
        Field("--basis", "legal_basis", TEXT, "The legal basis."),
        Field("--commissioner", "commissioner", TEXT, "The commissioner or adviser appointed."),
        Field("--deadline", "deadline_on", DATE, "When the council must have acted."),
        Field("--service", "service", SERVICE, "What it covers."),
        Field("--replaces", "replaces_id", ROW_ID, "The instrument it revised or replaced (an id)."),
        Field("--summary", "summary", TEXT, "What it requires."),
        Field("--source", "source", TEXT, "Where it was published."),
        Field("--confidence", "confidence", CONFIDENCE, "high, medium or low."),
        Field("--note", "notes", TEXT, "What is inferred or uncertain, and why."),
        Field("--ended", "ended_on", DATE, "The day it ended ('' takes the end back)."),
        Field("--reason", "end_reason", END_REASON, "Why it ended."),
        Field("--end-source", "end_source", TEXT, "Where the end was published."),
        Field("--last-confirmed", "last_confirmed_on", DATE, "The latest day a source showed it in force."),
        Field("--confirmed-source", "last_confirmed_source", TEXT, "That source."),
    ),
    "contract": (
        Field("--provider", "provider", NonBlank("the provider"), "Who runs the service.", "provider"),
        Field("--starts", "starts_on", DATE, "Its first day.", "first day"),
        Field("--ends", "ends_on", DATE, "Its planned last day (inclusive)."),
        Field("--max-ends", "max_ends_on", DATE, "The latest end that extensions allow."),
        Field("--ended", "ended_on", DATE, "Its actual last day, when it ended early ('' takes it back)."),
        Field("--value", "value_pence", MONEY, "e.g. £5.2m, £250 million, 5,200,000."),
        Field("--scope", "scope", TEXT, "What the contract covers."),
        Field("--intervention", "intervention_id", ROW_ID, "The intervention it serves (an id)."),
        Field("--source", "source", TEXT, "Where it was published."),
        Field("--note", "notes", TEXT, "Anything else."),
    ),
    "event": (
        Field("--on", "happened_on", DATE, "When it happened.", "date"),
        Field("--summary", "summary", NonBlank("an event's summary"), "What happened.", "summary"),
        Field("--source", "source", TEXT, "Where it was reported."),
        Field("--note", "notes", TEXT, "Anything else."),
    ),
    "authority": (
        Field("--name", "name", NonBlank("the name"), "The official name.", "name"),
        Field("--short-name", "short_name", NonBlank("the short name"), "What people call it.", "short name"),
        Field("--ons-code", "ons_code", ONS_CODE, "ONS code, e.g. E06000021."),
        Field("--la-code", "la_code", LA_CODE, "DfE LA number, e.g. 861."),
        Field("--region", "region", TEXT, "ONS region."),
        Field("--kind", "kind", click.Choice(AUTHORITY_KINDS), "What kind of council."),
        Field("--created", "created_on", DATE, "When it began."),
        Field("--ceased", "ceased_on", DATE, "When it ended."),
        Field("--succeeded-by", "succeeded_by", TEXT, "Who took over its duties."),
        Field("--source", "source", TEXT, "Where these facts come from."),
    ),
}


def _stored_framework(ctx: click.Context, param: click.Parameter, row_id: int | None) -> int | None:
    """A grade given without --framework is read on the stored rating's framework's scale."""
    if row_id is not None:
        from intervene import records

        ctx.meta[STORED_FRAMEWORK] = records.row(ctx.ensure_object(Settings).connect(), "rating", row_id)["framework"]
    return row_id


def _changes(given: dict) -> dict:
    """The options given, as the columns they set; a cleared one as None."""
    changes: dict[str, object] = {}
    for column, value in given.items():
        if value is None:
            continue
        if value is CLEAR:
            changes[column] = None  # a grade cannot be cleared (Clearable refuses), so this is never its pair
        elif column == "grade":
            changes["grade"], changes["framework_grade"] = value
        elif column == "value_pence":
            changes["value_pence"], changes["currency"] = value
        else:
            changes[column] = value
    return changes


def _edit_command(kind: str) -> click.Command:
    fields = FIELDS[kind]

    @pass_settings
    def edit_one(settings, row_id, output, **given):
        from intervene import records

        changes = _changes(given)
        if not changes:
            raise click.UsageError(f"Give a field to change, e.g. {fields[0].flag} (see --help).")
        connection = settings.connect()
        row = records.edit(connection, kind, row_id, changes)
        council = None if kind == "authority" else _council(connection, row)
        print_recorded(row, records.REMOVABLE[kind], council, output, verb="Edited")

    what = "council" if kind == "authority" else kind
    article = "an" if what[0] in "aeiou" else "a"
    command = output_options("json")(edit_one)
    for field in reversed(fields):
        command = click.option(
            field.flag,
            field.column,
            type=Clearable(field.kind, field.required and f"{article} {what} needs its {field.required}"),
            help=field.help,
            is_eager=field.column == "framework",
        )(command)
    if kind == "rating":
        command = click.argument("row_id", metavar="ID", type=ROW_ID, is_eager=True, callback=_stored_framework)(
            command
        )
    else:
        command = click.argument("row_id", metavar="ID", type=ROW_ID)(command)
    return click.command(
        kind,
        short_help=f"Correct a {what}.",
        help=f"Correct {what} ID in place, keeping its id: give each field to change; '' clears an optional one.",
    )(command)


def _council(connection, row: dict) -> str:
    from intervene.commands.asking import council_name

    return council_name(connection, row)


@click.group()
def edit():
    """Correct a stored council or fact in place: it keeps its id, and the audit trail keeps the
    values before and after. Each value is checked as `add-…` checks it."""


for _kind in FIELDS:
    edit.add_command(_edit_command(_kind))


@click.command("add-alias")
@authority_argument()
@click.argument("alias", type=NonBlank("the alias"))
@output_options("json")
@pass_settings
def add_alias(settings, authority, alias, output):
    """Give AUTHORITY another name, ALIAS, by which files and people know it ('Bedford Borough')."""
    from intervene import records
    from intervene.visible import visible

    added = records.add_alias(settings.connect(), authority["id"], alias)
    if output == "json":
        echo_json(added)
    else:
        click.echo(visible(f"Added the alias {added['alias']!r} to {authority['short_name']}."))


@click.command()
@click.argument("count", metavar="[N]", required=False, default=1, type=click.IntRange(1, 10**6))
@click.option("--dry-run", is_flag=True, help="Say what would be undone, and write nothing.")
@output_options("json")
@pass_settings
def undo(settings, count, dry_run, output):
    """Reverse the last N changes in the audit trail (default 1), newest first, in one transaction.

    Each reverse is recorded in the trail as an 'undo' naming the change it reversed, so undoing
    an undo does the change again. A change that something later (outside the trail) depends on is
    refused, with nothing written.
    """
    from intervene import undoing
    from intervene.render.lines import change_detail
    from intervene.visible import visible

    done = undoing.undo(settings.connect(), count, dry_run=dry_run)
    if output == "json":
        echo_json(done)
        return
    verb = "Would undo" if dry_run else "Undid"
    for step in done:
        detail = change_detail(step["undo"], step["undo"]["council"] or "")
        click.echo(visible(f"{verb} {undoing.describe(step['undid'])}: {detail}"))


COMMANDS = {command.name: command for command in (edit, add_alias, undo)}
