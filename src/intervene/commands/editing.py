"""Correcting the register: edit a council or a fact in place, add an alias, undo changes.

Each `edit` field is read by the type its add command reads it with (`params`), and the row
as it would stand is checked by the same rules in `records`, so a correction can store nothing
an addition could not. A field given as '' is cleared, unless the fact cannot lack it.
"""

from __future__ import annotations

from typing import NamedTuple

import click

from intervene.params import (
    AUTHORITY_KIND,
    CLEAR,
    CONFIDENCE,
    DATE,
    END_REASON,
    FRAMEWORK,
    GRADE,
    INSPECTED,
    INTERVENTION_KIND,
    JUDGEMENT,
    LA_CODE,
    MONEY,
    ONS_CODE,
    PUBLISHED,
    REGION,
    ROW_ID,
    SERVICE,
    SOURCE,
    STORED_FRAMEWORK,
    Clearable,
    NonBlank,
    authority_argument,
    example,
    one_of,
    output_options,
)
from intervene.render.output import echo_json, emit, print_recorded, table_named
from intervene.session import Settings, pass_settings

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
        Field("--judgement", "judgement", JUDGEMENT, "What was judged, one of the framework's own.", "judgement"),
        Field("--inspected", "inspected_on", INSPECTED, "When the inspection began (not in the future)."),
        Field("--published", "published_on", PUBLISHED, "When the judgement was published (not in the future)."),
        Field("--inspectorate", "inspectorate", TEXT, "Who judged."),
        Field("--source", "source", SOURCE, "Where it was published.", "source"),
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
        Field("--source", "source", SOURCE, "Where it was published.", "source"),
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
        Field("--source", "source", SOURCE, "Where it was published.", "source"),
        Field("--note", "notes", TEXT, "Anything else."),
    ),
    "event": (
        Field("--on", "happened_on", DATE, "When it happened.", "date"),
        Field("--summary", "summary", NonBlank("an event's summary"), "What happened.", "summary"),
        Field("--source", "source", SOURCE, "Where it was reported.", "source"),
        Field("--note", "notes", TEXT, "Anything else."),
    ),
    "authority": (
        Field("--name", "name", NonBlank("the name"), "The official name.", "name"),
        Field("--short-name", "short_name", NonBlank("the short name"), "What people call it.", "short name"),
        Field("--ons-code", "ons_code", ONS_CODE, "ONS code, e.g. E06000021."),
        Field("--la-code", "la_code", LA_CODE, "DfE LA number, e.g. 861."),
        Field("--region", "region", REGION, "ONS region: 'West Midlands', yorkshire, NE…", "region"),
        Field("--kind", "kind", AUTHORITY_KIND, "What kind of council.", "kind"),
        Field("--created", "created_on", DATE, "When it began."),
        Field("--ceased", "ceased_on", DATE, "When it ended."),
        Field("--succeeded-by", "succeeded_by", TEXT, "Who took over its duties."),
        Field("--source", "source", SOURCE, "Where these facts come from.", "source"),
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
    def edit_one(settings, row_id, output, new_judgement=False, **given):
        from intervene import records

        changes = _changes(given)
        if not changes:
            raise click.UsageError(f"Give a field to change, e.g. {fields[0].flag} (see --help).")
        connection = settings.connect()
        row = records.edit(connection, kind, row_id, changes, new_judgement=new_judgement)
        council = None if kind == "authority" else _council(connection, row)
        print_recorded(row, records.REMOVABLE[kind], council, output, verb="Edited")

    what = "council" if kind == "authority" else kind
    article = "an" if what[0] in "aeiou" else "a"
    command = output_options("json")(edit_one)
    for field in reversed(fields):
        # A choice's words in the help, where click's [a|b|c] would run past the line.
        words = one_of(field.kind.choices) if isinstance(field.kind, click.Choice) else None
        command = click.option(
            field.flag,
            field.column,
            type=Clearable(field.kind, field.required and f"{article} {what} needs its {field.required}"),
            metavar=field.flag.removeprefix("--").upper() if words else None,
            help=f"{field.help[:-1]}: {words}." if words else field.help,
            is_eager=field.column == "framework",
        )(command)
    if kind == "rating":
        command = click.option(
            "--new-judgement",
            is_flag=True,
            is_eager=True,
            help="Allow a --judgement the framework's list does not hold (check lists such ratings).",
        )(command)
        command = click.argument("row_id", metavar="ID", type=ROW_ID, is_eager=True, callback=_stored_framework)(
            command
        )
    else:
        command = click.argument("row_id", metavar="ID", type=ROW_ID)(command)
    return click.command(
        kind,
        short_help=f"Correct {article} {what} in place.",
        help=f"Correct {what} ID in place, keeping its id: give each field to change; '' clears an optional one.",
        epilog=example(EXAMPLES[kind]),
    )(command)


EXAMPLES = {
    "rating": "intervene edit rating 1170 --grade 2",
    "intervention": "intervene edit intervention 128 --deadline 2020-03-31",
    "contract": "intervene edit contract 1 --ends 2010-06",
    "event": "intervene edit event 1 --note 'Date from the council minutes'",
    "authority": "intervene edit authority 123 --short-name Stoke",
}


def _council(connection, row: dict) -> str:
    from intervene.commands.asking import council_name

    return council_name(connection, row)


@click.group(
    short_help="Correct a stored council or fact in place.",
    epilog=example(EXAMPLES["rating"]),
)
def edit():
    """Correct a stored council or fact in place: it keeps its id, and the audit trail keeps the
    values before and after. Each value is checked as `add-…` checks it."""


for _kind in FIELDS:
    edit.add_command(_edit_command(_kind))


@click.command(
    "add-alias",
    short_help="Give a council another name.",
    epilog=example("intervene add-alias bedford 'Bedford Borough'"),
)
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


@click.command(
    short_help="Reverse the latest changes in the audit trail.",
    epilog=example("intervene undo 3 --dry-run"),
)
@click.argument("count", metavar="[N]", required=False, default=1, type=click.IntRange(1, 10**6))
@click.option("--dry-run", is_flag=True, help="Show what would be undone, and write nothing.")
@output_options()
@pass_settings
def undo(settings, count, dry_run, output):
    """Reverse the last N changes in the audit trail (default 1), newest first, in one transaction.

    Each reverse is recorded in the trail as an 'undo' naming the change it reversed, so undoing
    an undo does the change again. A change that something later (outside the trail) depends on is
    refused, with nothing written. Each row shows the change undone and what undoing it does.
    """
    from intervene import undoing

    done = undoing.undo(settings.connect(), count, dry_run=dry_run)
    emit(
        done,
        output,
        table=table_named("undo"),
        title=f"{'Would undo (nothing is written)' if dry_run else 'Undid'}, newest first",
        empty="Nothing was undone.",
        columns=UNDO_FIELDS,
    )


# What each undo row holds: the change reversed, then the audit entry the reverse wrote (with
# --dry-run, would write).
UNDO_FIELDS = (
    "undoes",
    "undone",
    "id",
    "changed_at",
    "table_name",
    "row_id",
    "authority_id",
    "council",
    "before",
    "after",
)


COMMANDS = {command.name: command for command in (edit, add_alias, undo)}
