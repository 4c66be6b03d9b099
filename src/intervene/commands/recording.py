"""Recording facts: add, end, extend and remove, each echoed as the line it stored."""

from __future__ import annotations

import click

from intervene.commands import asking
from intervene.commands.asking import ask, ask_council, ask_source, council_name
from intervene.errors import InterveneError
from intervene.params import (
    AUTHORITY_KIND,
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
    GradeType,
    NonBlank,
    Parsed,
    authority_argument,
    example,
    one_of,
    output_options,
)
from intervene.render.output import echo_json, print_recorded
from intervene.session import pass_settings
from intervene.vocab import JUDGEMENTS, REGIONS


@click.command(
    "add-authority",
    short_help="Record a council.",
    epilog=example("intervene add-authority 'Newtown Council' --region 'North West'"),
)
@click.argument("name", required=False, type=NonBlank("the name"))
@click.option("--short-name", help="What people call it (default: NAME without 'Council').")
@click.option("--ons-code", type=ONS_CODE, help="ONS code, e.g. E06000021.")
@click.option("--la-code", type=LA_CODE, help="DfE LA number, e.g. 861.")
@click.option("--region", type=REGION, help="ONS region: 'West Midlands', yorkshire, NE…")
@click.option("--kind", type=AUTHORITY_KIND)
@click.option("--alias", "aliases", multiple=True, help="Another name people use (repeatable).")
@click.option("--source", type=SOURCE, help="Where these facts come from.")
@output_options("json")
@pass_settings
def add_authority(settings, name, short_name, ons_code, la_code, region, kind, aliases, source, output):
    """Record a council NAME (its official name, e.g. 'Stoke-on-Trent City Council'), with its
    kind, region and source; its ONS code and LA number where it has them."""
    from intervene import records
    from intervene.authorities import slugify
    from intervene.registry import short_name_of

    connection = settings.connect()
    name = ask(name, NonBlank("the name"), missing="argument 'NAME'", label="Official name")
    kind = ask(kind, AUTHORITY_KIND, missing="option '--kind'", label="Kind")
    region = ask(region, REGION, missing="option '--region'", label=f"Region ({', '.join(REGIONS)})")
    source = ask_source(source)
    short = short_name or short_name_of(name)
    row = records.add_authority(
        connection,
        name=name,
        short_name=short,
        slug=slugify(short),
        ons_code=ons_code,
        la_code=la_code,
        region=region,
        kind=kind,
        aliases=aliases,
        source=source,
    )
    print_recorded(row, "authorities", None, output)


@click.command(
    "add-rating",
    short_help="Record an inspection rating for a council.",
    epilog=example("intervene add-rating stoke --grade good --published 2026-11-01"),
)
@authority_argument(required=False)
@click.option(
    "--grade",
    type=GRADE,
    help="A word the framework used (outstanding, good, adequate to 2013 / requires improvement (RI) from SIF, "
    "inadequate) or the framework's number.",
)
@click.option(
    "--framework",
    type=FRAMEWORK,
    default="ILACS",
    show_default=True,
    is_eager=True,
    help="APA, JAR, CAA, SLAC, CPI, TLAC, SIF or ILACS.",
)
@click.option(
    "--judgement",
    type=JUDGEMENT,
    help="What was judged, one of the framework's own (default: its overall judgement, e.g. overall effectiveness).",
)
@click.option(
    "--new-judgement",
    is_flag=True,
    is_eager=True,
    help="Record a --judgement the framework's list does not hold (check lists such ratings).",
)
@click.option("--inspected", type=INSPECTED, help="When the inspection began (not in the future).")
@click.option("--published", type=PUBLISHED, help="When the judgement was published (not in the future).")
@click.option("--inspectorate", default="Ofsted", show_default=True)
@click.option("--source", type=SOURCE, help="Where this rating was published.")
@click.option("--note", help="Anything a reader should know.")
@output_options("json")
@pass_settings
def add_rating(
    settings,
    authority,
    grade,
    framework,
    judgement,
    new_judgement,
    inspected,
    published,
    inspectorate,
    source,
    note,
    output,
):
    """Record an inspection rating for AUTHORITY.

    The grade is a word its framework used (ILACS has no 'adequate') or its number; the
    judgement one of the framework's own (another is refused, listing them) unless
    --new-judgement says it is meant; neither date may be in the future.
    """
    from intervene import records
    from intervene.grades import FRAMEWORK_WORDS

    council = ask_council(authority)
    word, published_as = ask(
        grade,
        GradeType(framework),
        missing="option '--grade'",
        label=f"Grade ({', '.join(FRAMEWORK_WORDS[framework])}, or 1-4 on the {framework} scale)",
    )
    published_on = ask(published, PUBLISHED, missing="option '--published'", label="Published on")
    row = records.add_rating(
        settings.connect(),
        authority_id=council["id"],
        framework=framework,
        judgement=judgement or JUDGEMENTS[framework][0],
        new_judgement=new_judgement,
        grade=word,
        framework_grade=published_as,
        inspected_on=inspected,
        published_on=published_on,
        inspectorate=inspectorate,
        source=ask_source(source),
        notes=note,
    )
    print_recorded(row, "ratings", council["short_name"], output)


