"""Reading across councils: the reports, the timeline, the councils, the audit trail."""

from __future__ import annotations

from datetime import date

import click

from intervene.params import (
    DATE,
    FRAMEWORK,
    GRADE,
    INTERVENTION_KIND,
    SERVICE,
    WINDOW,
    as_of_option,
    authority_argument,
    example,
    one_of,
    output_options,
    region_option,
    shaping_options,
)
from intervene.render.output import emit, table_named
from intervene.reports.across import EVERY, SPECS, Asked
from intervene.session import pass_settings

# The filters besides --region: their option, and the report each goes with.
_FILTERS = {
    "every": ("--every", "--over-time"),
    "start": ("--from", "--over-time"),
    "grade": ("--grade", "--ratings"),
    "framework": ("--framework", "--ratings"),
    "kind": ("--kind", "--under-intervention"),
    "service": ("--service", "--under-intervention"),
}

# Where the register begins: the first instruments it holds were issued in 2005.
DEFAULT_START = date(2005, 1, 1)


def _name(spec) -> str:
    """The parameter a report's option fills: --under-intervention → under_intervention."""
    return spec.flag.removeprefix("--").replace("-", "_")


def _report_options(command):
    """An option for each report in SPECS: a flag, or for a report over a window an option
    whose value (default 6 months) is the window."""
    for spec in reversed(SPECS):
        if spec.window:
            option = click.option(
                spec.flag,
                _name(spec),
                type=WINDOW,
                is_flag=False,
                flag_value="6 months",
                metavar="[WITHIN]",
                help=spec.help,
            )
        else:
            option = click.option(spec.flag, _name(spec), is_flag=True, help=spec.help)
        command = option(command)
    return command


@click.command(
    short_help="Reports across all councils; an option picks which.",
    epilog=example("intervene report --expiring 1y"),
)
@_report_options
@click.option("--grade", type=GRADE, help="With --ratings: only this grade (a word, or a number with --framework).")
@click.option("--framework", type=FRAMEWORK, is_eager=True, help="With --ratings: only ratings under this framework.")
@click.option(
    "--kind",
    type=INTERVENTION_KIND,
    metavar="KIND",
    help=f"With --under-intervention: only this kind of instrument: {one_of(INTERVENTION_KIND.choices)}.",
)
@click.option("--service", type=SERVICE, help="With --under-intervention: only instruments covering this service.")
@click.option(
    "--every", type=click.Choice(tuple(EVERY)), help="With --over-time: a row a month (default), quarter or year."
)
@click.option(
    "--from", "start", type=DATE, help="With --over-time: where the series starts: 2010, 2013-04… (default 2005)."
)
@as_of_option
@region_option
@shaping_options
@output_options()
@pass_settings
def report(settings, on, region, output, shape, grade, framework, kind, service, every, start, **asked_for):
    """The reports: who is under intervention, what expires, what falls due, how councils are rated.

    --under-intervention lists the instruments in force on the day, then, apart, those with
    no end recorded whose last confirmation in force is more than 12 months old: their state
    is unconfirmed, neither counted in force nor dropped.
    """
    from intervene.dates import first_day

    spec = _chosen(asked_for, grade=grade, framework=framework, kind=kind, service=service, every=every, start=start)
    window = asked_for[_name(spec)] if spec.window else None
    edge = None if window is None else window.end(on) if spec.window == "ahead" else window.start(on)
    start_day = first_day(start) if start else DEFAULT_START
    if spec.name == "over_time" and start_day > on:
        raise click.UsageError(f"--from {start} is after the last day asked about ({on.isoformat()}).")
    asked = Asked(on, edge, region, kind, service, grade[0] if grade else None, framework, every or "month", start_day)
    # A report's fields are known before the database is opened: building its query reads nothing.
    shape.check(spec.run(None, asked).columns)
    emit(
        spec.run(settings.connect(), asked),
        output,
        title=spec.title(asked),
        empty=spec.empty(asked),
        table=table_named(spec.name),
        shape=shape,
    )


