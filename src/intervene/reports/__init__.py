"""The read side: every question asked of the database, answered as plain rows.

- `council`: one council on one day (the status card) and its timeline;
- `across`: the reports across councils, each a `Report`, and `SPECS`, the table the
  `report` command is driven by (query, title, empty message, table);
- `history`: the audit trail;
- `clauses`: the SQL of derived state (in force, unconfirmed, live, overall), written once;
- `runner`: `Report`, which runs a query as rows or as JSON lines SQLite writes itself.

The public queries are importable from here too.
"""

from intervene.reports.across import (
    authorities,
    check_region,
    contracts_expired,
    contracts_expiring,
    deadlines,
    latest_overall_ratings,
    rating_changes,
    unconfirmed,
    under_intervention,
)
from intervene.reports.council import (
    contracts_finished,
    contracts_live,
    interventions_current,
    recent_events,
    status,
    timeline,
)
from intervene.reports.history import changes

__all__ = [
    "authorities",
    "changes",
    "check_region",
    "contracts_expired",
    "contracts_expiring",
    "contracts_finished",
    "contracts_live",
    "deadlines",
    "interventions_current",
    "latest_overall_ratings",
    "rating_changes",
    "recent_events",
    "status",
    "timeline",
    "unconfirmed",
    "under_intervention",
]
