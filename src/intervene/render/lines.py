"""One line of plain text for a stored row (what `add-…` prints, what `remove` confirms) or a change."""

from __future__ import annotations

from intervene.dates import display_date
from intervene.grades import as_numbered
from intervene.money import display_money
from intervene.reports.council import instrument_name


def rating_day(published_on: str | None, inspected_on: str | None) -> str:
    """When a rating was published; where no source gives that, when it was inspected, said so."""
    if published_on:
        return display_date(published_on)
    return f"inspected {display_date(inspected_on)}"


def rating(row: dict, council: str) -> str:
    day = rating_day(row["published_on"], row.get("inspected_on"))
    return (
        f"rating {row['id']}: {council}, {row['framework']} {row['judgement']} {row['grade']}"
        f"{as_numbered(row.get('framework_grade'))}, {'published ' if row['published_on'] else ''}{day}"
    )


def intervention(row: dict, council: str) -> str:
    parts = [f"intervention {row['id']}: {council}, {instrument_name(row)} issued {display_date(row['issued_on'])}"]
    if row.get("deadline_on"):
        parts.append(f"deadline {display_date(row['deadline_on'])}")
    if row.get("ended_on"):
        parts.append(
            f"ended {display_date(row['ended_on'])}" + (f" ({row['end_reason']})" if row.get("end_reason") else "")
        )
    elif row.get("last_confirmed_on"):
        parts.append(f"last confirmed in force {display_date(row['last_confirmed_on'])}")
    return ", ".join(parts)


def contract(row: dict, council: str) -> str:
    end = row.get("ended_on") or row.get("ends_on")
    parts = [f"contract {row['id']}: {council}, {row['provider']} from {display_date(row['starts_on'])}"]
    parts.append(f"to {display_date(end)}" if end else "open-ended")
    if row.get("ended_on"):
        parts[-1] += " (ended early)"
    if row.get("value_pence") is not None:
        parts.append(display_money(row["value_pence"], row.get("currency")))
    return ", ".join(parts)


def event(row: dict, council: str) -> str:
    return f"event {row['id']}: {council}, {display_date(row['happened_on'])}: {row['summary']}"


def authority(row: dict, council: str | None = None) -> str:
    codes = ", ".join(str(code) for code in (row.get("ons_code"), row.get("la_code")) if code)
    return f"council {row['id']}: {row['name']} ({row['slug']}" + (f"; {codes})" if codes else ")")


BY_TABLE = {
    "ratings": rating,
    "interventions": intervention,
    "contracts": contract,
    "events": event,
    "authorities": authority,
}


def change_detail(change: dict, council: str) -> str:
    """What a write did: the fields it moved, or the row it added or removed."""
    before, after = change["before"], change["after"]
    if before and after:
        moved = [
            f"{key}: {before.get(key) or '∅'} → {after.get(key) or '∅'}"
            for key in after
            if before.get(key) != after.get(key)
        ]
        return "; ".join(moved)
    row = after or before
    if change["action"] == "import" and "ratings_added" in row:
        # A bulk import is one entry for the whole file.
        return (
            f"{row['ratings_added']:,} ratings from {row['file']} "
            f"(ids {row['first_id']}–{row['last_id']}; {row['already_recorded']:,} already recorded)"
        )
    if change["table_name"] == "aliases":
        return f"alias {row['alias']!r}"
    describe = BY_TABLE.get(change["table_name"])
    return describe(row, council) if describe else ""
