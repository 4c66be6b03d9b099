"""Ofsted's published local authority inspection outcomes (ODS, XLSX or CSV) → ratings.

Two layouts, found by their header words wherever the table sits:
- long, one inspection a row (the "Local authority inspection outcomes" files, ILACS);
- wide, one council a row and several inspections across it (the "Children's social
  care data in England" workbooks, sheet LA_inspections_2009-20XX: SLAC, CPI, TLAC, SIF
  and ILACS, each a publication date followed by its judgements).
Headers are mapped by name, not position, because they drift between editions. Focused
and monitoring visits carry no grades and add nothing. Authorities are matched by ONS
code, else by exact name or alias; a row that matches nothing is listed, never guessed.
The same inspection reported by two editions a few weeks apart is one inspection.

What the file holds is checked before anything is written: a row with a cell too large,
a date that is not an actual day (or names one relative to today), an inspection after its
publication, or a grade its framework never used is skipped and reported with its row
number, and the rest goes in. A CSV is read as UTF-8, UTF-16 or UTF-32 when a byte order
mark says so, else as UTF-8 if it is, else as Windows-1252 (Excel's "CSV" on Windows); a
file that is none of these is refused whole, before anything is written.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from intervene import dates
from intervene.authorities import exact_lookup, normalise
from intervene.dates import MAX_YEAR, MIN_YEAR, first_day, last_day, not_before, parse_date
from intervene.errors import InterveneError, quoted
from intervene.grades import canonical_grade

FRAMEWORK = "ILACS"
INSPECTORATE = "Ofsted"
READABLE = (".ods", ".xlsx", ".xlsm", ".xls", ".csv")

# The most characters a cell may hold: the csv module's own default limit. A row with a
# larger cell is skipped; the csv reader is allowed a little more while it reads, so that
# such a cell is read whole and its row reported, rather than the reader losing its place.
MAX_CELL = 131_072
CSV_READ_LIMIT = 16 * MAX_CELL


def _judgement(header: str) -> str | None:
    """The canonical judgement a column holds, from however the edition worded it."""
    words = normalise(header)
    if "overall effectiveness" in words:
        return "overall effectiveness"
    if "leaders" in words:
        return "impact of leaders"
    if "help and protection" in words:
        return "help and protection"
    if "children in care" in words:  # before 2023 this column also covered care leavers
        return "children in care"
    if "care leavers" in words:
        return "care leavers"
    return None


_FIELDS = {
    "code": ("local authority area code", "area code", "la code", "ons code", "new la code"),
    "name": ("local authority name", "local authority", "la name"),
    "inspected": ("inspection date", "inspection visit date", "inspection start date", "visit date"),
    "published": ("publication date", "published date", "date published"),
    "kind": ("inspection type", "inspection visit type", "visit type"),
}


@dataclass
class Group:
    """The columns of one inspection within a row."""

    framework: str
    published: int | None  # None where the edition gives only inspection dates
    judgements: dict[str, int]  # canonical judgement → column
    inspected: int | None = None
    kind: int | None = None  # a column naming the inspection type
    inspection: str | None = None  # the type, where the header says it ("re-inspection")


@dataclass
class Header:
    row_index: int
    columns: dict[str, int]  # "name", "code" → column
    groups: list[Group]


# How far below the top of a sheet, or below a blank row, a table's header may sit.
HEADER_DEPTH = 20


def header_of(index: int, row: list) -> Header | None:
    """The row as a table's header (wide or long), or None."""
    labels = [normalise(cell) if isinstance(cell, str) else "" for cell in row]
    return _wide_header(index, labels) or _long_header(index, row, labels)


def _long_header(index: int, row: list, labels: list[str]) -> Header | None:
    """One inspection a row: a publication date column and the ILACS judgements."""
    columns: dict[str, int] = {}
    for name, accepted in _FIELDS.items():
        for column, label in enumerate(labels):
            if label in accepted:
                columns.setdefault(name, column)
    judgements = {}
    for column, cell in enumerate(row):
        judgement = _judgement(cell) if isinstance(cell, str) else None
        if judgement and judgement not in judgements:
            judgements[judgement] = column
    # The overall judgement marks a council's table: a children's home's has judgements too.
    if (
        "name" not in columns
        or not ({"published", "inspected"} & columns.keys())
        or "overall effectiveness" not in judgements
    ):
        return None
    group = Group(FRAMEWORK, columns.get("published"), judgements, columns.get("inspected"), columns.get("kind"))
    return Header(index, {key: columns[key] for key in ("name", "code") if key in columns}, [group])


