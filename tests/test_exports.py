"""intervene export: everything as JSON, CSV files or a calendar."""

import csv
import json

from conftest import counts
from intervene.migrations import MIGRATION_NAMES


def test_json_holds_every_row(run, connection):
    document = json.loads(run("export").stdout)
    numbers = counts(connection)
    for table, number in numbers.items():
        assert len(document[table]) == number, table
    assert document["schema"] == list(MIGRATION_NAMES)
    serco = next(row for row in document["contracts"] if row["provider"] == "Serco")
    assert (serco["value_pence"], serco["starts_on"], serco["ends_on"]) == (520_000_000, "2007-04", "2010-03")


def test_json_to_a_file(run, tmp_path):
    path = tmp_path / "all.json"
    result = run("export", "--out", str(path))
    assert result.stdout == f"Wrote {path}\n"
    assert len(json.loads(path.read_text())["authorities"]) == 158


def test_csv_folder_has_one_safe_file_per_table(run, connection, tmp_path):
    from intervene import records

    records.add_event(connection, authority_id=1, happened_on="2026-01-01", summary="=1+1", source="-cmd")
    folder = tmp_path / "csv"
    result = run("export", "--csv", str(folder))
    assert result.exit_code == 0
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{table}.csv" for table in counts(connection))
    with (folder / "events.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows[-1]["summary"] == "'=1+1" and rows[-1]["source"] == "'-cmd"
    with (folder / "authorities.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 158


def test_calendar_of_deadlines_and_contract_ends(run, tmp_path, connection):
    from icalendar import Calendar

    path = tmp_path / "dates.ics"
    result = run("export", "--ics", str(path))
    assert result.exit_code == 0
    feed = Calendar.from_ical(path.read_bytes())
    events = {str(event["uid"]): event for event in feed.walk("VEVENT")}
    assert result.stdout == f"Wrote {len(events)} dates to {path}\n"
    revised = connection.execute("SELECT id FROM interventions WHERE issued_on = '2019-10-31'").fetchone()[0]
    stoke = events[f"intervention-{revised}-deadline@intervene"]
    assert str(stoke["summary"]) == "Stoke-on-Trent: deadline of the statutory direction"
    assert stoke.decoded("dtstart").isoformat() == "2020-01-31"
    assert "dtstamp" in stoke
    serco = next(event for event in events.values() if "Serco contract" in str(event["summary"]))
    assert serco.decoded("dtstart").isoformat() == "2010-03-31"
    assert str(serco["description"]).startswith("Only the month is known: Mar 2010.")


def test_export_usage_and_file_errors(run, tmp_path):
    both = run("export", "--csv", str(tmp_path / "a"), "--ics", str(tmp_path / "b.ics"))
    assert both.exit_code == 2
    assert "Choose one of --out, --csv or --ics: --csv and --ics were given together." in both.stderr
    missing = run("export", "--out", str(tmp_path / "no" / "x.json"))
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: cannot write {tmp_path / 'no' / 'x.json'}: No such file or directory\n"
