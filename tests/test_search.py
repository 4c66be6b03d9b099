"""`intervene search`: exact answers from the seed, the filters, bad text, and an index kept in step."""

import json
import sqlite3
from pathlib import Path

import pytest

from intervene import records
from intervene.reports.search import match_expression, search

FIXTURES = Path(__file__).parent / "fixtures"


def found(result) -> list[tuple]:
    assert result.exit_code == 0, result.output
    return [(row["kind"], row["id"], row["council"], row["date"]) for row in json.loads(result.stdout)]


def test_a_commissioner_by_name_finds_every_instrument_naming_her(run):
    rows = found(run("search", "Eleanor Brazil", "--json"))
    assert len(rows) == 15
    assert rows[:3] == [
        ("intervention", 85, "Dudley", "2016-04-05"),
        ("intervention", 157, "Herefordshire", "2022-09-21"),
        ("intervention", 80, "Sandwell", "2015-12"),
    ]
    assert ("intervention", 123, "Stoke-on-Trent", "2019-05-16") in rows
    assert ("intervention", 128, "Stoke-on-Trent", "2019-10-31") in rows
    # Both words matched side by side are marked as one.
    assert json.loads(run("search", "Eleanor Brazil", "--json").stdout)[0]["snippet"] == "DfE · «Eleanor Brazil»"


def test_serco_finds_its_contracts_and_the_story_around_them(run):
    assert found(run("search", "serco", "--json")) == [
        ("contract", 8, "Bradford", "2001"),
        ("contract", 1, "Stoke-on-Trent", "2007-04"),
        ("event", 3, "Stoke-on-Trent", "2009-07"),
        ("event", 2, "Stoke-on-Trent", "2009"),
        ("event", 1, "Stoke-on-Trent", "2007-03"),
        ("intervention", 14, "Stoke-on-Trent", "2006"),
        ("intervention", 17, "Stoke-on-Trent", "2007"),
    ]
    # In any case, and in one council only.
    stoke = found(run("search", "SERCO", "--council", "stoke", "--json"))
    assert [row[1:3] for row in stoke] == [
        (1, "Stoke-on-Trent"),
        (3, "Stoke-on-Trent"),
        (2, "Stoke-on-Trent"),
        (1, "Stoke-on-Trent"),
        (14, "Stoke-on-Trent"),
        (17, "Stoke-on-Trent"),
    ]


def test_trust_since_2015_finds_the_trusts_stemmed_and_dated(run):
    rows = found(run("search", "trust", "--since", "2015", "--json", "--limit", "100"))
    assert len(rows) == 36
    assert rows[:4] == [
        ("contract", 6, "Sandwell", "2018-04-01"),
        ("contract", 7, "Northamptonshire", "2020-11-01"),
        ("contract", 9, "Bradford", "2023-04-01"),
        ("contract", 3, "Slough", "2015-10-01"),
    ]
    assert min(row[3] for row in rows) == "2015"
    # Without --since the earlier trusts come too (Doncaster's, 2014).
    every = found(run("search", "trust", "--json", "--limit", "100"))
    assert len(every) == 42
    assert ("contract", 2, "Doncaster", "2014-10-01") in every
    # --since compares at the coarser precision: a fact dated 2015 may fall after June 2015.
    assert ("intervention", 73, "Slough", "2015") in found(run("search", "trust", "--since", "2015-06", "--json"))


def test_words_with_apostrophes_phrases_prefixes_and_limits(run):
    assert found(run("search", "children's", "--json", "--limit", "2")) == [
        ("contract", 7, "Northamptonshire", "2020-11-01"),
        ("contract", 6, "Sandwell", "2018-04-01"),
    ]
    phrase = json.loads(run("search", '"Eleanor Brazil" stoke', "--json").stdout)
    assert [(row["id"], row["council"]) for row in phrase] == [(128, "Stoke-on-Trent"), (123, "Stoke-on-Trent")]
    assert "«Eleanor Brazil»" in phrase[0]["snippet"]
    # A prefix: "Serc*" finds what "serco" finds.
    assert found(run("search", "Serc*", "--json")) == found(run("search", "serco", "--json"))
    # Councils are found by their names and aliases.
    assert found(run("search", "BCP", "--json"))[0] == (
        "council",
        11,
        "Bournemouth, Christchurch and Poole",
        "2019-04-01",
    )


