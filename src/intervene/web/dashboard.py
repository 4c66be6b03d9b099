"""The dashboard `intervene serve` shows (datasette-dashboards' configuration): councils
under intervention month by month, the latest overall grades by region, and what ends
or falls due in the next twelve months.

Every rule is the reports' own: the clauses of `reports.clauses`, with the day they are
asked about (`:on`) replaced by a day the query works out (each month's end, or today).
The browser runs these queries itself, through Datasette's read-only SQL.
"""

from __future__ import annotations

from intervene import sqldates
from intervene.reports.clauses import (
    CONTRACT_END,
    CURRENT_AUTHORITY,
    END_WITHIN,
    INTERVENTION_IN_FORCE,
    bind,
    overall_rating_id,
    rank_of,
)
from intervene.vocab import GRADES, INTERVENTION_KINDS

FIRST_MONTH_END = "2005-01-31"
TODAY = "date('now')"
IN_A_YEAR = "date('now', '+12 months')"
ANY_KIND = "any instrument"
# How much of an instrument's summary the table shows; its row has the rest.
SUMMARY_CHARACTERS = 120
# Best to worst, as the reports rank them: greens for good, amber for the middle, red for inadequate.
GRADE_COLOURS = ("#1a7f37", "#5cb85c", "#f0ad4e", "#e8891c", "#c9302c")


def html_text(expression: str) -> str:
    """SQL that escapes the text of `expression` for HTML: the dashboard's table puts each
    value into the page as HTML, and the values came from files and users. NULL stays NULL."""
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("''", "&#39;")):
        expression = f"replace({expression}, '{character}', '{entity}')"
    return expression


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _shortened(expression: str, most: int = SUMMARY_CHARACTERS) -> str:
    cut = f"substr({expression}, 1, {most - 1}) || '…'"
    return f"CASE WHEN length({expression}) > {most} THEN {cut} ELSE {expression} END"


def over_time_sql() -> str:
    """One row a month from January 2005, at each month's end (today, for this month): how many
    councils had an instrument in force, of each kind and of any kind."""
    in_force = bind(INTERVENTION_IN_FORCE, on="d.day")
    per_kind = ",\n  ".join(
        f"count(DISTINCT CASE WHEN i.kind = {_sql_text(kind)} THEN i.authority_id END) AS {_sql_text(kind)}"
        for kind in INTERVENTION_KINDS
    )
    return f"""WITH RECURSIVE month_ends(day) AS (
  SELECT '{FIRST_MONTH_END}'
  UNION ALL
  SELECT date(day, '+1 day', '+1 month', '-1 day') FROM month_ends WHERE day < {TODAY}
),
d AS (SELECT min(day, {TODAY}) AS day FROM month_ends)
SELECT d.day AS month_end,
  count(DISTINCT i.authority_id) AS '{ANY_KIND}',
  {per_kind}
FROM d LEFT JOIN interventions i ON {in_force}
GROUP BY d.day
ORDER BY d.day"""


def grades_by_region_sql() -> str:
    """How many of each region's councils stand at each overall grade today."""
    return f"""SELECT coalesce(a.region, 'no region') AS region, latest.grade AS grade,
  {rank_of("latest.grade")} AS rank, count(*) AS councils
FROM authorities a
JOIN ratings latest ON latest.id = {bind(overall_rating_id("a.id"), on=TODAY)}
WHERE {bind(CURRENT_AUTHORITY, on=TODAY)}
GROUP BY 1, 2
ORDER BY 1, 3"""


