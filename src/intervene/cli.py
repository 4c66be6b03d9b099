"""The command line: parse, call the core, render. No SQL here.

Each command imports what it uses inside its body, so `intervene status` never
pays for the writers and `--json` never pays for rich.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date

import click

from intervene import __version__
from intervene.errors import InterveneError


class Group(click.Group):
    """Turns the project's errors into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InterveneError as error:
            _fail(str(error))
        except UnicodeEncodeError as error:
            _fail(f"text must be valid Unicode; {error.object[error.start:error.end]!r} cannot be stored")
        except sqlite3.OperationalError as error:
            if "readonly" in str(error):
                _fail("the database file is read-only; nothing was written")
            _fail(f"the database could not be used: {error}")
        except sqlite3.DatabaseError as error:
            _fail(f"the database is damaged or not an intervene database: {error}")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


class Settings:
    def __init__(self, db_path: str | None):
        self.db_path = db_path

    def connect(self) -> sqlite3.Connection:
        from intervene.db import open_database

        return open_database(self.db_path, notify=lambda message: click.echo(message, err=True))


pass_settings = click.make_pass_decorator(Settings)


def _today() -> date:
    return date.today()


def _as_of(text: str | None) -> date:
    from intervene.dates import parse_day

    today = _today()
    return today if text is None else parse_day(text, today)


# Ids are SQLite integers: anything else is a usage error, not an overflow.
ROW_ID = click.IntRange(1, 2**63 - 1)

