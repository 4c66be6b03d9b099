"""How dates, instruments and their ends read in plain words: shared by the card, the
tables and the one-line summaries, and free of rich."""

from __future__ import annotations

# One way a person reads a date, everywhere (`20 Feb 2024`; partial dates stay partial).
from intervene.dates import display_date as display_date


def issuer_parts(intervention: dict) -> list[str]:
    """Who issued an intervention and the commissioner it named, as far as they are known."""
    parts = []
    if intervention["issued_by"]:
        parts.append(f"by {intervention['issued_by']}")
    if intervention["commissioner"]:
        parts.append(f"commissioner {intervention['commissioner']}")
    return parts


def ended_text(reason: str | None, iso: str | None) -> str:
    """`lifted Dec 2021 (day not known)`: a partial end says the day is not known."""
    if not iso:
        return "no end recorded"
    when = display_date(iso)
    if len(iso) < 10:
        when += " (day not known)"
    return f"{reason or 'ended'} {when}"


def chain_text(chain: list[dict], *, status: str | None = None) -> str:
    """An instrument and those that replaced it, as one line: `statutory direction 20 Jul 2015 →
    replaced 3 Apr 2017 → lifted Dec 2021 (day not known)`. `status`, for a chain not ended on
    the day asked about, says how it stands then."""
    steps = []
    for number, item in enumerate(chain):
        name = item.get("name_at_time") or item["kind"]
        same = number and name == (chain[number - 1].get("name_at_time") or chain[number - 1]["kind"])
        steps.append(f"{'replaced' if same else name} {display_date(item['issued_on'])}")
    steps.append(status or ended_text(chain[-1]["end_reason"], chain[-1]["ended_on"]))
    return " → ".join(steps)


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`1 council`, `153 councils`: the count and its noun, agreed."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