@click.command(
    "add-intervention",
    short_help="Record an intervention (a legal instrument).",
    epilog=example("intervene add-intervention stoke --kind 'improvement notice' --issued today"),
)
@authority_argument(required=False)
@click.option(
    "--kind",
    type=INTERVENTION_KIND,
    metavar="KIND",
    help=f"The legal instrument placed on the council: {one_of(INTERVENTION_KIND.choices)}.",
)
@click.option("--name-at-time", help="What it was called at the time, where that differs (e.g. 'intervention order').")
@click.option("--issued", type=DATE, help="When it was issued.")
@click.option("--by", "issued_by", help="Who issued it, e.g. 'Secretary of State for Education (Gavin Williamson)'.")
@click.option("--basis", "legal_basis", help="The legal basis, e.g. 's497A Education Act 1996'.")
@click.option("--commissioner", help="The commissioner or adviser appointed.")
@click.option("--deadline", type=DATE, help="When the council must have acted.")
@click.option("--service", type=SERVICE, help="What it covers.")
@click.option(
    "--replaces", "replaces_id", type=ROW_ID, metavar="ID", help="The instrument this one revised or replaced."
)
@click.option("--summary", help="What it requires.")
@click.option("--source", type=SOURCE, help="Where it was published.")
@click.option(
    "--confidence", type=CONFIDENCE, help="high: an official page or two reports; medium: one; low: inferred."
)
@click.option("--note", help="What is inferred or uncertain, and why.")
@output_options("json")
@pass_settings
def add_intervention(
    settings,
    authority,
    kind,
    name_at_time,
    issued,
    issued_by,
    legal_basis,
    commissioner,
    deadline,
    service,
    replaces_id,
    summary,
    source,
    confidence,
    note,
    output,
):
    """Record a legal instrument placed on AUTHORITY: a statutory direction, an improvement notice,
    a commissioner's appointment or non-statutory support.

    With no end recorded, it counts as in force for 12 months from its issue; after that,
    `confirm-intervention` records a later source showing it still in force.
    """
    from intervene import records

    council = ask_council(authority)
    kind = ask(
        kind, INTERVENTION_KIND, missing="option '--kind'", label=f"Kind ({', '.join(INTERVENTION_KIND.choices)})"
    )
    row = records.add_intervention(
        settings.connect(),
        authority_id=council["id"],
        kind=kind,
        name_at_time=name_at_time,
        issued_on=ask(issued, DATE, missing="option '--issued'", label="Issued on"),
        issued_by=issued_by,
        legal_basis=legal_basis,
        commissioner=commissioner,
        deadline_on=deadline,
        service=service,
        replaces_id=replaces_id,
        summary=summary,
        source=ask_source(source),
        confidence=confidence,
        notes=note,
    )
    print_recorded(row, "interventions", council["short_name"], output)


@click.command(
    "end-intervention",
    short_help="Record that an intervention ended.",
    epilog=example("intervene end-intervention 187 --on 2026-10-31 --reason lifted"),
)
@click.argument("intervention_id", metavar="ID", type=ROW_ID)
@click.option("--on", "on", type=DATE, help="The day it ended: from that day it is no longer in force.")
@click.option("--reason", type=END_REASON)
@click.option("--source", type=SOURCE, help="Where the end was published.")
@click.option("--undo", is_flag=True, help="Take back the end recorded (with its reason and source).")
@output_options("json")
@pass_settings
def end_intervention(settings, intervention_id, on, reason, source, undo, output):
    """Record that intervention ID ended. A partial date (2021-12, 2010) means some day in that
    period: it counts as in force through the period's last day."""
    from intervene import records

    connection = settings.connect()
    if undo:
        if on or reason or source:
            raise click.UsageError("--undo takes back the end recorded; it goes without --on, --reason or --source.")
        row = records.reopen(connection, "intervention", intervention_id)
        print_recorded(row, "interventions", council_name(connection, row), output, verb="Reopened")
        return
    ended_on = ask(on, DATE, missing="option '--on'", label="Ended on")
    row = records.end_intervention(
        connection, intervention_id, ended_on=ended_on, reason=reason, source=ask_source(source)
    )
    print_recorded(row, "interventions", council_name(connection, row), output, verb="Ended")