as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="The day to answer for (default today): 2008-06-01, 31/01/2020, eoy…"
)
json_option = click.option("--json", "json_", is_flag=True, help="Print JSON instead of a table.")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="intervene")
@click.option(
    "--db",
    "db_path",
    envvar="INTERVENE_DB",
    metavar="PATH",
    help="The database file (env INTERVENE_DB; default: intervene.db in the user data folder).",
)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Track government intervention in English councils' children's services.

    Councils, the inspection ratings they received, the intervention orders
    placed on them and the contracts under which others ran their services,
    every fact dated and sourced.
    """
    ctx.obj = Settings(db_path)


@cli.command()
@click.argument("authority")
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

    on = _as_of(as_of)
    connection = settings.connect()
    view = reports.status(connection, resolve_authority(connection, authority), on)
    if json_:
        from intervene.formats import to_json

        click.echo(to_json(view))
        return
    from intervene import render

    render.console().print(render.status(view))


# ---------------------------------------------------------------------------
# Recording. A required value left out is asked for at a terminal; elsewhere
# (a script, a pipe) it is a usage error, so nothing ever waits on input.


def _interactive() -> bool:
    return sys.stdin.isatty()


def _prompt_check(parse):
    """Turn the project's error into click's, so a bad answer is said and asked again."""

    def check(text: str):
        try:
            return parse(text)
        except InterveneError as error:
            raise click.UsageError(str(error)) from None

    return check


def _ask(value, parse, *, missing: str, label: str, default: str | None = None):
    """The parsed value given, else an answer at a terminal, else a usage error naming `missing`."""
    if value is not None:
        return parse(value)
    if not _interactive():
        raise click.UsageError(f"Missing {missing}.")
    return click.prompt(label, default=default, value_proc=_prompt_check(parse))


def _nonblank(what: str):
    def parse(value: str) -> str:
        if not value.strip():
            raise InterveneError(f"{what} cannot be blank")
        return value

    return parse


def _date_parser():
    from intervene.dates import parse_date

    today = _today()
    return lambda text: parse_date(text, today)


def _optional(value: str | None, parse):
    return None if value is None else parse(value)


def _council(connection, value: str | None) -> dict:
    from intervene.authorities import resolve_authority

    return _ask(
        value,
        lambda text: resolve_authority(connection, text),
        missing="argument 'AUTHORITY'",
        label="Council (name, ONS code or LA number)",
    )


def _recorded(row: dict, describe: str, council: str | None, json_: bool, verb: str = "Recorded") -> None:
    from intervene import summaries

    if json_:
        from intervene.formats import to_json

        click.echo(to_json(row))
    else:
        click.echo(f"{verb} {summaries.BY_TABLE[describe](row, council)}")


@cli.command("add-authority")
@click.argument("name", required=False)
@click.option("--short-name", help="What people call it (default: NAME without 'Council').")
@click.option("--ons-code", metavar="CODE", help="ONS code, e.g. E06000021.")
@click.option("--la-code", metavar="NUMBER", help="DfE LA number, e.g. 861.")
@click.option("--region", help="ONS region, e.g. West Midlands.")
@click.option("--kind", type=click.Choice(["unitary", "county", "metropolitan borough", "London borough", "city corporation"]))
@click.option("--alias", "aliases", multiple=True, help="Another name people use (repeatable).")
@click.option("--source", help="Where these facts come from.")
@json_option
@pass_settings
def add_authority(settings, name, short_name, ons_code, la_code, region, kind, aliases, source, json_):
    """Record a council NAME (its official name, e.g. 'Stoke-on-Trent City Council')."""
    from intervene import records
    from intervene.authorities import slugify
    from intervene.registry import parse_la_code, parse_ons_code, short_name_of

    connection = settings.connect()
    name = _ask(name, _nonblank("the name"), missing="argument 'NAME'", label="Official name")
    short = short_name or short_name_of(name)
    row = records.add_authority(
        connection,
        name=name,
        short_name=short,
        slug=slugify(short),
        ons_code=_optional(ons_code, parse_ons_code),
        la_code=_optional(la_code, parse_la_code),
        region=region,
        kind=kind,
        aliases=aliases,
        source=source,
    )
    _recorded(row, "authorities", None, json_)


@cli.command("add-rating")
@click.argument("authority", required=False)
@click.option("--grade", help="A word (outstanding, good, adequate, requires improvement / RI, inadequate) or the framework's number.")
@click.option("--framework", default="ILACS", show_default=True, help="APA, JAR, CAA, SLAC, CPI, TLAC, SIF or ILACS.")
@click.option("--judgement", default="overall effectiveness", show_default=True, help="What was judged.")
@click.option("--inspected", metavar="DATE", help="When the inspection began.")
@click.option("--published", metavar="DATE", help="When the judgement was published.")
@click.option("--inspectorate", default="Ofsted", show_default=True)
@click.option("--source", help="Where this rating was published.")
@click.option("--note", help="Anything a reader should know.")
@json_option
@pass_settings
def add_rating(settings, authority, grade, framework, judgement, inspected, published, inspectorate, source, note, json_):
    """Record an inspection rating for AUTHORITY."""
    from intervene import records
    from intervene.grades import ACCEPTED_GRADES, canonical_framework, canonical_grade

    connection = settings.connect()
    council = _council(connection, authority)
    framework = canonical_framework(framework)
    word, published_as = _ask(
        grade,
        lambda text: canonical_grade(text, framework),
        missing="option '--grade'",
        label=f"Grade ({ACCEPTED_GRADES}, or 1-4 on the {framework} scale)",
    )
    parse_date = _date_parser()
    row = records.add_rating(
        connection,
        authority_id=council["id"],
        framework=framework,
        judgement=judgement,
        grade=word,
        framework_grade=published_as,
        inspected_on=_optional(inspected, parse_date),
        published_on=_ask(published, parse_date, missing="option '--published'", label="Published on"),
        inspectorate=inspectorate,
        source=source,
        notes=note,
    )
    _recorded(row, "ratings", council["short_name"], json_)


INTERVENTION_KIND_CHOICE = click.Choice(
    ["intervention order", "statutory direction", "improvement notice", "commissioner", "advisers"],
    case_sensitive=False,
)


@cli.command("add-intervention")
@click.argument("authority", required=False)
@click.option("--kind", type=INTERVENTION_KIND_CHOICE, help="What was placed on the council.")
@click.option("--issued", metavar="DATE", help="When it was issued.")
@click.option("--by", "issued_by", help="Who issued it, e.g. 'Secretary of State for Education (Gavin Williamson)'.")
@click.option("--basis", "legal_basis", help="The legal basis, e.g. 's497A Education Act 1996'.")
@click.option("--commissioner", help="The commissioner or adviser appointed.")
@click.option("--deadline", metavar="DATE", help="When the council must have acted.")
@click.option("--service", help="The service concerned, e.g. children's social care.")
@click.option("--summary", help="What it requires.")
@click.option("--source", help="Where it was published.")
@json_option
@pass_settings
def add_intervention(settings, authority, kind, issued, issued_by, legal_basis, commissioner, deadline, service, summary, source, json_):
    """Record an intervention placed on AUTHORITY: a direction, notice, commissioner or advisers."""
    from intervene import records

    connection = settings.connect()
    council = _council(connection, authority)
    kinds = INTERVENTION_KIND_CHOICE.choices
    kind = _ask(kind, _choice(kinds), missing="option '--kind'", label=f"Kind ({', '.join(kinds)})")
    parse_date = _date_parser()
    row = records.add_intervention(
        connection,
        authority_id=council["id"],
        kind=kind.lower(),
        issued_on=_ask(issued, parse_date, missing="option '--issued'", label="Issued on"),
        issued_by=issued_by,
        legal_basis=legal_basis,
        commissioner=commissioner,
        deadline_on=_optional(deadline, parse_date),
        service=service,
        summary=summary,
        source=source,
    )
    _recorded(row, "interventions", council["short_name"], json_)


def _choice(choices):
    def parse(text: str) -> str:
        wanted = text.strip().lower()
        for choice in choices:
            if choice.lower() == wanted:
                return choice
        raise InterveneError(f"{text!r} is not one of {', '.join(choices)}")

    return parse


def _council_name(connection, row: dict) -> str:
    from intervene.authorities import authority_by_id

    return authority_by_id(connection, row["authority_id"])["short_name"]


@cli.command("end-intervention")
@click.argument("intervention_id", metavar="ID", type=ROW_ID)
@click.option("--on", "on", metavar="DATE", help="The day it ended: from that day it is no longer in force.")
@click.option("--reason", type=click.Choice(["lifted", "revoked", "superseded", "expired"]))
@json_option
@pass_settings
def end_intervention(settings, intervention_id, on, reason, json_):
    """Record that intervention ID ended."""
    from intervene import records

    connection = settings.connect()
    ended_on = _ask(on, _date_parser(), missing="option '--on'", label="Ended on")
    row = records.end_intervention(connection, intervention_id, ended_on=ended_on, reason=reason)
    _recorded(row, "interventions", _council_name(connection, row), json_, verb="Ended")


@cli.command("add-contract")
@click.argument("authority", required=False)
@click.option("--provider", help="Who runs the service, e.g. Serco.")
@click.option("--starts", metavar="DATE", help="The first day of the contract.")
@click.option("--ends", metavar="DATE", help="Its last day (inclusive).")
@click.option("--term", metavar="LENGTH", help="Instead of --ends: its length, e.g. 3y.")
@click.option("--value", metavar="MONEY", help="e.g. £5.2m, £250 million, 5,200,000.")
@click.option("--partner", "partners", multiple=True, help="A partner in the contract (repeatable).")
@click.option("--scope", help="What the contract covers.")
@click.option("--max-ends", metavar="DATE", help="The latest end that extensions allow.")
@click.option("--intervention", "intervention_id", type=ROW_ID, metavar="ID", help="The intervention it serves.")
@click.option("--source", help="Where it was published.")
@json_option
@pass_settings
def add_contract(settings, authority, provider, starts, ends, term, value, partners, scope, max_ends, intervention_id, source, json_):
    """Record a contract under which another body runs AUTHORITY's services."""
    from intervene import records
    from intervene.dates import add_duration_to, parse_duration
    from intervene.money import parse_money

    if ends is not None and term is not None:
        raise click.UsageError("Give --ends or --term, not both.")
    connection = settings.connect()
    council = _council(connection, authority)
    provider = _ask(provider, _nonblank("the provider"), missing="option '--provider'", label="Provider")
    parse_date = _date_parser()
    starts_on = _ask(starts, parse_date, missing="option '--starts'", label="Starts on")

    def end_from(text: str) -> str:
        try:
            parse_duration(text)
        except InterveneError:
            return parse_date(text)
        return add_duration_to(starts_on, text, as_term=True)

    if term is not None:
        ends_on = add_duration_to(starts_on, term, as_term=True)
    else:
        ends_on = _ask(ends, end_from, missing="option '--ends' or '--term'", label="Ends on (a date, or a term such as 3y)")
    pence, currency = parse_money(value) if value is not None else (None, "GBP")
    row = records.add_contract(
        connection,
        authority_id=council["id"],
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        value_pence=pence,
        currency=currency,
        partners=tuple((partner, None) for partner in partners),
        scope=scope,
        max_ends_on=_optional(max_ends, parse_date),
        intervention_id=intervention_id,
        source=source,
    )
    _recorded(row, "contracts", council["short_name"], json_)


