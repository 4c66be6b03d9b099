"""All output: what every command prints, in one package.

- `output`: the one place a command's rows are written, as a table, JSON or CSV, and
  what `add-…` echoes; it imports rich only when a table is drawn;
- `formats`: JSON and formula-safe CSV (no rich);
- `lines`: one line of plain text for a stored row (no rich);
- `words`: dates, instruments and ends in plain words (no rich);
- `card` (the status card), `tables` (the report tables), `styles` (console, colours) and
  `progress` (the import progress bar): rich, imported only when drawn;
- `exports`: the whole database as JSON, CSV files or a calendar.
"""
