"""The import's progress bar: on stderr at a terminal, nothing when scripted."""

from __future__ import annotations

import sys


def progress_callbacks():
    """(a context manager or None, on_rows(sheet, count), on_progress(count)) for an importer."""
    if not sys.stderr.isatty():
        return None, None, None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = {}

    def on_rows(sheet: str, count: int) -> None:
        task["id"] = progress.add_task(f"Reading {sheet}", total=count)

    def on_progress(count: int) -> None:
        progress.advance(task["id"], count)

    return progress, on_rows, on_progress
