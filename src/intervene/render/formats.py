"""Machine-readable output: JSON and formula-safe CSV, from the same plain rows as the tables."""

from __future__ import annotations

from collections.abc import Iterable

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def json_array(lines: Iterable[str]) -> str:
    """Encoded objects as a JSON array, one a line: valid JSON, easy to read and to grep."""
    text = ",\n".join(lines)
    return f"[\n{text}\n]" if text else "[]"


def to_json(data: object) -> str:
    """A list as one compact object a line, as SQLite writes a report's rows (and encoded by
    json's C encoder, which `indent` would turn off); anything else indented."""
    import json

    if isinstance(data, list):
        # One encoder for every line; rows are plain data, so no cycle check.
        encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
        return json_array(map(encode, data))
    return json.dumps(data, indent=2, ensure_ascii=False)


def safe_cell(value: object) -> object:
    """Prefix a quote to text a spreadsheet would run, so it shows as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    import csv
    import io

    columns = columns or (list(rows[0]) if rows else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            safe_cell("; ".join(map(str, cell)) if isinstance(cell, list) else cell)
            for cell in (row.get(column) for column in columns)
        )
    return buffer.getvalue()
