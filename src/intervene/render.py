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
from intervene.grades import RANK, as_numbered
from intervene.money import display_money

GRADE_STYLES = {1: "bold green", 2: "green", 3: "yellow", 4: "bold red"}


def console() -> Console:
    # No emoji codes: a provider called ":fire: Ltd" is shown as written.
    return Console(highlight=False, emoji=False)


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
NO_WRAP = {"ID", "Issued", "Deadline", "Published", "Inspected", "Started", "Ends", "Value", "Framework", "Date", "",
           "Was", "Now", "Grade", "Moved"}


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
        grade = _grade(rating["grade"])
        grade.append(as_numbered(rating["framework_grade"]), style="dim")
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
    if len(view["rating_history"]) > 1:
        moves = Text("Overall grade over time: ", style="bold")
        for number, rating in enumerate(view["rating_history"]):
            if number:
                moves.append(" ← ", style="dim")
            moves.append_text(_grade(rating["grade"]))
            moves.append(f" {rating['framework']} {display_date(rating['published_on'])}", style="dim")
        parts.append(moves)

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
                _intervention(item)
                + (f"\n[dim]deadline {display_date(item['deadline_on'])}[/dim]" if item["deadline_on"] else ""),
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
    if change["action"] == "import" and "ratings_added" in row:
        # A bulk import is one entry for the whole file.
        return (f"{row['ratings_added']:,} ratings from {row['file']} "
                f"(ids {row['first_id']}–{row['last_id']}; {row['already_recorded']:,} already recorded)")
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


# ---------------------------------------------------------------------------
# Reports. Each takes the plain rows of `reports` and a title saying what was asked.


def _dim(text: str | None) -> str:
    return f"\n[dim]{escape(text)}[/dim]" if text else ""


def under_intervention(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Intervention", "Issued", "Deadline", "Latest rating")
    for row in rows:
        who = "; ".join(
            part for part in (
                f"by {row['issued_by']}" if row["issued_by"] else None,
                f"commissioner {row['commissioner']}" if row["commissioner"] else None,
            ) if part
        )
        deadline = Text(display_date(row["deadline_on"]))
        if row["days_to_deadline"] is not None:
            deadline.append("\n").append_text(_days(row["days_to_deadline"], past="overdue", future="left"))
        latest = _grade(row["latest_grade"]) if row["latest_grade"] else Text("none recorded", style="dim")
        if row["latest_grade"]:
            latest.append(f"\n{row['latest_framework']} {display_date(row['latest_published_on'])}", style="dim")
        table.add_row(
            escape(row["council"]) + _dim(row["region"]),
            escape(row["kind"]) + _dim(who),
            f"{display_date(row['issued_on'])}\n[dim]{row['days_in_intervention']:,} days[/dim]",
            deadline,
            latest,
        )
    return table


def contracts(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Provider", "Value", "Ends", "", "Extension", "Serves")
    for row in rows:
        partners = ", ".join(row["partners"])
        extension = f"to {display_date(row['max_ends_on'])}" if row["extension_possible"] else (
            "ended early" if row["ended_early"] else "none"
        )
        serves = f"{row['intervention_kind']} ({row['intervention_id']})" if row["intervention_id"] else ""
        table.add_row(
            escape(row["council"]) + _dim(row["region"]),
            escape(row["provider"]) + (f"\n[dim]with {escape(partners)}[/dim]" if partners else ""),
            display_money(row["value_pence"], row["currency"]),
            display_date(row["ends_on"]),
            _days(row["days_left"], past="ago", future="left"),
            extension,
            escape(serves),
        )
    return table


def deadlines(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Intervention", "Issued", "Deadline", "")
    for row in rows:
        table.add_row(
            escape(row["council"]) + _dim(row["region"]),
            escape(f"{row['kind']} ({row['intervention_id']})") + _dim(row["summary"]),
            display_date(row["issued_on"]),
            display_date(row["deadline_on"]),
            _days(row["days_to_deadline"], past="overdue", future="left"),
        )
    return table


def ratings(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Region", "Grade", "Framework", "Published")
    for row in rows:
        grade = _grade(row["grade"])
        grade.append(as_numbered(row["framework_grade"]), style="dim")
        table.add_row(
            escape(row["council"]), escape(row["region"] or ""), grade, row["framework"], display_date(row["published_on"])
        )
    return table


def rating_changes(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Was", "Now", "Moved", "Published")
    for row in rows:
        table.add_row(
            escape(row["council"]) + _dim(row["region"]),
            _grade(row["previous_grade"]).append(f"\n{row['previous_framework']} {display_date(row['previous_published_on'])}", style="dim"),
            _grade(row["grade"]).append(f"\n{row['framework']}", style="dim"),
            Text(row["direction"], style="green" if row["direction"] == "up" else "red"),
            display_date(row["published_on"]),
        )
    return table


def timeline(rows: list[dict], title: str) -> Table:
    table = _table(title, "Date", "What", "Fact")
    for row in rows:
        table.add_row(display_date(row["date"]), row["what"], escape(row["summary"]) + _dim(row["source"]))
    return table


def authorities(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "ONS code", "LA", "Region", "Kind", "")
    for row in rows:
        note = "under intervention" if row["under_intervention"] else ""
        if row["ceased_on"]:
            note = f"ceased {display_date(row['ceased_on'])}" + (f" → {row['succeeded_by']}" if row["succeeded_by"] else "")
        table.add_row(
            escape(row["short_name"]), row["ons_code"] or "", str(row["la_code"] or ""),
            escape(row["region"] or ""), row["kind"] or "", Text(note, style="yellow"),
        )
    return table
