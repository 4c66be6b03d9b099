"""The status card: one council on one day, in a panel and titled sections.

Laid out as lines of rich Text in two columns rather than as rich Tables:
`status` is the command people run most, and measuring tables cost more
than everything else it does; and not importing rich.table saves more.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from intervene.authorities import ceased_note
from intervene.grades import as_numbered
from intervene.money import display_money
from intervene.render.styles import days_text, grade_text
from intervene.render.words import chain_text, display_date, ended_text, issuer_parts
from intervene.reports.council import instrument_name as instrument
from intervene.visible import visible


class _Section:
    """A bold title, then entries in two columns: a short label (dates, a judgement) and what it
    labels, each line of which wraps beneath itself, clear of the labels. A Text in place of an
    entry is a sub-heading across both columns. Where two columns would leave the prose too
    little room, each label stands on its own line above what it labels."""

    INDENT = 2
    GAP = 3
    NARROWEST = 20  # the fewest columns prose is given beside its labels

    def __init__(self, title: str, entries: Sequence[tuple[list[str], list[Text]] | Text]):
        self.title = title
        self.entries = [
            entry if isinstance(entry, Text) else ([visible(label) for label in entry[0]], entry[1])
            for entry in entries
        ]

    def __rich_console__(self, console: Console, options):
        out = Text(self.title, style="bold")
        labels = [label for entry in self.entries if isinstance(entry, tuple) for label in entry[0]]
        nested = any(isinstance(entry, Text) for entry in self.entries)
        left = self.INDENT * (2 if nested else 1)
        label_width = max(map(cell_len, labels), default=0)
        text_width = options.max_width - left - label_width - self.GAP
        stacked = text_width < self.NARROWEST
        for entry in self.entries:
            if isinstance(entry, Text):
                _append_indented(out, [entry], console, self.INDENT, options.max_width)
                continue
            label_lines, content = entry
            if stacked:
                out.append("\n" + " " * left + " ".join(filter(None, label_lines)))
                _append_indented(out, content, console, left + self.INDENT, options.max_width)
                continue
            wrapped = _wrapped(content, console, text_width)
            for number in range(max(len(label_lines), len(wrapped))):
                label = label_lines[number] if number < len(label_lines) else ""
                out.append("\n" + " " * left + label)
                if number < len(wrapped):
                    out.append(" " * (label_width - cell_len(label) + self.GAP))
                    out.append_text(wrapped[number])
        out.no_wrap = True  # wrapped above, to the width rich gave
        yield out


class _Paragraph:
    """Text wrapped to the width rich gives, without spaces left at the ends of its lines."""

    def __init__(self, text: Text):
        self.text = text

    def __rich_console__(self, console: Console, options):
        out = Text("\n").join(_wrapped([self.text], console, options.max_width))
        out.no_wrap = True
        yield out


def _append_indented(out: Text, lines: list[Text], console: Console, indent: int, width: int) -> None:
    """Each line on lines of its own, `indent` in, wrapped to fit `width`."""
    for line in _wrapped(lines, console, max(width - indent, 1)):
        out.append("\n" + " " * indent).append_text(line)


def _wrapped(lines: list[Text], console: Console, width: int) -> list[Text]:
    """Each line wrapped to `width`, without the spaces left at the ends of its breaks."""
    pieces = []
    for line in lines:
        if cell_len(line.plain) <= width:
            pieces.append(line)  # most lines fit, and wrapping is the costly part of drawing
            continue
        for piece in line.wrap(console, width):
            piece.rstrip()
            pieces.append(piece)
    return pieces


def _span(start: str | None, end: str | None, *, open_end: str = "") -> list[str]:
    """Date labels: `31 Oct 2019 –` over `10 Feb 2025` (or over `open_end` while it runs)."""
    return [f"{display_date(start)} –", display_date(end) if end else open_end]


def _text(text: str, style: str = "") -> Text:
    """Text from a user or a file, its control characters shown rather than sent."""
    return Text(visible(text), style=style)


def _quiet(text: str) -> Text:
    return _text(text, style="dim")


def _issuer_lines(item: dict) -> list[Text]:
    """Who issued an intervention and the commissioner it named, beneath its kind."""
    return [_quiet(part) for part in issuer_parts(item)]


def _contract_span(contract: dict, open_end: str = "") -> list[str]:
    """A contract's dates: its start, and its early end if it had one, else its agreed end."""
    return _span(contract["starts_on"], contract["ended_on"] or contract["ends_on"], open_end=open_end)