# A wide header's framework, from the words of an inspection's date column; the first that matches.
_WIDE_FRAMEWORKS = (
    ("ilacs", "ILACS"),
    ("single inspection", "SIF"),
    ("sif", "SIF"),
    ("tlac", "TLAC"),
    ("cpri", "CPI"),
    ("child protection", "CPI"),
    ("slac", "SLAC"),
    ("safeguarding and looked after", "SLAC"),
)


def _wide_framework(label: str) -> str | None:
    padded = f" {label} "
    return next((framework for key, framework in _WIDE_FRAMEWORKS if f" {key} " in padded), None)


def _wide_judgement(framework: str, label: str) -> str | None:
    """The canonical judgement a wide column holds, in its framework's own terms."""
    if framework == "ILACS":
        return _judgement(label)
    if framework == "SLAC":
        return (
            "safeguarding" if "safeguarding" in label else "looked after children" if "looked after" in label else None
        )
    if framework == "CPI":
        return "child protection"
    if framework == "TLAC":
        return "looked after children"
    for words, judgement in (
        ("lscb", "safeguarding board"),
        ("overall", "overall effectiveness"),
        ("adoption", "adoption performance"),
        ("care leavers", "care leavers"),
        ("help and protection", "help and protection"),
        ("achieving permanence", "children looked after and achieving permanence"),
        ("leadership", "leadership, management and governance"),
    ):
        if words in label:
            return judgement
    return None


def _date_kind(label: str) -> str | None:
    """Which of an inspection's dates a wide column holds: "published", "inspected" or neither."""
    if "publication date" in label or "date published" in label:
        return "published"
    if "inspection date" in label or "date of inspection" in label:
        return "inspected"
    return None


def _wide_header(index: int, labels: list[str]) -> Header | None:
    """Several inspections a row, each its date columns (publication, inspection or both)
    followed by its judgements.

    A column naming the inspection type just before a date column belongs to that
    inspection; a column that follows and maps to no judgement (a link, a region) is skipped.
    """
    dates = {column: date_kind for column, label in enumerate(labels) if (date_kind := _date_kind(label))}
    name = next((column for column, label in enumerate(labels) if label in _FIELDS["name"]), None)
    if len(dates) < 2 or name is None:
        return None
    groups: list[Group | None] = []
    kind = None
    for column, label in enumerate(labels):
        if "inspection type" in label:
            kind = column
        elif column in dates:
            framework = _wide_framework(label)
            current = groups[-1] if groups else None
            if framework is None:
                groups.append(None)  # a date of something this importer does not read
            elif (
                current
                and current.framework == framework
                and not current.judgements
                and getattr(current, dates[column]) is None
            ):
                setattr(current, dates[column], column)  # the same inspection's other date
            else:
                again = "re inspection" in label or " cpri " in f" {label} "
                group = Group(framework, None, {}, kind=kind, inspection="re-inspection" if again else None)
                setattr(group, dates[column], column)
                groups.append(group)
                kind = None
        elif groups and groups[-1] is not None:
            judgement = _wide_judgement(groups[-1].framework, label)
            if judgement and judgement not in groups[-1].judgements:
                groups[-1].judgements[judgement] = column
    found = [group for group in groups if group is not None and group.judgements]
    return Header(index, {"name": name}, found) if found else None


