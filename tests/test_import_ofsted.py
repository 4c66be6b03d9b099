"""Ofsted's outcomes file: header drift, matching, idempotence, dry runs, all or nothing."""

import csv
import json
from pathlib import Path

import pytest

from conftest import counts, shared_data_or_skip
from intervene.importers.ofsted import import_ofsted, tables

HEADERS_2025 = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
# The 2024 edition: shorter judgement names and no area code.
HEADERS_2024 = [
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "Impact of leaders",
    "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care",
    "Experiences and progress of care leavers",
]
HEADERS_IN_YEAR = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Region",
    "Inspection/Visit date",
    "Publication date",
    "Inspection/Visit type",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Visit Theme",
]


def write_csv(path: Path, header: list[str], rows: list[list], preamble: int = 2) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for number in range(preamble):
            writer.writerow([f"Title line {number}"])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def ratings_of(connection, council: str) -> list[tuple]:
    return [
        tuple(row)
        for row in connection.execute(
            "SELECT r.judgement, r.grade, r.framework_grade, r.inspected_on, r.published_on, r.framework"
            " FROM ratings r JOIN authorities a ON a.id = r.authority_id"
            " WHERE a.short_name = ? AND r.framework = 'ILACS' AND r.published_on >= '2026' ORDER BY r.judgement",
            [council],
        )
    ]


def test_the_2024_headers_map_by_name(tmp_path, connection):
    path = write_csv(
        tmp_path / "outcomes-2024.csv",
        HEADERS_2024,
        [
            [
                "Halton",
                "North West",
                "12/01/2026",
                "20/02/2026",
                "Requires improvement to be good",
                "Good",
                "Requires improvement to be good",
                "Inadequate",
                "",
            ],
        ],
    )
    result = import_ofsted(connection, path)
    assert (result.ratings_added, result.inspections, result.unmatched) == (4, 1, [])
    assert ratings_of(connection, "Halton") == [
        ("children in care", "inadequate", "Inadequate", "2026-01-12", "2026-02-20", "ILACS"),
        (
            "help and protection",
            "requires improvement",
            "Requires improvement to be good",
            "2026-01-12",
            "2026-02-20",
            "ILACS",
        ),
        ("impact of leaders", "good", "Good", "2026-01-12", "2026-02-20", "ILACS"),
        (
            "overall effectiveness",
            "requires improvement",
            "Requires improvement to be good",
            "2026-01-12",
            "2026-02-20",
            "ILACS",
        ),
    ]
    source = connection.execute("SELECT source FROM ratings ORDER BY id DESC").fetchone()[0]
    assert source == "Ofsted, outcomes-2024.csv, sheet outcomes-2024"