def _contract_lines(contract: dict, prefix: str = "") -> list[Text]:
    """The provider, value and id, with the partners beneath (their roles are in --json and the timeline)."""
    value = display_money(contract["value_pence"], contract["currency"])
    lines = [
        _text(f"{prefix}{contract['provider']}" + (f", {value}" if value else "") + f" (contract {contract['id']})")
    ]
    partners = ", ".join(partner["partner"] for partner in contract["partners"])
    if partners:
        lines.append(_quiet(f"with {partners}"))
    return lines


def authority_heading(authority: dict, predecessors: Sequence[dict] = (), notes: Sequence[str] = ()) -> Text:
    """The council's name and codes, when it was created, and `notes` on how it was found and
    whether it has ceased (the line saying so in red)."""
    codes = " · ".join(
        part
        for part in (
            authority.get("ons_code"),
            f"LA {authority['la_code']}" if authority.get("la_code") else None,
            authority.get("region"),
            authority.get("kind"),
        )
        if part
    )
    heading = _text(authority["name"], style="bold").append(visible(f"\n{codes}"))
    if authority.get("created_on"):
        names = " and ".join(predecessor["name"] for predecessor in predecessors)
        heading.append(
            visible(f"\nCreated {display_date(authority['created_on'])}" + (f", succeeding {names}" if names else ""))
        )
    ceased = ceased_note(authority)
    for note in notes:
        heading.append(visible(f"\n{note}"), style="red" if note == ceased else "")
    return heading


def _ratings(view: dict) -> _Section | Text:
    """The latest grade for each judgement, under the inspection that gave it, newest first."""
    if not view["ratings"]:
        return Text("No ratings recorded by this date.", style="dim")
    entries: list = []
    newest = view["ratings"][0]["dated_on"]
    inspection = None
    for rating in view["ratings"]:
        given_by = (rating["framework"], rating["published_on"], rating["inspected_on"])
        # Judgements from older inspections are history: shown, but quieter.
        style = "" if rating["dated_on"] == newest else "dim"
        if given_by != inspection:
            inspection = given_by
            if rating["published_on"]:
                heading = f"{rating['framework']}, published {display_date(rating['published_on'])}"
                if rating["inspected_on"]:
                    heading += f" (inspected {display_date(rating['inspected_on'])})"
            else:
                inspected = display_date(rating["inspected_on"])
                heading = f"{rating['framework']}, inspected {inspected} (publication date not known)"
            entries.append(_text(heading, style=style or "italic"))
        grade = grade_text(rating["grade"]).append(as_numbered(rating["framework_grade"]), style="dim")
        if style:
            grade.stylize(style)
        entries.append(([rating["judgement"]], [grade]))
    return _Section("Latest ratings", entries)


# One letter a grade, so that a council's years fit one line.
GRADE_LETTERS = {"outstanding": "O", "good": "G", "adequate": "A", "requires improvement": "R", "inadequate": "I"}
NO_GRADE = "·"


def _strip(grades: list[str | None], first: int, last: int) -> Text:
    strip = Text(f"  {first} ")
    for grade in grades:
        letter = Text(GRADE_LETTERS[grade], style=grade_text(grade).style) if grade else Text(NO_GRADE, style="dim")
        strip.append_text(letter).append(" ")
    return strip.append(str(last))


def _rating_history(view: dict) -> _Paragraph:
    """The overall grade year by year: the council's own years, and before it was created, each
    council it succeeded, on a line of its own."""
    lines = Text("Overall grade, year by year\n", style="bold")
    lines.append("O outstanding, G good, A adequate, R requires improvement, I inadequate, · none", style="dim")
    for strip in view["grades_by_year"]:
        years = strip["years"]
        grades = [year["grade"] for year in years]
        lines.append("\n").append_text(_strip(grades, years[0]["year"], years[-1]["year"]))
        if strip["as_council"]:
            lines.append(visible(f"  as {strip['as_council']}"), style="dim")
    return _Paragraph(lines)


def _chain_of(view: dict, intervention_id: int) -> list[dict]:
    """The instruments of the chain that ends with (or holds) this one, oldest first."""
    by_id = {item["id"]: item for item in (*view["interventions"], *view["unconfirmed"], *view["past_interventions"])}
    for chain in view["chains"]:
        if intervention_id in chain:
            return [by_id[member] for member in chain[: chain.index(intervention_id) + 1]]
    return [by_id[intervention_id]]


def _chain_line(view: dict, item: dict, status: str) -> list[Text]:
    """The instruments before this one, when it revised or replaced another."""
    chain = _chain_of(view, item["id"])
    return [_quiet(chain_text(chain, status=status))] if len(chain) > 1 else []