@dataclass
class ImportResult:
    file: str
    dry_run: bool
    encoding: str | None = None  # the text encoding a CSV was read in; None for a workbook
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    inspections: int = 0
    visits_without_grades: int = 0
    ratings_added: int = 0
    already_recorded: int = 0
    unmatched: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    first_id: int | None = None
    last_id: int | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class Unreadable(list):
    """A row the file holds but that cannot be taken in, and why: it has no cells to read."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def _oversized(row: list) -> Unreadable | None:
    for column, cell in enumerate(row, start=1):
        if isinstance(cell, str) and len(cell) > MAX_CELL:
            return Unreadable(f"column {column} holds {len(cell):,} characters; a cell holds at most {MAX_CELL:,}")
    return None


# Python's codec → what the result calls it.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
}


def _csv_encoding(path: Path) -> tuple[str, int]:
    """The encoding the CSV is in, and its count of lines, found by reading it through once.

    A byte order mark decides; without one the file is UTF-8 if it all decodes as UTF-8,
    else Windows-1252. A file that is neither, or not what its mark says, is refused.
    """
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
    except OSError as error:
        raise InterveneError(f"cannot read {path.name}: {error.strerror}") from None
    if start.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        candidates = ["utf-32"]
    elif start.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            with path.open(newline="", encoding=encoding) as handle:
                return encoding, sum(1 for _ in handle)
        except UnicodeDecodeError as error:
            failure = error
    if len(candidates) == 1:
        raise InterveneError(
            f"{path.name} starts with a {ENCODINGS[candidates[0]]} byte order mark but is not "
            f"{ENCODINGS[candidates[0]]} text ({failure.reason}); nothing was imported"
        )
    raise InterveneError(
        f"{path.name} is neither UTF-8 nor Windows-1252 text (it holds byte 0x{failure.object[failure.start]:02x}, "
        "which neither gives a character); save it again as CSV UTF-8; nothing was imported"
    )


def _csv_delimiter(path: Path, encoding: str) -> str:
    """A tab where the file's first lines hold more tabs than commas (Excel's "Unicode Text"), else a comma."""
    tabs = commas = 0
    with path.open(newline="", encoding=encoding) as handle:
        for _, line in zip(range(HEADER_DEPTH), handle, strict=False):
            tabs, commas = tabs + line.count("\t"), commas + line.count(",")
    return "\t" if tabs > commas else ","


def _csv_rows(handle, delimiter: str) -> Iterator[list]:
    """The CSV's rows; one that cannot be read, or with a cell too large, as `Unreadable`."""
    reader = csv.reader(handle, delimiter=delimiter)
    while True:
        # The limit is the csv module's, for the whole process: raised only while a row is read.
        limit = csv.field_size_limit(CSV_READ_LIMIT)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            row = Unreadable(f"cannot be read as CSV ({error})")
        finally:
            csv.field_size_limit(limit)
        if sum(map(len, row)) > MAX_CELL:
            oversized = _oversized(row)
            row = row if oversized is None else oversized
        yield row


def _sheet_rows(rows: Iterator[list]) -> Iterator[list]:
    """A workbook sheet's rows, one with a cell too large as `Unreadable`."""
    for row in rows:
        oversized = _oversized(row)
        yield row if oversized is None else oversized


def _read(path: Path) -> tuple[str, Iterator[tuple[str, Iterator[list], int]], str | None]:
    """The publication the file is (for sources), each sheet as (name, rows streamed, row count),
    and, for a CSV, the encoding it was read in."""
    if path.suffix.lower() == ".csv":
        # Read through once before anything is written: an undecodable file is refused whole.
        encoding, count = _csv_encoding(path)
        delimiter = _csv_delimiter(path, encoding)

        def csv_sheet():
            with path.open(newline="", encoding=encoding) as handle:
                yield path.stem, _csv_rows(handle, delimiter), count

        return f"Ofsted, {path.name}", csv_sheet(), ENCODINGS[encoding]
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for every unreadable file
        raise InterveneError(f"cannot read {path.name} as a spreadsheet: {_one_line(error)}") from None

    def sheets():
        for name in workbook.sheet_names:
            try:
                sheet = workbook.get_sheet_by_name(name)
            except Exception as error:  # as above: a sheet that cannot be read spoils the file
                raise InterveneError(
                    f"cannot read sheet {name!r} of {path.name}: {_one_line(error)}; nothing was imported"
                ) from None
            yield name, _sheet_rows(sheet.iter_rows()), sheet.height

    return _publication(workbook, path), sheets(), None


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _publication(workbook, path: Path) -> str:
    """'Ofsted, <title> (published <date>), <file>' from the workbook's cover, else the file name."""
    if "Cover" not in workbook.sheet_names:
        return f"Ofsted, {path.name}"
    cover = workbook.get_sheet_by_name("Cover").to_python()
    title = cover[0][0] if cover and cover[0] and isinstance(cover[0][0], str) else path.name
    published = next(
        (row[1] for row in cover if len(row) > 1 and str(row[0]).strip().lower().startswith("published on")), None
    )
    when = f" (published {_iso(published, path.name)})" if published else ""
    return f"Ofsted, '{title}'{when}, {path.name}"


