"""Property tests of the importers, through the CLI: files of any structure never traceback.

Hypothesis builds OCDS packages and Ofsted CSVs in which well-formed releases and rows sit
among others of arbitrary structure: any JSON type at any key the importer reads, cells
with control characters, line breaks, huge text and dates that are no dates, in the
encodings Excel writes. Whatever the file, `intervene import` exits 0 or 1, never with an
exception; each thing it says on stderr is one line; a refused file changes nothing; an
accepted one adds exactly what it reports, every row it adds agrees with the file, and
every well-formed row is in.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import counts
from intervene.cli import cli

EXAMPLES = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
COUNCILS = [  # ONS code, a name the seed knows
    ("E06000001", "Hartlepool"),
    ("E06000006", "Halton"),
    ("E06000021", "Stoke-on-Trent"),
    ("E08000016", "Barnsley"),
    ("E08000025", "Birmingham"),
    ("E10000014", "Hampshire"),
]
# Well after the seed's latest rating (so no well-formed row is taken as an edition of one)
# and before the day the tests run.
FIRST_DAY = date(2025, 9, 1)

# Values that have broken importers, mixed with whatever Hypothesis draws.
ODD_VALUES = [
    None,
    True,
    0,
    -5,
    10**30,
    1e30,
    float("nan"),
    float("inf"),
    -float("inf"),
    "",
    " ",
    "NaN",
    "Infinity",
    "today",
    "eoy",
    "2026-02-30",
    "9999-12-31",
    "31/01/2026",
    "2026-04-01T00:00:00Z",
    "\x00",
    "\x1b[2J",
    "line\nbreak",
    "\r",
    "\u2028",
    "\ud800",
    [],
    {},
]


class Huge(str):
    """Text over the limit of a cell, shown in a failing example by its length alone."""

    def __repr__(self) -> str:
        return f"'x' * {len(self):,}"


huge_text = st.integers(131_073, 200_000).map(lambda length: Huge("x" * length))
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(ODD_VALUES)
    | huge_text
)
json_values = st.recursive(
    leaves,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


def said_line_by_line(stderr: str, prefixes: tuple[str, ...]) -> list[str]:
    """stderr as its lines, each one thing said: it starts as things are said and holds no return."""
    assert "\r" not in stderr
    lines = stderr.split("\n")
    assert lines[-1] == "", repr(stderr[-200:])
    for line in lines[:-1]:
        assert line.startswith(prefixes), repr(line[:200])
    return lines[:-1]


@contextmanager
def fresh_database(seeded_template, tmp_path):
    """A copy of the seeded database, and a folder for the file, for one example; each its own,
    as the CLI, run in this process, may still hold the last example's database open."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    try:
        db = folder / "property.db"
        shutil.copy(seeded_template, db)
        yield db, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SAID = {
    "ocds": ("Skipped: ", "Unmatched buyer: ", "Conflict: ", "Error: "),
    "ofsted": ("Skipped: ", "Unmatched: ", "Conflict: ", "Error: "),
}


def import_through_cli(seeded_template, tmp_path, kind: str, name: str, content: bytes):
    """Import `content`, as file `name`, into a fresh copy of the seeded database through the
    CLI. Checked here for any file: the exit, stderr a line for each thing said, a refused
    file changing nothing, and the database whole. Returns the CLI's result, the counts
    before and after, the rows the import added, and ONS code → council id."""
    table = "contracts" if kind == "ocds" else "ratings"
    with fresh_database(seeded_template, tmp_path) as (db, folder):
        path = folder / name
        path.write_bytes(content)
        connection = sqlite3.connect(db)
        connection.row_factory = sqlite3.Row
        try:
            before = counts(connection)
            last_id = connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            result = CliRunner().invoke(cli, ["--db", str(db), "import", kind, str(path)])
            after = counts(connection)
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            added = [dict(row) for row in connection.execute(f"SELECT * FROM {table} WHERE id > ?", [last_id])]
            councils = dict(connection.execute("SELECT ons_code, id FROM authorities WHERE ons_code IS NOT NULL"))
        finally:
            connection.close()
    assert result.exit_code in (0, 1), (result.exit_code, repr(result.exception), result.stderr[-500:])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    said = said_line_by_line(result.stderr, SAID[kind])
    event(f"exit {result.exit_code}")
    event("rows added" if added else "no rows added")
    for prefix in SAID[kind]:
        event(f"{prefix.strip()} said" if any(line.startswith(prefix) for line in said) else f"no {prefix.strip()}")
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert after == before
    return result, before, after, added, councils


