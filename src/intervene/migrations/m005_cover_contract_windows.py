"""Step 5, `cover_contract_windows`. Released: never edit it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def cover_contract_windows(db: Database) -> None:
    """`report --expiring` and `--expired` answer from one index; it replaces contracts_by_last_day,
    whose expression leads it.

    After the last day they seek by, the index holds every column the two reports read
    (reports.across._contracts), so a report of thousands of contracts reads its rows in end
    order from the index instead of from pages all over the table.
    """
    db.execute(
        "CREATE INDEX contracts_by_last_day_covering ON contracts (coalesce(ended_on, ends_on), authority_id,"
        " provider, value_pence, currency, starts_on, ends_on, max_ends_on, ended_on, intervention_id, scope, source)"
    )
    db.execute("DROP INDEX contracts_by_last_day")