def test_in_year_visits_carry_no_grades_and_codes_match_first(tmp_path, connection):
    path = write_csv(
        tmp_path / "in-year.csv",
        HEADERS_IN_YEAR,
        [
            [
                "link",
                "E06000006",
                "A name Ofsted never used",
                "North West",
                "01/03/2026",
                "01/04/2026",
                "ILACS Standard Inspection",
                "Good",
                "Good",
                "Good",
                "Good",
                "Good",
                "",
            ],
            [
                "link",
                "E06000021",
                "Stoke-on-Trent",
                "West Midlands",
                "01/02/2026",
                "03/03/2026",
                "ILACS Focused Visit",
                "",
                "",
                "",
                "",
                "",
                "Children in need",
            ],
            [
                "link",
                "E08000016",
                "Barnsley",
                "Yorkshire",
                "01/02/2026",
                "03/03/2026",
                "LA Monitoring visit",
                "",
                "",
                "",
                "",
                "",
                "Care leavers",
            ],
        ],
    )
    result = import_ofsted(connection, path)
    assert (result.ratings_added, result.visits_without_grades) == (5, 2)
    assert {row[1] for row in ratings_of(connection, "Halton")} == {"good"}
    notes = connection.execute("SELECT DISTINCT notes FROM ratings ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert notes == "ILACS Standard Inspection"


def test_unmatched_rows_are_listed_not_guessed(tmp_path, connection, run):
    path = write_csv(
        tmp_path / "odd.csv",
        HEADERS_2024,
        [
            ["Atlantis", "Nowhere", "01/01/2026", "01/02/2026", "Good", "Good", "Good", "Good", "Good"],
            ["Stoke", "West Midlands", "01/01/2026", "01/02/2026", "Good", "Good", "Good", "Good", "Good"],
        ],
    )
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert "Unmatched: odd row 4: 'Atlantis' (no code)" in result.stderr
    # 'Stoke' is an alias people use, so it is matched exactly, not guessed.
    assert counts(connection)["ratings"] == before["ratings"] + 5


def test_importing_twice_adds_nothing_and_dry_run_writes_nothing(tmp_path, connection, run):
    path = write_csv(
        tmp_path / "again.csv",
        HEADERS_2025,
        [
            [
                "link",
                "E06000006",
                "Halton",
                "North West",
                "12/01/2026",
                "20/02/2026",
                "Good",
                "Good",
                "Good",
                "Good",
                "Good",
            ],
        ],
    )
    before = counts(connection)
    dry = json.loads(run("import", "ofsted", str(path), "--dry-run", "--json").stdout)
    assert (dry["dry_run"], dry["ratings_added"]) == (True, 5)
    assert counts(connection) == before
    first = run("import", "ofsted", str(path))
    assert first.stdout.startswith("Added 5 ratings from 1 graded inspections in again.csv (again; read as UTF-8).")
    middle = counts(connection)
    assert middle["ratings"] == before["ratings"] + 5
    assert middle["changes"] == before["changes"] + 1
    trail = run("changes", "halton", "--limit", "1").stdout + run("changes", "--limit", "1").stdout
    assert "5 ratings from again.csv (ids " in trail
    second = json.loads(run("import", "ofsted", str(path), "--json").stdout)
    assert (second["ratings_added"], second["already_recorded"]) == (0, 5)
    assert counts(connection) == middle


def test_a_conflicting_grade_keeps_what_is_recorded(tmp_path, connection, run):
    path = write_csv(
        tmp_path / "conflict.csv",
        HEADERS_2025,
        [
            [
                "link",
                "E06000021",
                "Stoke-on-Trent",
                "West Midlands",
                "04/02/2019",
                "18/03/2019",
                "Good",
                "Inadequate",
                "Inadequate",
                "Inadequate",
                "",
            ],
        ],
    )
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert (
        "Conflict: conflict row 4: Stoke-on-Trent overall effectiveness published 2019-03-18 is recorded as "
        "inadequate, the file says good; kept as recorded"
    ) in result.stderr


def test_a_failure_part_way_leaves_the_database_as_it_was(tmp_path, connection, run):
    connection.execute(
        "CREATE TRIGGER refuse_care_leavers BEFORE INSERT ON ratings WHEN NEW.judgement = 'care leavers'"
        " BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
    )
    connection.commit()
    path = write_csv(
        tmp_path / "half.csv",
        HEADERS_2025,
        [
            [
                "link",
                "E06000006",
                "Halton",
                "North West",
                "12/01/2026",
                "20/02/2026",
                "Good",
                "Good",
                "Good",
                "Good",
                "",
            ],
            [
                "link",
                "E06000021",
                "Stoke-on-Trent",
                "West Midlands",
                "12/01/2026",
                "20/02/2026",
                "Good",
                "Good",
                "Good",
                "Good",
                "Good",
            ],
        ],
    )
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the database refused a rating from half.csv, half row 5 (refused for the test); nothing was imported\n"
    )
    assert counts(connection) == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.txt", "hello", "Error: notes.txt: use Ofsted's ODS file, or an XLSX or CSV saved from it"),
        ("broken.ods", "not a zip", "Error: cannot read broken.ods as a spreadsheet"),
    ],
)
def test_unreadable_files_are_one_line(tmp_path, run, connection, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert counts(connection) == before


HALTON = ["link", "E06000006", "Halton", "North West", "12/01/2026", "20/02/2026", "Good", "Good", "", "", ""]
STOKE = [
    "link",
    "E06000021",
    "Stoke-on-Trent – café",
    "West Midlands",
    "12/01/2026",
    "20/02/2026",
    "Good",
    "",
    "",
    "",
    "",
]


def csv_text(header: list[str], rows: list[list], delimiter: str = ",") -> str:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "encoding, delimiter, read_as",
    [
        ("utf-8", ",", "UTF-8"),
        ("utf-8-sig", ",", "UTF-8"),  # Excel's "CSV UTF-8"
        ("cp1252", ",", "Windows-1252"),  # Excel's "CSV (Comma delimited)" on Windows
        ("utf-16", ",", "UTF-16"),
        ("utf-16", "\t", "UTF-16"),  # Excel's "Unicode Text", saved with a .csv name
        ("utf-32", ",", "UTF-32"),
    ],
)
def test_excel_encodings_are_read_and_said(tmp_path, connection, run, encoding, delimiter, read_as):
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_text(HEADERS_2025, [HALTON, STOKE], delimiter).encode(encoding))
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        f"Added 3 ratings from 2 graded inspections in excel.csv (excel; read as {read_as})."
    )
    assert result.stderr == ""
    assert counts(connection)["ratings"] == before["ratings"] + 3
    assert json.loads(run("import", "ofsted", str(path), "--json").stdout)["encoding"] == read_as