# OCDS ------------------------------------------------------------------------------------


def good_release(number: int, council: tuple[str, str], by_code: bool, amount: int, days: int) -> dict:
    code, name = council
    starts = FIRST_DAY + timedelta(days=days)
    identifier = {"scheme": "GB-ONS", "id": code} if by_code else {"scheme": "X", "id": "none"}
    return {
        "ocid": f"ocds-good-{number}",
        "id": f"ocds-good-{number}-contract",
        "date": "2026-06-01T09:00:00Z",
        "parties": [
            {"id": "buyer", "name": name, "roles": ["buyer"], "identifier": identifier},
            {"id": "s1", "name": f"Provider {number}", "roles": ["supplier"]},
        ],
        "buyer": {"id": "buyer", "name": name},
        "awards": [
            {"id": "award", "suppliers": [{"id": "s1", "name": f" Provider {number} "}, {"name": f"Partner {number}"}]}
        ],
        "contracts": [
            {
                "id": f"c{number}",
                "awardID": "award",
                "title": "Children's services",
                "period": {
                    "startDate": f"{starts.isoformat()}T00:00:00Z",
                    "endDate": f"{(starts + timedelta(days=900)).isoformat()}T23:59:59Z",
                },
                "value": {"amount": amount, "currency": "gbp"},
            }
        ],
    }


# Every key the importer reads, as a path into a release; 0 is the first item of an array.
RELEASE_PATHS = [
    ("ocid",),
    ("buyer",),
    ("buyer", "id"),
    ("buyer", "name"),
    ("parties",),
    ("parties", 0),
    ("parties", 0, "id"),
    ("parties", 0, "name"),
    ("parties", 0, "roles"),
    ("parties", 0, "identifier"),
    ("parties", 0, "identifier", "id"),
    ("parties", 0, "additionalIdentifiers"),
    ("awards",),
    ("awards", 0),
    ("awards", 0, "id"),
    ("awards", 0, "suppliers"),
    ("awards", 0, "suppliers", 0),
    ("awards", 0, "suppliers", 0, "name"),
    ("contracts",),
    ("contracts", 0),
    ("contracts", 0, "id"),
    ("contracts", 0, "awardID"),
    ("contracts", 0, "dateSigned"),
    ("contracts", 0, "period"),
    ("contracts", 0, "period", "startDate"),
    ("contracts", 0, "period", "endDate"),
    ("contracts", 0, "period", "maxExtentDate"),
    ("contracts", 0, "value"),
    ("contracts", 0, "value", "amount"),
    ("contracts", 0, "value", "currency"),
    ("contracts", 0, "title"),
    ("contracts", 0, "description"),
]


def mutate(release: dict, path: tuple, value, delete: bool) -> None:
    """Put `value` at `path` in the release (or take the key away), where the path still leads."""
    node = release
    for step in path[:-1]:
        if isinstance(step, int):
            if not isinstance(node, list) or not node:
                return
        elif not isinstance(node, dict) or step not in node:
            return
        node = node[step]
    last = path[-1]
    if isinstance(last, int):
        if isinstance(node, list) and node:
            node[0] = value
    elif isinstance(node, dict):
        if delete:
            node.pop(last, None)
        else:
            node[last] = value


