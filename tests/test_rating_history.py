"""The rating history 2009–2025: Ofsted's wide workbook, grades per framework, one inspection
reported twice, abolished councils, and what the seed says on past days."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import counts
from intervene import reports
from intervene.errors import InterveneError
from intervene.grades import canonical_grade
from intervene.importers.ofsted import import_ofsted

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK_2023 = ROOT / "data" / "sources" / "ofsted" / "Childrens_social_care_in_England_2023_underlying_data.ods"

# The 2009-2023 history sheet's header, as Ofsted wrote it (stray spaces and line breaks included), cut
# to SLAC, CPI, SIF and the first ILACS inspection.
WIDE_HEADER = [
    "Web link",
    "Local authority name",
    "LA region",
    "LA Authority Type",
    "Safeguarding & Looked After Children (SLAC) Inspection publication date",
    "SLAC Safeguarding Overall effectiveness (OE)",
    "SLAC Looked After Children Overall Effectiveness (OE)",
    "SLAC re-inspection of Safeguarding publication date",
    "SLAC re-inspection Safeguarding OE",
    "Child Protection Inspections (CPI) publication date",
    "CPI Overall Effectiveness (OE)",
    "Single Inspection of LA Children's Services (SIF)  First SIF publication date",
    " First SIF Overall Judgement\n(OE)",
    " First SIF children who need help and protection ",
    "LSCB Overall Effectiveness ",
    "First ILACS framework inspection type",
    "First ILACS framework publication date",
    "First ILACS framework overall effectiveness",
]


def wide_file(path: Path, rows: list[list], second_table: list[list] = ()) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Children's social care data in England: history of inspections"])
        writer.writerow(["This worksheet contains two tables."])
        writer.writerow(WIDE_HEADER)
        writer.writerows(rows)
        if second_table:
            writer.writerows([[], [], ["Table 11: History of inspection"], WIDE_HEADER, *second_table])
    return path


def ratings_of(connection, council: str, framework: str) -> list[tuple]:
    return [
        tuple(row)
        for row in connection.execute(
            "SELECT r.judgement, r.grade, r.framework_grade, r.published_on, r.notes FROM ratings r"
            " JOIN authorities a ON a.id = r.authority_id WHERE a.short_name = ? AND r.framework = ?"
            " ORDER BY r.published_on, r.judgement",
            [council, framework],
        )
    ]


def test_a_wide_row_gives_each_inspection_in_its_framework_s_words(tmp_path, connection):
    connection.execute(
        "DELETE FROM ratings WHERE authority_id = (SELECT id FROM authorities WHERE short_name = 'Halton')"
    )
    connection.commit()
    path = wide_file(
        tmp_path / "history.csv",
        [
            [
                "link",
                "Halton",
                "North West",
                "Unitary",
                "2010-06-11",
                "Requires improvement to be good",
                "Good",
                "2012-01-20",
                "Inadequate",
                "2012-11-02",
                "Requires improvement to be good",
                "2015-02-10",
                "Inadequate",
                "Inadequate",
                "Requires improvement to be good",
                "ILACS Standard Inspection",
                "2019-02-20",
                "Requires improvement to be good",
            ]
        ],
    )
    result = import_ofsted(connection, path)
    assert (result.unmatched, result.problems, result.conflicts) == ([], [], [])
    assert (result.inspections, result.ratings_added) == (5, 8)
    assert ratings_of(connection, "Halton", "SLAC") == [
        ("looked after children", "good", "Good", "2010-06-11", None),
        ("safeguarding", "adequate", "Requires improvement to be good", "2010-06-11", None),
        ("safeguarding", "inadequate", "Inadequate", "2012-01-20", "re-inspection"),
    ]
    assert ratings_of(connection, "Halton", "CPI") == [
        ("child protection", "adequate", "Requires improvement to be good", "2012-11-02", None),
    ]
    assert ratings_of(connection, "Halton", "SIF") == [
        ("help and protection", "inadequate", "Inadequate", "2015-02-10", None),
        ("overall effectiveness", "inadequate", "Inadequate", "2015-02-10", None),
        ("safeguarding board", "requires improvement", "Requires improvement to be good", "2015-02-10", None),
    ]
    assert ratings_of(connection, "Halton", "ILACS") == [
        (
            "overall effectiveness",
            "requires improvement",
            "Requires improvement to be good",
            "2019-02-20",
            "ILACS Standard Inspection",
        ),
    ]


def test_the_second_table_s_abolished_council_keeps_its_own_ratings(tmp_path, connection):
    """Ofsted lists Dorset County Council as 'Dorset' in a second table: its 2011 inspection is the
    old county's, not that of the Dorset created in 2019."""
    connection.execute(
        "DELETE FROM ratings WHERE authority_id IN (SELECT id FROM authorities WHERE short_name LIKE 'Dorset%')"
    )
    connection.commit()
    path = wide_file(
        tmp_path / "history.csv",
        [],
        second_table=[
            [
                "link",
                "Dorset",
                "South West",
                "Shire County",
                "2011-10-28",
                "Good",
                "Good",
                "",
                "",
                "",
                "",
                "2016-05-23",
                "Requires improvement to be good",
                "Good",
                "Good",
                "",
                "",
                "",
            ]
        ],
    )
    result = import_ofsted(connection, path)
    assert (result.unmatched, result.problems) == ([], [])
    owners = {
        row[0]
        for row in connection.execute(
            "SELECT a.short_name FROM ratings r JOIN authorities a ON a.id = r.authority_id"
            " WHERE r.source LIKE '%history.csv%'"
        )
    }
    assert owners == {"Dorset County Council"} and result.ratings_added == 5