@click.command(
    "confirm-intervention",
    short_help="Record a source showing an intervention in force.",
    epilog=example("intervene confirm-intervention 188 --on 2026-11-01 --source 'DfE letter'"),
)
@click.argument("intervention_id", metavar="ID", type=ROW_ID)
@click.option("--on", "on", type=DATE, help="The day a source showed it still in force.")
@click.option("--source", type=SOURCE, help="That source: publisher, title, date and address.")
@output_options("json")
@pass_settings
def confirm_intervention(settings, intervention_id, on, source, output):
    """Record that a source showed intervention ID still in force on a day.

    An instrument with no recorded end counts as in force for 12 months after its last
    confirmation (its issue is the first); past that its state is unconfirmed.
    """
    from intervene import records

    connection = settings.connect()
    confirmed_on = ask(on, DATE, missing="option '--on'", label="Confirmed in force on")
    source = ask_source(source)
    row = records.confirm_intervention(connection, intervention_id, on=confirmed_on, source=source)
    print_recorded(row, "interventions", council_name(connection, row), output, verb="Confirmed")


class ContractEnd(Parsed):
    """A contract's last day, given as a date or as a term counted from its start (3y)."""

    name = "DATE|TERM"

    def __init__(self, starts_on: str):
        self.starts_on = starts_on

    def parse(self, text, ctx):
        from intervene.dates import add_duration_to, parse_date, parse_duration, today

        try:
            parse_duration(text)
        except InterveneError:
            return parse_date(text, today())
        return add_duration_to(self.starts_on, text, as_term=True)


@click.command(
    "add-contract",
    short_help="Record a contract for running a council's services.",
    epilog=example("intervene add-contract stoke --provider Serco --starts 2007-04 --term 3y"),
)
@authority_argument(required=False)
@click.option("--provider", type=NonBlank("the provider"), help="Who runs the service, e.g. Serco.")
@click.option("--starts", type=DATE, help="The first day of the contract.")
@click.option("--ends", metavar="DATE", help="Its last day (inclusive).")
@click.option("--term", metavar="LENGTH", help="Instead of --ends: its length, e.g. 3y.")
@click.option("--value", type=MONEY, help="e.g. £5.2m, £250 million, 5,200,000.")
@click.option("--partner", "partners", multiple=True, help="A partner in the contract (repeatable).")
@click.option("--scope", help="What the contract covers.")
@click.option("--max-ends", type=DATE, help="The latest end that extensions allow.")
@click.option("--intervention", "intervention_id", type=ROW_ID, metavar="ID", help="The intervention it serves.")
@click.option("--source", type=SOURCE, help="Where it was published.")
@output_options("json")
@pass_settings
def add_contract(
    settings, authority, provider, starts, ends, term, value, partners, scope, max_ends, intervention_id, source, output
):
    """Record a contract under which another body runs AUTHORITY's services."""
    from intervene import records
    from intervene.dates import add_duration_to

    if ends is not None and term is not None:
        raise click.UsageError("Give --ends or --term, not both.")
    council = ask_council(authority)
    provider = ask(provider, NonBlank("the provider"), missing="option '--provider'", label="Provider")
    starts_on = ask(starts, DATE, missing="option '--starts'", label="Starts on")
    if term is not None:
        ends_on = add_duration_to(starts_on, term, as_term=True)
    else:
        last_day = ContractEnd(starts_on)
        if ends is not None:
            ends_on = last_day.convert(ends, None, click.get_current_context())
        else:
            ends_on = ask(
                None, last_day, missing="option '--ends' or '--term'", label="Ends on (a date, or a term such as 3y)"
            )
    pence, currency = value if value is not None else (None, "GBP")
    row = records.add_contract(
        settings.connect(),
        authority_id=council["id"],
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        value_pence=pence,
        currency=currency,
        partners=tuple((partner, None) for partner in partners),
        scope=scope,
        max_ends_on=max_ends,
        intervention_id=intervention_id,
        source=ask_source(source),
    )
    print_recorded(row, "contracts", council["short_name"], output)


@click.command(
    "extend-contract",
    short_help="Move a contract's end later.",
    epilog=example("intervene extend-contract 6 --by 1y"),
)
@click.argument("contract_id", metavar="ID", type=ROW_ID)
@click.option("--to", "to", type=DATE, help="The new last day.")
@click.option("--by", "by", metavar="LENGTH", help="Or: how much longer, e.g. 1y.")
@click.option("--force", is_flag=True, help="Record it even past the latest end the contract allows.")
@output_options("json")
@pass_settings
def extend_contract(settings, contract_id, to, by, force, output):
    """Move contract ID's end later."""
    from intervene import records

    if (to is None) == (by is None):
        raise click.UsageError("Give one of --to DATE or --by LENGTH.")
    connection = settings.connect()
    # --by counts from the end as it stands when the write begins: records reads it in the same transaction.
    row = records.extend_contract(connection, contract_id, ends_on=to, by=by, force=force)
    print_recorded(row, "contracts", council_name(connection, row), output, verb="Extended")


