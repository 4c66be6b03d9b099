"""All output: what every command prints, in one package. None of it imports rich but the
import progress bar.

- `output`: the one place a command's rows are written (a table, JSON, JSON lines, CSV, TSV),
  shaped by --sort/--reverse/--limit, and what `add-…` echoes;
- `layout`: terminal or pipe, the pager, streaming the lines;
- `grid`: tables laid out by rule (fields, widths, wrapping between words);
- `styled`: spans of styled text, word wrapping, widths, the painter (ANSI or plain);
- `tables` (the report tables) and `card` (the status card): what each shows;
- `formats`: JSON and formula-safe CSV and TSV;
- `lines`: one line of plain text for a stored row; `words`: dates, instruments, counts in words;
- `progress`: the import's progress bar (rich, at a terminal only);
- `exports`: the whole database as JSON, CSV files or a calendar.
"""
