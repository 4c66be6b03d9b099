"""Reading across councils: the reports, the timeline, the councils, the audit trail."""

from __future__ import annotations

import click

from intervene.cli import (
    INTERVENTION_KIND_CHOICE,
    SERVICE_CHOICE,
    as_of_day,
    as_of_option,
    authority_argument,
    csv_option,
    echo_json,
    emit,
    json_option,
    pass_settings,
    region_option,
    short_date,
)


@click.command()
@click.option("--under-intervention", is_flag=True, help="Councils with an intervention in force.")
@click.option("--expiring", is_flag=False, flag_value="6 months", metavar="[WITHIN]",
              help="Contracts ending within WITHIN (default 6 months; '90 days', '1y' or a date).")
@click.option("--expired", is_flag=False, flag_value="6 months", metavar="[WITHIN]",
              help="Contracts that ended in the last WITHIN (default 6 months).")
@click.option("--deadlines", is_flag=False, flag_value="6 months", metavar="[WITHIN]",
              help="Intervention deadlines due within WITHIN (default 6 months), and those overdue.")
@click.option("--ratings", is_flag=True, help="Each council's latest overall rating, worst first.")
@click.option("--changes", "moved", is_flag=True, help="With --ratings: councils whose grade moved between their last two.")
@click.option("--grade", help="With --ratings: only this grade (a word, or a number with --framework).")
@click.option("--framework", help="With --ratings: only ratings under this framework.")
@click.option("--kind", type=INTERVENTION_KIND_CHOICE, help="With --under-intervention: only this kind of instrument.")
@click.option("--service", type=SERVICE_CHOICE, help="With --under-intervention: only instruments covering this service.")
@as_of_option
@region_option
@json_option
@csv_option
@pass_settings
def report(settings, under_intervention, expiring, expired, deadlines, ratings, moved, grade, framework, kind,
           service, as_of, region, json_, csv_):
    """The reports: who is under intervention, what expires, what falls due, how councils are rated.

    --under-intervention lists the instruments in force on the day, then, apart, those with
    no end recorded whose last confirmation in force is more than 12 months old: their state
    is unconfirmed, neither counted in force nor dropped.
    """
    from intervene import reports

    chosen = {
        "--under-intervention": under_intervention, "--expiring": expiring, "--expired": expired,
        "--deadlines": deadlines, "--ratings": ratings or moved,
    }
    asked = [flag for flag, value in chosen.items() if value]
    if len(asked) != 1:
        if asked:
            raise click.UsageError(f"Choose one report: {' and '.join(asked)} were given together.")
        raise click.UsageError(f"Choose a report: {', '.join(chosen)}.")
    for flag, value, report_flag in (("--grade", grade, "--ratings"), ("--framework", framework, "--ratings"),
                                     ("--kind", kind, "--under-intervention"),
                                     ("--service", service, "--under-intervention")):
        if value and asked[0] != report_flag:
            raise click.UsageError(f"{flag} goes with {report_flag}.")
    if moved and (grade or framework):
        raise click.UsageError("--changes shows every move; it does not combine with --grade or --framework.")
    on = as_of_day(as_of)
    connection = settings.connect()
    region = reports.check_region(connection, region)
    where = f" in {region}" if region else ""
    output = {"json_": json_, "csv_": csv_}

    if under_intervention:
        rows = reports.under_intervention(connection, on, region=region, kind=kind and kind.lower(), service=service)
        what = f"{kind.lower()} " if kind else "intervention "
        if service:
            what += f"covering {service} "
        emit(rows, **output, table="under_intervention",
              title=f"Councils{where} under {what}on {short_date(on)}",
              empty=f"No council{where} was under {what}on {short_date(on)}.")
    elif expiring:
        from intervene.dates import window_end

        until = window_end(expiring, on)
        rows = reports.contracts_expiring(connection, on, until, region=region)
        emit(rows, **output, table="contracts",
              title=f"Contracts{where} ending between {short_date(on)} and {short_date(until)}",
              empty=f"No contract{where} ends between {short_date(on)} and {short_date(until)}.")
    elif expired:
        from intervene.dates import window_start

        since = window_start(expired, on)
        rows = reports.contracts_expired(connection, on, since, region=region)
        emit(rows, **output, table="contracts",
              title=f"Contracts{where} that ended between {short_date(since)} and {short_date(on)}",
              empty=f"No contract{where} ended between {short_date(since)} and {short_date(on)}.")
    elif deadlines:
        from intervene.dates import window_end

        until = window_end(deadlines, on)
        rows = reports.deadlines(connection, on, until, region=region)
        emit(rows, **output, table="deadlines",
              title=f"Intervention deadlines{where} overdue on {short_date(on)} or due by {short_date(until)}",
              empty=f"No intervention deadline{where} is overdue on {short_date(on)} or due by {short_date(until)}.")
    elif moved:
        rows = reports.rating_changes(connection, on, region=region)
        emit(rows, **output, table="rating_changes",
              title=f"Councils{where} whose overall grade moved at their last inspection, as of {short_date(on)}",
              empty=f"No council{where} had a grade move at its last inspection by {short_date(on)}.")
    else:
        from intervene.grades import canonical_framework, canonical_grade

        framework = canonical_framework(framework) if framework else None
        word = canonical_grade(grade, framework)[0] if grade else None
        rows = reports.latest_overall_ratings(connection, on, grade=word, framework=framework, region=region)
        which = " ".join(part for part in (word, framework) if part)
        emit(rows, **output, table="ratings",
              title=f"Latest overall ratings{where}{f' ({which})' if which else ''} as of {short_date(on)}, worst first",
              empty=f"No council{where} had a latest overall rating{f' of {which}' if which else ''} on {short_date(on)}.")