def test_the_table_and_csv(run):
    result = run("search", "serco", "--council", "bradford", "--table")
    assert result.exit_code == 0
    assert 'Facts about Bradford mentioning "serco", best first' in result.stdout
    assert "contract 8" in result.stdout and "«Serco» (Education Bradford)" in result.stdout
    csv = run("search", "serco", "--csv", "--limit", "1")
    assert csv.stdout == "kind,id,council,date,snippet\ncontract,8,Bradford,2001,«Serco» (Education Bradford)\n"


def test_nothing_found_is_one_line_and_success(run):
    result = run("search", "zanzibar")
    assert (result.exit_code, result.stdout) == (0, 'No facts mention "zanzibar".\n')
    result = run("search", "serco", "--council", "halton", "--since", "2010")
    assert (result.exit_code, result.stdout) == (0, 'No facts about Halton since 2010 mention "serco".\n')
    assert run("search", "zanzibar", "--json").stdout == "[]\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ('"Eleanor Brazil', """Error: '"Eleanor Brazil' has a double quote that is not closed; quote a phrase"""),
        ("-- ; *", "Error: '-- ; *' has no words to search for; give a name or a word, such as serco"),
    ],
)
def test_bad_text_is_one_line(run, text, message):
    result = run("search", "--", text)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output


def test_fts5_syntax_in_the_text_means_itself():
    """What would be FTS5's own syntax is read as words: no search can be a syntax error."""
    assert match_expression("Serco AND (trust OR NOT x") == '"Serco" "AND" "(trust" "OR" "NOT" "x"'
    assert match_expression('say "eleanor  brazil" ser*') == '"say" "eleanor  brazil" "ser"*'


@pytest.mark.parametrize("text", ["NEAR(a b)", "a:b", "^start", "col : x", "{who}: serco", "* serco", "AND OR NOT"])
def test_any_text_runs(connection, text):
    search(connection, text)  # no error


# ---------------------------------------------------------------------------
# The index is kept in step with every table it reads.


def index_rows(connection) -> list[tuple]:
    return [
        tuple(row)
        for row in connection.execute(
            "SELECT rowid, who, what, sources, authority_id, dated_on FROM search_index ORDER BY rowid"
        )
    ]


def refilled_rows(connection) -> list[tuple]:
    """The index as step 10 fills it from the rows as they stand now, in a copy."""
    from intervene.migrations.m010_full_text_search import _FILL

    copy = sqlite3.connect(":memory:")
    connection.backup(copy)
    copy.execute("DELETE FROM search_index")
    for statement in _FILL:
        copy.execute(statement)
    return index_rows(copy)


def assert_in_step(connection):
    assert index_rows(connection) == refilled_rows(connection)
    with connection:  # FTS5's own check of its index, which it runs as an INSERT
        connection.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")


def ids(connection, text):
    return [(row["kind"], row["id"]) for row in search(connection, text)]


def test_the_seeded_index_holds_every_fact(connection):
    assert len(index_rows(connection)) == sum(
        connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("authorities", "ratings", "interventions", "contracts", "events")
    )
    assert_in_step(connection)


