"""Ofsted's published local authority inspection outcomes (ODS, XLSX or CSV) → ratings.

Headers are found and mapped by name, not position, because they drift
between editions: the 2024 file had no area code and shorter judgement names,
the in-year sheet adds the visit type and theme. Focused and monitoring
visits carry no grades and add nothing. Authorities are matched by ONS code,
else by exact name or alias; a row that matches nothing is listed, never guessed.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

from intervene.authorities import exact_lookup, normalise
from intervene.dates import parse_date
from intervene.errors import InterveneError
from intervene.grades import canonical_grade

FRAMEWORK = "ILACS"
INSPECTORATE = "Ofsted"
READABLE = (".ods", ".xlsx", ".xlsm", ".xls", ".csv")


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
class Header:
    row_index: int
    columns: dict[str, int]                 # field → column
    judgements: dict[str, int]              # canonical judgement → column


def find_header(rows: list[list]) -> Header | None:
    """The first row, among the first 20, that names an authority and a publication date."""
    for index, row in enumerate(rows[:20]):
        labels = [normalise(cell) if isinstance(cell, str) else "" for cell in row]
        columns = {}
        for name, accepted in _FIELDS.items():
            for column, label in enumerate(labels):
                if label in accepted:
                    columns.setdefault(name, column)
        judgements = {}
        for column, cell in enumerate(row):
            judgement = _judgement(cell) if isinstance(cell, str) else None
            if judgement and judgement not in judgements:
                judgements[judgement] = column
        if "name" in columns and "published" in columns and judgements:
            return Header(index, columns, judgements)
    return None


@dataclass
class ImportResult:
    file: str
    dry_run: bool
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


def _read(path: Path) -> tuple[str, Iterator[tuple[str, Iterator[list], int]]]:
    """The publication the file is (for sources), and each sheet as (name, rows streamed, row count)."""
    if path.suffix.lower() == ".csv":
        def csv_sheet():
            with path.open(newline="", encoding="utf-8-sig") as handle:
                count = sum(1 for _ in handle)
                handle.seek(0)
                yield path.stem, csv.reader(handle), count

        return f"Ofsted, {path.name}", csv_sheet()
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for every unreadable file
        raise InterveneError(f"cannot read {path.name} as a spreadsheet: {error}") from None

    def sheets():
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            yield name, sheet.iter_rows(), sheet.height

    return _publication(workbook, path), sheets()


def _publication(workbook, path: Path) -> str:
    """'Ofsted, <title> (published <date>), <file>' from the workbook's cover, else the file name."""
    if "Cover" not in workbook.sheet_names:
        return f"Ofsted, {path.name}"
    cover = workbook.get_sheet_by_name("Cover").to_python()
    title = cover[0][0] if cover and cover[0] and isinstance(cover[0][0], str) else path.name
    published = next((row[1] for row in cover if len(row) > 1 and str(row[0]).strip().lower().startswith("published on")), None)
    when = f" (published {_iso(published, path.name)})" if published else ""
    return f"Ofsted, '{title}'{when}, {path.name}"


