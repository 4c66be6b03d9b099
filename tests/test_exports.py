"""intervene export: everything as JSON, CSV files or a calendar."""

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import counts
from intervene.migrations import MIGRATION_NAMES
from intervene.render.exports import EXPORTED_TABLES


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
    assert "Choose one of --json, --nl, --csv, --tsv or --ics: --csv and --ics were given." in both.stderr
    missing = run("export", "--out", str(tmp_path / "no" / "x.json"))
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: cannot write {tmp_path / 'no' / 'x.json'}: No such file or directory\n"


# What the export wrote before it streamed: every table read into dicts, then encoded at once.
# The streamed export must match it byte for byte.
def json_as_before(connection) -> str:
    from intervene import __version__
    from intervene.render.exports import EXPORTED_TABLES

    document: dict = {"intervene_version": __version__, "schema": list(MIGRATION_NAMES)}
    for table in EXPORTED_TABLES:
        document[table] = [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def csv_as_before(connection, table: str) -> bytes:
    from intervene.render.formats import to_csv

    cursor = connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
    columns = [column[0] for column in cursor.description]
    return to_csv([dict(row) for row in cursor], columns).encode("utf-8")


def add_awkward_rows(connection) -> None:
    """Text JSON and CSV must escape, numbers SQLite and Python write differently, an empty table."""
    connection.execute(
        "INSERT INTO events (authority_id, happened_on, summary, source, notes) VALUES (1, '2020', ?, '=cmd', ?)",
        ("ctl \x01\x08\t\n\x0c\r\x1b\x1f\x7f quote \" back \\ comma, 'single'", "é ☃ 😀 \u2028\u2029\ufeff"),
    )
    first = connection.execute("SELECT min(id) FROM contracts").fetchone()[0]
    # value_pence has integer affinity, so a real stays a real; SQLite would print 0.3 and 1.0e+20.
    for offset, value in enumerate((0.1 + 0.2, 1e20, 1e-7, 123456.75, 2**63 - 1, 0)):
        connection.execute("UPDATE contracts SET value_pence = ? WHERE id = ?", (value, first + offset))
    connection.execute("DELETE FROM contract_partners")
    connection.commit()


def test_json_is_byte_for_byte_what_it_was(run, connection, tmp_path):
    expected = json_as_before(connection)
    assert run("export").stdout == expected
    assert '"changes": []' in expected  # the seed records no changes
    add_awkward_rows(connection)
    expected = json_as_before(connection)
    assert '"value_pence": 0.30000000000000004,' in expected and '"contract_partners": [],' in expected
    assert run("export").stdout == expected
    path = tmp_path / "all.json"
    assert run("export", "--out", str(path)).exit_code == 0
    assert path.read_bytes() == expected.encode("utf-8")


def test_csv_is_byte_for_byte_what_it_was(run, connection, tmp_path):
    from intervene.render.exports import EXPORTED_TABLES

    add_awkward_rows(connection)
    folder = tmp_path / "csv"
    assert run("export", "--csv", str(folder)).exit_code == 0
    for table in EXPORTED_TABLES:
        assert (folder / f"{table}.csv").read_bytes() == csv_as_before(connection, table), table
    # An empty table is its header alone.
    assert (folder / "contract_partners.csv").read_text() == "contract_id,partner,role,joined_on,left_on,source\n"


def test_calendar_is_one_calendar_as_icalendar_writes_it(run, tmp_path):
    from icalendar import Calendar

    path = tmp_path / "dates.ics"
    assert run("export", "--ics", str(path)).exit_code == 0
    written = path.read_bytes()
    feed = Calendar.from_ical(written)
    assert feed.to_ical() == written
    assert written.count(b"BEGIN:VEVENT") == len(feed.walk("VEVENT")) == 40


def test_an_export_reads_every_table_as_it_stood_when_it_began(connection, db_path):
    """Rows committed by another process while an export runs are not in it, so its tables agree."""
    from intervene.render import exports

    with exports.snapshot(connection):
        pieces = exports.json_document(connection)
        written = [next(pieces), next(pieces), next(pieces)]  # the head and the first councils
        other = sqlite3.connect(db_path)
        other.execute("INSERT INTO events (authority_id, happened_on, summary) VALUES (1, '2026-11-01', 'Meanwhile')")
        other.commit()
        other.close()
        written.extend(pieces)
    document = json.loads(b"".join(written))
    assert "Meanwhile" not in {event["summary"] for event in document["events"]}
    assert len(document["events"]) == counts(connection)["events"] - 1


def test_binary_data_is_one_line_and_no_file(run, connection, tmp_path):
    connection.execute("UPDATE events SET notes = x'00ff' WHERE id = (SELECT min(id) FROM events)")
    connection.commit()
    folder = tmp_path / "out"
    folder.mkdir()
    result = run("export", "--out", str(folder / "all.json"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: events holds binary data (a BLOB), which JSON cannot carry; `export --csv` writes it as text\n"
    )
    assert list(folder.iterdir()) == []


@pytest.fixture(scope="module")
def large_db(tmp_path_factory, seeded_template) -> Path:
    """The seed and some 110 MB more: 100,000 events of a thousand characters, and 10,000 contracts."""
    path = tmp_path_factory.mktemp("large") / "large.db"
    shutil.copy(seeded_template, path)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
            " INSERT INTO events (authority_id, happened_on, summary, source)"
            " SELECT 1 + i % 150, '2020-01-01', printf('%.1000c', 'x'), 'generated ' || i FROM n"
        )
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
            " INSERT INTO contracts (authority_id, provider, starts_on, ends_on, source)"
            " SELECT 1 + i % 150, 'Provider ' || i, '2020-01', '2030-06', 'generated' FROM n"
        )
    connection.close()
    return path