def test_one_inspection_dated_differently_by_two_editions_is_not_added_twice(tmp_path, connection, run):
    """Two editions date Nottingham's 2022 inspection two months apart: one inspection, a conflict."""
    path = wide_file(
        tmp_path / "history.csv",
        [
            [
                "link",
                "Nottingham",
                "East Midlands",
                "Unitary",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "ILACS Standard Inspection",
                "2022-11-05",
                "Inadequate",
            ]
        ],
    )
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert counts(connection)["ratings"] == before["ratings"]
    assert (
        "Conflict: history row 4: Nottingham overall effectiveness: the file dates this ILACS inspection "
        "2022-11-05 (inadequate), the database 2022-09-05 (inadequate); taken as the same inspection, "
        "kept as recorded"
    ) in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        ("Name,Colour\nHalton,blue\n", "no table of inspection outcomes found in unrecognised"),
        (b"PK\x03\x04 not really a zip", "cannot read unrecognised.ods as a spreadsheet"),
        (b"\x00\x01\x02 binary", "cannot read unrecognised.xlsx as a spreadsheet"),
    ],
)
def test_a_file_with_no_table_it_knows_is_an_error_and_writes_nothing(tmp_path, connection, run, content, message):
    suffix = ".csv" if isinstance(content, str) else (".ods" if content.startswith(b"PK") else ".xlsx")
    path = tmp_path / f"unrecognised{suffix}"
    path.write_text(content) if isinstance(content, str) else path.write_bytes(content)
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert counts(connection) == before


@pytest.mark.parametrize(
    "framework, published, word",
    [
        ("SLAC", "Requires improvement to be good", "adequate"),
        ("SLAC", "Adequate", "adequate"),
        ("ILACS", "Requires improvement to be good", "requires improvement"),
        ("CAA", "Performs poorly", "inadequate"),
    ],
)
def test_each_framework_reads_its_own_words(framework, published, word):
    assert canonical_grade(published, framework) == (word, published)


def test_a_shorthand_is_stored_as_the_wording_published():
    """RI was never printed on a report: what is kept as published is Ofsted's wording."""
    assert canonical_grade("RI", "SIF") == ("requires improvement", "Requires improvement to be good")
    assert canonical_grade("ri", "SLAC") == ("adequate", "Requires improvement to be good")


@pytest.mark.parametrize(
    "framework, published, listed",
    [
        ("ILACS", "Adequate", "ILACS judged outstanding, good, requires improvement, inadequate"),
        ("SIF", "Performs adequately", "SIF judged outstanding, good, requires improvement, inadequate"),
        ("APA", "RI", "APA judged outstanding, good, adequate, inadequate"),
    ],
)
def test_a_word_foreign_to_the_framework_is_refused_with_its_words(framework, published, listed):
    with pytest.raises(InterveneError, match=listed):
        canonical_grade(published, framework)


def test_add_rating_refuses_a_foreign_word_and_a_future_publication(run, connection):
    before = counts(connection)
    foreign = run("add-rating", "halton", "--framework", "ilacs", "--grade", "adequate", "--published", "2024-01-01")
    assert (foreign.exit_code, foreign.stderr) == (
        1,
        "Error: 'adequate' is not a grade in ILACS; ILACS judged outstanding, good, requires improvement, inadequate\n",
    )
    future = run("add-rating", "halton", "--grade", "good", "--published", "2099-01-01")
    assert future.exit_code == 1
    assert future.stderr == "Error: published 1 Jan 2099 is in the future; record a rating once it is out\n"
    assert counts(connection) == before


