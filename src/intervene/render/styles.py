"""The rich pieces every view shares: the console, and grades and day counts in colour.
Imported only where a rich object is built, so plain and JSON output never load rich."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from intervene.grades import RANK

GRADE_STYLES = {1: "bold green", 2: "green", 3: "yellow", 4: "bold red"}


def console() -> Console:
    # No emoji codes: a provider called ":fire: Ltd" is shown as written.
    return Console(highlight=False, emoji=False)


def grade_text(word: str) -> Text:
    return Text(word, style=GRADE_STYLES.get(RANK.get(word, 0), ""))


def days_text(days: int | None, *, past: str, future: str) -> Text:
    """`84 days left` / `12 days overdue`: the sign tells which."""
    if days is None:
        return Text("")
    if days < 0:
        return Text(f"{-days:,} days {past}", style="bold red")
    return Text(f"{days:,} days {future}", style="yellow" if days <= 90 else "")
