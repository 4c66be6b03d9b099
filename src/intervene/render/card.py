"""The status card: one council on one day, in titled sections.

Laid out as lines of styled spans (render.styled) in two columns, a label and what it labels,
and painted plain for a pipe or in colour for a terminal; nothing here imports rich.
`status` is the command people run most, and this is all it needs to draw.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from intervene.authorities import ceased_note
from intervene.grades import as_numbered
from intervene.money import display_money
from intervene.render.styled import Line, days_span, grade_style, line_width, wrap_line
from intervene.render.words import chain_text, display_date, ended_text, issuer_parts
from intervene.reports.council import instrument_name as instrument

INDENT = 2
GAP = 3
NARROWEST = 20  # the fewest columns prose is given beside its labels

# An entry of a section: labels (dates, a judgement) and the lines they label; or a Line alone,
# a sub-heading across both columns.
Entry = tuple[list[str], list[Line]]


def _section(title: str, entries: Sequence[Entry | Line], width: int) -> list[Line]:
    """A bold title, then entries in two columns: each line of what an entry labels wraps beneath
    itself, clear of the labels. Where two columns would leave the prose too little room, each
    label stands on its own line above what it labels."""
    out: list[Line] = [[(title, "bold")]]
    labels = [label for entry in entries if isinstance(entry, tuple) for label in entry[0]]
    nested = any(not isinstance(entry, tuple) for entry in entries)
    left = INDENT * (2 if nested else 1)
    label_width = max(map(line_width, ([(label, "")] for label in labels)), default=0)
    text_width = width - left - label_width - GAP
    stacked = text_width < NARROWEST
    for entry in entries:
        if not isinstance(entry, tuple):
            out += [[(" " * INDENT, ""), *piece] for piece in wrap_line(entry, max(width - INDENT, 1))]
            continue
        label_lines, content = entry
        if stacked:
            out.append([(" " * left + " ".join(filter(None, label_lines)), "")])
            out += _indented(content, left + INDENT, width)
            continue
        wrapped = [piece for line in content for piece in wrap_line(line, text_width)]
        for number in range(max(len(label_lines), len(wrapped))):
            label = label_lines[number] if number < len(label_lines) else ""
            line: Line = [(" " * left + label, "")]
            if number < len(wrapped):
                line.append((" " * (label_width - line_width([(label, "")]) + GAP), ""))
                line += wrapped[number]
            out.append(line)
    return out


def _indented(lines: list[Line], indent: int, width: int) -> list[Line]:
    """Each line on lines of its own, `indent` in, wrapped to fit `width`."""
    return [[(" " * indent, ""), *piece] for line in lines for piece in wrap_line(line, max(width - indent, 1))]


def _paragraph(lines: list[Line], width: int) -> list[Line]:
    return [piece for line in lines for piece in wrap_line(line, width)]


def _span(start: str | None, end: str | None, *, open_end: str = "") -> list[str]:
    """Date labels: `31 Oct 2019 –` over `10 Feb 2025` (or over `open_end` while it runs)."""
    return [f"{display_date(start)} –", display_date(end) if end else open_end]


def _text(text: str, style: str = "") -> Line:
    return [(text, style)]


def _quiet(text: str) -> Line:
    return [(text, "dim")]


def _issuer_lines(item: dict) -> list[Line]:
    """Who issued an intervention and the commissioner it named, beneath its kind."""
    return [_quiet(part) for part in issuer_parts(item)]


def _contract_span(contract: dict, open_end: str = "") -> list[str]:
    """A contract's dates: its start, and its early end if it had one, else its agreed end."""
    return _span(contract["starts_on"], contract["ended_on"] or contract["ends_on"], open_end=open_end)


def _contract_lines(contract: dict, prefix: str = "") -> list[Line]:
    """The provider, value and id, with the partners beneath (their roles are in --json and the timeline)."""
    value = display_money(contract["value_pence"], contract["currency"])
    lines = [
        _text(f"{prefix}{contract['provider']}" + (f", {value}" if value else "") + f" (contract {contract['id']})")
    ]
    partners = ", ".join(partner["partner"] for partner in contract["partners"])
    if partners:
        lines.append(_quiet(f"with {partners}"))
    return lines


