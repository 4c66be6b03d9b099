"""The writers, called directly: rows written, checks made, changes audited."""

import json
from datetime import date

import pytest

from conftest import counts
from intervene import records
from intervene.authorities import resolve_authority
from intervene.db import write_transaction
from intervene.errors import InterveneError


@pytest.fixture
def halton(connection):
    return resolve_authority(connection, "halton")["id"]


def test_add_rating_writes_the_row_and_its_change(connection, halton):
    row = records.add_rating(
        connection,
        authority_id=halton,
        framework="ILACS",
        judgement="Overall  Effectiveness",
        grade="good",
        framework_grade="Good",
        inspected_on="2024-01-08",
        published_on="2024-02-20",
        source="Ofsted report",
    )
    assert row["judgement"] == "overall effectiveness"
    assert (row["grade"], row["framework_grade"], row["published_on"]) == ("good", "Good", "2024-02-20")
    change = connection.execute("SELECT * FROM changes ORDER BY id DESC").fetchone()
    assert (change["table_name"], change["row_id"], change["action"], change["authority_id"]) == (
        "ratings",
        row["id"],
        "add",
        halton,
    )
    assert change["before"] is None
    assert json.loads(change["after"]) == row


def test_duplicate_rating_is_refused_with_the_existing_id(connection):
    stoke = resolve_authority(connection, "stoke")["id"]
    before = counts(connection)
    with pytest.raises(
        InterveneError,
        match=r"already recorded as rating \d+ \(ILACS, overall effectiveness, published 18 Mar 2019\)",
    ):
        records.add_rating(
            connection,
            authority_id=stoke,
            framework="ILACS",
            judgement="overall effectiveness",
            grade="inadequate",
            framework_grade="Inadequate",
            published_on="2019-03-18",
        )
    assert counts(connection) == before


def test_published_before_inspected_is_refused(connection, halton):
    with pytest.raises(InterveneError, match="published 1 Jan 2024 is before the inspection on 8 Jan 2024"):
        records.add_rating(
            connection,
            authority_id=halton,
            framework="ILACS",
            judgement="overall effectiveness",
            grade="good",
            framework_grade="Good",
            inspected_on="2024-01-08",
            published_on="2024-01-01",
        )


def test_end_intervention_checks_and_audits(connection, halton):
    added = records.add_intervention(connection, authority_id=halton, kind="improvement notice", issued_on="2026-01")
    with pytest.raises(InterveneError, match="the end 31 Dec 2025 is before the intervention was issued"):
        records.end_intervention(connection, added["id"], ended_on="2025-12-31", reason="lifted")
    ended = records.end_intervention(connection, added["id"], ended_on="2026-06-30", reason="lifted")
    assert (ended["ended_on"], ended["end_reason"]) == ("2026-06-30", "lifted")
    change = connection.execute("SELECT action, before, after FROM changes ORDER BY id DESC").fetchone()
    assert change["action"] == "end"
    assert json.loads(change["before"])["ended_on"] is None
    assert json.loads(change["after"])["ended_on"] == "2026-06-30"
    with pytest.raises(InterveneError, match=f"intervention {added['id']} already ended on 30 Jun 2026"):
        records.end_intervention(connection, added["id"], ended_on="2026-07-01", reason=None)


def test_contracts_extend_within_their_maximum(connection, halton):
    added = records.add_contract(
        connection,
        authority_id=halton,
        provider="Acme",
        starts_on="2026-04-01",
        ends_on="2029-03-31",
        max_ends_on="2030-03-31",
        value_pence=250_000_000,
        partners=(("Beta", "fostering"),),
    )
    partners = connection.execute(
        "SELECT partner, role FROM contract_partners WHERE contract_id = ?", [added["id"]]
    ).fetchall()
    assert [tuple(p) for p in partners] == [("Beta", "fostering")]
    assert records.extend_contract(connection, added["id"], ends_on="2030-03-31")["ends_on"] == "2030-03-31"
    with pytest.raises(InterveneError, match="past the latest end the contract allows"):
        records.extend_contract(connection, added["id"], ends_on="2031-03-31")
    forced = records.extend_contract(connection, added["id"], ends_on="2031-03-31", force=True)
    assert (forced["ends_on"], forced["max_ends_on"]) == ("2031-03-31", "2031-03-31")
    with pytest.raises(InterveneError, match="does not extend contract"):
        records.extend_contract(connection, added["id"], ends_on="2028-01-01")


