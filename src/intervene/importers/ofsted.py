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


def _read(path: Path) -> tuple[str, Iterator[tuple[str, list[list]]]]:
    """The publication the file is (for sources) and its sheets' rows, one sheet at a time."""
    if path.suffix.lower() == ".csv":
        def csv_sheet():
            with path.open(newline="", encoding="utf-8-sig") as handle:
                yield path.stem, list(csv.reader(handle))

        return f"Ofsted, {path.name}", csv_sheet()
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for every unreadable file
        raise InterveneError(f"cannot read {path.name} as a spreadsheet: {error}") from None
    sheets = ((name, workbook.get_sheet_by_name(name).to_python()) for name in workbook.sheet_names)
    return _publication(workbook, path), sheets


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
        return parse_date(str(value), date.today())
    except InterveneError as error:
        raise InterveneError(f"{where}: {error}") from None


def import_ofsted(
    connection: sqlite3.Connection,
    path: Path | str,
    *,
    dry_run: bool = False,
    on_rows: Callable[[str, int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Add the file's graded judgements as ratings, in one transaction; report what was done."""
    path = Path(path)
    if not path.is_file():
        raise InterveneError(f"{path} is not a file")
    if path.suffix.lower() not in READABLE:
        raise InterveneError(f"{path.name}: use Ofsted's ODS file, or an XLSX or CSV saved from it")
    result = ImportResult(file=path.name, dry_run=dry_run)
    publication, sheets = _read(path)
    by_code, by_name = exact_lookup(connection)
    existing = {
        (row[0], row[1], row[2]): row[3]
        for row in connection.execute(
            "SELECT authority_id, judgement, published_on, grade FROM ratings WHERE framework = ?", [FRAMEWORK]
        )
    }
    planned: dict[tuple, dict] = {}
    for sheet, rows in sheets:
        header = find_header(rows)
        if header is None:
            continue
        result.sheets.append(sheet)
        body = rows[header.row_index + 1 :]
        if on_rows:
            on_rows(sheet, len(body))
        for offset, row in enumerate(body):
            if on_progress:
                on_progress(1)
            if not any(cell not in (None, "") for cell in row):
                continue
            result.rows_read += 1
            line = header.row_index + offset + 2  # as a spreadsheet numbers rows
            _plan_row(row, line, sheet, header, publication, by_code, by_name, existing, planned, result)
    additions = [rating for rating in planned.values() if rating is not None]
    result.ratings_added = len(additions)
    if additions and not dry_run:
        if on_rows:
            on_rows(f"Writing {len(additions):,} ratings", None)
        _write(connection, additions, result)
    return result


def _cell(row: list, column: int | None):
    if column is None or column >= len(row):
        return None
    value = row[column]
    return value.strip() if isinstance(value, str) else value


def _plan_row(row, line, sheet, header, publication, by_code, by_name, existing, planned, result) -> None:
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
            word, _ = canonical_grade(published_as)
        except InterveneError as error:
            result.problems.append({"sheet": sheet, "row": line, "reason": f"{where}, {judgement}: {error}"})
            continue
        key = (authority_id, judgement, published_on)
        stored = existing.get(key) or (planned[key]["grade"] if planned.get(key) else None)
        if stored is not None:
            if stored == word:
                if key in existing:
                    result.already_recorded += 1
            else:
                result.conflicts.append({
                    "sheet": sheet, "row": line, "council": name, "judgement": judgement,
                    "published_on": published_on, "recorded": stored, "in_file": word,
                })
            continue
        planned[key] = {
            "authority_id": authority_id, "framework": FRAMEWORK, "judgement": judgement, "grade": word,
            "framework_grade": published_as, "inspected_on": inspected_on, "published_on": published_on,
            "inspectorate": INSPECTORATE, "source": f"{publication}, sheet {sheet}",
            "notes": str(kind) if kind else None,
        }


RATING_COLUMNS = (
    "authority_id", "framework", "judgement", "grade", "framework_grade", "inspected_on", "published_on",
    "inspectorate", "source", "notes",
)


def _write(connection: sqlite3.Connection, additions: list[dict], result: ImportResult) -> None:
    """All the new ratings and one audit entry for the import, or nothing."""
    from intervene.db import write_transaction
    from intervene.records import audit

    with write_transaction(connection):
        before = connection.execute("SELECT coalesce(max(id), 0) FROM ratings").fetchone()[0]
        try:
            connection.executemany(
                f"INSERT INTO ratings ({', '.join(RATING_COLUMNS)}) VALUES ({', '.join('?' for _ in RATING_COLUMNS)})",
                ([rating[column] for column in RATING_COLUMNS] for rating in additions),
            )
        except sqlite3.IntegrityError as error:
            raise InterveneError(f"the database refused a rating from {result.file} ({error}); nothing was imported") from None
        result.first_id, result.last_id = before + 1, before + len(additions)
        # One audit entry for the whole import: which file, how many, and the ids they took.
        summary = {key: value for key, value in result.as_dict().items() if key not in ("unmatched", "conflicts", "problems")}
        audit(connection, "ratings", result.first_id, "import", None, summary)