def _iso(value, where: str) -> str | None:
    """A cell's date as ISO text, at the precision written; it must be an actual date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise InterveneError(f"{where}: {value.isoformat()} has a year outside {MIN_YEAR}-{MAX_YEAR}")
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InterveneError(f"{where}: {quoted(value)} is not a date")
    try:
        return _text_date(str(value))
    except InterveneError as error:
        raise InterveneError(f"{where}: {error}") from None


def _today() -> str:
    # The one today (`dates.today`), looked up at each call so that tests can fix it.
    return dates.today().isoformat()


# What `parse_date` reads as a day relative to today (`today`, `eoy`, `friday`, `today+30d`).
_RELATIVE = re.compile(r"[a-z]+\s*(?:[+-]\s*\d+\s*[a-z]+)?")


@lru_cache(maxsize=4096)
def _text_date(text: str) -> str:
    """A date written in a CSV cell; files repeat their dates, so each is parsed once.

    A file records when things happened: a word that names a day relative to today means
    nothing there, and is refused rather than read as the day of the import."""
    iso = parse_date(text, date.today())
    if _RELATIVE.fullmatch(" ".join(text.lower().split())):
        raise InterveneError(f"{quoted(text)} is not an actual date; a file must give the day itself")
    return iso


def import_ofsted(
    connection: sqlite3.Connection,
    path: Path | str,
    *,
    dry_run: bool = False,
    on_rows: Callable[[str, int | None], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Add the file's graded judgements as ratings, in one transaction; report what was done.

    The file is read, checked against what is recorded and loaded into a scratch copy of the
    database first (see `_Scratch`), without the write lock; then the new rows go into the
    database in one short transaction, so that other writers wait only for the inserts.
    A dry run does the same work in the copy and leaves the database alone.
    """
    path = Path(path)
    if not path.is_file():
        raise InterveneError(f"{path} is not a file")
    if path.suffix.lower() not in READABLE:
        raise InterveneError(f"{path.name}: use Ofsted's ODS file, or an XLSX or CSV saved from it")
    for _ in range(SCRATCH_ATTEMPTS):
        with _Scratch.beside(connection) as scratch:
            if scratch is None:
                break  # an in-memory or read-only database: load it in place
            result = _load(scratch.connection, path, dry_run=False, on_rows=on_rows, on_progress=on_progress)
            if dry_run:
                result.dry_run = True
                return result
            if scratch.apply(connection, result):
                return result
    return _load(connection, path, dry_run=dry_run, on_rows=on_rows, on_progress=on_progress)


def _load(
    connection: sqlite3.Connection,
    path: Path,
    *,
    dry_run: bool,
    on_rows: Callable[[str, int | None], None] | None,
    on_progress: Callable[[int], None] | None,
) -> ImportResult:
    """The import itself, in one transaction on `connection`. Rows stream from the file
    straight into the open transaction, so memory stays flat however large the file; the
    unique index on ratings finds what is already recorded."""
    from intervene.db import write_transaction
    from intervene.records import audit

    publication, sheets, encoding = _read(path)
    result = ImportResult(file=path.name, dry_run=dry_run, encoding=encoding)
    councils = _Councils(connection)
    looked_at: list[str] = []
    with write_transaction(connection, dry_run=dry_run):
        # The id the first new rating takes: past every id ratings has given, removed ones too.
        first_id = connection.execute(
            "SELECT max(coalesce(max(id), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ratings'), 0))"
            " + 1 FROM ratings"
        ).fetchone()[0]
        recorded = _Recorded(connection, first_id)
        for sheet, rows, count in sheets:
            looked_at.append(sheet)
            source = f"{publication}, sheet {sheet}"
            for header, line, row in tables(rows):
                if sheet not in result.sheets:
                    result.sheets.append(sheet)
                    if on_rows:
                        on_rows(sheet, count - header.row_index - 1)
                if on_progress:
                    on_progress(1)
                result.rows_read += 1
                if isinstance(row, Unreadable):
                    result.problems.append({"sheet": sheet, "row": line, "reason": f"{sheet} row {line}: {row.reason}"})
                    continue
                _import_row(connection, row, line, sheet, header, source, councils, result, recorded)
        if not result.sheets:
            raise InterveneError(
                f"{path.name}: no table of inspection outcomes found in {', '.join(looked_at) or 'the file'}; "
                "a table needs a local authority name column and, for each inspection, a publication date "
                "column with its judgements"
            )
        if result.ratings_added:
            result.first_id, result.last_id = first_id, first_id + result.ratings_added - 1
            # One audit entry for the whole import: which file, how many, and the ids they took.
            summary = {
                key: value
                for key, value in result.as_dict().items()
                if key not in ("unmatched", "conflicts", "problems")
            }
            audit(connection, "ratings", first_id, "import", None, summary)
    return result