@cli.command("extend-contract")
@click.argument("contract_id", metavar="ID", type=ROW_ID)
@click.option("--to", "to", metavar="DATE", help="The new last day.")
@click.option("--by", "by", metavar="LENGTH", help="Or: how much longer, e.g. 1y.")
@click.option("--force", is_flag=True, help="Record it even past the latest end the contract allows.")
@json_option
@pass_settings
def extend_contract(settings, contract_id, to, by, force, json_):
    """Move contract ID's end later."""
    from intervene import records
    from intervene.dates import add_duration_to

    if (to is None) == (by is None):
        raise click.UsageError("Give one of --to DATE or --by LENGTH.")
    connection = settings.connect()
    if to is not None:
        ends_on = _date_parser()(to)
    else:
        current = records.row(connection, "contract", contract_id)
        if not current["ends_on"]:
            raise InterveneError(f"contract {contract_id} has no end to extend; use --to DATE")
        ends_on = add_duration_to(current["ends_on"], by)
    row = records.extend_contract(connection, contract_id, ends_on=ends_on, force=force)
    _recorded(row, "contracts", _council_name(connection, row), json_, verb="Extended")


@cli.command("end-contract")
@click.argument("contract_id", metavar="ID", type=ROW_ID)
@click.option("--on", "on", metavar="DATE", help="Its last day.")
@json_option
@pass_settings
def end_contract(settings, contract_id, on, json_):
    """Record that contract ID ended early, on its last day DATE."""
    from intervene import records

    connection = settings.connect()
    ended_on = _ask(on, _date_parser(), missing="option '--on'", label="Last day")
    row = records.end_contract(connection, contract_id, ended_on=ended_on)
    _recorded(row, "contracts", _council_name(connection, row), json_, verb="Ended")