def test_insert_update_and_delete_of_each_fact_keep_the_index_in_step(connection):
    halton = connection.execute("SELECT id FROM authorities WHERE slug = 'halton'").fetchone()[0]
    event = records.add_event(connection, authority_id=halton, happened_on="2026-05", summary="Quokka sighted")
    rating = records.add_rating(
        connection, authority_id=halton, framework="ILACS", judgement="overall effectiveness", grade="good",
        framework_grade="Good", published_on="2026-10-01", notes="Wombat inspection",
    )  # fmt: skip
    intervention = records.add_intervention(
        connection, authority_id=halton, kind="improvement notice", issued_on="2026-09", commissioner="Ada Numbat"
    )
    contract = records.add_contract(
        connection, authority_id=halton, provider="Platypus Ltd", starts_on="2026-04", ends_on=None,
        partners=(("Echidna Trust", "partner"),),
    )  # fmt: skip
    council = records.add_authority(
        connection,
        name="Bilby Council",
        short_name="Bilby",
        slug="bilby",
        aliases=("Bilbyshire",),
        kind="unitary",
        region="South West",
    )
    assert_in_step(connection)
    assert ids(connection, "quokka") == [("event", event["id"])]
    assert ids(connection, "wombat") == [("rating", rating["id"])]
    assert ids(connection, "numbat") == [("intervention", intervention["id"])]
    assert ids(connection, "echidna") == [("contract", contract["id"])]
    assert ids(connection, "bilbyshire") == [("council", council["id"])]

    with connection:  # any UPDATE, through the one writer the edit commands use
        records.update_row(connection, "events", event["id"], "add", {"summary": "Kangaroo sighted"})
        records.update_row(connection, "ratings", rating["id"], "add", {"notes": "Koala inspection"})
        records.update_row(connection, "interventions", intervention["id"], "add", {"commissioner": "Ada Dingo"})
        records.update_row(connection, "contracts", contract["id"], "add", {"provider": "Emu Ltd"})
        records.update_row(connection, "authorities", council["id"], "add", {"name": "Dunnart Council"})
        connection.execute(
            "UPDATE contract_partners SET partner = 'Possum Trust' WHERE contract_id = ?", [contract["id"]]
        )
        connection.execute("UPDATE aliases SET alias = 'Dunnartshire' WHERE alias = 'Bilbyshire'")
    assert_in_step(connection)
    for gone in ("quokka", "wombat", "numbat", "platypus", "echidna", "bilbyshire"):
        assert ids(connection, gone) == [], gone
    assert ids(connection, "kangaroo") == [("event", event["id"])]
    assert ids(connection, "koala") == [("rating", rating["id"])]
    assert ids(connection, "dingo") == [("intervention", intervention["id"])]
    assert ids(connection, "emu possum") == [("contract", contract["id"])]
    assert ids(connection, "dunnart") == [("council", council["id"])]
    assert ids(connection, "dunnartshire") == [("council", council["id"])]
    # A change of date or council moves the fact for the filters too.
    with connection:
        records.update_row(connection, "events", event["id"], "add", {"happened_on": "2010"})
    assert [row["date"] for row in search(connection, "kangaroo")] == ["2010"]
    assert search(connection, "kangaroo", since="2011") == []

    with connection:
        connection.execute("DELETE FROM contract_partners WHERE contract_id = ?", [contract["id"]])
        connection.execute("DELETE FROM aliases WHERE alias = 'Dunnartshire'")
    assert_in_step(connection)
    assert ids(connection, "possum") == [] and ids(connection, "dunnartshire") == []
    for kind, row in (("event", event), ("rating", rating), ("contract", contract), ("intervention", intervention)):
        records.remove(connection, kind, row["id"])
    with connection:
        connection.execute("DELETE FROM authorities WHERE id = ?", [council["id"]])
    assert_in_step(connection)
    for gone in ("kangaroo", "koala", "dingo", "emu", "dunnart"):
        assert ids(connection, gone) == [], gone


def test_edit_alias_cascade_and_undo_keep_the_index_in_step(run, connection):
    """Every write of the correcting commands goes through the triggers too: an edited word is
    found and the old one not; a council removed with its facts leaves nothing in the index, and
    undoing all of it brings each fact back under its id."""
    stoke = connection.execute("SELECT id FROM authorities WHERE slug = 'stoke-on-trent'").fetchone()[0]
    before = index_rows(connection)
    assert run("edit", "event", "1", "--summary", "Wallaby partnership chosen").exit_code == 0
    assert run("add-alias", "stoke", "Potteries").exit_code == 0
    assert_in_step(connection)
    assert found(run("search", "wallaby", "--json")) == [("event", 1, "Stoke-on-Trent", "2007-03")]
    assert ids(connection, "potteries") == [("council", stoke)]
    assert run("undo", "2").exit_code == 0
    assert_in_step(connection)
    assert ids(connection, "wallaby") == [] and ids(connection, "potteries") == []
    assert index_rows(connection) == before

    result = run("remove", "authority", str(stoke), "--cascade", "--yes")
    assert result.exit_code == 0, result.output
    assert_in_step(connection)
    assert [row for row in index_rows(connection) if row[4] == stoke] == []
    assert run("undo", "32").exit_code == 0
    assert_in_step(connection)
    # The same words for each fact (a council's aliases come back in another order).
    assert words_of(index_rows(connection)) == words_of(before)


def words_of(rows: list[tuple]) -> list[tuple]:
    return [tuple(sorted(value.split()) if isinstance(value, str) else value for value in row) for row in rows]


def test_a_contracts_partners_go_from_the_index_with_it(connection):
    records.remove(connection, "contract", 1)  # Serco's, with its three partners
    assert_in_step(connection)
    assert ("contract", 1) not in ids(connection, "serco")


def test_an_upgraded_database_is_indexed_from_its_rows(tmp_path):
    from intervene.db import open_database

    path = tmp_path / "v8.db"
    with sqlite3.connect(path) as old:
        old.executescript((FIXTURES / "schema-v8.sql").read_text())
    old.close()
    connection = open_database(path)
    assert_in_step(connection)
    assert ids(connection, "Eleanor Brazil") == [("intervention", 3), ("event", 4)]
    assert ids(connection, "tact") == [("contract", 1)]