def falling_due_sql(database: str) -> str:
    """Contracts whose last day falls in the next twelve months, and deadlines of instruments
    in force that are overdue or fall due in them, soonest first; each links to its row."""
    contract_ends = bind(END_WITHIN.format(end=CONTRACT_END), start=TODAY, until=IN_A_YEAR)
    deadlines_due = bind(INTERVENTION_IN_FORCE, on=TODAY)
    contract_days = sqldates.days_until(CONTRACT_END, TODAY)
    deadline_days = sqldates.days_until("i.deadline_on", TODAY)
    return f"""WITH due AS (
  SELECT {CONTRACT_END} AS due_on, 'contract ends' AS what, a.short_name AS council,
    '<a href="/{database}/contracts/' || c.id || '">contract ' || c.id || '</a>: '
      || {html_text("c.provider")} AS detail,
    {contract_days} AS days_left
  FROM contracts c JOIN authorities a ON a.id = c.authority_id
  WHERE {contract_ends}
  UNION ALL
  SELECT i.deadline_on, CASE WHEN {deadline_days} < 0 THEN 'deadline overdue' ELSE 'deadline' END,
    a.short_name,
    '<a href="/{database}/interventions/' || i.id || '">' || {html_text("i.kind")} || ' ' || i.id || '</a>'
      || coalesce(': ' || {html_text(_shortened("i.summary"))}, ''),
    {deadline_days}
  FROM interventions i JOIN authorities a ON a.id = i.authority_id
  WHERE {deadlines_due} AND i.deadline_on IS NOT NULL AND i.deadline_on <= {IN_A_YEAR}
)
SELECT due_on AS "due", what AS "what", {html_text("council")} AS "council", detail AS "detail",
  days_left AS "days left"
FROM due
UNION ALL
SELECT '', 'nothing ends or falls due in the next 12 months', '', '', ''
WHERE NOT EXISTS (SELECT 1 FROM due)
ORDER BY 1, 3"""


def dashboards(database: str) -> dict:
    """datasette-dashboards' configuration: the one dashboard, `intervention`."""
    return {
        "intervention": {
            "title": "Intervention at a glance",
            "description": (
                "Councils under intervention since 2005, where each region's councils stand now, and what"
                " ends or falls due in the next twelve months. Counted by the same rules as"
                " intervene report: an instrument with no end recorded counts as in force for 12 months"
                " after a source last showed it so."
            ),
            "settings": {"allow_fullscreen": True},
            "layout": [["over-time", "over-time"], ["grades-by-region", "falling-due"]],
            "charts": {
                "over-time": {
                    "title": "Councils under intervention at each month's end, by kind of instrument",
                    "db": database,
                    "query": over_time_sql(),
                    "library": "vega-lite",
                    "display": {
                        "height": 320,
                        "transform": [{"fold": [ANY_KIND, *INTERVENTION_KINDS], "as": ["kind", "councils"]}],
                        "mark": {"type": "line", "point": False, "tooltip": True, "interpolate": "step-after"},
                        "encoding": {
                            "x": {"field": "month_end", "type": "temporal", "title": "month end"},
                            "y": {"field": "councils", "type": "quantitative", "title": "councils"},
                            "color": {
                                "field": "kind",
                                "type": "nominal",
                                "title": "instrument",
                                "sort": [ANY_KIND, *INTERVENTION_KINDS],
                            },
                        },
                    },
                },
                "grades-by-region": {
                    "title": "Latest overall grade of each council, by region",
                    "db": database,
                    "query": grades_by_region_sql(),
                    "library": "vega-lite",
                    "display": {
                        "height": 320,
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "y": {"field": "region", "type": "nominal", "title": None},
                            "x": {"field": "councils", "type": "quantitative", "stack": "zero", "title": "councils"},
                            "color": {
                                "field": "grade",
                                "type": "nominal",
                                "scale": {"domain": list(GRADES), "range": list(GRADE_COLOURS)},
                                "sort": list(GRADES),
                            },
                            "order": {"field": "rank", "type": "quantitative"},
                        },
                    },
                },
                "falling-due": {
                    "title": "Contracts ending and deadlines due in the next 12 months",
                    "db": database,
                    "query": falling_due_sql(database),
                    "library": "table",
                    "display": {},
                },
            },
        }
    }