def _instrument_lines(item: dict) -> list[Text]:
    """The instrument, its id and what it covers, with who issued it beneath."""
    service = f", {item['service']}" if item["service"] else ""
    return [_text(f"{instrument(item)}{service} (intervention {item['id']})"), *_issuer_lines(item)]


def _in_force(view: dict) -> _Section | Text:
    if not view["interventions"]:
        return Text("No intervention in force on this date.", style="green")
    entries = []
    for item in view["interventions"]:
        lines = _instrument_lines(item)
        if item["deadline_on"]:
            lines.append(
                Text(f"deadline {display_date(item['deadline_on'])}: ").append_text(
                    days_text(item["days_to_deadline"], past="overdue", future="left")
                )
            )
        if not item["ended_on"] and item["confirmed_on"] != item["issued_on"]:
            lines.append(_quiet(f"no end recorded; last confirmed in force {display_date(item['confirmed_on'])}"))
        lines += _chain_line(view, item, "in force")
        entries.append((_span(item["issued_on"], None, open_end="in force"), lines))
    return _Section("Interventions in force", entries)


def _unconfirmed(view: dict) -> _Section:
    """Instruments with no end recorded and no confirmation in the last 12 months: neither in
    force nor over, as far as the sources go."""
    from intervene.vocab import CONFIRMATION_MONTHS

    entries = []
    for item in view["unconfirmed"]:
        confirmed = f"last confirmed in force {display_date(item['confirmed_on'])}"
        lines = [*_instrument_lines(item), Text(f"no end recorded; {confirmed}: state unconfirmed", style="yellow")]
        lines += _chain_line(view, item, "unconfirmed")
        entries.append((_span(item["issued_on"], None, open_end="end unknown"), lines))
    return _Section(f"No end recorded, not confirmed in force in the {CONFIRMATION_MONTHS} months before", entries)


def _live(view: dict) -> _Section:
    entries = []
    for contract in view["contracts"]:
        lines = _contract_lines(contract)
        if contract["days_left"] is not None:
            lines.append(days_text(contract["days_left"], past="ago", future="left"))
        entries.append((_contract_span(contract, open_end="open-ended"), lines))
    return _Section("Contracts live", entries)


def _history(view: dict) -> _Section | None:
    """Instruments and contracts that had ended by the day asked about, the latest to start
    first. An instrument and those that replaced it are one entry, their chain on one line."""
    dated = []
    for item in view["past_interventions"]:
        if any(item["id"] in ids and ids[-1] != item["id"] for ids in view["chains"]):
            continue  # replaced: shown in the chain of the instrument that replaced it
        chain = _chain_of(view, item["id"])
        if len(chain) > 1:
            ids = ", ".join(str(member["id"]) for member in chain)
            service = f"{item['service']}, " if item["service"] else ""
            lines = [_text(chain_text(chain)), _quiet(f"{service}interventions {ids}")]
        else:
            lines = [*_instrument_lines(item)[:1], Text(ended_text(item["end_reason"], item["ended_on"]))]
        lines += _issuer_lines(item)
        if item["deadline_on"]:
            lines.append(_quiet(f"deadline {display_date(item['deadline_on'])}"))
        dated.append((chain[0]["issued_on"], (_span(chain[0]["issued_on"], item["ended_on"]), lines)))
    for contract in view["past_contracts"]:
        dated.append((contract["starts_on"], (_contract_span(contract), _contract_lines(contract, "contract: "))))
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return _Section("History", [entry for _, entry in dated]) if dated else None


def status(view: dict) -> Group:
    """One screen about one council on one day."""
    parts: list = [
        Panel(
            authority_heading(view["authority"], view["predecessors"], view["notes"]),
            # Text, not a string: a string title is parsed as markup, which loads rich's emoji table.
            title=Text(f"Status on {display_date(view['as_of'])}"),
            title_align="left",
            expand=False,
        ),
    ]
    created = view["authority"].get("created_on")
    if created and created > view["as_of"]:
        parts.append(Text(f"Not yet created on this date: created {display_date(created)}.", style="yellow"))
    parts.append(_ratings(view))
    if len(view["rating_history"]) > 1:
        parts.append(_rating_history(view))
    parts.append(_in_force(view))
    if view["unconfirmed"]:
        parts.append(_unconfirmed(view))
    if view["contracts"]:
        parts.append(_live(view))
    history = _history(view)
    if history:
        parts.append(history)
    if view["events"]:
        parts.append(
            _Section(
                "Recent events",
                [([display_date(event["happened_on"])], [_text(event["summary"])]) for event in view["events"]],
            )
        )
    spaced = [parts[0]]
    for part in parts[1:]:
        spaced += [Text(""), part]
    return Group(*spaced)
