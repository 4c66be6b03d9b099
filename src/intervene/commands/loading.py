"""Loading and unloading: import, export, and checking the database."""

from __future__ import annotations

import sys

import click

from intervene.params import example, output_options
from intervene.render.output import echo_json
from intervene.session import pass_settings
from intervene.visible import visible


def _line(text: str) -> str:
    """One line of stderr for something a file said: control characters, and line breaks
    within it, shown rather than sent."""
    shown = visible(text)
    for breaking, picture in (("\n", "\u2424"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        shown = shown.replace(breaking, picture)
    return shown


@click.group(
    "import",
    short_help="Load Ofsted's outcomes or OCDS contract data.",
    epilog=example("intervene import ofsted LA_Inspection_Outcomes.ods --dry-run"),
)
def import_group() -> None:
    """Load published files: Ofsted's outcomes, Open Contracting packages."""


@import_group.command(
    "ofsted",
    short_help="Load ratings from Ofsted's inspection outcomes.",
    epilog=example("intervene import ofsted LA_Inspection_Outcomes.ods --dry-run"),
)
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@output_options("json")
@pass_settings
def import_ofsted(settings, path, dry_run, output):
    """Ratings from Ofsted's 'Local authority inspection outcomes' (ODS, or XLSX/CSV saved from it)."""
    import contextlib

    from intervene.importers.ofsted import import_ofsted as run_import
    from intervene.render.progress import progress_callbacks

    connection = settings.connect()
    progress, on_rows, on_progress = progress_callbacks()
    with progress or contextlib.nullcontext():
        result = run_import(connection, path, dry_run=dry_run, on_rows=on_rows, on_progress=on_progress)
    if output == "json":
        echo_json(result.as_dict())
        return
    verb = "Would add" if dry_run else "Added"
    read_as = f"; read as {result.encoding}" if result.encoding else ""
    click.echo(
        f"{verb} {result.ratings_added:,} ratings from {result.inspections:,} graded inspections in "
        f"{result.file} ({', '.join(result.sheets)}{read_as})."
    )
    click.echo(
        f"{result.already_recorded:,} judgements were already recorded; "
        f"{result.visits_without_grades:,} visits carry no grades."
    )
    for item in result.unmatched:
        click.echo(
            _line(f"Unmatched: {item['sheet']} row {item['row']}: {item['name']!r} ({item['code'] or 'no code'})"),
            err=True,
        )
    for item in result.conflicts:
        where = f"Conflict: {item['sheet']} row {item['row']}: {item['council']} {item['judgement']}"
        if item["dated_by"] == "inspected" and item["recorded_dated_on"] != item["dated_on"]:
            # The file gives only an inspection day: compare it with the recorded inspection day.
            recorded = item["recorded_inspected_on"] or "no inspection day"
            click.echo(
                _line(
                    f"{where}: the file has this {item['framework']} inspection on {item['dated_on']} "
                    f"({item['in_file']}), the database on {recorded}, dated {item['recorded_dated_on']} "
                    f"({item['recorded']}); taken as the same inspection, kept as recorded"
                ),
                err=True,
            )
        elif item["recorded_dated_on"] != item["dated_on"]:
            click.echo(
                _line(
                    f"{where}: the file dates this {item['framework']} inspection {item['dated_on']} "
                    f"({item['in_file']}), the database {item['recorded_dated_on']} ({item['recorded']}); "
                    "taken as the same inspection, kept as recorded"
                ),
                err=True,
            )
        else:
            click.echo(
                _line(
                    f"{where} {item['dated_by']} {item['dated_on']} is recorded as {item['recorded']}, "
                    f"the file says {item['in_file']}; kept as recorded"
                ),
                err=True,
            )
    for item in result.problems:
        click.echo(_line(f"Skipped: {item['reason']}"), err=True)


@click.command(
    short_help="Write everything out as JSON, CSV or a calendar.",
    epilog=example("intervene export --csv tables"),
)
@click.option("--json", "as_json", is_flag=True, help="One JSON document of every table and its schema (the default).")
@click.option("--nl", "as_lines", is_flag=True, help="JSON lines: one row a line, its table named first.")
@click.option(
    "--out", "out", metavar="FILE", type=click.Path(dir_okay=False), help="Write the JSON here, not to stdout."
)
@click.option(
    "--csv",
    "csv_folder",
    metavar="FOLDER",
    type=click.Path(file_okay=False),
    help="Write one CSV file per table into FOLDER instead.",
)
@click.option(
    "--tsv",
    "tsv_folder",
    metavar="FOLDER",
    type=click.Path(file_okay=False),
    help="Write one TSV file per table into FOLDER instead.",
)
@click.option(
    "--ics",
    "ics_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write an iCalendar file of intervention deadlines and contract ends instead.",
)
@pass_settings
def export(settings, as_json, as_lines, out, csv_folder, tsv_folder, ics_file):
    """Everything, as one JSON document (default), JSON lines, CSV or TSV files, or a calendar."""
    from pathlib import Path

    from intervene.render import exports

    chosen = [
        flag
        for flag, value in (
            ("--json", as_json),
            ("--nl", as_lines),
            ("--csv", csv_folder),
            ("--tsv", tsv_folder),
            ("--ics", ics_file),
        )
        if value
    ]
    if len(chosen) > 1:
        raise click.UsageError(f"Choose one of --json, --nl, --csv, --tsv or --ics: {' and '.join(chosen)} were given.")
    if out and (csv_folder or tsv_folder or ics_file):
        raise click.UsageError("--out names the file for --json or --nl; --csv, --tsv and --ics name their own.")
    connection = settings.connect()
    # Each is written as it is read, in one read transaction (see exports). A file is written
    # whole or not at all; a refused write to standard output is reported by the command group.
    with exports.snapshot(connection):
        if csv_folder or tsv_folder:
            folder = csv_folder or tsv_folder
            written = exports.write_csv_folder(connection, Path(folder), tabs=bool(tsv_folder))
            kind = "TSV" if tsv_folder else "CSV"
            click.echo(f"Wrote {len(written)} {kind} files to {folder}: {', '.join(path.name for path in written)}")
        elif ics_file:
            feed = exports.CalendarFeed(connection)
            exports.write_file(Path(ics_file), feed)
            click.echo(f"Wrote {feed.events} dates to {ics_file}")
        else:
            pieces = exports.json_lines(connection) if as_lines else exports.json_document(connection)
            if out:
                exports.write_file(Path(out), pieces)
                click.echo(f"Wrote {out}")
            else:
                for piece in pieces:
                    click.echo(piece, nl=False)  # bytes, to standard output's own buffer as they are


@import_group.command(
    "ocds",
    short_help="Load contracts from an OCDS package (JSON).",
    epilog=example("intervene import ocds contracts.json --dry-run"),
)
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@output_options("json")
@pass_settings
def import_ocds(settings, path, dry_run, output):
    """Contracts from an Open Contracting (OCDS) release or record package (JSON)."""
    from intervene.dates import display_date
    from intervene.importers.ocds import import_ocds as run_import

    connection = settings.connect()
    result = run_import(connection, path, dry_run=dry_run)
    if output == "json":
        echo_json(result.as_dict())
        return
    verbs = ("Would add", "would update") if dry_run else ("Added", "updated")
    click.echo(
        f"{verbs[0]} {result.added} contracts and {verbs[1]} {result.updated} from {result.file} "
        f"({result.releases} releases, {result.contracts_seen} contracts; {result.unchanged} already "
        "recorded as they are)."
    )
    for item in result.unmatched:
        click.echo(_line(f"Unmatched buyer: {item['buyer']!r} ({item['ocid']} contract {item['contract']})"), err=True)
    for item in result.conflicts:
        ended = display_date(item["recorded_ended_on"])
        click.echo(
            _line(
                f"Conflict: {item['ocid']} contract {item['contract']}: recorded as ended early on {ended} "
                f"(contract {item['id']}); the file says it {item['in_file']}; kept as recorded"
            ),
            err=True,
        )
    for item in result.problems:
        click.echo(_line(f"Skipped: {item['reason']}"), err=True)


@click.command(
    short_help="Check the database for problems and gaps.",
    epilog=example("intervene check --json"),
)
@output_options("json")
@pass_settings
def check(settings, output):
    """Check the database: SQLite's integrity and foreign keys, then dates, grades and links.

    Then, as a list of research to do, the interventions with no end recorded that no source
    has shown in force in the last 12 months, oldest confirmation first. They are not
    problems (the exit status stays 0): find their end, or a later confirmation, and record
    it with end-intervention or confirm-intervention.
    """
    import sqlite3

    from intervene.checks import plural, problems, warnings
    from intervene.dates import today
    from intervene.reports import unconfirmed

    connection = settings.connect(damaged_ok=True)
    found = problems(connection)
    damaged = any(problem["check"] == "SQLite integrity" for problem in found)

    def unless_damaged(read):
        # On a damaged file, what the damage stops from being read is left out, not fatal.
        try:
            return read()
        except sqlite3.DatabaseError:
            if not damaged:
                raise
            return []

    noted = unless_damaged(lambda: warnings(connection))
    to_research = unless_damaged(lambda: unconfirmed(connection, today()))
    if output == "json":
        echo_json({"problems": found, "warnings": noted, "unconfirmed": to_research})
    else:
        from intervene.dates import display_date

        for problem in found:
            click.echo(visible(f"problem: {problem['check']}: {problem['detail']}"))
        for warning in noted:
            click.echo(visible(f"warning: {warning['check']}: {warning['detail']}"))
        for item in to_research:
            click.echo(
                visible(
                    f"unconfirmed: intervention {item['id']}, {item['council']}, {item['kind']} issued "
                    f"{display_date(item['issued_on'])}: no end recorded; last confirmed in force "
                    f"{display_date(item['last_confirmed_on'])} "
                    f"({item['last_confirmed_source'] or 'no source'})"
                )
            )
        click.echo(
            f"{plural(len(found), 'problem')}, {plural(len(noted), 'warning')}, "
            f"{plural(len(to_research), 'intervention')} to research."
        )
    if found:
        sys.exit(1)


COMMANDS = {command.name: command for command in (import_group, export, check)}
