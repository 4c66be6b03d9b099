"""The status path seeks by index: no full scan of a table that grows with the data."""

import sqlite3
from datetime import date

from intervene import reports
from intervene.authorities import resolve_authority
from intervene.reports import clauses

GROWING = ("ratings", "interventions", "contracts", "events", "contract_partners", "changes")


def plans_of(connection: sqlite3.Connection, run) -> list[tuple[str, str]]:
    """Every statement `run` executes, with SQLite's plan for it."""
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    run()
    connection.set_trace_callback(None)
    plans = []
    for statement in statements:
        if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}"):
            plans.append((statement, row[3]))
    return plans


def test_status_never_scans_a_growing_table(connection):
    def status():
        reports.status(connection, resolve_authority(connection, "stoke"), date(2026, 11, 24))

    plans = plans_of(connection, status)
    assert plans, "no statement was traced"
    scans = [(plan, statement) for statement, plan in plans if plan.startswith("SCAN") and plan.split()[1] in GROWING]
    assert scans == []


def test_reports_seek_in_force_and_ending_rows_by_index(connection):
    on = {"on": "2026-11-24", "start": "2026-11-24", "until": "2027-05-24"}
    in_force = connection.execute(
        f"EXPLAIN QUERY PLAN SELECT i.id FROM interventions i WHERE {clauses.INTERVENTION_IN_FORCE}", on
    ).fetchall()
    assert any("interventions_by_ended" in row[3] for row in in_force)
    ending = connection.execute(
        "EXPLAIN QUERY PLAN SELECT c.id FROM contracts c WHERE " + clauses.END_WITHIN.format(end=clauses.CONTRACT_END),
        on,
    ).fetchall()
    assert any("contracts_by_last_day_covering" in row[3] for row in ending)


def test_contract_window_reports_read_only_the_covering_index(connection):
    """Every column --expiring and --expired read is in the index they seek, so no row is
    read from the table; a column added to the report must be added to the index too."""
    for report in (
        reports.contracts_expiring(connection, date(2026, 11, 24), date(2027, 5, 24)),
        reports.contracts_expired(connection, date(2026, 11, 24), date(2026, 5, 24)),
    ):
        for run in (report.rows, report.json_lines):
            plans = [plan for _, plan in plans_of(connection, run)]
            assert any(
                plan.startswith("SEARCH c USING COVERING INDEX contracts_by_last_day_covering") for plan in plans
            ), plans
            assert not any(
                plan.startswith(("SEARCH c USING INDEX", "SEARCH c USING INTEGER", "SCAN c")) for plan in plans
            ), plans