good_releases = st.lists(
    st.tuples(st.sampled_from(COUNCILS), st.booleans(), st.integers(0, 10**12), st.integers(0, 300)),
    max_size=3,
)
bad_releases = st.lists(
    st.tuples(
        st.sampled_from([*COUNCILS, ("E99999999", "Atlantis")]),
        st.lists(st.tuples(st.sampled_from(RELEASE_PATHS), json_values, st.booleans()), max_size=3),
    ),
    max_size=4,
)
wrappings = st.sampled_from(["releases", "records", "records-embedded"])


def package(goods: list, bads: list, wrapping: str, shuffle) -> tuple[dict, list[dict], list[dict]]:
    good = [good_release(n, council, by_code, amount, days) for n, (council, by_code, amount, days) in enumerate(goods)]
    bad = []
    for n, (council, mutations) in enumerate(bads):
        release = good_release(100 + n, council, True, 1000, n)
        release["ocid"] = f"ocds-bad-{n}"
        for path, value, delete in mutations:
            mutate(release, path, copy.deepcopy(value), delete)
        bad.append(release)
    releases = shuffle(good + bad)
    if wrapping == "releases":
        return {"releases": releases}, good, bad
    if wrapping == "records":
        return {"records": [{"ocid": r.get("ocid"), "compiledRelease": r} for r in releases]}, good, bad
    return {"records": [{"ocid": r.get("ocid"), "releases": [r]} for r in releases]}, good, bad


def pence(amount) -> int:
    return int(amount) * 100


def identifier(value) -> str | None:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def contracts_of(releases: list[dict], ocid: str, contract_id: str):
    """The file's contracts known as (ocid, contract_id), with their releases."""
    for release in releases:
        if identifier(release.get("ocid")) == ocid and isinstance(release.get("contracts"), list):
            for contract in release["contracts"]:
                if isinstance(contract, dict) and identifier(contract.get("id")) == contract_id:
                    yield release, contract


def agrees(row, release: dict, contract: dict) -> bool:
    """The stored row has the contract's supplier and start, as the file gives them."""
    awards = release["awards"] if isinstance(release.get("awards"), list) else []
    suppliers = [
        supplier.get("name")
        for award in awards
        if isinstance(award, dict) and isinstance(award.get("suppliers"), list)
        for supplier in award["suppliers"]
        if isinstance(supplier, dict)
    ]
    period = contract.get("period") if isinstance(contract.get("period"), dict) else {}
    start = period.get("startDate") or contract.get("dateSigned")
    return (
        row["provider"] in [s.strip() for s in suppliers if isinstance(s, str)]
        and isinstance(start, str)
        and start.strip()[: len(row["starts_on"])] == row["starts_on"]
    )


@EXAMPLES
@given(good_releases, bad_releases, wrappings, st.data())
def test_any_ocds_package_imports_its_good_contracts_and_says_the_rest(
    seeded_template, tmp_path, goods, bads, wrapping, data
):
    document, good, bad = package(goods, bads, wrapping, lambda releases: data.draw(st.permutations(releases)))
    content = json.dumps(document).encode()
    result, before, after, added, _ = import_through_cli(seeded_template, tmp_path, "ocds", "package.json", content)
    assert result.exit_code == 0, result.stderr  # a package, however odd its releases
    contracts, updated = map(int, re.match(r"Added (\d+) contracts and updated (\d+) ", result.stdout).groups())
    assert len(added) == after["contracts"] - before["contracts"] == contracts
    assert after["changes"] == before["changes"] + contracts + updated
    for table in ("authorities", "aliases", "successions", "ratings", "interventions", "events"):
        assert after[table] == before[table]
    new = {(row["ocid"], row["ocds_contract_id"]): row for row in added}
    # Every well-formed contract is in, as the file gives it.
    for release in good:
        contract = release["contracts"][0]
        row = new.pop((release["ocid"], contract["id"]))
        assert (row["provider"], row["starts_on"], row["value_pence"], row["currency"]) == (
            release["awards"][0]["suppliers"][0]["name"].strip(),
            contract["period"]["startDate"][:10],
            pence(contract["value"]["amount"]),
            "GBP",
        )
    # Whatever else went in is well formed and agrees with a contract of the file.
    for (ocid, contract_id), row in new.items():
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["starts_on"])
        assert row["value_pence"] is None or 0 <= row["value_pence"] <= 10**15
        assert re.fullmatch(r"[A-Z]{3}", row["currency"])
        assert any(agrees(row, release, contract) for release, contract in contracts_of(bad, ocid, contract_id))


