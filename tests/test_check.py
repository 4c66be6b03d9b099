"""intervene check finds what is wrong, even where someone went round the schema."""

import json

import pytest


def test_the_seed_has_no_problems(run):
    result = run("check")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("warning: contract with no end date (neither planned nor actual): id ")
    to_research = [line for line in lines if line.startswith("unconfirmed: ")]
    assert lines[-1] == f"0 problems, 1 warnings, {len(to_research)} interventions to research."
    assert to_research, "the seed has instruments no source confirms in the last 12 months"
    listed = json.loads(run("check", "--json").stdout)["unconfirmed"]
    assert len(listed) == len(to_research)
    confirmed = [item["last_confirmed_on"] for item in listed]
    assert confirmed == sorted(confirmed)  # oldest confirmation first
    assert all(item["last_confirmed_source"] for item in listed)


@pytest.mark.parametrize(
    "sql, problem",
    [
        (
            "UPDATE ratings SET grade = 'splendid' WHERE id = 1",
            "rating with a grade that is not a canonical word: id 1",
        ),
        ("UPDATE ratings SET inspected_on = '2030-01-01' WHERE id = 1", "rating published before its inspection: id 1"),
        (
            "UPDATE interventions SET deadline_on = '1999' WHERE id = 4",
            "intervention with a deadline before it was issued: id 4",
        ),
        (
            "UPDATE interventions SET end_reason = 'bored' WHERE id = 4",
            "intervention ended for an unknown reason: id 4",
        ),
        ("UPDATE contracts SET ends_on = '2001-02-30' WHERE id = 1", "contracts.ends_on that is not a real date: id 1"),
        (
            "UPDATE events SET happened_on = 'last year' WHERE id = 1",
            "events.happened_on that is not a real date: id 1",
        ),
        (
            "UPDATE contracts SET authority_id = 1 WHERE id = 1",
            "contract serving an intervention of another council: id 1",
        ),
        (
            "INSERT INTO contract_partners (contract_id, partner) VALUES (999, 'Ghost')",
            "partner of a contract that does not exist: id 999",
        ),
        (
            "UPDATE ratings SET authority_id = 99999 WHERE id = 1",
            "foreign key: ratings row 1 points to a missing authorities row",
        ),
    ],
)
def test_problems_are_found_and_exit_1(run, db_path, sql, problem):
    import sqlite3

    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA ignore_check_constraints = ON")
        raw.execute(sql)
    raw.close()
    result = run("check")
    assert result.exit_code == 1
    assert f"problem: {problem}" in result.stdout.splitlines()
    found = json.loads(run("check", "--json").stdout)["problems"]
    assert any(f"{item['check']}: {item['detail']}" == problem for item in found)