# ---------------------------------------------------------------------------
# The seed, on past days.


@pytest.mark.parametrize("day", ["2013-01-01", "2014-06-01", "2016-06-01", "2018-01-01"])
def test_nearly_every_council_has_an_overall_rating_from_2013(connection, day):
    rated = reports.latest_overall_ratings(connection, date.fromisoformat(day)).rows()
    assert len(rated) >= 145


def test_worcestershire_in_june_2017_is_the_january_sif_inadequate(run):
    card = run("status", "worcestershire", "--as-of", "2017-06-01").stdout
    ratings = card[card.index("Latest ratings") :]
    assert ratings.splitlines()[1:3] == [
        "  SIF, published 24 Jan 2017",
        "    overall effectiveness                            inadequate",
    ]


def test_sunderland_on_1_january_2016_is_inadequate_under_the_sif(run):
    rows = json.loads(run("report", "--ratings", "--as-of", "2016-01-01", "--json").stdout)
    [sunderland] = [row for row in rows if row["council"] == "Sunderland"]
    assert (sunderland["framework"], sunderland["grade"], sunderland["published_on"]) == (
        "SIF",
        "inadequate",
        "2015-07-20",
    )


def test_the_2023_workbook_adds_its_ratings_once_and_a_dry_run_writes_nothing(tmp_path, connection):
    connection.execute("DELETE FROM ratings WHERE framework IN ('SLAC', 'CPI', 'TLAC', 'SIF')")
    connection.commit()
    before = counts(connection)
    dry = import_ofsted(connection, WORKBOOK_2023, dry_run=True)
    assert dry.ratings_added > 1_500 and counts(connection) == before
    first = import_ofsted(connection, WORKBOOK_2023)
    assert first.ratings_added == dry.ratings_added
    assert (first.unmatched, first.problems) == ([], [])
    assert import_ofsted(connection, WORKBOOK_2023).ratings_added == 0
    assert counts(connection)["ratings"] == before["ratings"] + first.ratings_added


def test_ratings_stay_with_the_council_inspected(connection):
    by_council = dict(
        connection.execute(
            "SELECT a.short_name, count(*) FROM ratings r JOIN authorities a ON a.id = r.authority_id"
            " WHERE a.ceased_on IS NOT NULL GROUP BY a.short_name"
        ).fetchall()
    )
    assert set(by_council) >= {"Bournemouth", "Poole", "Dorset County Council", "Northamptonshire", "Cumbria"}
    # No rating of a council published after the day it ceased.
    late = connection.execute(
        "SELECT count(*) FROM ratings r JOIN authorities a ON a.id = r.authority_id"
        " WHERE a.ceased_on IS NOT NULL AND r.published_on >= a.ceased_on"
    ).fetchone()[0]
    assert late == 0


# ---------------------------------------------------------------------------
# Councils that came and went.


def test_a_past_day_lists_the_councils_that_existed_then(run):
    then = {row["short_name"] for row in json.loads(run("authorities", "--as-of", "2008-01-01", "--json").stdout)}
    now = {row["short_name"] for row in json.loads(run("authorities", "--json").stdout)}
    assert (len(then), len(now)) == (152, 153)
    assert {"Bournemouth", "Poole", "Dorset County Council", "Northamptonshire", "Cumbria"} <= then
    created = {
        "Bournemouth, Christchurch and Poole",
        "Dorset",
        "North Northamptonshire",
        "West Northamptonshire",
        "Cumberland",
        "Westmorland and Furness",
    }
    assert created & then == set() and created <= now


def test_a_report_on_a_past_day_rates_the_councils_of_that_day(run):
    rows = json.loads(run("report", "--ratings", "--as-of", "2018-01-01", "--json").stdout)
    councils = {row["council"] for row in rows}
    assert {"Bournemouth", "Poole", "Dorset County Council"} <= councils
    assert "Bournemouth, Christchurch and Poole" not in councils


def test_a_successor_s_card_tells_its_predecessors_history(run):
    card = run("status", "bcp", "--as-of", "2026-11-24", columns=200).stdout
    assert "Created 1 Apr 2019, succeeding Bournemouth Borough Council and Borough of Poole" in card
    assert "  2011 G G G R R R R R R 2019  as Bournemouth Borough Council" in card
    assert "  2011 G G G G G G R R R 2019  as Borough of Poole" in card
    assert "  2019 · · · I I I G G 2026" in card  # its own years: none until its first inspection
    view = json.loads(run("status", "bcp", "--json").stdout)
    assert [p["short_name"] for p in view["predecessors"]] == ["Bournemouth", "Poole"]
    own = [r for r in view["rating_history"] if r["as_council"] is None]
    assert own and all(r["published_on"] >= "2019-04-01" for r in own)