@cli.command("add-event")
@click.argument("authority", required=False)
@click.argument("summary", required=False)
@click.option("--on", "on", metavar="DATE", help="When it happened.")
@click.option("--source", help="Where it was reported.")
@json_option
@pass_settings
def add_event(settings, authority, summary, on, source, json_):
    """Record something that happened to AUTHORITY: SUMMARY, on a date."""
    from intervene import records

    connection = settings.connect()
    council = _council(connection, authority)
    happened_on = _ask(on, _date_parser(), missing="option '--on'", label="Happened on")
    summary = _ask(summary, _nonblank("an event's summary"), missing="argument 'SUMMARY'", label="What happened")
    row = records.add_event(connection, authority_id=council["id"], happened_on=happened_on, summary=summary, source=source)
    _recorded(row, "events", council["short_name"], json_)


@cli.command()
@click.argument("kind", type=click.Choice(["rating", "intervention", "contract", "event"]))
@click.argument("row_id", metavar="ID", type=ROW_ID)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_settings
def remove(settings, kind, row_id, yes, json_):
    """Delete a rating, intervention, contract or event; the audit trail keeps its values."""
    from intervene import records, summaries

    connection = settings.connect()
    table = records.REMOVABLE[kind]
    current = records.row(connection, kind, row_id)
    line = summaries.BY_TABLE[table](current, _council_name(connection, current))
    if not yes:
        if not _interactive():
            raise click.UsageError("Not at a terminal: add --yes to remove without confirmation.")
        click.confirm(f"Remove {line}?", abort=True)
    removed = records.remove(connection, kind, row_id)
    if json_:
        from intervene.formats import to_json

        click.echo(to_json(removed))
    else:
        click.echo(f"Removed {line}")