def test_a_contract_cannot_serve_another_councils_intervention(connection, halton):
    stoke_order = connection.execute(
        "SELECT id FROM interventions WHERE name_at_time = 'intervention order'"
    ).fetchone()[0]
    with pytest.raises(InterveneError, match=f"intervention {stoke_order} is about another council"):
        records.add_contract(
            connection,
            authority_id=halton,
            provider="Acme",
            starts_on="2026",
            ends_on="2027",
            intervention_id=stoke_order,
        )


def test_remove_keeps_the_last_values_in_changes(connection):
    serco = connection.execute("SELECT id FROM contracts WHERE provider = 'Serco'").fetchone()[0]
    before = counts(connection)
    removed = records.remove(connection, "contract", serco)
    after = counts(connection)
    assert (after["contracts"], after["contract_partners"]) == (
        before["contracts"] - 1,
        before["contract_partners"] - 3,
    )
    change = connection.execute("SELECT action, before, after FROM changes ORDER BY id DESC").fetchone()
    assert change["action"] == "remove" and change["after"] is None
    before = json.loads(change["before"])
    assert before == removed
    assert [p["partner"] for p in before["partners"]] == ["Care and Health", "Shaftesbury Young People", "Tact"]


def test_removing_an_intervention_unlinks_its_contracts(connection):
    order = connection.execute("SELECT id FROM interventions WHERE name_at_time = 'intervention order'").fetchone()[0]
    removed = records.remove(connection, "intervention", order)
    serco = connection.execute("SELECT id FROM contracts WHERE provider = 'Serco'").fetchone()[0]
    assert removed["contracts_unlinked"] == [serco]
    assert connection.execute("SELECT intervention_id FROM contracts WHERE id = ?", [serco]).fetchone()[0] is None


def test_a_failed_write_leaves_nothing_behind(connection, halton):
    before = counts(connection)
    with pytest.raises(InterveneError):
        records.add_contract(
            connection, authority_id=halton, provider="Acme", starts_on="2026", ends_on="2027", intervention_id=999_999
        )
    assert counts(connection) == before
    assert not connection.in_transaction


def test_add_authority_refuses_clashing_codes(connection):
    with pytest.raises(InterveneError, match="Stoke-on-Trent already has the ONS code E06000021"):
        records.add_authority(
            connection,
            name="New Council",
            short_name="New",
            slug="new",
            ons_code="E06000021",
            kind="unitary",
            region="London",
        )
    with pytest.raises(InterveneError, match="the alias 'stoke' already names Stoke-on-Trent"):
        records.add_authority(
            connection,
            name="New Council",
            short_name="New",
            slug="new",
            kind="unitary",
            region="London",
            aliases=("stoke",),
        )
    assert connection.execute("SELECT count(*) FROM authorities WHERE slug = 'new'").fetchone()[0] == 0


def test_only_a_tables_own_columns_are_written(connection, halton):
    """Column names go into the SQL, so a name that is not one of the table's is refused before any SQL."""
    before = counts(connection)
    with pytest.raises(ValueError, match="events has no column 'summary = 1; DROP TABLE events; --'"):
        with write_transaction(connection):
            records.insert_row(
                connection,
                "events",
                {"authority_id": halton, "happened_on": "2026-01-01", "summary = 1; DROP TABLE events; --": "x"},
            )
    with pytest.raises(ValueError, match="no_such_table has no column 'id'"):
        with write_transaction(connection):
            records.insert_row(connection, "no_such_table", {"id": 1})
    serco = connection.execute("SELECT id FROM contracts WHERE provider = 'Serco'").fetchone()[0]
    with pytest.raises(ValueError, match="contracts has no column 'nonsense'"):
        with write_transaction(connection):
            records.update_row(connection, "contracts", serco, "extend", {"ends_on": "2099", "nonsense": 1})
    assert counts(connection) == before


