"""The audit trail: every write, with the values before and after."""

from __future__ import annotations

import sqlite3

from intervene.reports.runner import fetch_rows


def changes(connection: sqlite3.Connection, authority_id: int | None = None, limit: int = 50) -> list[dict]:
    """The audit trail, newest first: every write with the values before and after."""
    rows = fetch_rows(
        connection,
        """
        SELECT ch.id, ch.changed_at, ch.action, ch.table_name, ch.row_id, ch.authority_id,
               a.short_name AS council, ch.before, ch.after, ch.undoes
        FROM changes ch LEFT JOIN authorities a ON a.id = ch.authority_id
        WHERE :authority IS NULL OR ch.authority_id = :authority
        ORDER BY ch.id DESC LIMIT :limit
        """,
        {"authority": authority_id, "limit": limit},
    )
    import json

    for entry in rows:
        entry["before"] = json.loads(entry["before"]) if entry["before"] else None
        entry["after"] = json.loads(entry["after"]) if entry["after"] else None
    return rows
