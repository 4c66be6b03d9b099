"""Tables laid out by rule, not by measuring through rich: a table is a list of fields, and each
field says how its text may wrap.

At a terminal (or with --table) the fields make columns fitted to the width: dates, grades and
codes never wrap; names stay whole while anything else can give way, then wrap between words;
prose wraps between words; no word is ever cut, and a URL is never broken. A field marked
`under` is drawn dim beneath the column before it (a council's region beneath its name), which
keeps an 80-column table to a few columns. Piped, the same fields are plain aligned columns, one
line a row, every field its own column, with no box drawing and no trailing spaces: what grep,
cut and awk expect. Empty cells show as "-" there, so that every row has every column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from intervene.render.styled import Painter, width_of, wrap

GAP = 2
# The narrowest a column of prose is made while it has more to show.
PROSE_MIN = 16
NAME_MIN = 12


class Field(NamedTuple):
    """One value a table shows for each row.

    `text` makes the value from a row; `style` its style (a word from styled.STYLE_CODES, or a
    function of the row). `fold` is how it may break: "never" (short fixed values), "name"
    (whole unless the table cannot fit otherwise, then between words) or "words" (prose).
    """

    heading: str
    text: Callable[[dict], str]
    style: str | Callable[[dict], str] = ""
    fold: str = "words"
    align: str = "left"
    under: bool = False


def _style_of(field: Field, row: dict) -> str:
    return field.style(row) if callable(field.style) else field.style


class _Column:
    def __init__(self, main: Field, under: list[Field]):
        self.main = main
        self.under = under
        self.width = 0

    @property
    def fields(self) -> list[Field]:
        return [self.main, *self.under]


def _columns(fields: Sequence[Field]) -> list[_Column]:
    columns: list[_Column] = []
    for field in fields:
        if field.under and columns:
            columns[-1].under.append(field)
        else:
            columns.append(_Column(field, []))
    return columns


def _longest_word(texts: list[str]) -> int:
    return max((width_of(word) for text in texts for word in text.split()), default=0)


def _fit(columns: list[_Column], texts: list[list[list[str]]], width: int) -> None:
    """Give each column its width: its widest value if all fit; else the first of three sets of
    floors that fits (names whole and prose at least PROSE_MIN; names from NAME_MIN; every
    column down to its longest word), the columns' own values kept whole before anything
    beneath them gets more room. Where not even the last fits, the table is wider than asked."""
    available = width - GAP * (len(columns) - 1)
    natural, wholes, floors = [], [], []
    for index, column in enumerate(columns):
        mains = [cell[0] for cell in texts[index]]
        unders = [text for cell in texts[index] for text in cell[1:]]
        heading = width_of(column.main.heading)
        whole = max(heading, max(map(width_of, mains), default=0))
        widest = max(whole, max(map(width_of, unders), default=0))
        natural.append(widest)
        wholes.append(whole)
        if column.main.fold == "never" or widest <= PROSE_MIN:
            floors.append((widest, widest, widest))  # short fixed values, and what is beneath them, whole
            continue
        words = max(heading, _longest_word(mains), _longest_word(unders))
        if column.main.fold == "name":
            floors.append((max(whole, words), max(NAME_MIN, words), words))
        else:
            floor = min(max(PROSE_MIN, words), widest)
            floors.append((floor, floor, words))
    if sum(natural) <= available:
        chosen = natural
    else:
        chosen = list(next((level for level in zip(*floors) if sum(level) <= available), [f[2] for f in floors]))
        spare = available - sum(chosen)
        for index in range(len(columns)):
            grow = min(max(0, wholes[index] - chosen[index]), max(spare, 0))
            chosen[index] += grow
            spare -= grow
        wants = [big - small for big, small in zip(natural, chosen)]
        total = sum(wants)
        if spare > 0 and total:
            chosen = [small + spare * want // total for small, want in zip(chosen, wants)]
            spare = available - sum(chosen)
            for index in sorted(range(len(chosen)), key=lambda i: chosen[i] - natural[i]):
                if spare <= 0:
                    break
                if chosen[index] < natural[index]:
                    chosen[index] += 1
                    spare -= 1
    for column, size in zip(columns, chosen):
        column.width = size


def terminal_lines(fields: Sequence[Field], rows: Sequence[dict], *, width: int, painter: Painter) -> Iterator[str]:
    """The table for a terminal: a bold heading, a rule, and each row's cells wrapped to fit."""
    columns = _columns(fields)
    texts = [[[field.text(row) for field in column.fields] for row in rows] for column in columns]
    keep = [index for index, column_texts in enumerate(texts) if any(any(cell) for cell in column_texts)]
    columns = [columns[index] for index in keep]
    texts = [texts[index] for index in keep]
    _fit(columns, texts, width)
    yield _row_line(painter, [(column.main.heading, "bold") for column in columns], columns)
    yield painter.span("  ".join("─" * column.width for column in columns), "dim")
    previous = 1
    for number, row in enumerate(rows):
        cells: list[list[tuple[str, str]]] = []
        for index, column in enumerate(columns):
            lines: list[tuple[str, str]] = []
            for field, text in zip(column.fields, texts[index][number]):
                if text:
                    style = _style_of(field, row) or ("" if field is column.main else "dim")
                    lines += [(piece, style) for piece in wrap(text, column.width)]
            cells.append(lines)
        height = max(map(len, cells), default=0)
        # A row of several lines stands apart from its neighbours; rows of one line stay together.
        if number and (height > 1 or previous > 1):
            yield ""
        previous = height
        for line_number in range(height):
            yield _row_line(
                painter, [cell[line_number] if line_number < len(cell) else ("", "") for cell in cells], columns
            )


def _row_line(painter: Painter, cells: list[tuple[str, str]], columns: list[_Column]) -> str:
    """One line of a row: each cell padded to its column, two spaces apart, nothing trailing."""
    last = len(columns) - 1
    pieces = []
    for index, ((text, style), column) in enumerate(zip(cells, columns)):
        padding = " " * max(0, column.width - width_of(text))
        painted = painter.span(text, style)
        if column.main.align == "right":
            pieces.append(padding + painted)
        else:
            pieces.append(painted if index == last else painted + padding)
    return (" " * GAP).join(pieces).rstrip()


def plain_lines(fields: Sequence[Field], rows: Sequence[dict]) -> Iterator[str]:
    """The table for a pipe: every field a column, one line a row, aligned, nothing trailing."""
    texts = [[_one_line(field.text(row)) for row in rows] for field in fields]
    keep = [index for index, column in enumerate(texts) if any(column)]
    fields = [fields[index] for index in keep]
    texts = [texts[index] for index in keep]
    widths = [
        max(width_of(field.heading), max((width_of(text) or 1 for text in column), default=0))
        for field, column in zip(fields, texts)
    ]
    yield _plain_row([field.heading for field in fields], widths, fields)
    for number in range(len(rows)):
        yield _plain_row([column[number] or "-" for column in texts], widths, fields)


def _one_line(text: str) -> str:
    return " ".join(text.split()) if ("\n" in text or "\t" in text) else text


def _plain_row(cells: list[str], widths: list[int], fields: Sequence[Field]) -> str:
    from intervene.visible import visible

    out = []
    for text, size, field in zip(cells, widths, fields):
        padding = " " * (size - width_of(text))
        out.append(padding + text if field.align == "right" else text + padding)
    return visible((" " * GAP).join(out).rstrip())


def title_line(painter: Painter, text: str) -> str:
    return painter.span(text, "bold")


def count_line(painter: Painter, text: str) -> str:
    return painter.span(text, "dim")