# Ofsted ----------------------------------------------------------------------------------

HEADER = [
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
JUDGEMENTS = ["overall effectiveness", "impact of leaders", "help and protection", "children in care", "care leavers"]
GRADES = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
ODD_CELLS = [
    "",
    " ",
    "today",
    "yesterday",
    "eoy",
    "31/02/2026",
    "2026-13-01",
    "0000-00-00",
    "１２/０１/２０２６",
    "12/01/2026",
    "20/02/2026",
    "2099-01-01",
    "1899-12-31",
    "Good",
    "Marvellous",
    "4",
    "n/a",
    "E06000006",
    "Halton",
    "Stoke-on-Trent\n!",
    "\x00",
    "\x1b[31m",
    "a\r\nb",
    '"',
    "\u2028",
    "=cmd|' /C calc'!A0",
    "Atlantis",
    "E06000021",
    "04/02/2019",
    "18/03/2019",
]
cells = st.text(max_size=20) | st.sampled_from(ODD_CELLS) | huge_text
random_rows = st.lists(st.lists(cells, max_size=len(HEADER) + 2), max_size=4)
ODD_DATES = [
    "",
    "today",
    "yesterday",
    "eoy",
    "som",
    "friday",
    "today-30d",
    "31/02/2026",
    "2026-13-01",
    "0000-00-00",
    "１２/０１/２０２６",
    "20/02/2026",  # after the inspection of a row published before it
    "2099-01-01",
    "1899-12-31",
    "2026",
    "2025-10",
]
# Well-formed rows with one to three cells made odd: most often the columns the importer
# reads (code, name, the two dates, judgements), the publication above all (an odd
# inspection date of a row is mostly after its publication, and skipped for that),
# sometimes another column or one past the end.
odd_rows = st.lists(
    st.tuples(
        st.sampled_from([*COUNCILS, ("E99999999", "Atlantis")]),
        st.lists(st.sampled_from(GRADES), min_size=5, max_size=5),
        st.lists(
            st.tuples(
                st.sampled_from([0, 1, 2, 4, 5, 5, 5, 6, 8, len(HEADER)]),
                st.one_of(st.sampled_from(ODD_DATES), st.sampled_from(ODD_CELLS), st.text(max_size=12), huge_text),
            ),
            min_size=1,
            max_size=3,
        ),
    ),
    max_size=4,
)
# Stoke-on-Trent's ILACS inspection of 2019, as the seed holds it (inadequate but for leaders,
# good), published again with any grades: already recorded, or a conflict.
recorded_rows = st.lists(
    st.lists(st.sampled_from(GRADES + [""]), min_size=5, max_size=5).map(
        lambda grades: ["link", "E06000021", "Stoke-on-Trent", "", "04/02/2019", "18/03/2019", *grades]
    ),
    max_size=2,
)
good_rows = st.lists(
    st.tuples(st.sampled_from(COUNCILS), st.lists(st.sampled_from(GRADES + [""]), min_size=5, max_size=5)),
    max_size=4,
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])


def good_row(number: int, council: tuple[str, str], grades: list[str]) -> list[str]:
    """A well-formed row, published on a day of its own."""
    published = FIRST_DAY + timedelta(days=7 * number)
    inspected = published - timedelta(days=40)
    code, name = council
    return ["link", code, name, "", inspected.strftime("%d/%m/%Y"), published.strftime("%d/%m/%Y"), *grades]


