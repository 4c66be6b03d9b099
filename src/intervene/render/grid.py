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
from typing import Any, NamedTuple

from intervene.render.styled import Painter, width_of, wrap
from intervene.visible import CONTROL, visible

GAP = 2
# The narrowest a column of prose is made while it has more to show.
PROSE_MIN = 16
NAME_MIN = 12
# A word longer than this (a web address) does not widen its column: it stands whole on a line
# of its own, past the column's edge; the columns where that can happen are the last.
LONG_WORD = 30


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
        self.fields = [main, *under]
        self.width = 0


def _columns(fields: Sequence[Field]) -> list[_Column]:
    columns: list[_Column] = []
    for field in fields:
        if field.under and columns:
            columns[-1].under.append(field)
            columns[-1].fields.append(field)
        else:
            columns.append(_Column(field, []))
    return columns


def _longest_word(texts: list[str]) -> int:
    return max((width_of(word) for text in set(texts) for word in text.split()), default=0)


def _fit(columns: list[_Column], texts: list[list[list[str]]], sizes: list[list[list[int]]], width: int) -> None:
    """Give each column its width: its widest value if all fit; else the first of three sets of
    floors that fits (names whole and prose at least PROSE_MIN; names from NAME_MIN; every
    column down to its longest word), the columns' own values kept whole before anything
    beneath them gets more room. Where not even the last fits, the table is wider than asked."""
    available = width - GAP * (len(columns) - 1)
    natural, floors = [], []
    for index, column in enumerate(columns):
        heading = width_of(column.main.heading)
        whole = max(heading, max((cell[0] for cell in sizes[index]), default=0))
        widest = max([whole] + [max(cell[1:]) for cell in sizes[index] if len(cell) > 1])
        natural.append(widest)
        if column.main.fold == "never" or widest <= PROSE_MIN:
            floors.append((widest, widest, widest))  # short fixed values, and what is beneath them, whole
            continue
        mains = [cell[0] for cell in texts[index]]
        unders = [text for cell in texts[index] for text in cell[1:]]
        words = max(heading, _longest_word(mains), min(_longest_word(unders), LONG_WORD))
        if column.main.fold == "name":
            floors.append((max(whole, words), max(NAME_MIN, words), words))
        else:
            words = min(words, max(heading, LONG_WORD))
            floor = min(max(PROSE_MIN, words), widest)
            floors.append((floor, floor, words))
    if sum(natural) <= available:
        chosen = natural
    else:
        chosen = list(next((level for level in zip(*floors) if sum(level) <= available), [f[2] for f in floors]))
        spare = _unfold(chosen, [[cell[0] for cell in column] for column in sizes], available - sum(chosen))
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


def _unfold(chosen: list[int], widths: list[list[int]], spare: int) -> int:
    """Spend `spare` columns where they keep the most values whole: step by step, widen the
    column whose next widening lets the most of its values stand unbroken for each column it
    costs. Returns what is left."""
    from collections import Counter

    counts = [Counter(column) for column in widths]
    while spare > 0:
        best = None
        for index, count in enumerate(counts):
            for size in sorted(size for size in count if size > chosen[index]):
                cost = size - chosen[index]
                if cost > spare:
                    break
                gain = sum(number for wide, number in count.items() if chosen[index] < wide <= size) / cost
                if best is None or gain > best[0]:
                    best = (gain, index, size)
        if best is None:
            break
        _, index, size = best
        spare -= size - chosen[index]
        chosen[index] = size
    return spare