@cli.command()
@click.argument("authority", required=False)
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
        from intervene.formats import to_json

        click.echo(to_json(trail))
        return
    if not trail:
        click.echo("No changes recorded.")
        return
    from intervene import render

    render.console().print(render.changes(trail))


# ---------------------------------------------------------------------------
# Reading across councils.

region_option = click.option("--region", metavar="REGION", help="Only councils in this region, e.g. 'West Midlands'.")
csv_option = click.option("--csv", "csv_", is_flag=True, help="Print CSV (formula-safe) instead of a table.")


def _emit(rows: list[dict], *, json_: bool, csv_: bool, title: str, empty: str, table: str) -> None:
    """One set of rows, as JSON, CSV or the named rich table; an empty table is one line."""
    if json_ and csv_:
        raise click.UsageError("Choose one of --json or --csv.")
    if json_:
        from intervene.formats import to_json

        click.echo(to_json(rows))
    elif csv_:
        from intervene.formats import to_csv

        click.echo(to_csv(rows), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        from intervene import render

        render.console().print(getattr(render, table)(rows, title))


def _short(day) -> str:
    from intervene.dates import display_date

    return display_date(day.isoformat(), short=True)


REPORTS = ("under_intervention", "expiring", "expired", "deadlines", "ratings")


@cli.command()
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
@click.option("--kind", type=INTERVENTION_KIND_CHOICE, help="With --under-intervention: only this kind.")
@as_of_option
@region_option
@json_option
@csv_option
@pass_settings
def report(settings, under_intervention, expiring, expired, deadlines, ratings, moved, grade, framework, kind,
           as_of, region, json_, csv_):
    """The reports: who is under intervention, what expires, what falls due, how councils are rated."""
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
                                     ("--kind", kind, "--under-intervention")):
        if value and asked[0] != report_flag:
            raise click.UsageError(f"{flag} goes with {report_flag}.")
    if moved and (grade or framework):
        raise click.UsageError("--changes shows every move; it does not combine with --grade or --framework.")
    on = _as_of(as_of)
    connection = settings.connect()
    region = reports.check_region(connection, region)
    where = f" in {region}" if region else ""
    output = {"json_": json_, "csv_": csv_}

    if under_intervention:
        rows = reports.under_intervention(connection, on, region=region, kind=kind and kind.lower())
        what = f"{kind.lower()} " if kind else "intervention "
        _emit(rows, **output, table="under_intervention",
              title=f"Councils{where} under {what}on {_short(on)}",
              empty=f"No council{where} was under {what}on {_short(on)}.")
    elif expiring:
        from intervene.dates import window_end

        until = window_end(expiring, on)
        rows = reports.contracts_expiring(connection, on, until, region=region)
        _emit(rows, **output, table="contracts",
              title=f"Contracts{where} ending between {_short(on)} and {_short(until)}",
              empty=f"No contract{where} ends between {_short(on)} and {_short(until)}.")
    elif expired:
        from intervene.dates import window_start

        since = window_start(expired, on)
        rows = reports.contracts_expired(connection, on, since, region=region)
        _emit(rows, **output, table="contracts",
              title=f"Contracts{where} that ended between {_short(since)} and {_short(on)}",
              empty=f"No contract{where} ended between {_short(since)} and {_short(on)}.")
    elif deadlines:
        from intervene.dates import window_end

        until = window_end(deadlines, on)
        rows = reports.deadlines(connection, on, until, region=region)
        _emit(rows, **output, table="deadlines",
              title=f"Intervention deadlines{where} overdue on {_short(on)} or due by {_short(until)}",
              empty=f"No intervention deadline{where} is overdue on {_short(on)} or due by {_short(until)}.")
    elif moved:
        rows = reports.rating_changes(connection, on, region=region)
        _emit(rows, **output, table="rating_changes",
              title=f"Councils{where} whose overall grade moved at their last inspection, as of {_short(on)}",
              empty=f"No council{where} had a grade move at its last inspection by {_short(on)}.")
    else:
        from intervene.grades import canonical_framework, canonical_grade

        framework = canonical_framework(framework) if framework else None
        word = canonical_grade(grade, framework)[0] if grade else None
        rows = reports.latest_overall_ratings(connection, on, grade=word, framework=framework, region=region)
        which = " ".join(part for part in (word, framework) if part)
        _emit(rows, **output, table="ratings",
              title=f"Latest overall ratings{where}{f' ({which})' if which else ''} as of {_short(on)}, worst first",
              empty=f"No council{where} had a latest overall rating{f' of {which}' if which else ''} on {_short(on)}.")


