"""The report tables, one per report, from the plain rows of `reports`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from intervene.grades import as_numbered
from intervene.money import display_money
from intervene.render.lines import rating_day
from intervene.render.styles import days_text, grade_text
from intervene.render.words import display_date, issuer_parts
from intervene.reports.council import instrument_name as instrument
from intervene.visible import visible

if TYPE_CHECKING:
    from rich.console import Group


# Short columns (dates, grades, amounts) never wrap; prose columns take what is left.
NO_WRAP = {"Issued", "Deadline", "Published", "Ends", "Value", "Framework", "Date", "", "Was", "Now", "Grade", "Moved"}


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in NO_WRAP)
    return table


def changes(trail: list[dict]) -> Table:
    table = _table("Changes, newest first", "When (UTC)", "Action", "Row", "Detail")
    from intervene.render.lines import change_detail

    for change in trail:
        table.add_row(
            change["changed_at"].replace("T", " ").removesuffix("+00:00"),
            change["action"] if change.get("undoes") is None else f"undo of {change['undoes']}",
            f"{change['table_name']} {change['row_id']}",
            _safe(change_detail(change, change["council"] or "")),
        )
    return table


# ---------------------------------------------------------------------------
# Reports. Each takes the plain rows of `reports` and a title saying what was asked.


def _safe(text: str) -> str:
    """Text from a user or a file, as a cell: its markup escaped and its control characters shown."""
    return escape(visible(text))


def _dim(text: str | None) -> str:
    return f"\n[dim]{_safe(text)}[/dim]" if text else ""


def under_intervention(rows: list[dict], title: str) -> Group:
    """Instruments in force, then (in a table of their own) those whose state is unconfirmed."""
    from rich.console import Group

    from intervene.vocab import CONFIRMATION_MONTHS, IN_FORCE

    in_force = [row for row in rows if row["status"] == IN_FORCE]
    unconfirmed = [row for row in rows if row["status"] != IN_FORCE]
    parts: list = []
    if in_force:
        table = _table(title, "Council", "Intervention", "Issued", "Deadline", "Latest rating")
        for row in in_force:
            deadline = Text(display_date(row["deadline_on"]))
            if row["days_to_deadline"] is not None:
                deadline.append("\n").append_text(days_text(row["days_to_deadline"], past="overdue", future="left"))
            latest = grade_text(row["latest_grade"]) if row["latest_grade"] else Text("none recorded", style="dim")
            if row["latest_grade"]:
                latest.append(
                    f"\n{row['latest_framework']} "
                    f"{rating_day(row['latest_published_on'], row['latest_inspected_on'], short=True)}",
                    style="dim",
                )
            table.add_row(
                _safe(row["council"]) + _dim(row["region"]),
                _instrument_cell(row),
                f"{display_date(row['issued_on'])}\n[dim]{row['days_in_intervention']:,} days[/dim]",
                deadline,
                latest,
            )
        parts.append(table)
    else:
        parts.append(Text(f"{title}: none in force.", style="bold"))
    if unconfirmed:
        table = _table(
            f"No end recorded; last confirmed in force more than {CONFIRMATION_MONTHS} months before: "
            "state unconfirmed",
            "Council",
            "Intervention",
            "Issued",
            "Last confirmed",
        )
        for row in unconfirmed:
            table.add_row(
                _safe(row["council"]) + _dim(row["region"]),
                _instrument_cell(row),
                display_date(row["issued_on"]),
                display_date(row["last_confirmed_on"]),
            )
        parts += [Text(""), table]
    return Group(*parts)


def _instrument_cell(row: dict) -> str:
    """The instrument and its id, with the service, issuer and commissioner beneath, dim."""
    detail = "; ".join(filter(None, [row["service"], *issuer_parts(row)]))
    return _safe(f"{instrument(row)} ({row['intervention_id']})") + _dim(detail)


def contracts(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Provider", "Value", "Ends", "", "Extension", "Serves")
    for row in rows:
        partners = ", ".join(row["partners"])
        extension = (
            f"to {display_date(row['max_ends_on'])}"
            if row["extension_possible"]
            else ("ended early" if row["ended_early"] else "none")
        )
        serves = f"{row['intervention_kind']} ({row['intervention_id']})" if row["intervention_id"] else ""
        table.add_row(
            _safe(row["council"]) + _dim(row["region"]),
            _safe(row["provider"]) + _dim(partners and f"with {partners}"),
            display_money(row["value_pence"], row["currency"]),
            display_date(row["ends_on"]),
            days_text(row["days_left"], past="ago", future="left"),
            extension,
            _safe(serves),
        )
    return table


def deadlines(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Intervention", "Issued", "Deadline", "")
    for row in rows:
        table.add_row(
            _safe(row["council"]) + _dim(row["region"]),
            _safe(f"{instrument(row)} ({row['intervention_id']})") + _dim(row["summary"]),
            display_date(row["issued_on"]),
            display_date(row["deadline_on"]),
            days_text(row["days_to_deadline"], past="overdue", future="left"),
        )
    return table


def ratings(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Region", "Grade", "Framework", "Published")
    for row in rows:
        grade = grade_text(row["grade"])
        grade.append(as_numbered(row["framework_grade"]), style="dim")
        table.add_row(
            _safe(row["council"]),
            _safe(row["region"] or ""),
            grade,
            row["framework"],
            rating_day(row["published_on"], row["inspected_on"], short=True),
        )
    return table


def rating_changes(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "Was", "Now", "Moved", "Published")
    for row in rows:
        table.add_row(
            _safe(row["council"]) + _dim(row["region"]),
            grade_text(row["previous_grade"]).append(
                f"\n{row['previous_framework']} "
                f"{rating_day(row['previous_published_on'], row['previous_inspected_on'], short=True)}",
                style="dim",
            ),
            grade_text(row["grade"]).append(f"\n{row['framework']}", style="dim"),
            Text(row["direction"], style="green" if row["direction"] == "up" else "red"),
            rating_day(row["published_on"], row["inspected_on"], short=True),
        )
    return table


def timeline(rows: list[dict], title: str) -> Table:
    table = _table(title, "Date", "What", "Fact")
    for row in rows:
        table.add_row(display_date(row["date"]), row["what"], _safe(row["summary"]) + _dim(row["source"]))
    return table


def authorities(rows: list[dict], title: str) -> Table:
    table = _table(title, "Council", "ONS code", "LA", "Region", "Kind", "")
    for row in rows:
        note = "under intervention" if row["under_intervention"] else ""
        if row["ceased_on"]:
            note = f"ceased {display_date(row['ceased_on'])}" + (
                f" → {row['succeeded_by']}" if row["succeeded_by"] else ""
            )
        table.add_row(
            _safe(row["short_name"]),
            row["ons_code"] or "",
            str(row["la_code"] or ""),
            _safe(row["region"] or ""),
            row["kind"] or "",
            Text(note, style="yellow"),
        )
    return table


# Each list's table, by the name of the report (reports.across.SPECS) or command that lists it.
BY_NAME = {
    "under_intervention": under_intervention,
    "contracts": contracts,
    "deadlines": deadlines,
    "ratings": ratings,
    "rating_changes": rating_changes,
    "timeline": timeline,
    "authorities": authorities,
}


SPARKS = "▁▂▃▄▅▆▇█"
# The widest a sparkline is drawn: a longer series is sampled at its last points of each stretch.
SPARK_WIDTH = 48
OVER_TIME_SERIES = (
    ("under intervention", "councils_under_intervention"),
    ("  statutory direction", "statutory_direction"),
    ("  improvement notice", "improvement_notice"),
    ("  commissioner", "commissioner_appointment"),
    ("  non-statutory support", "non_statutory_support"),
    ("unconfirmed", "councils_unconfirmed"),
    ("rated inadequate", "rated_inadequate"),
)


def sparkline(values: list[int], width: int = SPARK_WIDTH) -> str:
    """The series in eighth-blocks, scaled from nothing to its largest value."""
    if len(values) > width:
        values = [values[(index + 1) * len(values) // width - 1] for index in range(width)]
    top = max(values, default=0)
    if not top:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, value * len(SPARKS) // (top + 1))] for value in values)


# The series' columns: a short heading each, so that a year's row fits 80 columns unfolded.
OVER_TIME_COLUMNS = (
    ("Under", "councils_under_intervention"),
    ("Dir", "statutory_direction"),
    ("Note", "improvement_notice"),
    ("Comm", "commissioner_appointment"),
    ("Supp", "non_statutory_support"),
    ("Unconf", "councils_unconfirmed"),
    ("Out", "rated_outstanding"),
    ("Good", "rated_good"),
    ("Adeq", "rated_adequate"),
    ("RI", "rated_requires_improvement"),
    ("Inad", "rated_inadequate"),
    ("None", "councils_not_rated"),
)
OVER_TIME_KEY = (
    "Under: councils under intervention; Dir, Note, Comm, Supp: under a statutory direction, an"
    " improvement notice, a commissioner, non-statutory support; Unconf: with an instrument too long"
    " unconfirmed to count; Out, Good, Adeq, RI, Inad: councils whose latest overall grade was that;"
    " None: councils with no overall rating recorded (before 2012 most: only the grades sources name are held)."
)


def over_time(rows: list[dict], title: str) -> Group:
    """The series as a chart (one sparkline a count) over the table of its periods."""
    from rich.console import Group

    chart = Table(box=None, show_header=False, expand=False)
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True, style="cyan")
    chart.add_column(no_wrap=True, justify="right", style="dim")
    for label, key in OVER_TIME_SERIES:
        values = [row[key] for row in rows]
        chart.add_row(label, sparkline(values), f"{min(values)}–{max(values)}")
    chart.add_row("", f"{rows[0]['period']} … {rows[-1]['period']}", "", style="dim")
    # Numbers need no padding beside the column's own space: twelve columns fit 60.
    table = Table(box=box.SIMPLE_HEAD, expand=False, padding=0, pad_edge=False)
    table.add_column("Period", no_wrap=True, min_width=len("Period"))
    for heading, _ in OVER_TIME_COLUMNS:
        table.add_column(heading, no_wrap=True, justify="right", min_width=len(heading))
    for row in rows:
        table.add_row(row["period"], *(str(row[key]) for _, key in OVER_TIME_COLUMNS))
    return Group(Text(title, style="bold"), chart, table, Text(OVER_TIME_KEY, style="dim"))


BY_NAME["over_time"] = over_time