def terminal_lines(fields: Sequence[Field], rows: Sequence[dict], *, width: int, painter: Painter) -> Iterator[str]:
    """The table for a terminal: a bold heading, a rule, and each row's cells wrapped to fit.

    Laid out a column at a time (each cell painted and padded once), then joined a row at a
    time: a table of twenty thousand rows is a few string operations a cell."""
    columns = _columns(fields)
    texts = [[[field.text(row) for field in column.fields] for row in rows] for column in columns]
    keep = [index for index, column_texts in enumerate(texts) if any(any(cell) for cell in column_texts)]
    columns = [columns[index] for index in keep]
    texts = [_shown(column_texts) for index, column_texts in enumerate(texts) if index in keep]
    sizes = [
        [[len(text) if text.isascii() else width_of(text) for text in cell] for cell in column_texts]
        for column_texts in texts
    ]
    _fit(columns, texts, sizes, width)
    last = len(columns) - 1
    drawn = [
        _column_cells(painter, column, texts[index], sizes[index], rows, index == last)
        for index, column in enumerate(columns)
    ]
    blanks = ["" if index == last else " " * column.width for index, column in enumerate(columns)]
    heading = [
        _padded(painter.span(column.main.heading, "bold"), width_of(column.main.heading), column, index == last)
        for index, column in enumerate(columns)
    ]
    yield "  ".join(heading).rstrip()
    yield painter.span("  ".join("─" * column.width for column in columns), "dim")
    previous = 1
    for number in range(len(rows)):
        cells = [column_cells[number] for column_cells in drawn]
        height = max(map(len, cells))
        # A row of more than two lines (a name and what is beneath it) stands apart from its
        # neighbours; shorter rows stay together.
        if number and (height > 2 or previous > 2):
            yield ""
        previous = height
        if height == 1:
            yield "  ".join(cell[0] if cell else blank for cell, blank in zip(cells, blanks)).rstrip()
            continue
        for line in range(height):
            yield "  ".join(cell[line] if line < len(cell) else blank for cell, blank in zip(cells, blanks)).rstrip()


def _shown(cells: list[list[str]]) -> list[list[str]]:
    """The cells with control characters shown (see visible): one search of them all, as most
    tables hold none, then cell by cell only where one does."""
    if not CONTROL.search("".join(text for cell in cells for text in cell)):
        return cells
    return [[visible(text) for text in cell] for cell in cells]


def _column_cells(
    painter: Painter, column: _Column, texts: list[list[str]], sizes: list[list[int]], rows: Sequence[dict], last: bool
) -> list[list[str]]:
    """Each row's lines in this column, painted and padded to its width: the main value, then
    what stands beneath it (dim unless its field says otherwise), each wrapped between words.
    The texts are already made visible (see _shown)."""
    limit = column.width
    plain = not (painter.colour or painter.links)
    styles: list[tuple[Any, bool, str]] = [
        (field.style, callable(field.style), "" if field is column.main else "dim") for field in column.fields
    ]
    cells = []
    for row, values, widths in zip(rows, texts, sizes):
        lines = []
        for text, size, (style, computed, default) in zip(values, widths, styles):
            if not text:
                continue
            if size <= limit and "\n" not in text:
                pieces = [(text, size)]
            else:
                pieces = [(piece, width_of(piece)) for piece in wrap(text, limit)]
            chosen = "" if plain else (style(row) if computed else style) or default  # type: ignore[operator]
            for piece, width in pieces:
                lines.append(_padded(piece if plain else painter.paint(piece, chosen), width, column, last))
        cells.append(lines)
    return cells


def _padded(painted: str, size: int, column: _Column, last: bool) -> str:
    return _pad(painted, size, column.width, right=column.main.align == "right", last=last)


def _pad(text: str, size: int, width: int, *, right: bool, last: bool) -> str:
    """`text` (`size` columns wide, whatever its colour codes) padded to `width`: on the left
    when right-aligned, else on the right unless it ends the line."""
    padding = " " * (width - size) if width > size else ""
    if right:
        return padding + text
    return text if last else text + padding


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
    out = [
        _pad(text, width_of(text), size, right=field.align == "right", last=False)
        for text, size, field in zip(cells, widths, fields)
    ]
    return visible((" " * GAP).join(out).rstrip())