@cli.command()
@click.argument("authority")
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
    _emit(rows, json_=json_, csv_=csv_, table="timeline", title=f"Timeline of {council['name']}",
          empty=f"Nothing is recorded about {council['short_name']} yet.")


@cli.command()
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

    on = _as_of(as_of)
    connection = settings.connect()
    region = reports.check_region(connection, region)
    rows = reports.authorities(connection, on, region=region, under_intervention_only=under_intervention,
                               include_ceased=include_ceased)
    where = f" in {region}" if region else ""
    which = "under intervention " if under_intervention else ""
    _emit(rows, json_=json_, csv_=csv_, table="authorities",
          title=f"{len(rows)} council{'' if len(rows) == 1 else 's'}{where} {which}on {_short(on)}",
          empty=f"No council{where} {which}on {_short(on)}.")


# ---------------------------------------------------------------------------
# Bulk loading.


@cli.group("import")
def import_group() -> None:
    """Load published files: Ofsted's outcomes, Open Contracting packages."""


def _progress_callbacks():
    """A rich progress bar on stderr at a terminal; nothing when scripted."""
    if not sys.stderr.isatty():
        return None, None, None
    from rich.progress import Progress

    progress = Progress(console=__import__("rich.console").console.Console(stderr=True), transient=True)
    task = {}

    def on_rows(sheet: str, count: int) -> None:
        task["id"] = progress.add_task(f"Reading {sheet}", total=count)

    def on_progress(count: int) -> None:
        progress.advance(task["id"], count)

    return progress, on_rows, on_progress


@import_group.command("ofsted")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@json_option
@pass_settings
def import_ofsted(settings, path, dry_run, json_):
    """Ratings from Ofsted's 'Local authority inspection outcomes' (ODS, or XLSX/CSV saved from it)."""
    import contextlib

    from intervene.importers.ofsted import import_ofsted as run_import

    connection = settings.connect()
    progress, on_rows, on_progress = _progress_callbacks()
    with progress or contextlib.nullcontext():
        result = run_import(connection, path, dry_run=dry_run, on_rows=on_rows, on_progress=on_progress)
    if json_:
        from intervene.formats import to_json

        click.echo(to_json(result.as_dict()))
        return
    verb = "Would add" if dry_run else "Added"
    click.echo(
        f"{verb} {result.ratings_added:,} ratings from {result.inspections:,} graded rows in "
        f"{result.file} ({', '.join(result.sheets) or 'no sheet with a recognisable header'})."
    )
    click.echo(
        f"{result.already_recorded:,} judgements were already recorded; "
        f"{result.visits_without_grades:,} visits carry no grades."
    )
    for item in result.unmatched:
        click.echo(f"Unmatched: {item['sheet']} row {item['row']}: {item['name']!r} ({item['code'] or 'no code'})", err=True)
    for item in result.conflicts:
        click.echo(
            f"Conflict: {item['sheet']} row {item['row']}: {item['council']} {item['judgement']} published "
            f"{item['published_on']} is recorded as {item['recorded']}, the file says {item['in_file']}; kept as recorded",
            err=True,
        )
    for item in result.problems:
        click.echo(f"Skipped: {item['reason']}", err=True)