def test_a_refused_council_is_called_a_council(connection):
    with pytest.raises(InterveneError, match="^the council was refused by the database: CHECK constraint failed"):
        records.add_authority(
            connection,
            name="New Council",
            short_name="New",
            slug="new",
            kind="unitary",
            region="London",
            created_on="soon",
        )
    with pytest.raises(InterveneError, match="^there is no council with id 999999$"):
        records.add_succession(connection, predecessor_id=999_999, successor_id=1)


@pytest.fixture
def serco(connection):
    """Stoke's Serco contract: from April 2007 to March 2010, that is to 31 March 2010."""
    row = connection.execute("SELECT id, ends_on FROM contracts WHERE provider = 'Serco'").fetchone()
    assert row["ends_on"] == "2010-03"
    return row["id"]


def test_an_extension_moves_the_last_day_later_by_the_days_each_end_covers(connection, serco):
    """`2010-03-01` is not before `2010-03` at the coarser precision, yet it is 30 days shorter."""
    before = counts(connection)
    with pytest.raises(
        InterveneError,
        match=f"^1 Mar 2010 does not extend contract {serco}: "
        "that would move its last day from 31 Mar 2010 back to 1 Mar 2010$",
    ):
        records.extend_contract(connection, serco, ends_on="2010-03-01")
    with pytest.raises(
        InterveneError, match="^31 Mar 2010 does not extend contract .*: its last day is already 31 Mar 2010$"
    ):
        records.extend_contract(connection, serco, ends_on="2010-03-31")
    assert counts(connection) == before
    assert records.row(connection, "contract", serco)["ends_on"] == "2010-03"
    assert records.extend_contract(connection, serco, ends_on="2010-04-01")["ends_on"] == "2010-04-01"
    # A coarser end that runs later is an extension, though it is the same year at the coarser precision.
    assert records.extend_contract(connection, serco, ends_on="2010")["ends_on"] == "2010"


def test_the_latest_end_an_extension_allows_is_its_last_day(connection, halton):
    added = records.add_contract(
        connection,
        authority_id=halton,
        provider="Acme",
        starts_on="2026-04-01",
        ends_on="2029-03-31",
        max_ends_on="2030-03-15",
    )
    with pytest.raises(
        InterveneError,
        match=r"^Mar 2030 \(to 31 Mar 2030\) is past the latest end the contract allows \(15 Mar 2030\); "
        "use --force",
    ):
        records.extend_contract(connection, added["id"], ends_on="2030-03")
    forced = records.extend_contract(connection, added["id"], ends_on="2030-03", force=True)
    assert (forced["ends_on"], forced["max_ends_on"]) == ("2030-03", "2030-03")


def test_a_contracts_last_days_are_in_order_when_it_is_added(connection, halton):
    before = counts(connection)
    contract = {"authority_id": halton, "provider": "Acme", "starts_on": "2026-04-01", "ends_on": "2029-03"}
    with pytest.raises(
        InterveneError,
        match=r"^the latest extended end \(15 Mar 2029\) is before the end \(Mar 2029 \(to 31 Mar 2029\)\)$",
    ):
        records.add_contract(connection, **contract, max_ends_on="2029-03-15")
    with pytest.raises(InterveneError, match=r"^2029 \(to 31 Dec 2029\) is not an early end: the contract is"):
        records.add_contract(connection, **contract, ended_on="2029")
    assert counts(connection) == before
    assert records.add_contract(connection, **contract, max_ends_on="2029-03-31", ended_on="2029-03")["id"]


def test_an_early_end_is_not_after_the_planned_last_day(connection, serco):
    before = counts(connection)
    with pytest.raises(
        InterveneError,
        match=f"^31 Dec 2015 is not an early end: contract {serco} is planned to end "
        r"Mar 2010 \(to 31 Mar 2010\); record an extension first if it ran longer$",
    ):
        records.end_contract(connection, serco, ended_on="2015-12-31")
    with pytest.raises(InterveneError, match=r"^2010 \(to 31 Dec 2010\) is not an early end"):
        records.end_contract(connection, serco, ended_on="2010")
    assert counts(connection) == before
    assert records.end_contract(connection, serco, ended_on="2010-03")["ended_on"] == "2010-03"