@click.command()
@authority_argument()
@json_option
@csv_option
@pass_settings
def timeline(settings, authority, json_, csv_):
    """Every dated fact about AUTHORITY, oldest first, each with its source."""
    from intervene import reports
    from intervene.authorities import resolve_authority

    connection = settings.connect()
    council = resolve_authority(connection, authority)
    rows = reports.timeline(connection, council["id"])
    emit(rows, json_=json_, csv_=csv_, table="timeline", title=f"Timeline of {council['name']}",
          empty=f"Nothing is recorded about {council['short_name']} yet.")


@click.command()
@region_option
@click.option("--under-intervention", is_flag=True, help="Only councils with an intervention in force.")
@click.option("--all", "include_ceased", is_flag=True, help="Include councils that no longer exist.")
@as_of_option
@json_option
@csv_option
@pass_settings
def authorities(settings, region, under_intervention, include_ceased, as_of, json_, csv_):
    """The councils known, with their codes."""
    from intervene import reports

    on = as_of_day(as_of)
    connection = settings.connect()
    region = reports.check_region(connection, region)
    report = reports.authorities(connection, on, region=region, under_intervention_only=under_intervention,
                                 include_ceased=include_ceased)
    # SQLite writes the JSON by itself; a table or CSV needs the rows, and the title counts them.
    rows = report if json_ else report.rows()
    where = f" in {region}" if region else ""
    which = "under intervention " if under_intervention else ""
    count = "" if json_ else f"{len(rows)} council{'' if len(rows) == 1 else 's'}"
    emit(rows, json_=json_, csv_=csv_, table="authorities", title=f"{count}{where} {which}on {short_date(on)}",
          empty=f"No council{where} {which}on {short_date(on)}.")


@click.command()
@authority_argument(required=False)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10**6), help="How many, newest first.")
@json_option
@pass_settings
def changes(settings, authority, limit, json_):
    """The audit trail: every write, newest first, for one council or all."""
    from intervene import reports
    from intervene.authorities import resolve_authority

    connection = settings.connect()
    authority_id = resolve_authority(connection, authority)["id"] if authority else None
    trail = reports.changes(connection, authority_id, limit)
    if json_:
        echo_json(trail)
        return
    if not trail:
        click.echo("No changes recorded.")
        return
    from intervene import render
    from intervene.render import tables

    render.console().print(tables.changes(trail))


COMMANDS = {command.name: command for command in (report, timeline, authorities, changes)}
