"""Machine-readable output: JSON and formula-safe CSV and TSV, from the same plain rows as the tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def json_array(lines: Iterable[str]) -> str:
    """Encoded objects as a JSON array, one a line: valid JSON, easy to read and to grep."""
    text = ",\n".join(lines)
    return f"[\n{text}\n]" if text else "[]"


def json_encoder():
    """What encodes one row as one compact line of JSON (json's C encoder; rows are plain
    data, so no cycle check)."""
    import json

    return json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def to_json(data: object) -> str:
    """A list as one compact object a line, as SQLite writes a report's rows; anything else
    indented."""
    import json

    if isinstance(data, list):
        return json_array(map(json_encoder(), data))
    return json.dumps(data, indent=2, ensure_ascii=False)


def safe_cell(value: object) -> object:
    """Prefix a quote to text a spreadsheet would run, so it shows as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: object) -> object:
    return safe_cell("; ".join(map(str, value)) if isinstance(value, list) else value)


def delimited(rows: Iterable[Sequence], columns: Sequence[str], *, tabs: bool = False) -> Iterator[str]:
    """Rows (each its values in the order of `columns`) as formula-safe CSV, or with `tabs` as
    TSV (a tab or line break inside a value becomes a space): the header first, even when there
    are no rows, then a piece of text for every thousand rows."""
    import csv
    import io

    buffer = io.StringIO()

    def write_tabs(cells: Iterable) -> None:
        buffer.write("\t".join("" if cell is None else _flat(str(cell)) for cell in cells) + "\n")

    write = write_tabs if tabs else csv.writer(buffer, lineterminator="\n").writerow
    write(columns)
    for number, row in enumerate(rows, 1):
        write([_cell(value) for value in row])
        if number % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.split()) if ("\t" in text or "\n" in text or "\r" in text) else text


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    return "".join(delimited(([row.get(column) for column in columns] for row in rows), columns))
