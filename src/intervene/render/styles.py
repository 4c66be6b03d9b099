"""The rich pieces every view shares: the console, and grades and day counts in colour.
Imported only where a rich object is built, so plain and JSON output never load rich."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from intervene.grades import RANK
from intervene.visible import visible

GRADE_STYLES = {1: "bold green", 2: "green", 3: "yellow", 4: "bold red"}


class SafeConsole(Console):
    """A console that never sends a control character it was given as text: whatever a
    renderable holds (a provider, a source, a summary from a file) is shown visibly
    (ESC as ␛). The escape codes rich writes for colours are made after this, and pass."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style, segment.control)
            for segment in buffer
        )


def console() -> Console:
    # No emoji codes: a provider called ":fire: Ltd" is shown as written.
    return SafeConsole(highlight=False, emoji=False)


def grade_text(word: str) -> Text:
    return Text(word, style=GRADE_STYLES.get(RANK.get(word, 0), ""))


def days_text(days: int | None, *, past: str, future: str) -> Text:
    """`84 days left` / `12 days overdue`: the sign tells which."""
    if days is None:
        return Text("")
    if days < 0:
        return Text(f"{-days:,} days {past}", style="bold red")
    return Text(f"{days:,} days {future}", style="yellow" if days <= 90 else "")