# How often the import is done again in a fresh copy when the database moved on under the
# first (a rating or a council recorded meanwhile); then it is done in place, holding the lock.
SCRATCH_ATTEMPTS = 3
# Pages of cache (KiB when negative) for the copy and for the short transaction: random
# inserts into the indexes of a large ratings table otherwise read the same pages again and again.
IMPORT_CACHE_KIB = 32_000
CHANGE_COLUMNS = "changed_at, table_name, row_id, authority_id, action, before, after"
# What the import reads and must find as it was when the copy was made: the ratings (recorded
# or removed since), the councils and their names (each write to them is audited).
MOVED = (
    "SELECT (SELECT coalesce(max(id), 0) FROM main.ratings), (SELECT count(*) FROM main.ratings),"
    " (SELECT count(*) FROM main.authorities), (SELECT count(*) FROM main.aliases),"
    " (SELECT coalesce(max(id), 0) FROM main.changes WHERE table_name IN ('ratings', 'authorities', 'aliases'))"
)


class _Scratch:
    """A copy of the database beside it, made with SQLite's backup API (a consistent snapshot,
    read without blocking writers), in which the import does all its work: reading the file,
    matching councils, comparing with what is recorded, inserting. Only `apply` takes the
    database's write lock, to copy the new ratings and the import's audit entry across in one
    transaction, after checking that nothing the import read has changed since the copy.

    The copy is throwaway (no journal, no syncing) and removed afterwards; one left by a killed
    import is removed by the next import on that database.
    """

    def __init__(self, path: str, connection: sqlite3.Connection, schema: int):
        self.path, self.connection, self.schema = path, connection, schema
        self.state = tuple(connection.execute(MOVED).fetchone())
        self.changes = connection.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]
        self.ratings = connection.execute("SELECT coalesce(max(id), 0) FROM ratings").fetchone()[0]

    @classmethod
    @contextlib.contextmanager
    def beside(cls, database: sqlite3.Connection) -> Iterator[_Scratch | None]:
        """The copy, or None where there is no file to copy or no folder to copy it into."""
        main = next((row[2] for row in database.execute("PRAGMA database_list") if row[1] == "main"), "")
        if not main or not os.access(main, os.W_OK):
            yield None
            return
        folder, name = os.path.split(main)
        _remove_abandoned(folder, name)
        path = os.path.join(folder, f".{name}.{os.getpid()}.importing")
        _remove_copy(path)
        connection = None
        # The copy is removed however the import ends, Ctrl-C while copying included.
        try:
            try:
                # The copy's own schema cookie is not the database's; a change after this is seen in apply.
                schema = database.execute("PRAGMA main.schema_version").fetchone()[0]
                connection = sqlite3.connect(path)
                database.backup(connection)
                connection.row_factory = database.row_factory
                for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{IMPORT_CACHE_KIB}"):
                    connection.execute(f"PRAGMA {pragma}")
                connection.execute("PRAGMA foreign_keys = ON")
                scratch = cls(path, connection, schema)
            except sqlite3.Error:
                scratch = None  # no room or no right to make the copy there: import in place
            yield scratch
        finally:
            if connection is not None:
                connection.close()
            _remove_copy(path)

    def apply(self, database: sqlite3.Connection, result: ImportResult) -> bool:
        """Copy what the import added into `database` in one transaction; False, with nothing
        written, when the database has moved on since the copy and the import must be redone."""
        from intervene.db import write_transaction

        columns = ", ".join(("id", *RATING_COLUMNS))
        self.connection.close()  # its cache is no longer needed
        database.execute("ATTACH DATABASE ? AS staged", [self.path])
        cache = database.execute("PRAGMA cache_size").fetchone()[0]
        database.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        # Each row passed the very same CHECK constraints in the copy (the schema cannot have
        # changed: see below), so they are not evaluated again while every writer waits; NOT
        # NULL, UNIQUE and foreign keys still are.
        database.execute("PRAGMA ignore_check_constraints = ON")
        try:
            with write_transaction(database):
                state = database.execute(MOVED).fetchone()
                schema = database.execute("PRAGMA main.schema_version").fetchone()[0]
                if (tuple(state), schema) != (self.state, self.schema):
                    return False
                added = database.execute(
                    f"INSERT INTO main.ratings ({columns}) SELECT {columns} FROM staged.ratings"
                    " WHERE id > ? ORDER BY id",
                    [self.ratings],
                ).rowcount
                audited = database.execute(
                    f"INSERT INTO main.changes ({CHANGE_COLUMNS}) SELECT {CHANGE_COLUMNS} FROM staged.changes"
                    " WHERE id > ? ORDER BY id",
                    [self.changes],
                ).rowcount
                # The copy holds the import's ratings and its one audit entry, and nothing else.
                if (added, audited) != (result.ratings_added, 1 if result.ratings_added else 0):
                    raise RuntimeError(
                        f"the copy holds {added} new ratings and {audited} audit entries, "
                        f"not the {result.ratings_added} ratings the import added"
                    )
        finally:
            database.execute("PRAGMA ignore_check_constraints = OFF")
            database.execute(f"PRAGMA cache_size = {cache}")
            database.execute("DETACH DATABASE staged")
        return True


