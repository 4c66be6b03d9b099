"""Step 3, `index_end_dates`. Released: never edit it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def index_end_dates(db: Database) -> None:
    """Indexes for 'in force on D' and 'ends within W': the reports seek instead of scanning."""
    db.execute("CREATE INDEX interventions_by_ended ON interventions (ended_on)")
    db.execute("CREATE INDEX contracts_by_last_day ON contracts (coalesce(ended_on, ends_on))")
