"""The tables, one per report and list: the fields each shows, and the count line beneath it.

Each table is a function of the plain rows of `reports`, a title, and a `Layout` (terminal or
plain, see render.layout), yielding the lines to print. Nothing here imports rich.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from intervene.grades import as_numbered
from intervene.money import display_money
from intervene.render.grid import Field
from intervene.render.lines import change_detail, rating_day
from intervene.render.styled import days_span, grade_style
from intervene.render.words import counted, display_date, issuer_parts
from intervene.reports.council import instrument_name as instrument

if TYPE_CHECKING:
    from intervene.render.layout import Layout


def _get(key: str):
    return lambda row: "" if row[key] is None else str(row[key])


def _day(key: str):
    return lambda row: display_date(row[key])


def _days(key: str, *, past: str, future: str, alarm: bool):
    def text(row: dict) -> str:
        return days_span(row[key], past=past, future=future, alarm=alarm)[0]

    def style(row: dict) -> str:
        return days_span(row[key], past=past, future=future, alarm=alarm)[1]

    return text, style


COUNCIL = Field("Council", _get("council"), fold="name")
REGION = Field("Region", _get("region"), fold="name", under=True)
PUBLISHED = Field("Published", lambda row: rating_day(row["published_on"], row["inspected_on"]), fold="never")


def _instrument(row: dict) -> str:
    return f"{instrument(row)} ({row['intervention_id']})"


def _grade(prefix: str = ""):
    return lambda row: (row[f"{prefix}grade"] or "") + as_numbered(row.get(f"{prefix}framework_grade"))


# ---------------------------------------------------------------------------


def under_intervention(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    """Instruments in force, then (in a table of their own at a terminal) those whose state is
    unconfirmed; piped, one table with a Status column."""
    from intervene.vocab import CONFIRMATION_MONTHS, IN_FORCE

    deadline_text, deadline_style = _days("days_to_deadline", past="overdue", future="left", alarm=True)
    fields = [
        COUNCIL,
        REGION,
        Field("Intervention", _instrument),
        Field("Service", _get("service"), under=True),
        Field("Issued by", lambda row: "; ".join(issuer_parts(row)), under=True),
        Field("Issued", _day("issued_on"), fold="never"),
        Field("Days", lambda row: f"{row['days_in_intervention']:,} days", under=True),
        Field("Deadline", _day("deadline_on"), fold="never"),
        Field("Due", deadline_text, deadline_style, under=True),
        Field("Latest rating", _get("latest_grade"), lambda row: grade_style(row["latest_grade"]), fold="never"),
        Field(
            "Rated",
            lambda row: (
                f"{row['latest_framework']} {rating_day(row['latest_published_on'], row['latest_inspected_on'])}"
                if row["latest_grade"]
                else "none recorded"
            ),
            under=True,
        ),
    ]
    in_force = [row for row in rows if row["status"] == IN_FORCE]
    unconfirmed = [row for row in rows if row["status"] != IN_FORCE]
    councils = len({row["council"] for row in in_force})
    count = f"{counted(len(in_force), 'instrument')} in force at {counted(councils, 'council')}"
    if not layout.terminal:
        yield from layout.table(title, [*fields[:2], Field("Status", _get("status")), *fields[2:]], rows, "")
        return
    if in_force:
        yield from layout.table(title, fields, in_force, count)
    else:
        yield layout.paint(f"{title}: none in force.", "bold")
    if unconfirmed:
        yield ""
        yield from layout.table(
            f"No end recorded; last confirmed in force more than {CONFIRMATION_MONTHS} months before: "
            "state unconfirmed",
            [
                *fields[:5],
                Field("Issued", _day("issued_on"), fold="never"),
                Field("Last confirmed", _day("last_confirmed_on"), fold="never"),
            ],
            unconfirmed,
            f"{counted(len(unconfirmed), 'instrument')} unconfirmed",
        )


def contracts(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    days_text, days_style = _days("days_left", past="ago", future="left", alarm=False)

    def extension(row: dict) -> str:
        if row["extension_possible"]:
            return f"extension to {display_date(row['max_ends_on'])}"
        return "ended early" if row["ended_early"] else "no extension"

    fields = [
        COUNCIL,
        REGION,
        Field("Provider", _get("provider"), fold="name"),
        Field("Partners", lambda row: ", ".join(row["partners"]) and f"with {', '.join(row['partners'])}", under=True),
        Field("Value", lambda row: display_money(row["value_pence"], row["currency"]), fold="never", align="right"),
        Field("Ends", _day("ends_on"), fold="never"),
        Field("Left", days_text, days_style, under=True),
        Field("Extension", extension, under=True),
        Field(
            "Serves",
            lambda row: f"{row['intervention_kind']} ({row['intervention_id']})" if row["intervention_id"] else "",
        ),
    ]
    yield from layout.table(title, fields, rows, counted(len(rows), "contract"))


def deadlines(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    days_text, days_style = _days("days_to_deadline", past="overdue", future="left", alarm=True)
    fields = [
        COUNCIL,
        REGION,
        Field("Intervention", _instrument),
        Field("Summary", _get("summary"), under=True),
        Field("Issued", _day("issued_on"), fold="never"),
        Field("Deadline", _day("deadline_on"), fold="never"),
        Field("Due", days_text, days_style, under=True),
    ]
    overdue = sum(1 for row in rows if row["overdue"])
    yield from layout.table(title, fields, rows, f"{counted(len(rows), 'deadline')}; {overdue} overdue")


def ratings(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    from intervene.vocab import GRADES

    fields = [
        COUNCIL,
        Field("Region", _get("region"), fold="name"),
        Field("Grade", _grade(), lambda row: grade_style(row["grade"]), fold="never"),
        Field("Framework", _get("framework"), fold="never"),
        PUBLISHED,
    ]
    tally = {grade: 0 for grade in GRADES}
    for row in rows:
        tally[row["grade"]] = tally.get(row["grade"], 0) + 1
    split = ", ".join(f"{number} {grade}" for grade, number in tally.items() if number)
    yield from layout.table(title, fields, rows, f"{counted(len(rows), 'council')}: {split}")


def rating_changes(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    fields = [
        COUNCIL,
        REGION,
        Field("Was", _grade("previous_"), lambda row: grade_style(row["previous_grade"]), fold="never"),
        Field(
            "Rated",
            lambda row: (
                f"{row['previous_framework']} {rating_day(row['previous_published_on'], row['previous_inspected_on'])}"
            ),
            under=True,
        ),
        Field("Now", _grade(), lambda row: grade_style(row["grade"]), fold="never"),
        Field("Framework", _get("framework"), under=True),
        Field("Moved", _get("direction"), lambda row: "green" if row["direction"] == "up" else "red", fold="never"),
        PUBLISHED,
    ]
    up = sum(1 for row in rows if row["direction"] == "up")
    yield from layout.table(title, fields, rows, f"{counted(len(rows), 'council')}: {up} up, {len(rows) - up} down")


def timeline(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    """Each fact with its source beneath it; a source shared by the facts before it (the
    judgements of one inspection) is shown once, under the last of them."""
    shown = []
    for number, row in enumerate(rows):
        following = rows[number + 1] if number + 1 < len(rows) else None
        same_next = following is not None and following["source"] == row["source"] and following["date"] == row["date"]
        shown.append({**row, "shown_source": "" if same_next and layout.terminal else (row["source"] or "")})
    fields = [
        Field("Date", _day("date"), fold="never"),
        Field("What", _get("what"), fold="name"),
        Field("Fact", _get("summary")),
        Field("Source", _get("shown_source"), under=True),
    ]
    yield from layout.table(title, fields, shown, counted(len(rows), "fact"))


def authorities(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    def note(row: dict) -> str:
        if row["ceased_on"]:
            successor = f" → {row['succeeded_by']}" if row["succeeded_by"] else ""
            return f"ceased {display_date(row['ceased_on'])}{successor}"
        return "under intervention" if row["under_intervention"] else ""

    fields = [
        COUNCIL._replace(text=_get("short_name")),
        Field("Region", lambda row: " · ".join(filter(None, (row["region"], row["kind"]))), under=True),
        Field("ONS code", _get("ons_code"), fold="never"),
        Field("LA", _get("la_code"), fold="never", align="right"),
        Field("Note", note, "yellow"),
    ]
    if not layout.terminal:  # piped, each its own column
        fields[1:2] = [Field("Region", _get("region")), Field("Kind", _get("kind"))]
    under = sum(1 for row in rows if row["under_intervention"])
    yield from layout.table(title, fields, rows, f"{counted(len(rows), 'council')}; {under} under intervention")


def search(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    """The facts found, best first; the match is marked «so» in the words around it."""
    fields = [
        COUNCIL,
        Field("Date", _day("date"), fold="never"),
        Field("Fact", lambda row: f"{row['kind']} {row['id']}", fold="never"),
        Field("Match", _get("snippet")),
    ]
    yield from layout.table(title, fields, rows, counted(len(rows), "fact"))


def changes(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    fields = [
        Field("When (UTC)", lambda row: _when(row["changed_at"]), fold="never"),
        Field("Action", _action, fold="never"),
        Field("Row", lambda row: f"{row['table_name']} {row['row_id']}", fold="never"),
        Field("Detail", lambda row: change_detail(row, row["council"] or "")),
    ]
    yield from layout.table(title, fields, rows, counted(len(rows), "change"))


def undo(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    """Each change undone, newest first, and what undoing it does."""
    fields = [
        Field("Undoes", lambda row: f"change {row['undoes']} ({row['undone']})", fold="name"),
        COUNCIL,
        Field("Reverse", _reverse),
    ]
    yield from layout.table(title, fields, rows, counted(len(rows), "change"))


def _reverse(row: dict) -> str:
    """What an undo entry does: the fields it moves back, or the row it deletes or puts back."""
    detail = change_detail(row, row["council"] or "")
    if row["before"] and row["after"]:
        return detail
    return f"{'puts back' if row['before'] is None else 'deletes'} {detail}"


def _action(change: dict) -> str:
    """What a change did; an undo names the change it reversed (`undo of 12`)."""
    return change["action"] if change.get("undoes") is None else f"undo of {change['undoes']}"


def _when(stamp: str) -> str:
    """`2026-11-24T10:03:12+00:00` → `24 Nov 2026 10:03`."""
    day, _, time = stamp.partition("T")
    return f"{display_date(day)} {time[:5]}".strip()


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


def over_time(rows: list[dict], title: str, layout: Layout) -> Iterator[str]:
    """The series as a chart (one sparkline a count) over the table of its periods."""
    fields = [Field("Period", _get("period"), fold="never")] + [
        Field(heading, _get(key), fold="never", align="right") for heading, key in OVER_TIME_COLUMNS
    ]
    if not layout.terminal:
        yield from layout.table(title, fields, rows, "")
        return
    yield from layout.prose(title, "bold")
    label_width = max(len(label) for label, _ in OVER_TIME_SERIES)
    for label, key in OVER_TIME_SERIES:
        values = [row[key] for row in rows]
        yield (
            f"{label.ljust(label_width)}  {layout.paint(sparkline(values), 'cyan')}  "
            f"{layout.paint(f'{min(values)}–{max(values)}', 'dim')}"
        )
    yield layout.paint(f"{' ' * label_width}  {rows[0]['period']} … {rows[-1]['period']}", "dim")
    yield ""
    yield from layout.table("", fields, rows, counted(len(rows), "period"))
    yield ""
    yield from layout.prose(OVER_TIME_KEY, "dim")


# Each list's table, by the name of the report (reports.across.SPECS) or command that lists it.
BY_NAME = {
    "under_intervention": under_intervention,
    "contracts": contracts,
    "deadlines": deadlines,
    "ratings": ratings,
    "rating_changes": rating_changes,
    "timeline": timeline,
    "authorities": authorities,
    "changes": changes,
    "undo": undo,
    "search": search,
    "over_time": over_time,
}
