"""Hostile input to every recording and report command, and hostile files to the importers:
never a traceback, never a half write.

Each invocation either succeeds (exit 0) having written exactly the row it
reports, with text stored as given, or fails (exit 1 or 2) with one error
line and nothing written. After each, SQLite's integrity and foreign-key
checks pass.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import counts
from intervene.cli import cli

TEXT = [
    "'; DROP TABLE ratings; --",
    '" OR 1=1 --',
    "O'Brien & Sons",
    "Robert'); DELETE FROM events;--",
    "\u202eevil\u202c",
    "\u200f\u05e9\u05dc\u05d5\u05dd",
    "😀👶🏽",
    "e\u0301 combining",
    "a\x00b",
    "\x07\x1b[31mred\x1b[0m",
    "x" * 100_000,
    "--help",
    "-1",
    "=cmd|' /C calc'!A0",
    "+SUM(A1)",
    "@import",
    "[bold]markup[/bold]",
    "[/]",
    "\r\nnew line",
    "\t",
    " ",
    "",
    "%s %d {0}",
    "\\",
    "NULL",
    "\udcff",
    "Stoke-on-Trent",
]
DATES = [
    "2020-02-30",
    "0000-00-00",
    "99999-01-01",
    "31/13/2020",
    "today+999999y",
    "1899-12-31",
    "2199-12-31",
    "-1",
    "",
    "2020-1-1",
    "tomorrow",
    "2019-10-31",
    "2007",
    "2007-03",
    "31 January 2020",
    "eoy",
    "'; --",
    "２０２０-０１-０１",
    "2020-01-01T00:00",
    "1e3",
    "x" * 10_000,
]
MONEY = [
    "-£5m",
    "£1e9",
    "£999999999999bn",
    "NaN",
    "£0",
    "5,2,0",
    "£5.2m",
    "£0.001",
    "∞",
    "£-0",
    "1" * 40,
    "£5.2m; DROP",
]
IDS = ["0", "-1", "999999999", "1e3", "abc", "9" * 30, "1", "4", "2"]
COUNCILS = [
    "stoke",
    "sto",
    "nowhere",
    "'; DROP TABLE authorities; --",
    "E06000021",
    "861",
    "",
    "%",
    "_",
    "halton",
    "x" * 5_000,
]
GRADES = ["1", "5", "RI", "inadequate", "'; --", "", "outstanding ", "0", "-1"]
FRAMEWORKS = ["apa", "ILACS", "sif", "'; --", "", "JAR"]
KINDS = ["advisers", "statutory direction", "'; DROP", "", "commissioner"]
WINDOWS = ["6 months", "90 days", "-1y", "0 days", "99999y", "2030", "soon", "", "1y 6m"]


GOOD = {
    id(COUNCILS): ["stoke", "halton", "E06000021"],
    id(DATES): ["2019-10-31", "2021", "31/01/2022", "2023-04"],
    id(MONEY): ["£5.2m", "250,000"],
    id(GRADES): ["RI", "inadequate"],
    id(FRAMEWORKS): ["ILACS", "SIF"],
    id(KINDS): ["advisers", "commissioner"],
    id(WINDOWS): ["1y", "6 months"],
    id(IDS): ["1", "2", "4"],
}


def invocations(count: int, seed: int = 20261124) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)

    def pick(pool: list[str]) -> str:
        """Hostile values throughout the free text; elsewhere a valid one often enough that writes happen."""
        good = GOOD.get(id(pool))
        return rng.choice(good) if good and rng.random() < 0.6 else rng.choice(pool)

    makers = [
        lambda: ("events", ["add-event", pick(COUNCILS), pick(TEXT), "--on", pick(DATES), "--source", pick(TEXT)]),
        lambda: (
            "ratings",
            [
                "add-rating",
                pick(COUNCILS),
                "--grade",
                pick(GRADES),
                "--framework",
                pick(FRAMEWORKS),
                "--published",
                pick(DATES),
                "--source",
                pick(TEXT),
                "--note",
                pick(TEXT),
            ],
        ),
        lambda: (
            "interventions",
            [
                "add-intervention",
                pick(COUNCILS),
                "--kind",
                pick(KINDS),
                "--issued",
                pick(DATES),
                "--deadline",
                pick(DATES),
                "--by",
                pick(TEXT),
                "--summary",
                pick(TEXT),
                "--source",
                pick(TEXT),
            ],
        ),
        lambda: (
            "contracts",
            [
                "add-contract",
                pick(COUNCILS),
                "--provider",
                pick(TEXT),
                "--starts",
                pick(DATES),
                "--ends",
                pick(DATES),
                "--value",
                pick(MONEY),
                "--partner",
                pick(TEXT),
                "--source",
                pick(TEXT),
            ],
        ),
        lambda: (
            "contracts",
            [
                "add-contract",
                pick(COUNCILS),
                "--provider",
                pick(TEXT),
                "--starts",
                pick(DATES),
                "--term",
                pick(WINDOWS),
                "--source",
                pick(TEXT),
            ],
        ),
        lambda: (
            "update",
            [
                "end-intervention",
                pick(IDS),
                "--on",
                pick(DATES),
                "--reason",
                pick(["lifted", "bored"]),
                "--source",
                pick(TEXT),
            ],
        ),
        lambda: ("update", ["extend-contract", pick(IDS), "--to", pick(DATES)]),
        lambda: ("update", ["end-contract", pick(IDS), "--on", pick(DATES)]),
        lambda: ("remove", ["remove", pick(["event", "rating", "table"]), pick(IDS), "--yes"]),
        lambda: (None, ["status", pick(COUNCILS), "--as-of", pick(DATES)]),
        lambda: (None, ["report", "--expiring", pick(WINDOWS), "--as-of", pick(DATES)]),
        lambda: (None, ["report", "--ratings", "--grade", pick(GRADES), "--region", pick(TEXT), "--csv"]),
        lambda: (None, ["report", "--under-intervention", "--kind", pick(KINDS), "--json"]),
        lambda: (None, ["report", "--deadlines", pick(WINDOWS)]),
        lambda: (None, ["timeline", pick(COUNCILS), "--json"]),
        lambda: (None, ["changes", pick(COUNCILS), "--limit", pick(IDS)]),
    ]
    return [pick(makers)() for _ in range(count)]


def stored_as_given(connection: sqlite3.Connection, args: list[str]) -> None:
    """The text a successful add wrote is exactly the text given (blank meaning 'not given')."""

    def given(flag: str):
        value = args[args.index(flag) + 1]
        return value if value.strip() else None

    command = args[0]
    if command == "add-event":
        row = connection.execute("SELECT summary, source FROM events ORDER BY id DESC").fetchone()
        assert tuple(row) == (args[2], given("--source"))
    elif command == "add-rating":
        row = connection.execute("SELECT source, notes FROM ratings ORDER BY id DESC").fetchone()
        assert tuple(row) == (given("--source"), given("--note"))
    elif command == "add-intervention":
        row = connection.execute("SELECT issued_by, summary FROM interventions ORDER BY id DESC").fetchone()
        assert tuple(row) == (given("--by"), given("--summary"))
    elif command == "add-contract":
        row = connection.execute("SELECT provider FROM contracts ORDER BY id DESC").fetchone()
        assert row[0] == args[args.index("--provider") + 1]


def test_five_hundred_hostile_invocations(db_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    runner = CliRunner()
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    tried = accepted = 0
    for table, args in invocations(600):
        before = counts(connection)
        result = runner.invoke(cli, args)
        tried += 1
        shown = f"{args[0]} {[a[:40] for a in args[1:]]}"
        assert result.exit_code in (0, 1, 2), f"{shown}: {result.exception!r}"
        assert result.exception is None or isinstance(result.exception, SystemExit), f"{shown}: {result.exception!r}"
        assert "Traceback" not in result.output, shown
        after = counts(connection)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        if result.exit_code != 0:
            assert after == before, shown
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            assert lines[-1].startswith("Error: "), shown
            if result.exit_code == 1:
                assert len(lines) == 1, f"{shown}: {result.stderr!r}"
            continue
        if result.stdout.startswith("Usage:"):
            # A value of "--help" where click reads options is a request for help: nothing written.
            assert after == before, shown
            continue
        accepted += table is not None
        expected = dict(before)
        if table in ("events", "ratings", "interventions", "contracts"):
            expected[table] += 1
            expected["changes"] += 1
            if table == "contracts" and "--partner" in args and args[args.index("--partner") + 1].strip():
                expected["contract_partners"] += 1
            stored_as_given(connection, args)
        elif table == "update":
            expected["changes"] += 1
        elif table == "remove":
            removed = {"event": "events", "rating": "ratings"}[args[1]]
            expected[removed] -= 1
            expected["changes"] += 1
        assert after == expected, shown
    assert tried == 600
    assert accepted >= 50, accepted  # enough hostile values were valid to exercise the writes
    print(f"{tried} hostile invocations, {accepted} accepted writes")


# Hostile files through the importers: each is imported in part (the rows it reports
# skipped left out, exit 0) or refused whole (one line, exit 1); never a traceback.

OCDS_FIXTURE = Path(__file__).parent / "fixtures" / "ocds-release-package.json"
OUTCOMES_HEADER = [
    "Local authority area code",
    "Local authority name",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "Impact of leaders",
]
HALTON = ["E06000006", "Halton", "12/01/2026", "20/02/2026", "Good", "Good"]


def package_with(change) -> bytes:
    """The fixture with its Halton release changed; its other release's buyer is unmatched."""
    package = json.loads(OCDS_FIXTURE.read_text())
    change(package["releases"][0])
    return json.dumps(package).encode()