def authority_heading(authority: dict, predecessors: Sequence[dict] = (), notes: Sequence[str] = ()) -> list[Line]:
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
    heading = [_text(authority["name"], "bold"), _text(codes)]
    if authority.get("created_on"):
        names = " and ".join(predecessor["name"] for predecessor in predecessors)
        heading.append(
            _text(f"Created {display_date(authority['created_on'])}" + (f", succeeding {names}" if names else ""))
        )
    ceased = ceased_note(authority)
    heading += [_text(note, "red" if note == ceased else "") for note in notes]
    return heading


def _grade(rating: dict, style: str = "") -> Line:
    return [(rating["grade"], style or grade_style(rating["grade"])), (as_numbered(rating["framework_grade"]), "dim")]


def _ratings(view: dict, width: int) -> list[Line]:
    """The latest grade for each judgement, under the inspection that gave it, newest first."""
    if not view["ratings"]:
        return [_quiet("No ratings recorded by this date.")]
    entries: list[Entry | Line] = []
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
            entries.append(_text(heading, style or "italic"))
        entries.append(([rating["judgement"]], [_grade(rating, style)]))
    return _section("Latest ratings", entries, width)


# One letter a grade, so that a council's years fit one line.
GRADE_LETTERS = {"outstanding": "O", "good": "G", "adequate": "A", "requires improvement": "R", "inadequate": "I"}
NO_GRADE = "·"


def _strip(grades: list[str | None], first: int, last: int) -> Line:
    strip: Line = [(f"  {first} ", "")]
    for grade in grades:
        strip.append((GRADE_LETTERS[grade], grade_style(grade)) if grade else (NO_GRADE, "dim"))
        strip.append((" ", ""))
    strip.append((str(last), ""))
    return strip


def _rating_history(view: dict, width: int) -> list[Line]:
    """The overall grade year by year: the council's own years, and before it was created, each
    council it succeeded, on a line of its own."""
    lines = [
        _text("Overall grade, year by year", "bold"),
        _quiet("O outstanding, G good, A adequate, R requires improvement, I inadequate, · none"),
    ]
    for strip in view["grades_by_year"]:
        years = strip["years"]
        line = _strip([year["grade"] for year in years], years[0]["year"], years[-1]["year"])
        if strip["as_council"]:
            line.append((f"  as {strip['as_council']}", "dim"))
        lines.append(line)
    return _paragraph(lines, width)


def _chain_of(view: dict, intervention_id: int) -> list[dict]:
    """The instruments of the chain that ends with (or holds) this one, oldest first."""
    by_id = {item["id"]: item for item in (*view["interventions"], *view["unconfirmed"], *view["past_interventions"])}
    for chain in view["chains"]:
        if intervention_id in chain:
            return [by_id[member] for member in chain[: chain.index(intervention_id) + 1]]
    return [by_id[intervention_id]]


def _chain_line(view: dict, item: dict, status: str) -> list[Line]:
    """The instruments before this one, when it revised or replaced another."""
    chain = _chain_of(view, item["id"])
    return [_quiet(chain_text(chain, status=status))] if len(chain) > 1 else []


def _instrument_lines(item: dict) -> list[Line]:
    """The instrument, its id and what it covers, with who issued it beneath."""
    service = f", {item['service']}" if item["service"] else ""
    return [_text(f"{instrument(item)}{service} (intervention {item['id']})"), *_issuer_lines(item)]


def _in_force(view: dict, width: int) -> list[Line]:
    if not view["interventions"]:
        return [_text("No intervention in force on this date.", "green")]
    entries: list[Entry | Line] = []
    for item in view["interventions"]:
        lines = _instrument_lines(item)
        if item["deadline_on"]:
            lines.append(
                [
                    (f"deadline {display_date(item['deadline_on'])}: ", ""),
                    days_span(item["days_to_deadline"], past="overdue", future="left", alarm=True),
                ]
            )
        if not item["ended_on"] and item["confirmed_on"] != item["issued_on"]:
            lines.append(_quiet(f"no end recorded; last confirmed in force {display_date(item['confirmed_on'])}"))
        lines += _chain_line(view, item, "in force")
        entries.append((_span(item["issued_on"], None, open_end="in force"), lines))
    return _section("Interventions in force", entries, width)