def _iso(value, where: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return _text_date(str(value))
    except InterveneError as error:
        raise InterveneError(f"{where}: {error}") from None


@lru_cache(maxsize=4096)
def _text_date(text: str) -> str:
    """A date written in a CSV cell; files repeat their dates, so each is parsed once."""
    return parse_date(text, date.today())


def import_ofsted(
    connection: sqlite3.Connection,
    path: Path | str,
    *,
    dry_run: bool = False,
    on_rows: Callable[[str, int | None], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Add the file's graded judgements as ratings, in one transaction; report what was done.

    Rows stream from the file straight into the open transaction, so memory
    stays flat however large the file; the unique index on ratings finds what
    is already recorded. A dry run does the same work and rolls it back.
    """
    from intervene.db import write_transaction
    from intervene.records import audit

    path = Path(path)
    if not path.is_file():
        raise InterveneError(f"{path} is not a file")
    if path.suffix.lower() not in READABLE:
        raise InterveneError(f"{path.name}: use Ofsted's ODS file, or an XLSX or CSV saved from it")
    result = ImportResult(file=path.name, dry_run=dry_run)
    publication, sheets = _read(path)
    by_code, by_name = exact_lookup(connection)
    with write_transaction(connection, dry_run=dry_run):
        first_id = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM ratings").fetchone()[0]
        for sheet, rows, count in sheets:
            opening = list(islice(rows, 20))
            header = find_header(opening)
            if header is None:
                continue
            result.sheets.append(sheet)
            if on_rows:
                on_rows(sheet, count - header.row_index - 1)
            body = chain(opening[header.row_index + 1 :], rows)
            for offset, row in enumerate(body):
                if on_progress:
                    on_progress(1)
                if not any(cell not in (None, "") for cell in row):
                    continue
                result.rows_read += 1
                line = header.row_index + offset + 2  # as a spreadsheet numbers rows
                _import_row(connection, row, line, sheet, header, f"{publication}, sheet {sheet}",
                            by_code, by_name, result)
        if result.ratings_added:
            result.first_id, result.last_id = first_id, first_id + result.ratings_added - 1
            # One audit entry for the whole import: which file, how many, and the ids they took.
            summary = {key: value for key, value in result.as_dict().items()
                       if key not in ("unmatched", "conflicts", "problems")}
            audit(connection, "ratings", first_id, "import", None, summary)
    return result


def _cell(row: list, column: int | None):
    if column is None or column >= len(row):
        return None
    value = row[column]
    return value.strip() if isinstance(value, str) else value


RATING_COLUMNS = (
    "authority_id", "framework", "judgement", "grade", "framework_grade", "inspected_on", "published_on",
    "inspectorate", "source", "notes",
)
INSERT_NEW = (
    f"INSERT INTO ratings ({', '.join(RATING_COLUMNS)}) VALUES ({', '.join('?' for _ in RATING_COLUMNS)})"
    " ON CONFLICT (authority_id, framework, judgement, published_on) DO NOTHING"
)
RECORDED_GRADE = (
    "SELECT grade FROM ratings WHERE authority_id = ? AND framework = ? AND judgement = ? AND published_on = ?"
)


def _import_row(connection, row, line, sheet, header, source, by_code, by_name, result) -> None:
    columns = header.columns
    name = _cell(row, columns.get("name")) or ""
    code = str(_cell(row, columns.get("code")) or "").upper()
    where = f"{sheet} row {line}"
    grades = {
        judgement: _cell(row, column)
        for judgement, column in header.judgements.items()
        if _cell(row, column) not in (None, "")
    }
    if not grades:
        result.visits_without_grades += 1
        return
    authority_id = by_code.get(code) if code else None
    if authority_id is None:
        authority_id = by_name.get(normalise(name))
    if authority_id is None:
        result.unmatched.append({"sheet": sheet, "row": line, "name": name, "code": code or None})
        return
    try:
        published_on = _iso(_cell(row, columns.get("published")), where)
        inspected_on = _iso(_cell(row, columns.get("inspected")), where)
    except InterveneError as error:
        result.problems.append({"sheet": sheet, "row": line, "reason": str(error)})
        return
    if not published_on:
        result.problems.append({"sheet": sheet, "row": line, "reason": f"{where}: no publication date"})
        return
    result.inspections += 1
    kind = _cell(row, columns.get("kind"))
    for judgement, published_as in grades.items():
        published_as = " ".join(str(published_as).split())
        try:
            word = _grade_word(published_as)
        except InterveneError as error:
            result.problems.append({"sheet": sheet, "row": line, "reason": f"{where}, {judgement}: {error}"})
            continue
        values = (authority_id, FRAMEWORK, judgement, word, published_as, inspected_on, published_on,
                  INSPECTORATE, source, str(kind) if kind else None)
        try:
            inserted = connection.execute(INSERT_NEW, values).rowcount
        except sqlite3.IntegrityError as error:
            raise InterveneError(f"the database refused a rating from {result.file} ({error}); nothing was imported") from None
        if inserted:
            result.ratings_added += 1
            continue
        recorded = connection.execute(RECORDED_GRADE, (authority_id, FRAMEWORK, judgement, published_on)).fetchone()[0]
        if recorded == word:
            result.already_recorded += 1
        else:
            result.conflicts.append({
                "sheet": sheet, "row": line, "council": name, "judgement": judgement,
                "published_on": published_on, "recorded": recorded, "in_file": word,
            })


@lru_cache(maxsize=64)
def _grade_word(published_as: str) -> str:
    """The canonical word for a published grade; a file repeats a handful of them thousands of times."""
    return canonical_grade(published_as)[0]