def outcomes(*rows: list, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([OUTCOMES_HEADER, *rows])
    return buffer.getvalue().encode(encoding)


HOSTILE_FILES = [
    # (file, its content, exit status, contracts or ratings added)
    ("buyer.json", package_with(lambda r: r.update(buyer="Halton")), 0, 0),
    ("period.json", package_with(lambda r: r["contracts"][0].update(period="2026")), 0, 0),
    ("value.json", package_with(lambda r: r["contracts"][0].update(value="£12.5m")), 0, 0),
    ("identifier.json", package_with(lambda r: r["parties"][0].update(identifier="E06000006")), 0, 0),
    ("contracts.json", package_with(lambda r: r.update(contracts=5)), 0, 0),
    ("nan.json", package_with(lambda r: r["contracts"][0]["value"].update(amount=float("nan"))), 0, 0),
    ("infinity.json", package_with(lambda r: r["contracts"][0]["value"].update(amount="Infinity")), 0, 0),
    ("huge-amount.json", package_with(lambda r: r["contracts"][0]["value"].update(amount=1e30)), 0, 0),
    ("surrogate.json", package_with(lambda r: r["contracts"][0].update(title="\udcff")), 0, 0),
    ("escape.json", package_with(lambda r: r["awards"][0]["suppliers"][0].update(name="\x1b]0;pwned\x07\n")), 0, 1),
    ("good.json", package_with(lambda r: None), 0, 1),
    ("deep.json", b'{"releases": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 1, 0),
    ("long-number.json", b'{"releases": [' + b"9" * 10_000 + b"]}", 1, 0),
    ("not-json.json", b"\x00\xff\xfe garbage", 1, 0),
    ("empty.json", b"", 1, 0),
    ("windows-1252.csv", outcomes(HALTON, ["E06000021", "Stoke – café", *HALTON[2:]], encoding="cp1252"), 0, 4),
    ("utf-16.csv", outcomes(HALTON, encoding="utf-16"), 0, 2),
    ("huge-cell.csv", outcomes(["E06000021", "Stoke-on-Trent", "x" * 200_000, *HALTON[3:]], HALTON), 0, 2),
    ("inspected-late.csv", outcomes(["E06000021", "Stoke-on-Trent", "21/02/2026", *HALTON[3:]], HALTON), 0, 2),
    ("relative.csv", outcomes(["E06000021", "Stoke-on-Trent", "yesterday", "today", "Good", "Good"], HALTON), 0, 2),
    ("control.csv", outcomes(["E06000021\r\n\x1b[2J", "Atlantis\x00\u2028", *HALTON[2:]], HALTON), 0, 2),
    ("wide.csv", outcomes([*HALTON, *["x"] * 50_000]), 0, 2),
    ("undecodable.csv", outcomes(HALTON) + b"\x81\x8d\xff", 1, 0),
    ("bad-utf-16.csv", b"\xff\xfe" + "Local authority name".encode("utf-16-le") + b"\x00\xd8", 1, 0),
    ("binary.csv", bytes(range(256)) * 4, 1, 0),
    ("empty.csv", b"", 1, 0),
]


@pytest.mark.parametrize("name, content, status, added", HOSTILE_FILES, ids=[case[0] for case in HOSTILE_FILES])
def test_hostile_files_are_imported_in_part_or_refused_in_one_line(db_path, tmp_path, name, content, status, added):
    kind, table = ("ocds", "contracts") if name.endswith(".json") else ("ofsted", "ratings")
    path = tmp_path / name
    path.write_bytes(content)
    connection = sqlite3.connect(db_path)
    before = counts(connection)
    result = CliRunner().invoke(cli, ["import", kind, str(path)])
    after = counts(connection)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert (result.exit_code, after[table] - before[table]) == (status, added), result.stderr[-300:]
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    lines = result.stderr.split("\n")
    assert lines.pop() == "" and "\r" not in result.stderr
    said = ("Skipped: ", "Unmatched", "Conflict: ", "Error: ")
    assert all(line.startswith(said) for line in lines), lines
    if status:
        assert len(lines) == 1 and lines[0].startswith("Error: ")
        assert after == before
    elif not added:
        assert after == before
