"""What the browser says about the data (Datasette's metadata): a title and description for
the instance, the database, every table and every column; which columns to facet and
sort by; the internal table hidden; the canned queries; and the dashboard.

Worded for a reader who has not seen the code: a journalist or an official. The data
model itself is in docs/design.md; a test checks that every column has its words here.
"""

from __future__ import annotations

from intervene.web.dashboard import dashboards

# The name the database is served under, whatever its file is called: /intervene/ratings.
DATABASE = "intervene"

PARTIAL_DATES = (
    "Dates are ISO text at the precision the source gave: a year (2010), a month (2021-12) or a day"
    " (2021-12-03); a partial date is never given a day it did not have."
)


def dated(text: str) -> str:
    """A date column's description, saying what shape its dates take."""
    return text + " ISO date, possibly partial."


SOURCE = "Where this was published: free text naming the publisher, title and date, with its web address."

TABLES: dict[str, dict] = {
    "authorities": {
        "description": (
            "One row per council with children's services duties in England, current or abolished: its"
            " names, codes, region and kind."
        ),
        "columns": {
            "id": "The council's number in this database.",
            "slug": "A short lower-case name for the command line: stoke-on-trent.",
            "name": "The official name: Stoke-on-Trent City Council.",
            "short_name": "What people call it: Stoke-on-Trent.",
            "ons_code": "The Office for National Statistics code: E06000021.",
            "la_code": "The Department for Education's local authority number: 861.",
            "region": "The ONS region.",
            "kind": "Unitary, county, metropolitan borough, London borough or city corporation.",
            "created_on": dated("When the council was created, where known (those created 2019–2023)."),
            "ceased_on": dated("The day the council was abolished, if it has been."),
            "succeeded_by": "Who took over its duties when it was abolished.",
            "source": SOURCE,
        },
        "facets": ["region", "kind"],
        "sort": "short_name",
        "label_column": "short_name",
    },
    "aliases": {
        "description": "Other names a council is known by (official, former and everyday), for finding it by name.",
        "columns": {
            "alias": "The other name; compared without regard to case.",
            "authority_id": "The council it names.",
        },
        "sort": "alias",
    },
    "successions": {
        "description": (
            "Which abolished councils each new council succeeded (2019–2023 reorganisations), so that a new"
            " council's history includes its predecessors' ratings."
        ),
        "columns": {
            "predecessor_id": "The abolished council.",
            "successor_id": "The council that took over its duties.",
        },
    },
    "ratings": {
        "description": (
            "One inspection judgement each: which framework (APA, JAR, CAA, SLAC, CPI, TLAC, SIF, ILACS), what"
            " was judged, and the grade. A council's overall rating is its newest judgement that stands for"
            " the whole service (overall effectiveness, children's services, safeguarding or child"
            " protection). " + PARTIAL_DATES
        ),
        "columns": {
            "id": "The rating's number in this database.",
            "authority_id": "The council inspected.",
            "framework": "The inspection framework: APA, JAR, CAA, SLAC, CPI, TLAC, SIF or ILACS.",
            "judgement": "What was judged, lower case: overall effectiveness, help and protection, children in care…",
            "grade": (
                "The grade in one scale across frameworks: outstanding, good, adequate (used to 2013), requires"
                " improvement (from 2013), inadequate. Adequate and requires improvement rank the same."
            ),
            "framework_grade": "The grade as the inspectorate published it: a number (1–4) or its own words.",
            "inspected_on": dated("When the inspection began, where known."),
            "published_on": dated("When the judgement was published, where known."),
            "dated_on": dated("The day the rating counts from: its publication, else its inspection."),
            "inspectorate": "Who judged: Ofsted, or the joint inspectorates of the time.",
            "source": SOURCE,
            "notes": "Anything a reader should know: what is inferred or uncertain, and why.",
        },
        "facets": ["framework", "grade", "judgement"],
        "sort_desc": "dated_on",
    },
    "interventions": {
        "description": (
            "One legal instrument each: a statutory direction, improvement notice, commissioner appointment"
            " or non-statutory support placed on a council by central government. Nothing here says"
            " 'in force': that follows from the dates. An instrument is in force from its issue until its"
            " end; one with no end recorded counts as in force for 12 months after a source last showed it"
            " so. " + PARTIAL_DATES
        ),
        "columns": {
            "id": "The instrument's number in this database.",
            "authority_id": "The council it was placed on.",
            "kind": (
                "The instrument in law: statutory direction, improvement notice, commissioner appointment or"
                " non-statutory support."
            ),
            "name_at_time": "What it was called at the time, where that differs (such as 'intervention order').",
            "service": "What it covers: children's services, children's social care, education or SEND.",
            "issued_on": dated("When it was issued."),
            "issued_by": "Who issued it: a minister or department.",
            "legal_basis": "The power it was issued under.",
            "commissioner": "The commissioner or adviser appointed, if any.",
            "deadline_on": dated("When the council had to have acted, if a deadline was set."),
            "replaces_id": "The instrument this one revised or replaced, if any.",
            "ended_on": dated(
                "The first day it was no longer in force (lifted, revoked, replaced…). A partial date means"
                " some day in that month or year."
            ),
            "end_reason": "Why it ended: lifted, revoked, replaced, superseded, expired or abolished.",
            "end_source": "Who said it ended, and where: free text with its web address.",
            "last_confirmed_on": dated(
                "For an instrument with no end recorded: the latest day a source showed it still in force."
            ),
            "last_confirmed_source": "The source that showed it still in force on that day.",
            "summary": "What it requires of the council.",
            "source": SOURCE,
            "confidence": "How sure the record is: high, medium or low.",
            "notes": "What is inferred or uncertain, and why ([inferred], [uncertain]).",
        },
        "facets": ["kind", "service", "end_reason", "confidence"],
        "sort_desc": "issued_on",
    },
    "contracts": {
        "description": (
            "Arrangements under which another body (a company, a trust, another council) ran some or all of"
            " a council's children's services. A contract runs from its first day to its last day, both"
            " included. " + PARTIAL_DATES
        ),
        "columns": {
            "id": "The contract's number in this database.",
            "authority_id": "The council whose services it covers.",
            "intervention_id": "The intervention instrument it served, if any.",
            "provider": "Who ran the service.",
            "scope": "What the contract covers.",
            "value_pence": "Its value in pence (or the currency's minor unit): 520000000 is £5.2m.",
            "currency": "Three-letter currency code; GBP unless stated.",
            "starts_on": dated("Its first day."),
            "ends_on": dated("Its planned last day, inclusive."),
            "max_ends_on": dated("The latest last day its extensions allow."),
            "ended_on": dated("Its actual last day, when it ended early."),
            "source": SOURCE,
            "notes": "Anything else a reader should know.",
            "ocid": "For a contract loaded from Open Contracting data: its OCID.",
            "ocds_contract_id": "For a contract loaded from Open Contracting data: its contract id there.",
        },
        "facets": ["provider"],
        "sort_desc": "starts_on",
    },
    "contract_partners": {
        "description": "The other bodies that worked on a contract beside its provider.",
        "columns": {
            "contract_id": "The contract.",
            "partner": "The partner body.",
            "role": "What it did.",
            "joined_on": dated("When it joined, where known."),
            "left_on": dated("When it left, where known."),
            "source": SOURCE,
        },
    },
    "events": {
        "description": "Dated facts for a council's timeline: announcements, visits, decisions. " + PARTIAL_DATES,
        "columns": {
            "id": "The event's number in this database.",
            "authority_id": "The council.",
            "happened_on": dated("When it happened."),
            "summary": "What happened.",
            "source": SOURCE,
            "notes": "Anything a reader should know: what is inferred or uncertain, and why.",
        },
        "sort_desc": "happened_on",
    },
    "changes": {
        "description": (
            "The audit trail: every change recorded with the command line since the database was made, with"
            " the row's values before and after. The shipped data starts with an empty trail."
        ),
        "columns": {
            "id": "The change's number, in the order they were made.",
            "changed_at": "When, in UTC, to the second.",
            "table_name": "Which table was changed.",
            "row_id": "Which row of that table.",
            "authority_id": "The council concerned.",
            "action": "What was done: add, edit, end, reopen, extend, confirm, remove, import or undo.",
            "before": "The row's values before the change, as JSON (empty for an addition).",
            "after": "The row's values after the change, as JSON (empty for a removal).",
            "undoes": "For an undo, the change it reversed.",
        },
        "facets": ["table_name", "action"],
        "sort_desc": "id",
    },
    "_sqlite_migrations": {
        "hidden": True,
        "description": "Internal: which steps of the schema this file has had.",
        "columns": {
            "id": "The step's order.",
            "migration_set": "Always intervene.",
            "name": "The step's name.",
            "applied_at": "When it was applied.",
        },
    },
    "sqlite_sequence": {
        "hidden": True,
        "description": "Internal: the highest id each table has given, so that none is given twice.",
        "columns": {"name": "The table.", "seq": "The highest id it has given."},
    },
    "search_index": {
        "hidden": True,
        "description": (
            "Internal: the words of every fact, for intervene search; kept in step with the tables by triggers."
            " A row's rowid is the fact's id times 8, plus 1 council, 2 rating, 3 intervention, 4 contract, 5 event."
        ),
        "columns": {
            "who": "Names: the council and its aliases, provider and partners, issuer and commissioner.",
            "what": "What the fact says: summary, scope, legal basis, notes.",
            "sources": "Where it was published.",
            "authority_id": "The council.",
            "dated_on": "The fact's date.",
            "search_index": "FTS5's own column, for MATCH.",
            "rank": "FTS5's rank of a match.",
        },
    },
    **{
        f"search_index_{name}": {
            "hidden": True,
            "description": "Internal: part of FTS5's storage of search_index.",
            "columns": dict.fromkeys(columns, "FTS5's own."),
        }
        for name, columns in (
            ("data", ("id", "block")),
            ("idx", ("segid", "term", "pgno")),
            ("content", ("id", "c0", "c1", "c2", "c3", "c4")),
            ("docsize", ("id", "sz")),
            ("config", ("k", "v")),
        )
    },
}


def metadata(queries: dict) -> dict:
    """Datasette's metadata for the database served as DATABASE, with `queries` (canned queries:
    name → sql, title, description, params) offered on its page."""
    return {
        "title": "intervene: government intervention in English councils' children's services",
        "description": (
            "Councils, the inspection ratings they received, the intervention instruments placed on them"
            " and the contracts under which others ran their services, every fact dated and sourced. Read"
            " only: changes are made with the intervene command line, which keeps an audit trail."
        ),
        "databases": {
            DATABASE: {
                "title": "The intervene database",
                "description": (
                    "Start with interventions (the legal instruments), ratings (inspection judgements) and"
                    " contracts; each row names its council and its source. The queries below are the command"
                    " line's reports; the dashboard is under the menu. " + PARTIAL_DATES + " Money is in pence."
                ),
                "tables": TABLES,
                "queries": queries,
            }
        },
        "plugins": {"datasette-dashboards": dashboards(DATABASE)},
    }