def test_a_contract_with_no_end_can_end_any_day_from_its_start(connection):
    trust = connection.execute(
        "SELECT id FROM contracts WHERE ends_on IS NULL AND starts_on = '2018-04-01' AND ended_on IS NULL"
    ).fetchone()[0]
    with pytest.raises(InterveneError, match="cannot end .2017. before it started .1 Apr 2018."):
        records.end_contract(connection, trust, ended_on="2017")
    assert records.end_contract(connection, trust, ended_on="2018")["ended_on"] == "2018"


def test_extending_by_a_length_counts_from_the_end_read_in_the_same_write(connection, serco, halton):
    assert records.extend_contract(connection, serco, by="1y")["ends_on"] == "2011-03"
    assert records.extend_contract(connection, serco, by="1y 6m")["ends_on"] == "2012-09"
    change = connection.execute("SELECT before, after FROM changes ORDER BY id DESC").fetchone()
    assert (json.loads(change["before"])["ends_on"], json.loads(change["after"])["ends_on"]) == ("2011-03", "2012-09")
    open_ended = records.add_contract(connection, authority_id=halton, provider="Acme", starts_on="2026", ends_on=None)
    with pytest.raises(InterveneError, match=f"^contract {open_ended['id']} has no end to extend; use --to DATE$"):
        records.extend_contract(connection, open_ended["id"], by="1y")
    with pytest.raises(InterveneError, match="'ever' is not a length of time"):
        records.extend_contract(connection, serco, by="ever")
    with pytest.raises(ValueError):
        records.extend_contract(connection, serco, ends_on="2020", by="1y")
    assert not connection.in_transaction


def test_a_confirmation_moves_on_the_last_day_its_clock_runs_from(connection, halton):
    """The twelve months run from the last day a confirmation covers, so a new one must move that day on."""
    added = records.add_intervention(
        connection,
        authority_id=halton,
        kind="improvement notice",
        issued_on="2024-01-10",
        last_confirmed_on="2024-06-15",
        last_confirmed_source="a report",
    )
    # Jun 2024 runs to 30 June, past the 15th: at the coarser precision it was refused as no later.
    confirmed = records.confirm_intervention(connection, added["id"], on="2024-06", source="minutes")
    assert confirmed["last_confirmed_on"] == "2024-06"
    for same_or_earlier in ("2024-06-30", "2024-06-29"):
        with pytest.raises(
            InterveneError, match=f"intervention {added['id']} is already confirmed in force on Jun 2024"
        ):
            records.confirm_intervention(connection, added["id"], on=same_or_earlier, source="minutes")
    assert records.confirm_intervention(connection, added["id"], on="2024-07-01", source="a letter")


def test_a_partial_date_holding_the_day_is_in_order(connection, halton):
    """Starts, issues and the rest are periods holding a day: an end in the same period may follow."""
    added = records.add_intervention(
        connection, authority_id=halton, kind="improvement notice", issued_on="2026-06-15", deadline_on="2026-06"
    )
    assert records.end_intervention(connection, added["id"], ended_on="2026", reason="lifted")["ended_on"] == "2026"
    with pytest.raises(InterveneError, match=r"the deadline May 2026 is before the intervention was issued \(15 Jun"):
        records.add_intervention(
            connection, authority_id=halton, kind="improvement notice", issued_on="2026-06-15", deadline_on="2026-05"
        )


def test_a_rating_is_in_the_future_by_the_commands_today(connection, halton, monkeypatch):
    """`dates.today` is the one today: what tests fix, and what --as-of defaults to."""
    rating = {
        "authority_id": halton,
        "framework": "ILACS",
        "judgement": "overall effectiveness",
        "grade": "good",
        "framework_grade": "Good",
    }
    monkeypatch.setattr("intervene.dates.today", lambda: date(2020, 1, 1))
    with pytest.raises(InterveneError, match="published 20 Feb 2024 is in the future"):
        records.add_rating(connection, **rating, published_on="2024-02-20")
    monkeypatch.setattr("intervene.dates.today", lambda: date(2199, 12, 31))
    assert records.add_rating(connection, **rating, published_on="2199-01-01")["published_on"] == "2199-01-01"
