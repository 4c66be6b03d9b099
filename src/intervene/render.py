"""Terminal output: rich panels and tables. Only this module knows rich.

JSON and CSV live in `formats.py` so that scripted output never imports rich.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from intervene.dates import display_date as _display_date
from intervene.grades import RANK
from intervene.money import display_money

GRADE_STYLES = {1: "bold green", 2: "green", 3: "yellow", 4: "bold red"}


def console() -> Console:
    return Console(highlight=False)


def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def display_date(iso: str | None) -> str:
    """Tables use short month names; partial dates stay partial."""
    return _display_date(iso, short=True)


def _grade(word: str) -> Text:
    return Text(word, style=GRADE_STYLES.get(RANK.get(word, 0), ""))


def _days(days: int | None, *, past: str, future: str) -> Text:
    """`84 days left` / `12 days overdue`: the sign tells which."""
    if days is None:
        return Text("")
    if days < 0:
        return Text(f"{-days:,} days {past}", style="bold red")
    return Text(f"{days:,} days {future}", style="yellow" if days <= 90 else "")


def _provider(contract: dict) -> str:
    """The provider, with its partners beneath (their roles are in --json and the timeline)."""
    partners = ", ".join(escape(partner["partner"]) for partner in contract["partners"])
    return escape(contract["provider"]) + (f"\n[dim]with {partners}[/dim]" if partners else "")


# Short columns (ids, dates, grades) never wrap; prose columns take what is left.
NO_WRAP = {"ID", "Issued", "Deadline", "Published", "Inspected", "Started", "Ends", "Value", "Framework", "Date", ""}


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in NO_WRAP)
    return table


def _intervention(item: dict) -> str:
    """The kind, with who issued it and the commissioner beneath."""
    lines = [escape(item["kind"])]
    if item["issued_by"]:
        lines.append(f"[dim]by {escape(item['issued_by'])}[/dim]")
    if item["commissioner"]:
        lines.append(f"[dim]commissioner {escape(item['commissioner'])}[/dim]")
    return "\n".join(lines)


def authority_heading(authority: dict) -> str:
    codes = " · ".join(
        part
        for part in (
            authority.get("ons_code"),
            f"LA {authority['la_code']}" if authority.get("la_code") else None,
            authority.get("region"),
            authority.get("kind"),
        )
        if part
    )
    heading = f"[bold]{escape(authority['name'])}[/bold]\n{escape(codes)}"
    if authority.get("ceased_on"):
        heading += (
            f"\n[red]Ceased {display_date(authority['ceased_on'])}"
            + (f"; succeeded by {escape(authority['succeeded_by'])}" if authority.get("succeeded_by") else "")
            + "[/red]"
        )
    return heading


def status(view: dict) -> Group:
    """One screen about one council on one day."""
    parts: list = [
        Panel(
            authority_heading(view["authority"]),
            title=f"Status on {display_date(view['as_of'])}",
            title_align="left",
            expand=False,
        )
    ]

    ratings = _table("Latest ratings", "Judgement", "Grade", "Framework", "Published", "Inspected")
    newest = max((rating["published_on"] for rating in view["ratings"]), default=None)
    for rating in view["ratings"]:
        published_as = rating["framework_grade"]
        grade = _grade(rating["grade"])
        if published_as and published_as.isdigit():
            grade.append(f" ({published_as})", style="dim")
        ratings.add_row(
            escape(rating["judgement"]),
            grade,
            rating["framework"],
            display_date(rating["published_on"]),
            display_date(rating["inspected_on"]),
            # Judgements from older inspections are history: shown, but quieter.
            style=None if rating["published_on"] == newest else "dim",
        )
    parts.append(ratings if view["ratings"] else Text("No ratings recorded by this date.", style="dim"))

    if view["interventions"]:
        current = _table("Interventions in force", "ID", "Intervention", "Issued", "Deadline", "")
        for item in view["interventions"]:
            current.add_row(
                str(item["id"]),
                _intervention(item),
                display_date(item["issued_on"]),
                display_date(item["deadline_on"]),
                _days(item["days_to_deadline"], past="overdue", future="left"),
            )
        parts.append(current)
    else:
        parts.append(Text("No intervention in force on this date.", style="green"))

    if view["contracts"]:
        live = _table("Contracts live", "ID", "Provider", "Value", "Started", "Ends", "")
        for contract in view["contracts"]:
            live.add_row(
                str(contract["id"]),
                _provider(contract),
                display_money(contract["value_pence"], contract["currency"]),
                display_date(contract["starts_on"]),
                display_date(contract["ended_on"] or contract["ends_on"]) or "open-ended",
                _days(contract["days_left"], past="ago", future="left"),
            )
        parts.append(live)

    if view["past_interventions"] or view["past_contracts"]:
        history = _table("History", "Date", "What", "")
        for item in view["past_interventions"]:
            history.add_row(
                f"{display_date(item['issued_on'])} –\n{display_date(item['ended_on'])}",
                escape(f"{item['kind']}" + (f", {item['issued_by']}" if item["issued_by"] else "")),
                escape(f"{item['end_reason'] or 'ended'} (intervention {item['id']})"),
            )
        for contract in view["past_contracts"]:
            history.add_row(
                f"{display_date(contract['starts_on'])} –\n{display_date(contract['ended_on'] or contract['ends_on'])}",
                "contract: " + _provider(contract),
                escape(f"{display_money(contract['value_pence'], contract['currency'])} (contract {contract['id']})"),
            )
        parts.append(history)

    if view["events"]:
        events = _table("Recent events", "Date", "Event")
        for event in view["events"]:
            events.add_row(display_date(event["happened_on"]), escape(event["summary"]))
        parts.append(events)
    return Group(*parts)


def _change_detail(change: dict) -> str:
    """What the write did: the fields it moved, or the row it added or removed."""
    from intervene import summaries

    before, after = change["before"], change["after"]
    if before and after:
        moved = [f"{key}: {before.get(key) or '∅'} → {after.get(key) or '∅'}" for key in after if before.get(key) != after.get(key)]
        return "; ".join(moved)
    row = after or before
    describe = summaries.BY_TABLE.get(change["table_name"])
    return describe(row, change["council"] or "") if describe else ""


def changes(trail: list[dict]) -> Table:
    table = _table("Changes, newest first", "When (UTC)", "Action", "Row", "Detail")
    for change in trail:
        table.add_row(
            change["changed_at"].replace("T", " ").removesuffix("+00:00"),
            change["action"],
            f"{change['table_name']} {change['row_id']}",
            escape(_change_detail(change)),
        )
    return table