def written_dates(rows: list[list[str]]) -> set[str]:
    """Every date the cells write out as a day (day first) or in ISO, as ISO."""
    found = set()
    for cell in (cell.strip() for row in rows for cell in row):
        if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", cell):
            day, month, year = map(int, match.groups())
            found.add(f"{year:04d}-{month:02d}-{day:02d}")
        elif re.fullmatch(r"\d{4}(-\d{2}){0,2}", cell):
            found.add(cell)
    return found


def csv_bytes(preamble: list[list[str]], header: list[str], rows: list[list[str]], encoding: str) -> tuple[bytes, str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(preamble)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        return buffer.getvalue().encode(encoding), encoding
    except UnicodeEncodeError:  # text Windows-1252 cannot hold
        return buffer.getvalue().encode("utf-8"), "utf-8"


@EXAMPLES
@given(
    st.lists(st.lists(cells, max_size=2), max_size=2),
    st.sampled_from([True, True, True, False]),
    good_rows,
    odd_rows,
    recorded_rows,
    random_rows,
    encodings,
    st.data(),
)
def test_any_ofsted_csv_imports_its_good_rows_and_says_the_rest(
    seeded_template, tmp_path, preamble, known_header, goods, odds, recorded, randoms, encoding, data
):
    header = HEADER if known_header else [f"column {n}" for n in range(len(HEADER))]
    good = [good_row(n, council, grades) for n, (council, grades) in enumerate(goods)]
    odd = []
    for n, (council, grades, changes) in enumerate(odds):
        row = good_row(20 + n, council, grades)
        for column, cell in changes:
            row[column : column + 1] = [cell]
        odd.append(row)
    rows = data.draw(st.permutations([*good, *odd, *recorded, *randoms]))
    content, written_as = csv_bytes(preamble, header, rows, encoding)
    result, before, after, added, councils = import_through_cli(
        seeded_template, tmp_path, "ofsted", "outcomes.csv", content
    )
    if not known_header or not any(cell != "" for row in rows for cell in row):
        # A table is known by its rows: a header alone, or over blank rows, is none.
        assert result.exit_code == 1 and "no table of inspection outcomes found" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    summary = result.stdout.split("\n")[0]
    ratings = int(re.match(r"Added ([\d,]+) ratings ", summary).group(1).replace(",", ""))
    read_as = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252"}[written_as]
    # Windows-1252 that is also UTF-8 (plain ASCII) is read as UTF-8.
    assert summary.endswith(f"; read as {read_as}).") or (written_as == "cp1252" and "; read as UTF-8)." in summary)
    assert len(added) == after["ratings"] - before["ratings"] == ratings
    assert after["changes"] == before["changes"] + (1 if ratings else 0)
    for table in ("authorities", "aliases", "successions", "interventions", "contracts", "contract_partners", "events"):
        assert after[table] == before[table]
    # Whatever went in is well formed and was in the file: its grade, and its dates as days.
    written, days = {" ".join(cell.split()) for row in rows for cell in row}, written_dates(rows)
    today = date.today().isoformat()
    for rating in added:
        assert rating["framework_grade"] in written
        assert rating["dated_on"] <= today
        assert {rating["published_on"], rating["inspected_on"]} - {None} <= days, dict(rating)
        if rating["published_on"] and rating["inspected_on"]:
            assert rating["published_on"] >= rating["inspected_on"][: len(rating["published_on"])]
    # Every well-formed row is in (as written, or as an earlier row of the same day had it).
    keys = {(r["authority_id"], r["framework"], r["judgement"], r["dated_on"]) for r in added}
    for row in good:
        published = date(int(row[5][6:]), int(row[5][3:5]), int(row[5][:2])).isoformat()
        for judgement, grade in zip(JUDGEMENTS, row[6:], strict=True):
            if grade:
                assert (councils[row[1]], "ILACS", judgement, published) in keys, (row, judgement)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from(["outcomes.csv", "package.json"]))
def test_any_bytes_at_all_are_imported_or_refused_in_one_line(seeded_template, tmp_path, content, name):
    import_through_cli(seeded_template, tmp_path, "ocds" if name.endswith(".json") else "ofsted", name, content)