def _remove_copy(path: str) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path + suffix)


def _remove_abandoned(folder: str, name: str) -> None:
    """Copies left beside the database by imports that were killed (their process has gone)."""
    prefix = f".{name}."
    for entry in os.listdir(folder or "."):
        pid = entry[len(prefix) :].removesuffix(".importing")
        if entry.startswith(prefix) and entry.endswith(".importing") and pid.isdigit() and not _running(int(pid)):
            _remove_copy(os.path.join(folder, entry))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cell(row: list, column: int | None):
    if column is None or column >= len(row):
        return None
    value = row[column]
    return value.strip() if isinstance(value, str) else value


RATING_COLUMNS = (
    "authority_id",
    "framework",
    "judgement",
    "grade",
    "framework_grade",
    "inspected_on",
    "published_on",
    "inspectorate",
    "source",
    "notes",
)
INSERT = f"INSERT INTO ratings ({', '.join(RATING_COLUMNS)}) VALUES ({', '.join('?' for _ in RATING_COLUMNS)})"


def tables(rows: Iterator[list]) -> Iterator[tuple[Header, int, list]]:
    """Each data row with the header of the table it is in, and its line as a spreadsheet numbers it.

    A table runs from its header to the end of the sheet; after a blank row the next few
    rows are tried as the header of another table (a workbook may stack two on one sheet).
    """
    header, looking = None, HEADER_DEPTH
    for line, row in enumerate(rows, start=1):
        if isinstance(row, Unreadable):
            # Within a table it is a row to report; above the first, nothing is known of it.
            if header is not None:
                yield header, line, row
            continue
        if not any(cell not in (None, "") for cell in row):
            looking = HEADER_DEPTH
            continue
        if looking:
            looking -= 1
            found = header_of(line - 1, row)
            if found:
                header, looking = found, 0
                continue
        if header is not None:
            yield header, line, row


class _Councils:
    """Names and codes to councils. A council since abolished whose name a successor carries
    (Dorset County Council and Dorset) takes the rows published before it ceased."""

    def __init__(self, connection: sqlite3.Connection):
        self.by_code, self.by_name = exact_lookup(connection)
        self.former: dict[str, tuple[int, str]] = {}
        for authority_id, short_name, ceased_on in connection.execute(
            "SELECT id, short_name, ceased_on FROM authorities WHERE ceased_on IS NOT NULL"
        ):
            name = normalise(short_name)
            for key in (name, name.removesuffix(" county council")):
                self.former.setdefault(key, (authority_id, ceased_on))

    def match(self, name: str, code: str, dated_on: str | None) -> int | None:
        former = self.former.get(normalise(name))
        if former and dated_on and dated_on < former[1]:
            return former[0]
        authority_id = self.by_code.get(code) if code else None
        return authority_id if authority_id is not None else self.by_name.get(normalise(name))


