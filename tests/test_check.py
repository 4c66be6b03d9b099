"""intervene check finds what is wrong, even where someone went round the schema."""

import json

import pytest


def test_the_seed_has_no_problems(run):
    result = run("check")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "warning: contract with no end date (neither planned nor actual): 5 contracts: Slough (3); Sunderland (4); "
        "Birmingham (5); Northamptonshire (7); Bradford (9)"
    )
    to_research = [line for line in lines if line.startswith("unconfirmed: ")]
    assert lines[-1] == f"0 problems, 1 warning, {len(to_research)} interventions to research."
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
            "rating with a grade that is not a canonical word: 1 rating: Stoke-on-Trent (1)",
        ),
        (
            "UPDATE ratings SET inspected_on = '2030-01-01' WHERE id = 1",
            "rating published before its inspection: 1 rating: Stoke-on-Trent (1)",
        ),
        (
            "UPDATE interventions SET deadline_on = '1999' WHERE id = 4",
            "intervention with a deadline before it was issued: 1 intervention: North East Lincolnshire (4)",
        ),
        (
            "UPDATE interventions SET end_reason = 'bored' WHERE id = 4",
            "intervention ended for an unknown reason: 1 intervention: North East Lincolnshire (4)",
        ),
        (
            "UPDATE contracts SET ends_on = '2001-02-30' WHERE id = 1",
            "contracts.ends_on that is not a real date: 1 contract: Stoke-on-Trent (1)",
        ),
        (
            "UPDATE events SET happened_on = 'last year' WHERE id = 1",
            "events.happened_on that is not a real date: 1 event: Stoke-on-Trent (1)",
        ),
        (
            "UPDATE contracts SET authority_id = 1 WHERE id = 1",
            "contract serving an intervention of another council: 1 contract: Barking and Dagenham (1)",
        ),
        (
            "INSERT INTO contract_partners (contract_id, partner) VALUES (999, 'Ghost')",
            "partner of a contract that does not exist: 1 missing contract: id 999",
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


# What the add commands now refuse, found in rows written before the rule (or round it).
@pytest.mark.parametrize(
    "sql, line",
    [
        (
            "UPDATE ratings SET grade = 'adequate' WHERE id IN (SELECT id FROM ratings WHERE framework = 'ILACS'"
            " AND authority_id = (SELECT id FROM authorities WHERE slug = 'halton') ORDER BY id LIMIT 3)",
            "problem: rating with a grade its framework did not use: 3 ratings: Halton ({ids})",
        ),
        (
            "UPDATE ratings SET published_on = '2026-12' WHERE id = 1",
            "problem: rating published or inspected in the future: 1 rating: Stoke-on-Trent (1)",
        ),
        (
            "UPDATE ratings SET framework = 'OFSTED' WHERE id = 1",
            "problem: rating under a framework the register does not know: 1 rating: Stoke-on-Trent (1)",
        ),
        (
            "UPDATE authorities SET region = 'Narnia' WHERE slug IN ('halton', 'stoke-on-trent')",
            "problem: council in a region that is not an ONS region: 2 councils: Halton ({halton}); "
            "Stoke-on-Trent ({stoke})",
        ),
        (
            "UPDATE ratings SET judgement = 'nonsense judgement' WHERE id = 1",
            "warning: rating with a judgement its framework's list does not hold: 1 rating: Stoke-on-Trent (1)",
        ),
        (
            "UPDATE authorities SET kind = NULL WHERE slug = 'halton'",
            "warning: council without its kind or region: 1 council: Halton ({halton})",
        ),
    ],
)
def test_old_rows_the_add_commands_now_refuse_are_found(run, connection, db_path, sql, line):
    import sqlite3

    with sqlite3.connect(db_path) as raw:
        raw.execute(sql)
    raw.close()
    halton, stoke = (
        connection.execute("SELECT id FROM authorities WHERE slug = ?", [slug]).fetchone()[0]
        for slug in ("halton", "stoke-on-trent")
    )
    ids = ", ".join(
        str(row[0])
        for row in connection.execute(
            "SELECT id FROM ratings WHERE authority_id = ? AND framework = 'ILACS' AND grade = 'adequate' ORDER BY id",
            [halton],
        )
    )
    result = run("check")
    assert line.format(halton=halton, stoke=stoke, ids=ids) in result.stdout.splitlines()
    assert result.exit_code == (1 if line.startswith("problem") else 0)
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("1 problem, 1 warning, " if line.startswith("problem") else "0 problems, 2 warnings, ")


def test_a_partial_date_in_this_month_is_not_in_the_future(run, db_path):
    import sqlite3

    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE ratings SET published_on = '2026-11', inspected_on = NULL WHERE id = 1")
    raw.close()
    result = run("check")
    assert result.exit_code == 0, result.stdout
