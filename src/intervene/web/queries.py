"""The canned queries `intervene serve` offers: each report's own SQL, as the CLI runs it.

Nothing is written twice. Each query is the statement a report spec builds
(`reports.across.SPECS`), with the values the CLI binds from its parsed options turned,
by the fixed substitutions below, into named parameters a browser form can give. An empty
field means what leaving the option out means on the command line: today, six months,
every region, every kind. A test runs each query and the CLI's `--json` on the same
parameters and compares them row for row.
"""

from __future__ import annotations

from datetime import date

from intervene.reports.across import SPECS, Asked
from intervene.reports.clauses import bind

# The day asked about: `as_of`, else today (UTC, as SQLite knows it).
ON = "coalesce(nullif(:as_of, ''), date('now'))"
# The far edge of a report's window: `until` ahead, `since` back; else six months, as the CLI.
UNTIL = f"coalesce(nullif(:until, ''), date({ON}, '+6 months'))"
SINCE = f"coalesce(nullif(:since, ''), date({ON}, '-6 months'))"

# What each report's query is called in the browser, and the parameters its form offers.
WEB_NAMES = {
    "--under-intervention": ("under_intervention", ("as_of", "region", "kind", "service")),
    "--expiring": ("expiring", ("as_of", "until", "region")),
    "--expired": ("expired", ("as_of", "since", "region")),
    "--deadlines": ("deadlines", ("as_of", "until", "region")),
    "--ratings": ("latest_ratings", ("as_of", "region", "grade", "framework")),
    "--changes": ("rating_changes", ("as_of", "region")),
    "--over-time": ("over_time", ("as_of", "since", "region")),
}
# Where the register begins, as the CLI's --from defaults.
SERIES_START = "coalesce(nullif(:since, ''), '2005-01-01')"


def web_sql(sql: str, flag: str) -> str:
    """A report's statement with its bound values turned into the browser's parameters."""
    window = SINCE if flag == "--expired" else UNTIL
    start = {"--expired": window, "--over-time": SERIES_START}.get(flag, ON)
    # Every region unless one is given (the CLI leaves the condition out instead).
    sql = sql.replace("a.region = :region", "(nullif(:region, '') IS NULL OR a.region = :region)")
    return bind(sql, start=start, end=ON, until=window, on=ON)


def canned_queries() -> dict[str, dict]:
    """Datasette's `queries` metadata: one query a report, titled and described as the CLI's."""
    queries = {}
    example = date(2000, 1, 1)  # any day: only the statement is kept, not its values
    for spec in SPECS:
        name, params = WEB_NAMES[spec.flag]
        asked = Asked(example, example, region="any", kind="any", service="any", grade="any", framework="any")
        report = spec.run(None, asked)  # type: ignore[arg-type]  # built, never run
        queries[name] = {
            "sql": web_sql(report.sql(), spec.flag).strip(),
            "title": f"intervene report {spec.flag}",
            "description": (
                f"{spec.help} The same query as the command line's. Leave as_of empty for today"
                + ("; until or since empty for six months" if spec.window else "")
                + "; filters empty for all."
            ),
            "params": list(params),
        }
    queries["grades_by_year"] = _grades_by_year()
    return queries


def _grades_by_year() -> dict:
    """One council's overall grade at the end of each year, as its status card draws it."""
    from intervene.reports.clauses import OVERALL
    from intervene.reports.council import grades_by_year

    council = "(SELECT id FROM authorities WHERE slug = :council)"
    first_year = (
        "(SELECT CAST(substr(min(dated_on), 1, 4) AS INTEGER) FROM ratings"
        f" WHERE authority_id = {council} AND {OVERALL})"
    )
    sql = grades_by_year(None, 0, 0, 0, date(2000, 1, 1)).sql()  # type: ignore[arg-type]  # built, never run
    sql = bind(sql, authority=council, first=first_year, last=f"CAST(substr({ON}, 1, 4) AS INTEGER)", on=ON)
    return {
        "sql": sql.strip(),
        "title": "Overall grade year by year, one council",
        "description": (
            "The overall grade that stood at the end of each year, from the council's first rating to as_of"
            " (empty: today), as `intervene status` draws it. council is the council's slug, e.g. stoke-on-trent."
        ),
        "params": ["council", "as_of"],
    }