@pytest.mark.parametrize(
    "content, message",
    [
        (
            csv_text(HEADERS_2025, [HALTON]).encode() + b"\x81\xfe",
            "Error: bad.csv is neither UTF-8 nor Windows-1252 text (it holds byte 0x81, which neither gives a "
            "character); save it again as CSV UTF-8; nothing was imported\n",
        ),
        (
            b"\xff\xfe" + "Local authority name".encode("utf-16-le") + b"\x00\xd8",
            "Error: bad.csv starts with a UTF-16 byte order mark but is not UTF-16 text (unexpected end of data); "
            "nothing was imported\n",
        ),
    ],
)
def test_text_in_no_known_encoding_is_one_line_and_nothing_written(tmp_path, connection, run, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert (result.exit_code, result.stderr) == (1, message)
    assert counts(connection) == before


@pytest.mark.parametrize("quote", [False, True])
def test_a_cell_too_large_skips_its_row_only(tmp_path, connection, run, quote):
    """A cell over 131,072 characters (the csv module's limit) is its row's problem, said with
    its number; a huge quoted cell across lines does not lose the reader its place."""
    huge = ("x" * 100_000 + "\n") * 3 if quote else "x" * 200_000
    path = write_csv(tmp_path / "huge.csv", HEADERS_2025, [[huge, *STOKE[1:]], HALTON], preamble=0)
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith("Added 2 ratings from 1 graded inspections")
    assert (
        result.stderr == f"Skipped: huge row 2: column 1 holds {len(huge):,} characters; a cell holds at most 131,072\n"
    )
    assert counts(connection)["ratings"] == before["ratings"] + 2


def test_a_cell_beyond_what_the_reader_takes_skips_its_row_only(tmp_path, connection, run):
    path = write_csv(tmp_path / "vast.csv", HEADERS_2025, [["x" * 3_000_000, *STOKE[1:]], HALTON], preamble=0)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith("Added 2 ratings from 1 graded inspections")
    assert result.stderr == ("Skipped: vast row 2: cannot be read as CSV (field larger than field limit (2097152))\n")
    import csv as module

    assert module.field_size_limit() == 131_072  # the process's limit as it was


def test_an_inspection_after_its_publication_skips_its_row_only(tmp_path, connection, run):
    """The table refuses a rating inspected after its publication: the importer says so for
    the row, with its number, rather than the whole file failing on the database's rule."""
    late = ["link", "E06000021", "Stoke-on-Trent", "West Midlands", "12/03/2026", "20/02/2026", "Good", "", "", "", ""]
    path = write_csv(tmp_path / "late.csv", HEADERS_2025, [late, HALTON])
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert result.stderr == "Skipped: late row 4: ILACS inspection 2026-03-12 is after its publication 2026-02-20\n"
    assert counts(connection)["ratings"] == before["ratings"] + 2


@pytest.mark.parametrize("word", ["today", "yesterday", "eoy", "friday", "today-30d", "som"])
def test_a_date_relative_to_today_is_not_a_date_in_a_file(tmp_path, connection, run, word):
    row = ["link", "E06000021", "Stoke-on-Trent", "West Midlands", "12/01/2026", word, "Good", "", "", "", ""]
    path = write_csv(tmp_path / "relative.csv", HEADERS_2025, [row, HALTON])
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert (
        result.stderr == f"Skipped: relative row 4: {word!r} is not an actual date; a file must give the day itself\n"
    )
    assert counts(connection)["ratings"] == before["ratings"] + 2


def test_what_a_file_says_is_shown_on_one_line(tmp_path, connection, run):
    """A council's name or code with a line break in it (matched, as punctuation is ignored)
    prints its conflict, or its row, on one line of stderr."""
    conflicting = ["link", "e06000021\nx", "Stoke-on-Trent\n!", "", "04/02/2019", "18/03/2019", "Good", "", "", "", ""]
    unmatched = ["link", "E99\r\n\x1b[2J", "Atlan\u2028tis", "", "04/02/2019", "18/03/2019", "Good", "", "", "", ""]
    path = write_csv(tmp_path / "lines.csv", HEADERS_2025, [conflicting, unmatched])
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert result.stderr.split("\n") == [
        "Unmatched: lines row 5: 'Atlan\\u2028tis' (E99\u240d\u2424\u241b[2J)",
        "Conflict: lines row 4: Stoke-on-Trent\u2424! overall effectiveness published 2019-03-18 is recorded as "
        "inadequate, the file says good; kept as recorded",
        "",
    ]


def test_bad_dates_and_grades_are_skipped_and_said(tmp_path, run):
    path = write_csv(
        tmp_path / "bad.csv",
        HEADERS_2025,
        [
            ["link", "E06000006", "Halton", "North West", "31/02/2026", "20/02/2026", "Good", "", "", "", ""],
            [
                "link",
                "E06000021",
                "Stoke-on-Trent",
                "West Midlands",
                "01/01/2026",
                "20/02/2026",
                "Marvellous",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert "Skipped: bad row 4: '31/02/2026' is not a real day: February 2026 has 28 days" in result.stderr
    assert "Skipped: bad row 5, overall effectiveness: 'Marvellous' is not a grade" in result.stderr
    assert result.stdout.startswith("Added 0 ratings")


def test_a_table_is_found_below_its_title_rows():
    data = ["link", "E06000006", "Halton"]
    [(header, line, row)] = tables(iter([["A title", ""], ["A note"], HEADERS_IN_YEAR, data]))
    assert (header.row_index, line, row) == (2, 4, data)
    assert header.columns == {"code": 1, "name": 2}
    [group] = header.groups
    assert (group.framework, group.inspected, group.published, group.kind) == ("ILACS", 4, 5, 6)
    assert list(group.judgements) == [
        "overall effectiveness",
        "impact of leaders",
        "help and protection",
        "children in care",
        "care leavers",
    ]
    assert list(tables(iter([["nothing", "here"], ["Halton", "Good"]]))) == []


def test_the_real_2025_file_gives_the_seeded_ratings(tmp_path):
    """Into a database with authorities only, the real file gives what the seed holds, and again nothing."""
    data = shared_data_or_skip()
    from intervene.db import open_database

    seeded = open_database(tmp_path / "seeded.db")
    empty = open_database(tmp_path / "empty.db")
    empty.execute("DELETE FROM ratings")
    empty.commit()
    path = data / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
    first = import_ofsted(empty, path)
    assert (first.unmatched, first.problems, first.conflicts) == ([], [], [])
    query = (
        "SELECT a.ons_code, r.judgement, r.grade, r.framework_grade, r.inspected_on, r.published_on"
        " FROM ratings r JOIN authorities a ON a.id = r.authority_id WHERE r.framework = 'ILACS' ORDER BY 1, 2, 6"
    )
    assert [tuple(row) for row in empty.execute(query)] == [tuple(row) for row in seeded.execute(query)]
    assert first.ratings_added == seeded.execute("SELECT count(*) FROM ratings WHERE framework = 'ILACS'").fetchone()[0]
    assert import_ofsted(empty, path).ratings_added == 0


def test_inadequate_report_matches_the_2025_file(run):
    """`report --ratings --grade inadequate` lists exactly the councils the file's latest sheet calls inadequate."""
    data = shared_data_or_skip()
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(data / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"))
    rows = workbook.get_sheet_by_name("Inspections_as_at_31_March").to_python()
    header = rows[2]
    code, overall = header.index("Local authority area code"), header.index("Overall effectiveness")
    expected = sorted(row[code] for row in rows[3:] if row[overall] == "Inadequate")
    listed = json.loads(run("report", "--ratings", "--grade", "inadequate", "--as-of", "2025-03-31", "--json").stdout)
    import os

    from intervene.db import open_database

    connection = open_database(os.environ["INTERVENE_DB"])
    codes = sorted(
        connection.execute("SELECT ons_code FROM authorities WHERE short_name = ?", [row["council"]]).fetchone()[0]
        for row in listed
    )
    assert codes == expected
    assert len(expected) == 19


def test_rows_are_matched_by_former_ons_codes(tmp_path, connection, run):
    """A file from before a boundary change gives the council's old code: it is matched to the
    council that code now belongs to, and an unknown code is listed, not guessed."""
    grades = ["Good", "Good", "Good", "Good", "Good"]
    path = write_csv(
        tmp_path / "old.csv",
        HEADERS_2025,
        [
            ["link", "E08000020", "A name Ofsted never used", "North East", "01/03/2026", "01/04/2026", *grades],
            ["link", "E06000048", "Another name", "North East", "01/03/2026", "01/04/2026", *grades],
            ["link", "E10000023", "North Yorkshire County Council", "North", "01/03/2026", "01/04/2026", *grades],
            ["link", "E08000099", "Nowhere", "North East", "01/03/2026", "01/04/2026", *grades],
        ],
    )
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Unmatched: old row 7: 'Nowhere' (E08000099)" in result.stderr
    for council in ("Gateshead", "Northumberland", "North Yorkshire"):
        assert {row[1] for row in ratings_of(connection, council)} == {"good"}, council
    assert counts(connection)["ratings"] == before["ratings"] + 15