# Runs a command and reports its peak memory. A child's peak counts the memory of the process
# that started it (Linux keeps it across exec), so the export is started from this small one.
PEAK_OF = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(process.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024), file=sys.stderr)
"""


@pytest.mark.parametrize("option", ["--out", "--csv", "--ics", "stdout"])
def test_an_export_of_a_large_database_keeps_memory_flat(large_db, tmp_path, option):
    """Rows are written as they are read: the export's peak memory stays flat, far under what
    it writes (read whole, this database's JSON took 775 MiB, its CSV 368, its calendar 74)."""
    target = tmp_path / "export"
    arguments = ["export"] if option == "stdout" else ["export", option, str(target)]
    environment = {**os.environ, "INTERVENE_DB": str(large_db)}
    with (tmp_path / "stdout").open("wb") as stdout:
        result = subprocess.run(
            [sys.executable, "-c", PEAK_OF, sys.executable, "-m", "intervene", *arguments],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=120,
        )
    *messages, report = result.stderr.decode().splitlines()
    exit_code, peak = map(int, report.split())
    assert exit_code == 0, messages
    written = sum(path.stat().st_size for path in tmp_path.rglob("*") if path.is_file())
    assert written > (2 if option == "--ics" else 100) * 2**20
    assert peak < 48 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_export_as_json_lines_and_tsv(run, tmp_path, connection):
    """--nl: every row of every table, one object a line, its table first; --tsv: a folder of TSV files."""
    lines = run("export", "--nl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    expected = sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in EXPORTED_TABLES)
    assert len(rows) == expected
    assert list(rows[0])[:2] == ["table", "id"] and rows[0]["table"] == "authorities"
    assert run("export", "--json").stdout == run("export").stdout
    result = run("export", "--tsv", str(tmp_path / "tables"))
    assert result.exit_code == 0 and "Wrote 9 TSV files" in result.stdout
    header, first = (tmp_path / "tables" / "ratings.tsv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.split("\t")[:3] == ["id", "authority_id", "framework"]
    assert first.split("\t")[2] == "APA"
