"""Output that fits any terminal and reads in a pipe: every table at 60, 80, 120 and 200
columns with no word cut and no empty column; piped text plain, aligned and without trailing
spaces; the formats and the shaping options, on the seed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from intervene.render.styled import width_of

TABLES = [
    ("report", "--under-intervention", "--as-of", "2013-11-18"),
    ("report", "--expiring", "10y", "--as-of", "2008-01-01"),
    ("report", "--expired", "20y"),
    ("report", "--deadlines", "--as-of", "2020-03-01"),
    ("report", "--ratings"),
    ("report", "--changes"),
    ("report", "--over-time", "--every", "year"),
    ("timeline", "stoke"),
    ("authorities", "--all"),
    ("search", "trust"),
]
WIDTHS = (60, 80, 120, 200)


def _words(text: str) -> set[str]:
    """The words of a table, less its rules of dashes (as long as their columns are wide)."""
    return {word for word in text.split() if set(word) != {"─"}}


@pytest.fixture(scope="module")
def whole_words(tmp_path_factory):
    """Every word each table prints when nothing has to wrap (a terminal 2,000 columns wide)."""
    return {}


def _table(run, args, columns):
    result = run(*args, "--table", columns=columns)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_every_table_fits_without_cutting_a_word(run, args):
    wide = _words(_table(run, args, 2000))
    for columns in WIDTHS:
        out = _table(run, args, columns)
        lines = out.splitlines()
        # No word is cut: every word shown is one the unwrapped table shows.
        cut = _words(out) - wide
        assert not cut, (columns, sorted(cut)[:5])
        # From 80 columns the lines fit, but for a word longer than the room it was given (a
        # URL in a source). At 60 a table may be wider than the screen, its words still whole.
        for line in lines:
            if width_of(line) > columns and columns >= 80:
                assert any(width_of(word) > columns // 3 for word in line.split()), (columns, line)
        assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_no_column_is_empty(run, args):
    """Under each rule of dashes, some row has something in that column."""
    out = _table(run, args, 80)
    lines = out.splitlines()
    for number, rule in enumerate(lines):
        if not rule.startswith("─"):
            continue
        spans, start = [], 0
        for part in rule.split("  "):
            spans.append((start, start + len(part)))
            start += len(part) + 2
        below = []
        for line in lines[number + 1 :]:
            if not line and below and not lines[lines.index(line) - 1]:
                break
            below.append(line)
        for first, last in spans:
            assert any(line[first:last].strip() for line in below), (args, rule, first)


def test_reports_at_80_columns_keep_names_whole(run):
    out = _table(run, ("report", "--deadlines", "--as-of", "2020-03-01"), 80)
    assert "Stoke-on-Trent" in out and "Gloucestershire" in out
    assert "statutory direction" in out.replace("\n", " ")
    assert max(map(width_of, out.splitlines())) <= 80


@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_piped_tables_are_plain_aligned_lines(run, args):
    out = run(*args).stdout
    lines = out.splitlines()
    assert lines and all(line == line.rstrip() for line in lines)
    assert not any(mark in out for mark in "─│╭╰\x1b")
    # Every row has a value (or "-") where its heading line starts the second column.
    second = len(lines[0]) - len(lines[0][lines[0].index("  ") :].lstrip())
    assert all(line[second - 2 : second] == "  " for line in lines[1:]), args


def test_a_piped_table_is_one_row_a_line_with_every_field(run):
    lines = run("report", "--ratings").stdout.splitlines()
    assert lines[0].split() == ["Council", "Region", "Grade", "Framework", "Published"]
    assert len(lines) == 1 + len(json.loads(run("report", "--ratings", "--json").stdout))
    bradford = next(line for line in lines if line.startswith("Bradford "))
    assert bradford.split("  ")[0] == "Bradford" and "Yorkshire and The Humber" in bradford


def test_an_empty_cell_piped_is_a_dash(run):
    line = next(line for line in run("authorities").stdout.splitlines() if line.startswith("Stoke-on-Trent "))
    assert line.split()[-1] == "-"  # no note: not under intervention today


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--under-intervention", "--as-of", "2003-06-01"),
        ("search", "platypus"),
        ("timeline", "stoke", "--until", "1990"),
    ],
    ids=" ".join,
)
def test_empty_results_keep_their_shape(run, args):
    assert run(*args, "--json").stdout == "[]\n"
    assert run(*args, "--nl").stdout == ""
    header = run(*args, "--csv").stdout
    assert header.count("\n") == 1 and "," in header
    assert run(*args, "--tsv").stdout == header.replace(",", "\t")


def test_json_lines_and_tsv_carry_what_json_carries(run):
    args = ("report", "--expiring", "10y", "--as-of", "2008-01-01")
    rows = json.loads(run(*args, "--json").stdout)
    assert [json.loads(line) for line in run(*args, "--nl").stdout.splitlines()] == rows
    tsv = list(csv.reader(io.StringIO(run(*args, "--tsv").stdout), delimiter="\t"))
    assert tsv[0] == list(rows[0])
    assert [line[tsv[0].index("provider")] for line in tsv[1:]] == [row["provider"] for row in rows]
    assert tsv[1][tsv[0].index("partners")] == "Shaftesbury Young People; Tact; Care and Health"


def test_tsv_flattens_tabs_and_line_breaks(run, connection):
    connection.execute("UPDATE contracts SET provider = ? WHERE id = 1", ("Serco\tLtd\nplc",))
    connection.commit()
    args = ("report", "--expiring", "10y", "--as-of", "2008-01-01")
    tsv = run(*args, "--tsv").stdout.splitlines()
    assert len(tsv) == 1 + len(json.loads(run(*args, "--json").stdout))
    assert any("\tSerco Ltd plc\t" in line for line in tsv)


@pytest.mark.parametrize("formats", [("--json", "--csv"), ("--nl", "--tsv"), ("--table", "--json")])
def test_two_formats_are_a_usage_error_before_the_database_opens(run, formats, tmp_path):
    missing = tmp_path / "no-such.db"
    result = run("report", "--ratings", *formats, "--db", str(missing))
    assert result.exit_code == 2 and f"Choose one of {formats[0]} or {formats[1]}." in result.stderr
    assert not missing.exists()


def test_sort_reverse_and_limit(run):
    rows = json.loads(run("report", "--ratings", "--json").stdout)
    by_name = json.loads(run("report", "--ratings", "--sort", "council", "--json").stdout)
    assert [row["council"] for row in by_name] == sorted((row["council"] for row in rows), key=str.casefold)
    last = json.loads(
        run("report", "--ratings", "--sort", "published_on", "--reverse", "--limit", "3", "--json").stdout
    )
    assert len(last) == 3 and last[0]["published_on"] == max(row["published_on"] for row in rows)
    first = json.loads(run("report", "--ratings", "--limit", "2", "--json").stdout)
    assert first == rows[:2]
    assert json.loads(run("report", "--ratings", "--reverse", "--json").stdout) == rows[::-1]


def test_limit_says_how_many_were_left_out(run):
    out = run("report", "--ratings", "--limit", "5", "--table").stdout
    assert out.splitlines()[-1] == "5 councils: 5 inadequate; the first 5 of 153 (--limit)"


def test_sort_by_an_unknown_field_is_a_usage_error_listing_the_fields(run, tmp_path):
    missing = tmp_path / "no-such.db"
    result = run("report", "--expiring", "--sort", "colour", "--db", str(missing))
    assert result.exit_code == 2
    assert "--sort 'colour' is not a field here; use one of contract_id, council, region, provider" in result.stderr
    assert not missing.exists()
    assert run("timeline", "stoke", "--sort", "nope").exit_code == 2


def test_timeline_since_and_until_keep_partial_dates_that_meet_them(run):
    rows = json.loads(run("timeline", "stoke", "--since", "2019-05", "--until", "2019-10", "--json").stdout)
    assert rows[0]["date"] == "2019-05-16" and rows[-1]["date"] == "2019-10-31"
    assert "2019-10" in [row["date"] for row in rows]  # the event dated only to October 2019
    assert all("2019-05" <= row["date"][:7] <= "2019-10" for row in rows)
    result = run("timeline", "stoke", "--since", "2020", "--until", "2019")
    assert result.exit_code == 2 and "--since 2020 is after --until 2019." in result.stderr


def test_a_timeline_shows_an_inspections_source_once_headline_first(run):
    out = run("timeline", "stoke", "--since", "2019-03-18", "--until", "2019-03-18", "--table", columns=100).stdout
    lines = out.splitlines()
    facts = [line for line in lines if line.startswith("18 Mar 2019")]
    assert facts[0].endswith("ILACS overall effectiveness: inadequate")
    assert out.count("LA_Inspection_Outcomes") == 1
    assert (
        run("timeline", "stoke", "--until", "2019-03-18").stdout.count("LA_Inspection_Outcomes_as_at_31_March_2025")
        == 4
    )


def test_a_past_contract_end_is_quiet_and_an_overdue_deadline_is_not(run, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    ended = run("report", "--expired", "20y", "--table").stdout
    assert "days ago" in ended and "\x1b[1;31m" not in ended.split("days ago")[0].rsplit("\n", 1)[-1]
    overdue = run("report", "--deadlines", "--as-of", "2020-03-01", "--table").stdout
    assert "\x1b[1;31m92 days overdue\x1b[0m" in overdue


def test_dates_read_one_way(run):
    assert "Recorded rating" in (
        recorded := run(
            "add-rating", "halton", "--grade", "good", "--published", "2024-02-20", "--source", "Ofsted report"
        ).stdout
    )
    assert "published 20 Feb 2024" in recorded
    assert json.loads(run("timeline", "halton", "--since", "2024-02-20", "--json").stdout)[0]["date"] == "2024-02-20"


def test_the_pager_takes_long_output_at_a_terminal_only(run, monkeypatch):
    """At a terminal, output taller than the screen goes to $PAGER; --no-pager and a pipe do not."""
    from intervene.render import layout

    paged = []
    monkeypatch.setattr(layout, "_page", lambda text: paged.append(text) or True)
    monkeypatch.setattr(layout, "_screen_height", lambda: 24)
    monkeypatch.setattr(layout, "is_terminal", lambda stream: True)
    assert run("report", "--ratings").stdout == "" and len(paged) == 1 and "Bradford" in paged[0]
    assert run("report", "--ratings", "--limit", "3").stdout.count("\n") < 24 and len(paged) == 1
    assert "Bradford" in run("--no-pager", "report", "--ratings").stdout and len(paged) == 1
    monkeypatch.setattr(layout, "is_terminal", lambda stream: False)
    assert "Bradford" in run("report", "--ratings").stdout and len(paged) == 1


def test_limit_is_a_count_with_no_range_in_help(run):
    assert "--limit N" in run("report", "--help", columns=80).stdout
    assert "<=x<=" not in run("report", "--help", columns=80).stdout
    result = run("report", "--ratings", "--limit", "0")
    assert result.exit_code == 2 and "0 is not a number of rows: give a whole number from 1." in result.stderr