def _import_row(connection, row, line, sheet, header, source, councils, result, recorded) -> None:
    # As text whatever the cell held (a workbook may give a number or a date): it is matched and reported.
    name = str(_cell(row, header.columns.get("name")) or "")
    code = str(_cell(row, header.columns.get("code")) or "").upper()
    if not name and not code:
        return  # a title or a note between tables, not a council
    where = f"{sheet} row {line}"
    graded = []
    for group in header.groups:
        grades = {
            judgement: _cell(row, column)
            for judgement, column in group.judgements.items()
            if str(_cell(row, column) or "").lower() not in NOT_GRADED
        }
        if grades:
            graded.append((group, grades))
    if not graded:
        result.visits_without_grades += 1
        return
    for group, grades in graded:
        try:
            published_on = _iso(_cell(row, group.published), where)
            inspected_on = _iso(_cell(row, group.inspected), where)
        except InterveneError as error:
            result.problems.append({"sheet": sheet, "row": line, "reason": str(error)})
            continue
        if published_on and inspected_on and not not_before(published_on, inspected_on):
            result.problems.append(
                {
                    "sheet": sheet,
                    "row": line,
                    "reason": f"{where}: {group.framework} inspection {inspected_on} is after its publication "
                    f"{published_on}",
                }
            )
            continue
        # Without a publication date the inspection dates the rating; the publication stays unknown.
        dated_on = published_on or inspected_on
        if not dated_on:
            result.problems.append(
                {
                    "sheet": sheet,
                    "row": line,
                    "reason": f"{where}: {group.framework} grades with no publication or inspection date",
                }
            )
            continue
        if dated_on > _today():
            said = "published" if published_on else "inspected"
            result.problems.append(
                {"sheet": sheet, "row": line, "reason": f"{where}: {said} {dated_on}, in the future"}
            )
            continue
        authority_id = councils.match(name, code, dated_on)
        if authority_id is None:
            if not result.unmatched or (result.unmatched[-1]["sheet"], result.unmatched[-1]["row"]) != (sheet, line):
                result.unmatched.append({"sheet": sheet, "row": line, "name": name, "code": code or None})
            continue
        result.inspections += 1
        kind = _cell(row, group.kind) or group.inspection
        for judgement, published_as in grades.items():
            published_as = " ".join(str(published_as).split())
            try:
                word = _grade_word(published_as, group.framework)
            except InterveneError as error:
                result.problems.append({"sheet": sheet, "row": line, "reason": f"{where}, {judgement}: {error}"})
                continue
            values = (
                authority_id,
                group.framework,
                judgement,
                word,
                published_as,
                inspected_on,
                published_on,
                INSPECTORATE,
                source,
                str(kind) if kind else None,
            )
            _add(connection, values, recorded, name, sheet, line, result)


# What a file puts in a judgement's cell when there was none.
NOT_GRADED = {"", "none", "-", "–", "n/a", "na", "not applicable", "not judged"}

# The same inspection as two editions report it: one may date it weeks apart from the other.
SAME_INSPECTION_DAYS = 62
RECORDED = "SELECT grade, dated_on, published_on, inspected_on FROM ratings"


def _nearest(day: str) -> str:
    """SQL: the recorded rating whose `day` (a fixed expression) is nearest a date, within the window."""
    return (
        RECORDED + " WHERE id < ? AND authority_id = ? AND framework = ? AND judgement = ?"
        f" AND {day} BETWEEN date(?, '-{SAME_INSPECTION_DAYS} days') AND date(?, '+{SAME_INSPECTION_DAYS} days')"
        f" AND {day} <> ? ORDER BY abs(julianday({day}) - julianday(?)) LIMIT 1"
    )


# A file dated by publication is compared with recorded publications; one dated by
# inspection, with recorded inspection days (or, where none is recorded, publications).
NEAREST_PUBLISHED = _nearest("dated_on")
NEAREST_INSPECTED = _nearest("coalesce(inspected_on, dated_on)")
SAME_INSPECTION = (
    RECORDED + " WHERE id < ? AND authority_id = ? AND framework = ? AND judgement = ? AND inspected_on = ?"
)
RECORDED_ON_DAY = RECORDED + " WHERE authority_id = ? AND framework = ? AND judgement = ? AND dated_on = ?"