def _chosen(asked_for: dict, **filters):
    """The one spec asked for, or the usage error that says what to choose."""
    given = {spec.flag: spec for spec in SPECS if asked_for[_name(spec)]}
    moved = given.pop("--changes", None)
    if moved:
        given["--ratings"] = moved  # --changes, with or without --ratings: how the ratings moved
    if len(given) != 1:
        if given:
            raise click.UsageError(f"Choose one report: {' and '.join(given)} were given together.")
        offered = [spec.flag for spec in SPECS if spec.flag != "--changes"]
        raise click.UsageError(f"Choose a report: {', '.join(offered)}.")
    ((flag, spec),) = given.items()
    for name, value in filters.items():
        option, report_flag = _FILTERS[name]
        if value and flag != report_flag:
            raise click.UsageError(f"{option} goes with {report_flag}.")
    if moved and (filters["grade"] or filters["framework"]):
        raise click.UsageError("--changes shows every move; it does not combine with --grade or --framework.")
    return spec


@click.command(
    short_help="Every dated fact about a council, oldest first.",
    epilog=example("intervene timeline stoke"),
)
@authority_argument()
@click.option("--since", type=DATE, help="Only facts on or after this date: 2019, 2019-05, 2019-05-16.")
@click.option("--until", type=DATE, help="Only facts on or before this date.")
@shaping_options
@output_options()
@pass_settings
def timeline(settings, authority, since, until, shape, output):
    """Every dated fact about AUTHORITY, oldest first, each with its source."""
    from intervene.dates import first_day, last_day
    from intervene.reports.council import timeline as facts

    if since and until and first_day(since) > last_day(until):
        raise click.UsageError(f"--since {since} is after --until {until}.")
    rows = facts(settings.connect(), authority["id"])
    # A fact dated only by its month or year is kept when that span meets the dates asked for.
    if since:
        rows = [row for row in rows if last_day(row["date"]) >= first_day(since)]
    if until:
        rows = [row for row in rows if first_day(row["date"]) <= last_day(until)]
    emit(
        rows,
        output,
        table=table_named("timeline"),
        title=f"Timeline of {authority['name']}",
        empty=f"Nothing is recorded about {authority['short_name']}{_between(since, until)}.",
        columns=TIMELINE_FIELDS,
        shape=shape,
    )


TIMELINE_FIELDS = ("date", "what", "summary", "source", "table", "row_id")


def _between(since: str | None, until: str | None) -> str:
    from intervene.dates import display_date

    if since and until:
        return f" between {display_date(since)} and {display_date(until)}"
    if since:
        return f" since {display_date(since)}"
    return f" until {display_date(until)}" if until else " yet"


@click.command(
    short_help="The councils known, with their codes.",
    epilog=example("intervene authorities --region 'West Midlands'"),
)
@region_option
@click.option("--under-intervention", is_flag=True, help="Only councils with an intervention in force.")
@click.option("--all", "include_ceased", is_flag=True, help="Include councils that no longer exist.")
@as_of_option
@shaping_options
@output_options()
@pass_settings
def authorities(settings, region, under_intervention, include_ceased, on, shape, output):
    """The councils known, with their codes."""
    from intervene import reports
    from intervene.dates import display_date

    connection = settings.connect()
    report = reports.authorities(
        connection, on, region=region, under_intervention_only=under_intervention, include_ceased=include_ceased
    )
    where = f" in {region}" if region else ""
    which = "under intervention " if under_intervention else ""
    day = display_date(on.isoformat())
    emit(
        report,
        output,
        table=table_named("authorities"),
        title=f"Councils{where} {which}on {day}",
        empty=f"No council{where} {which}on {day}.",
        shape=shape,
    )


@click.command(
    short_help="The audit trail: every write, newest first.",
    epilog=example("intervene changes stoke --limit 5"),
)
@authority_argument(required=False)
@shaping_options(default_limit=50, limit_help="How many changes, newest first.")
@output_options()
@pass_settings
def changes(settings, authority, shape, output):
    """The audit trail: every write, newest first, for one council or all."""
    from intervene.reports.history import changes as trail_of

    trail = trail_of(settings.connect(), authority["id"] if authority else None, shape.limit)
    emit(
        trail,
        output,
        table=table_named("changes"),
        title=f"Changes{' to ' + authority['short_name'] if authority else ''}, newest first",
        empty="No changes recorded.",
        columns=CHANGE_FIELDS,
        shape=shape,
    )


CHANGE_FIELDS = (
    "id",
    "changed_at",
    "action",
    "table_name",
    "row_id",
    "authority_id",
    "council",
    "before",
    "after",
    "undoes",
)


COMMANDS = {command.name: command for command in (report, timeline, authorities, changes)}