@cli.command()
@click.option("--out", "out", metavar="FILE", type=click.Path(dir_okay=False), help="Write the JSON here, not to stdout.")
@click.option("--csv", "csv_folder", metavar="FOLDER", type=click.Path(file_okay=False),
              help="Write one CSV file per table into FOLDER instead.")
@click.option("--ics", "ics_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write an iCalendar file of intervention deadlines and contract ends instead.")
@pass_settings
def export(settings, out, csv_folder, ics_file):
    """Everything, as one JSON document (default), CSV files, or a calendar to subscribe to."""
    from pathlib import Path

    from intervene import exports

    given = [flag for flag, value in (("--out", out), ("--csv", csv_folder), ("--ics", ics_file)) if value]
    if len(given) > 1:
        raise click.UsageError(f"Choose one of --out, --csv or --ics: {' and '.join(given)} were given together.")
    connection = settings.connect()
    try:
        if csv_folder:
            written = exports.write_csv_folder(connection, Path(csv_folder))
            click.echo(f"Wrote {len(written)} CSV files to {csv_folder}: {', '.join(path.name for path in written)}")
        elif ics_file:
            feed = exports.calendar(connection)
            Path(ics_file).write_bytes(feed)
            click.echo(f"Wrote {feed.count(b'BEGIN:VEVENT')} dates to {ics_file}")
        else:
            from intervene.formats import to_json

            document = to_json(exports.all_tables(connection))
            if out:
                Path(out).write_text(document + "\n", encoding="utf-8")
                click.echo(f"Wrote {out}")
            else:
                click.echo(document)
    except OSError as error:
        raise InterveneError(f"cannot write {error.filename}: {error.strerror}") from None


@import_group.command("ocds")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@json_option
@pass_settings
def import_ocds(settings, path, dry_run, json_):
    """Contracts from an Open Contracting (OCDS) release or record package (JSON)."""
    from intervene.importers.ocds import import_ocds as run_import

    connection = settings.connect()
    result = run_import(connection, path, dry_run=dry_run)
    if json_:
        from intervene.formats import to_json

        click.echo(to_json(result.as_dict()))
        return
    verbs = ("Would add", "would update") if dry_run else ("Added", "updated")
    click.echo(
        f"{verbs[0]} {result.added} contracts and {verbs[1]} {result.updated} from {result.file} "
        f"({result.releases} releases, {result.contracts_seen} contracts; {result.unchanged} already recorded as they are)."
    )
    for item in result.unmatched:
        click.echo(f"Unmatched buyer: {item['buyer']!r} ({item['ocid']} contract {item['contract']})", err=True)
    for item in result.problems:
        click.echo(f"Skipped: {item['reason']}", err=True)


@cli.command()
@json_option
@pass_settings
def check(settings, json_):
    """Check the database: SQLite's integrity and foreign keys, then dates, grades and links."""
    from intervene.checks import problems, warnings

    connection = settings.connect()
    found, noted = problems(connection), warnings(connection)
    if json_:
        from intervene.formats import to_json

        click.echo(to_json({"problems": found, "warnings": noted}))
    else:
        for problem in found:
            click.echo(f"problem: {problem['check']}: {problem['detail']}")
        for warning in noted:
            click.echo(f"warning: {warning['check']}: {warning['detail']}")
        click.echo(f"{len(found)} problems, {len(noted)} warnings.")
    if found:
        sys.exit(1)