def _unconfirmed(view: dict, width: int) -> list[Line]:
    """Instruments with no end recorded and no confirmation in the last 12 months: neither in
    force nor over, as far as the sources go."""
    from intervene.vocab import CONFIRMATION_MONTHS

    entries: list[Entry | Line] = []
    for item in view["unconfirmed"]:
        confirmed = f"last confirmed in force {display_date(item['confirmed_on'])}"
        lines = [*_instrument_lines(item), _text(f"no end recorded; {confirmed}: state unconfirmed", "yellow")]
        lines += _chain_line(view, item, "unconfirmed")
        entries.append((_span(item["issued_on"], None, open_end="end unknown"), lines))
    title = f"No end recorded, not confirmed in force in the {CONFIRMATION_MONTHS} months before"
    return _section(title, entries, width)


def _live(view: dict, width: int) -> list[Line]:
    entries: list[Entry | Line] = []
    for contract in view["contracts"]:
        lines = _contract_lines(contract)
        if contract["days_left"] is not None:
            lines.append([days_span(contract["days_left"], past="ago", future="left", alarm=False)])
        entries.append((_contract_span(contract, open_end="open-ended"), lines))
    return _section("Contracts live", entries, width)


def _history(view: dict, width: int) -> list[Line]:
    """Instruments and contracts that had ended by the day asked about, the latest to start
    first. An instrument and those that replaced it are one entry, their chain on one line."""
    dated: list[tuple[str, Entry]] = []
    for item in view["past_interventions"]:
        if any(item["id"] in ids and ids[-1] != item["id"] for ids in view["chains"]):
            continue  # replaced: shown in the chain of the instrument that replaced it
        chain = _chain_of(view, item["id"])
        if len(chain) > 1:
            ids = ", ".join(str(member["id"]) for member in chain)
            service = f"{item['service']}, " if item["service"] else ""
            lines = [_text(chain_text(chain)), _quiet(f"{service}interventions {ids}")]
        else:
            lines = [*_instrument_lines(item)[:1], _text(ended_text(item["end_reason"], item["ended_on"]))]
        lines += _issuer_lines(item)
        if item["deadline_on"]:
            lines.append(_quiet(f"deadline {display_date(item['deadline_on'])}"))
        dated.append((chain[0]["issued_on"], (_span(chain[0]["issued_on"], item["ended_on"]), lines)))
    for contract in view["past_contracts"]:
        dated.append((contract["starts_on"], (_contract_span(contract), _contract_lines(contract, "contract: "))))
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return _section("History", [entry for _, entry in dated], width) if dated else []


def _panel(title: str, lines: list[Line], boxed: bool) -> list[Line]:
    """The heading: in a box at a terminal; piped, the same lines without box drawing."""
    if not boxed:
        return [_text(title), *lines]
    inner = max([line_width(line) for line in lines] + [line_width([(title, "")]) + 2])
    top = f"╭─ {title} " + "─" * (inner - line_width([(title, "")]) - 1) + "╮"
    framed: list[Line] = [[(top, "")]]
    for line in lines:
        framed.append([("│ ", ""), *line, (" " * (inner - line_width(line)) + " │", "")])
    framed.append([("╰" + "─" * (inner + 2) + "╯", "")])
    return framed


def status(view: dict, *, width: int, boxed: bool) -> Iterator[Line]:
    """One screen about one council on one day, as lines of spans."""
    heading = [
        piece
        for line in authority_heading(view["authority"], view["predecessors"], view["notes"])
        for piece in wrap_line(line, width - 4)
    ]
    parts: list[list[Line]] = [_panel(f"Status on {display_date(view['as_of'])}", heading, boxed)]
    created = view["authority"].get("created_on")
    if created and created > view["as_of"]:
        parts.append([_text(f"Not yet created on this date: created {display_date(created)}.", "yellow")])
    parts.append(_ratings(view, width))
    if len(view["rating_history"]) > 1:
        parts.append(_rating_history(view, width))
    parts.append(_in_force(view, width))
    if view["unconfirmed"]:
        parts.append(_unconfirmed(view, width))
    if view["contracts"]:
        parts.append(_live(view, width))
    history = _history(view, width)
    if history:
        parts.append(history)
    if view["events"]:
        entries: list[Entry | Line] = [
            ([display_date(event["happened_on"])], [_text(event["summary"])]) for event in view["events"]
        ]
        parts.append(_section("Recent events", entries, width))
    for number, part in enumerate(parts):
        if number:
            yield []
        yield from part
