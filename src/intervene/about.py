"""What a database file is: where it lies, how big it is, which schema it has, how many rows
each table holds, and how recent the seed shipped with this version is (for `intervene info`)."""

from __future__ import annotations

import os
import sqlite3

from intervene.db import MIGRATIONS_TABLE, seed_date
from intervene.migrations import MIGRATION_SET
from intervene.render.exports import EXPORTED_TABLES


def about_missing(path: str) -> dict:
    """The facts there are about a database not made yet."""
    return {
        "path": path,
        "exists": False,
        "size_bytes": None,
        "schema_version": None,
        "schema_step": None,
        "rows": {},
        "seed_date": seed_date(),
    }


def about(connection: sqlite3.Connection, path: str) -> dict:
    """The database at `path`, open on `connection`, as plain values."""
    steps = [
        row[0]
        for row in connection.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id", [MIGRATION_SET]
        )
    ]
    return {
        "path": path,
        "exists": True,
        # The -wal holds changes not yet folded into the file: they are the database too.
        "size_bytes": sum(os.path.getsize(name) for name in (path, f"{path}-wal") if os.path.isfile(name)),
        "schema_version": len(steps),
        "schema_step": steps[-1] if steps else None,
        # Table names from a fixed list, never from the file.
        "rows": {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in EXPORTED_TABLES},
        "seed_date": seed_date(),
    }