class _Recorded:
    """What was recorded before this import (ids below `first_id`), as far as near dates matter:
    for each council, framework and judgement, the span of days a new date must fall within
    to be one of theirs dated differently. Asked once each, so that a file of new inspections
    far from any recorded costs one insert a rating."""

    def __init__(self, connection: sqlite3.Connection, first_id: int):
        self.connection, self.first_id = connection, first_id
        self.spans: dict[tuple, tuple[str, str] | None] = {}

    def near(
        self,
        authority_id: int,
        framework: str,
        judgement: str,
        dated_on: str,
        inspected_on: str | None,
        by_inspection: bool,
    ) -> tuple | None:
        """The recorded rating of the same inspection: one inspected the same day, else the
        nearest within the window (by inspection day where the file gives no publication)."""
        key = (authority_id, framework, judgement)
        if key not in self.spans:
            earliest, latest = self.connection.execute(SPAN_RECORDED, (self.first_id, *key)).fetchone()
            margin = timedelta(days=SAME_INSPECTION_DAYS)
            self.spans[key] = (
                None
                if earliest is None
                else ((first_day(earliest) - margin).isoformat(), (last_day(latest) + margin).isoformat())
            )
        span = self.spans[key]
        # Far from everything recorded (a file of new inspections), no query at all.
        if span is None or not any(day and span[0] <= day <= span[1] for day in (dated_on, inspected_on)):
            return None
        if inspected_on is not None:
            same = self.connection.execute(SAME_INSPECTION, (self.first_id, *key, inspected_on)).fetchone()
            if same:
                return same
        if by_inspection:
            return self.connection.execute(NEAREST_INSPECTED, (self.first_id, *key, *[dated_on] * 4)).fetchone()
        return self.connection.execute(NEAREST_PUBLISHED, (self.first_id, *key, *[dated_on] * 4)).fetchone()


SPAN_RECORDED = (
    "SELECT min(coalesce(inspected_on, dated_on)), max(dated_on) FROM ratings"
    " WHERE id < ? AND authority_id = ? AND framework = ? AND judgement = ?"
)


def _add(
    connection, values: tuple, recorded: _Recorded, name: str, sheet: str, line: int, result: ImportResult
) -> None:
    """Add one rating, unless the same judgement of the same inspection is recorded: on the same
    day, or (recorded before this import) within a few weeks, as another edition dated it. A
    different grade, or a different day, is a conflict; what is recorded stands. Within one
    file, rows on different days are different inspections. Where one side knows only the
    inspection date, the same inspection date makes it the same inspection."""
    authority_id, framework, judgement, word, _, inspected_on, published_on = values[:7]
    dated_on = published_on or inspected_on
    near = recorded.near(authority_id, framework, judgement, dated_on, inspected_on, by_inspection=not published_on)
    if near is None:
        # A plain INSERT, not ON CONFLICT DO NOTHING: an insert that does nothing still takes an
        # id from the table's sequence, and the ids an import took must run without a gap.
        try:
            connection.execute(INSERT, values)
            result.ratings_added += 1
            return
        except sqlite3.IntegrityError as error:
            if getattr(error, "sqlite_errorcode", None) != sqlite3.SQLITE_CONSTRAINT_UNIQUE:
                # What the file holds is checked before this: a refusal here is the database's own rule.
                raise InterveneError(
                    f"the database refused a rating from {result.file}, {sheet} row {line} ({_one_line(error)}); "
                    "nothing was imported"
                ) from None
        near = connection.execute(RECORDED_ON_DAY, values[:3] + (dated_on,)).fetchone()
    grade, recorded_on, recorded_published, recorded_inspected = near
    same_day = recorded_on == dated_on or (
        None in (published_on, recorded_published) and inspected_on is not None and recorded_inspected == inspected_on
    )
    if grade == word and same_day:
        result.already_recorded += 1
        return
    result.conflicts.append(
        {
            "sheet": sheet,
            "row": line,
            "council": name,
            "framework": framework,
            "judgement": judgement,
            "dated_on": dated_on,
            "dated_by": "published" if published_on else "inspected",
            "in_file": word,
            "recorded": grade,
            "recorded_dated_on": recorded_on,
            "recorded_inspected_on": recorded_inspected,
        }
    )


@lru_cache(maxsize=256)
def _grade_word(published_as: str, framework: str) -> str:
    """The canonical word for a published grade in its framework's terms; a file repeats a
    handful of them thousands of times."""
    return canonical_grade(published_as, framework)[0]
