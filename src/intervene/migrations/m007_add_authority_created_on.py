"""Step 7, `add_authority_created_on`. Released: never edit it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def add_authority_created_on(db: Database) -> None:
    """A council exists from the day it was created (when that is known: the unitary councils of
    2019-2023) until the day it ceased; `successions` says which councils a new one succeeded,
    so that its card can tell their history too."""
    db.execute(
        "ALTER TABLE authorities ADD COLUMN created_on TEXT CHECK (created_on IS NULL OR created_on GLOB"
        " '[12][0-9][0-9][0-9]' OR created_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'"
        " OR created_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')"
    )
    db.execute(
        """CREATE TABLE successions (
            predecessor_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
            successor_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
            CHECK (predecessor_id <> successor_id),
            PRIMARY KEY (predecessor_id, successor_id)
        )"""
    )
    db.execute("CREATE INDEX successions_by_successor ON successions (successor_id)")
