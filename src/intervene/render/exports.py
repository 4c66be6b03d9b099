"""Everything out: every table as one JSON document or one CSV file each, and a calendar of dates that fall due."""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path

from intervene.errors import InterveneError

# In dependency order, so a reader can load them back in this order.
EXPORTED_TABLES = (
    "authorities",
    "aliases",
    "successions",
    "ratings",
    "interventions",
    "contracts",
    "contract_partners",
    "events",
    "changes",
)


def all_tables(connection: sqlite3.Connection) -> dict:
    """Every row of every table, as plain values, with the schema they fit."""
    from intervene import __version__
    from intervene.migrations import MIGRATION_NAMES

    document: dict = {"intervene_version": __version__, "schema": list(MIGRATION_NAMES)}
    for table in EXPORTED_TABLES:
        document[table] = [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    return document


def write_csv_folder(connection: sqlite3.Connection, folder: Path) -> list[Path]:
    """One formula-safe CSV file per table in `folder` (made if missing); returns the files written."""
    from intervene.render.formats import to_csv

    if folder.exists() and not folder.is_dir():
        raise InterveneError(f"{folder} is a file; give a folder for the CSV files")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in EXPORTED_TABLES:
        cursor = connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
        columns = [column[0] for column in cursor.description]
        path = folder / f"{table}.csv"
        path.write_text(to_csv([dict(row) for row in cursor], columns), encoding="utf-8")
        written.append(path)
    return written


def calendar(connection: sqlite3.Connection) -> bytes:
    """An iCalendar file: every intervention deadline and every contract's last day, as all-day events."""
    from icalendar import Calendar, Event

    from intervene import __version__
    from intervene.dates import display_date, last_day

    feed = Calendar()
    feed.add("prodid", f"-//intervene {__version__}//children's services intervention//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", "intervene: deadlines and contract ends")

    from datetime import datetime

    stamp = datetime.now(UTC).replace(microsecond=0)

    def add(uid: str, on: str, summary: str, description: str) -> None:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", last_day(on))
        event.add("summary", summary)
        if len(on) < 10:
            description = f"Only the {'month' if len(on) == 7 else 'year'} is known: {display_date(on)}.\n{description}"
        event.add("description", description)
        feed.add_component(event)

    deadlines = connection.execute(
        "SELECT i.id, i.kind, i.deadline_on, i.summary, i.source, a.short_name FROM interventions i"
        " JOIN authorities a ON a.id = i.authority_id WHERE i.deadline_on IS NOT NULL ORDER BY i.deadline_on, i.id"
    )
    for row in deadlines:
        add(
            f"intervention-{row['id']}-deadline@intervene",
            row["deadline_on"],
            f"{row['short_name']}: deadline of the {row['kind']}",
            "\n".join(part for part in (row["summary"], f"Source: {row['source']}" if row["source"] else None) if part),
        )
    ends = connection.execute(
        "SELECT c.id, c.provider, coalesce(c.ended_on, c.ends_on) AS last, c.source, a.short_name FROM contracts c"
        " JOIN authorities a ON a.id = c.authority_id WHERE coalesce(c.ended_on, c.ends_on) IS NOT "
        "NULL ORDER BY last, c.id"
    )
    for row in ends:
        add(
            f"contract-{row['id']}-end@intervene",
            row["last"],
            f"{row['short_name']}: last day of the {row['provider']} contract",
            f"Source: {row['source']}" if row["source"] else "",
        )
    return feed.to_ical()
