"""The seed is what scripts/build_seed.py makes from the shared sources."""

import importlib.util
from pathlib import Path

from conftest import shared_data_or_skip

ROOT = Path(__file__).resolve().parents[1]


def test_seed_sql_is_up_to_date_with_its_sources():
    data = shared_data_or_skip()
    spec = importlib.util.spec_from_file_location("build_seed", ROOT / "scripts" / "build_seed.py")
    build_seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_seed)
    rebuilt = build_seed.dump(build_seed.build(data))
    assert rebuilt == (ROOT / "data" / "seed.sql").read_text(encoding="utf-8")


def test_every_seeded_fact_has_a_source(connection):
    for table in ("authorities", "ratings", "interventions", "contracts", "events"):
        unsourced = connection.execute(f"SELECT count(*) FROM {table} WHERE source IS NULL OR source = ''").fetchone()[0]
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
        " WHERE r.framework = 'APA' AND r.grade = 'outstanding' ORDER BY a.short_name"
    ).fetchone()[0]
    assert outstanding == "Camden, Gloucestershire, Knowsley, Shropshire, Tower Hamlets, Wandsworth, Worcestershire"
    lowest = connection.execute(
        "SELECT a.short_name, r.framework_grade FROM ratings r JOIN authorities a ON a.id = r.authority_id"
        " WHERE r.framework = 'APA' AND r.grade = 'inadequate' ORDER BY a.short_name"
    ).fetchall()
    assert [tuple(row) for row in lowest] == [("Bristol", "1"), ("Stoke-on-Trent", "1")]


def test_partial_dates_stay_partial(connection):
    serco = connection.execute("SELECT starts_on, ends_on, value_pence FROM contracts WHERE provider = 'Serco'").fetchone()
    assert tuple(serco) == ("2007-04", "2010-03", 520_000_000)
    order = connection.execute("SELECT issued_on, notes FROM interventions WHERE kind = 'intervention order'").fetchone()
    assert order[0] == "2007"
    assert order[1].startswith("[uncertain]")
