"""The read side: every question asked of the database, answered as plain rows.

- `council`: one council on one day (the status card) and its timeline;
- `across`: the reports across councils, each a `Report`, and `SPECS`, the table the
  `report` command is driven by (query, title, empty message, table);
- `history`: the audit trail;
- `clauses`: the SQL of derived state (in force, unconfirmed, live, overall), written once;
- `runner`: `Report`, which runs a query as rows or as JSON lines SQLite writes itself.

The public queries are importable from here too.
"""

from importlib import import_module
from typing import Any

# The public queries, each loaded from its module on first use, so that asking for one
# module of the package never loads the others.
_HOMES = {
    **dict.fromkeys(
        (
            "authorities",
            "contracts_expired",
            "contracts_expiring",
            "deadlines",
            "latest_overall_ratings",
            "rating_changes",
            "unconfirmed",
            "under_intervention",
        ),
        "across",
    ),
    **dict.fromkeys(
        ("contracts_finished", "contracts_live", "interventions_current", "recent_events", "status", "timeline"),
        "council",
    ),
    "changes": "history",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