def test_a_card_before_the_council_was_created_says_so(run):
    card = run("status", "bcp", "--as-of", "2018-06-01").stdout
    assert "Not yet created on this date: created 1 Apr 2019." in card
    assert "Not yet created" not in run("status", "bcp", "--as-of", "2019-04-01").stdout


# The 2024 edition's latest-inspection sheet, as the 2023 workbook's LA sheets: no publication date.
HEADERS_NO_PUBLICATION = [
    "Web link",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Overall effectiveness",
    "Impact of leaders",
    "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care",
    "Experiences and progress of care leavers",
]
# A wide history sheet dated by inspection only: first and second ILACS inspections on one row.
HEADERS_WIDE_BY_INSPECTION = [
    "Local authority name",
    "Region",
    "First ILACS inspection date",
    "First ILACS overall effectiveness",
    "First ILACS impact of leaders",
    "Second ILACS inspection date",
    "Second ILACS overall effectiveness",
    "Second ILACS impact of leaders",
]


def plain_file(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Local authority inspection outcomes"], [], header, *rows])
    return path


def dated(connection, council: str) -> list[tuple]:
    return [
        tuple(row)
        for row in connection.execute(
            "SELECT r.judgement, r.grade, r.inspected_on, r.published_on, r.dated_on FROM ratings r"
            " JOIN authorities a ON a.id = r.authority_id WHERE a.short_name = ? AND r.framework = 'ILACS'"
            " ORDER BY r.dated_on, r.judgement",
            [council],
        )
    ]


def test_an_edition_without_publication_dates_dates_by_inspection_and_invents_nothing(tmp_path, connection, run):
    connection.execute(
        "DELETE FROM ratings WHERE authority_id = (SELECT id FROM authorities WHERE short_name = 'Halton')"
    )
    connection.commit()
    path = plain_file(
        tmp_path / "outcomes-2024.csv",
        HEADERS_NO_PUBLICATION,
        [
            ["link", "Halton", "North West", "04/03/2024", "Inadequate", "Inadequate", "", "", ""],
        ],
    )
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Added 2 ratings from 1 graded inspections" in result.stdout
    assert dated(connection, "Halton") == [
        ("impact of leaders", "inadequate", "2024-03-04", None, "2024-03-04"),
        ("overall effectiveness", "inadequate", "2024-03-04", None, "2024-03-04"),
    ]
    card = run("status", "halton", "--as-of", "2024-06-01").stdout
    assert "ILACS, inspected 4 Mar 2024 (publication date not known)" in card
    report = run("report", "--ratings", "--region", "North West", "--as-of", "2024-06-01", "--json")
    halton = next(row for row in json.loads(report.stdout) if row["council"] == "Halton")
    assert (halton["grade"], halton["published_on"], halton["inspected_on"]) == ("inadequate", None, "2024-03-04")
    assert (
        "inspected 4 Mar 2024" in run("report", "--ratings", "--region", "North West", "--as-of", "2024-06-01").stdout
    )
    assert run("status", "halton", "--as-of", "2024-03-03").stdout.count("No ratings recorded by this date.") == 1
    timeline = json.loads(run("timeline", "halton", "--json").stdout)
    assert {
        "date": "2024-03-04",
        "what": "rating",
        "summary": "ILACS overall effectiveness: inadequate (inspected; publication date not known)",
    }.items() <= next(fact for fact in timeline if fact["summary"].startswith("ILACS overall effectiveness")).items()
    # Importing it again adds nothing.
    again = run("import", "ofsted", str(path))
    assert "Added 0 ratings" in again.stdout and "2 judgements were already recorded" in again.stdout


def test_an_inspection_recorded_with_its_publication_is_found_by_its_inspection_day(tmp_path, connection, run):
    """South Tyneside's inspection of 5 Dec 2022 is recorded published 10 May 2023, five months on; an
    edition giving only the inspection day reports the same inspection: nothing added, no conflict."""
    path = plain_file(
        tmp_path / "outcomes-2024.csv",
        HEADERS_NO_PUBLICATION,
        [
            [
                "link",
                "South Tyneside",
                "North East",
                "05/12/2022",
                "Inadequate",
                "Inadequate",
                "Requires improvement to be good",
                "Inadequate",
                "",
            ],
        ],
    )
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0 and result.stderr == ""
    assert "Added 0 ratings" in result.stdout and "4 judgements were already recorded" in result.stdout
    assert counts(connection) == before


def test_a_wide_sheet_dated_by_inspection_gives_both_inspections(tmp_path, connection):
    connection.execute(
        "DELETE FROM ratings WHERE authority_id = (SELECT id FROM authorities WHERE short_name = 'Halton')"
    )
    connection.commit()
    path = plain_file(
        tmp_path / "history-2024.csv",
        HEADERS_WIDE_BY_INSPECTION,
        [
            [
                "Halton",
                "North West",
                "2019-01-14",
                "Requires improvement to be good",
                "Good",
                "2023-05-08",
                "Good",
                "Good",
            ],
        ],
    )
    result = import_ofsted(connection, path)
    assert (result.unmatched, result.problems, result.conflicts) == ([], [], [])
    assert dated(connection, "Halton") == [
        ("impact of leaders", "good", "2019-01-14", None, "2019-01-14"),
        ("overall effectiveness", "requires improvement", "2019-01-14", None, "2019-01-14"),
        ("impact of leaders", "good", "2023-05-08", None, "2023-05-08"),
        ("overall effectiveness", "good", "2023-05-08", None, "2023-05-08"),
    ]


def test_a_children_s_homes_table_is_not_taken_for_a_council_s(tmp_path, connection, run):
    """The 2023 workbook's provider sheets judge children's homes ('effectiveness of leaders and
    managers'), by local authority: not a council's inspection."""
    path = plain_file(
        tmp_path / "providers.csv",
        [
            "URN",
            "Provision type",
            "Local authority",
            "Inspection date",
            "Overall experiences and progress of children and young people",
            "The effectiveness of leaders and managers",
        ],
        [["1234567", "Children's home", "Halton", "2023-01-10", "Good", "Good"]],
    )
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 1 and "no table of inspection outcomes found" in result.stderr
    assert counts(connection) == before


def test_the_annual_assessment_s_poor_performers_are_in_the_seed_each_sourced(connection):
    """Ofsted's 2009-2011 annual assessment: nine councils performed poorly in 2009, twelve in 2010,
    fifteen in 2011 (fourteen named by the sources found); each row names its source."""
    rows = connection.execute(
        "SELECT published_on, count(*), sum(source LIKE '%https://%') FROM ratings"
        " WHERE framework = 'CAA' AND grade = 'inadequate' GROUP BY published_on ORDER BY published_on"
    ).fetchall()
    assert [tuple(row) for row in rows] == [("2009-12-09", 9, 9), ("2010-12-09", 12, 12), ("2011-11-08", 14, 14)]


def test_the_2008_assessment_s_inadequate_councils_are_in_the_seed(connection):
    councils = [
        row[0]
        for row in connection.execute(
            "SELECT a.short_name FROM ratings r JOIN authorities a ON a.id = r.authority_id WHERE r.framework = 'APA'"
            " AND r.published_on = '2008-12-17' AND r.grade = 'inadequate' ORDER BY a.short_name"
        )
    ]
    assert councils == ["Doncaster", "Haringey", "Milton Keynes", "Surrey"]


def test_worcestershire_at_the_end_of_2010_performed_poorly(run):
    out = run("status", "worcestershire", "--as-of", "2011-01-01").stdout
    assert "CAA, published 9 Dec 2010" in out and "inadequate (1)" in out


def test_an_inspection_day_a_day_off_is_a_conflict_not_a_second_inspection(tmp_path, connection, run):
    """An edition dating South Tyneside's inspection 6 Dec 2022 (recorded: inspected 5 Dec, published
    10 May 2023) reports the same inspection: one conflict line a judgement, nothing added."""
    path = plain_file(
        tmp_path / "outcomes-2024.csv",
        HEADERS_NO_PUBLICATION,
        [
            ["link", "South Tyneside", "North East", "06/12/2022", "Inadequate", "", "", "", ""],
        ],
    )
    before = counts(connection)
    result = run("import", "ofsted", str(path))
    assert result.exit_code == 0
    assert result.stderr == (
        "Conflict: outcomes-2024 row 4: South Tyneside overall effectiveness: the file has this ILACS inspection "
        "on 2022-12-06 (inadequate), the database on 2022-12-05, dated 2023-05-10 (inadequate); taken as the "
        "same inspection, kept as recorded\n"
    )
    assert counts(connection) == before