@click.command(
    "end-contract",
    short_help="Record that a contract ended early.",
    epilog=example("intervene end-contract 6 --on 2027-03-31"),
)
@click.argument("contract_id", metavar="ID", type=ROW_ID)
@click.option("--on", "on", type=DATE, help="Its last day.")
@click.option("--undo", is_flag=True, help="Take back the early end recorded.")
@output_options("json")
@pass_settings
def end_contract(settings, contract_id, on, undo, output):
    """Record that contract ID ended early, on its last day DATE."""
    from intervene import records

    connection = settings.connect()
    if undo:
        if on:
            raise click.UsageError("--undo takes back the end recorded; it goes without --on.")
        row = records.reopen(connection, "contract", contract_id)
        print_recorded(row, "contracts", council_name(connection, row), output, verb="Reopened")
        return
    ended_on = ask(on, DATE, missing="option '--on'", label="Last day")
    row = records.end_contract(connection, contract_id, ended_on=ended_on)
    print_recorded(row, "contracts", council_name(connection, row), output, verb="Ended")


@click.command(
    "add-event",
    short_help="Record a dated event in a council's timeline.",
    epilog=example("intervene add-event stoke 'New director appointed' --on 2026-11-01"),
)
@authority_argument(required=False)
@click.argument("summary", required=False, type=NonBlank("an event's summary"))
@click.option("--on", "on", type=DATE, help="When it happened.")
@click.option("--source", type=SOURCE, help="Where it was reported.")
@output_options("json")
@pass_settings
def add_event(settings, authority, summary, on, source, output):
    """Record something that happened to AUTHORITY: SUMMARY, on a date."""
    from intervene import records

    council = ask_council(authority)
    happened_on = ask(on, DATE, missing="option '--on'", label="Happened on")
    summary = ask(summary, NonBlank("an event's summary"), missing="argument 'SUMMARY'", label="What happened")
    source = ask_source(source)
    row = records.add_event(
        settings.connect(), authority_id=council["id"], happened_on=happened_on, summary=summary, source=source
    )
    print_recorded(row, "events", council["short_name"], output)


@click.command(
    short_help="Delete a fact, or a council.",
    epilog=example("intervene remove event 20"),
)
@click.argument("kind", type=click.Choice(["rating", "intervention", "contract", "event", "authority"]))
@click.argument("row_id", metavar="ID", type=ROW_ID)
@click.option(
    "--cascade", is_flag=True, help="For a council: remove its ratings, interventions, contracts and events too."
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@output_options("json")
@pass_settings
def remove(settings, kind, row_id, cascade, yes, output):
    """Delete a rating, intervention, contract, event or council (an `authority`); the audit trail
    keeps its values, and `intervene undo` puts it back.

    A council with facts recorded is refused unless --cascade, which removes them with it, each
    one audited, all in one transaction.
    """
    from intervene import records
    from intervene.render.lines import BY_TABLE
    from intervene.visible import visible

    if cascade and kind != "authority":
        raise click.UsageError("--cascade goes with 'remove authority'.")
    connection = settings.connect()
    table = records.REMOVABLE[kind]
    current = records.row(connection, kind, row_id)
    line = visible(BY_TABLE[table](current, "" if kind == "authority" else council_name(connection, current)))
    facts = records.facts_to_remove(connection, row_id, cascade=cascade) if kind == "authority" else {}
    with_facts = f" and its {records.counted(facts)}" if facts else ""
    if not yes:
        if not asking.interactive():
            raise click.UsageError("Not at a terminal: add --yes to remove without confirmation.")
        click.confirm(f"Remove {line}{with_facts}?", abort=True)
    removed = records.remove(connection, kind, row_id, cascade=cascade)
    if output == "json":
        echo_json(removed)
    else:
        click.echo(f"Removed {line}{with_facts}")
        if facts:
            count = sum(facts.values()) + 1
            click.echo(f"{count} changes recorded; `intervene undo {count}` puts them all back.")


COMMANDS = {
    command.name: command
    for command in (
        add_authority,
        add_rating,
        add_intervention,
        end_intervention,
        confirm_intervention,
        add_contract,
        extend_contract,
        end_contract,
        add_event,
        remove,
    )
}
