"""The seed is what scripts/build_seed.py makes from data/sources/, and says what its sources say."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_seed_sql_is_up_to_date_with_its_sources():
    spec = importlib.util.spec_from_file_location("build_seed", ROOT / "scripts" / "build_seed.py")
    build_seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_seed)
    rebuilt = build_seed.dump(build_seed.build(ROOT / "data" / "sources"))
    assert rebuilt == (ROOT / "data" / "seed.sql").read_text(encoding="utf-8")


def test_every_seeded_fact_has_a_source(connection):
    for table in ("authorities", "ratings", "interventions", "contracts", "events"):
        unsourced = connection.execute(f"SELECT count(*) FROM {table} WHERE source IS NULL OR source = ''").fetchone()[
            0
        ]
        assert unsourced == 0, table


def test_seed_holds_the_councils_of_the_story(connection):
    rows = connection.execute(
        "SELECT short_name, ons_code, la_code, region, kind FROM authorities WHERE short_name IN "
        "('Stoke-on-Trent', 'Bristol', 'Stockport', 'Essex', 'Halton') ORDER BY short_name"
    ).fetchall()
    assert [tuple(row) for row in rows] == [
        ("Bristol", "E06000023", 801, "South West", "unitary"),
        ("Essex", "E10000012", 881, "East of England", "county"),
        ("Halton", "E06000006", 876, "North West", "unitary"),
        ("Stockport", "E08000007", 356, "North West", "metropolitan borough"),
        ("Stoke-on-Trent", "E06000021", 861, "West Midlands", "unitary"),
    ]
    outstanding = connection.execute(
        "SELECT group_concat(a.short_name, ', ') FROM ratings r JOIN authorities a ON a.id = r.authority_id"
        " WHERE r.framework = 'APA' AND r.grade = 'outstanding' AND r.published_on = '2006-11-01'"
        " ORDER BY a.short_name"
    ).fetchone()[0]
    assert outstanding == "Camden, Gloucestershire, Knowsley, Shropshire, Tower Hamlets, Wandsworth, Worcestershire"
    lowest = connection.execute(
        "SELECT a.short_name, r.framework_grade FROM ratings r JOIN authorities a ON a.id = r.authority_id"
        " WHERE r.framework = 'APA' AND r.grade = 'inadequate' AND r.published_on = '2006-11-01' ORDER BY a.short_name"
    ).fetchall()
    assert [tuple(row) for row in lowest] == [("Bristol", "1"), ("Stoke-on-Trent", "1")]


def test_partial_dates_stay_partial(connection):
    serco = connection.execute(
        "SELECT starts_on, ends_on, value_pence FROM contracts WHERE provider = 'Serco'"
    ).fetchone()
    assert tuple(serco) == ("2007-04", "2010-03", 520_000_000)
    order = connection.execute(
        "SELECT kind, issued_on, ended_on FROM interventions WHERE name_at_time = 'intervention order'"
    ).fetchone()
    assert tuple(order) == ("statutory direction", "2007", "2010")


# ---------------------------------------------------------------------------
# The register of interventions: every instrument sourced, honest about what is not known.

import csv  # noqa: E402
from datetime import date, timedelta  # noqa: E402

import pytest  # noqa: E402

from conftest import shared_data_or_skip  # noqa: E402
from intervene import reports  # noqa: E402

# Sites that copy gov.uk pages: the register cites the gov.uk publication instead.
COPY_SITES = ("govwire", "breaking.co.uk", "totalwrapture", "namiaz", "government-world", "ning.com")


def councils_in(connection, on: date) -> tuple[set[str], set[str]]:
    """The councils with an instrument in force on `on`, and those with only unconfirmed ones."""
    rows = reports.under_intervention(connection, on).rows()
    in_force = {row["council"] for row in rows if row["status"] == "in force"}
    return in_force, {row["council"] for row in rows} - in_force


def test_every_instrument_has_a_source_and_every_open_one_its_last_confirmation(connection):
    assert connection.execute("SELECT count(*) FROM interventions").fetchone()[0] >= 150
    assert connection.execute("SELECT count(DISTINCT authority_id) FROM interventions").fetchone()[0] >= 50
    unsourced = connection.execute("SELECT id FROM interventions WHERE coalesce(trim(source), '') = ''").fetchall()
    assert unsourced == []
    unconfirmed = connection.execute(
        "SELECT id FROM interventions WHERE ended_on IS NULL"
        " AND (last_confirmed_on IS NULL OR coalesce(trim(last_confirmed_source), '') = '')"
    ).fetchall()
    assert unconfirmed == []
    ends_unsourced = connection.execute(
        "SELECT id FROM interventions WHERE ended_on IS NOT NULL AND coalesce(trim(end_source), '') = ''"
        " AND end_reason <> 'replaced'"
    ).fetchall()
    assert ends_unsourced == []


def test_no_source_cites_a_copy_site(connection):
    for column in ("source", "end_source", "last_confirmed_source"):
        for site in COPY_SITES:
            cited = connection.execute(f"SELECT id FROM interventions WHERE {column} LIKE ?", [f"%{site}%"]).fetchall()
            assert cited == [], (column, site)


def test_nothing_is_in_force_more_than_12_months_after_its_last_confirmation(connection):
    """Checked every quarter from 2005 on: an instrument with no end is in force only up to 12 months
    after the last day its last confirmation covers, and unconfirmed from the day after."""
    from dateutil.relativedelta import relativedelta

    from intervene.dates import last_day

    day = date(2005, 1, 1)
    while day <= date(2027, 1, 1):
        for row in reports.under_intervention(connection, day).rows():
            ended_on = connection.execute(
                "SELECT ended_on FROM interventions WHERE id = ?", [row["intervention_id"]]
            ).fetchone()[0]
            if ended_on is None:
                confirmed_until = last_day(row["last_confirmed_on"]) + relativedelta(months=12)
                assert row["status"] == ("in force" if day <= confirmed_until else "unconfirmed"), (day, row)
        day += timedelta(days=91)


def test_on_18_november_2013_the_register_accounts_for_the_ministers_count(connection):
    """Lords Hansard, 18 Nov 2013: 5 councils under statutory direction and 20 under improvement notices."""
    in_force, unconfirmed = councils_in(connection, date(2013, 11, 18))
    assert len(in_force) >= 20
    assert len(in_force | unconfirmed) >= 25


def test_on_20_september_2016_the_register_accounts_for_the_nao_count(connection):
    """National Audit Office, 'Children in need of help or protection' (2016): 26 councils under intervention."""
    in_force, unconfirmed = councils_in(connection, date(2016, 9, 20))
    assert len(in_force) >= 22
    assert len(in_force | unconfirmed) >= 26


def test_today_neither_sunderland_nor_worcestershire_is_under_intervention(connection):
    in_force, unconfirmed = councils_in(connection, date(2026, 11, 24))
    assert {"Sunderland", "Worcestershire"} & (in_force | unconfirmed) == set()
    ended = dict(
        connection.execute(
            "SELECT a.short_name, max(i.ended_on) FROM interventions i JOIN authorities a ON a.id = i.authority_id"
            " WHERE a.short_name IN ('Sunderland', 'Worcestershire') GROUP BY a.short_name"
        ).fetchall()
    )
    assert ended == {"Sunderland": "2021-12", "Worcestershire": "2021-11-05"}


def test_summaries_are_our_own_words():
    """The research registers' summaries are not copied into the register."""
    research = shared_data_or_skip() / "interventions"
    theirs = set()
    for name in ("directions.csv", "notices.csv"):
        with (research / name).open(newline="", encoding="utf-8") as handle:
            theirs |= {row["summary"].strip() for row in csv.DictReader(handle) if row["summary"].strip()}
    with (ROOT / "data" / "sources" / "interventions.csv").open(newline="", encoding="utf-8") as handle:
        ours = [row["summary"].strip() for row in csv.DictReader(handle)]
    assert [summary for summary in ours if summary in theirs] == []


@pytest.mark.parametrize("column", ["kind", "service", "end_reason", "confidence"])
def test_the_register_uses_only_the_fixed_words(connection, column):
    from intervene import vocab

    words = {
        "kind": vocab.INTERVENTION_KINDS,
        "service": vocab.SERVICES,
        "end_reason": vocab.END_REASONS,
        "confidence": vocab.CONFIDENCE,
    }[column]
    used = {value for (value,) in connection.execute(f"SELECT DISTINCT {column} FROM interventions")} - {None}
    assert used <= set(words)
