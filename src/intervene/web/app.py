"""The Datasette instance `intervene serve` runs: one database file, opened read-only (SQLite's
`mode=ro`, so that what the CLI records while it runs shows on the next page), under the name
DATABASE, with the project's metadata, canned queries and plugin. Nothing is written: the
plugin refuses every request but a read. Imported only by `serve` and the tests.
"""

from __future__ import annotations

import os

from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from intervene.web import plugin
from intervene.web.metadata import DATABASE, metadata

# Datasette stops a query after 1 s by default; the month-by-month series (the canned query
# over_time) takes more than half that on a small machine.
SETTINGS = {"sql_time_limit_ms": 5000}
# Characters that SQLite would read as the end of a file name in the URI Datasette opens it by.
NOT_IN_PATH = "?#%"


def build(path: str, queries: dict) -> Datasette:
    """Datasette serving the database at `path` read-only as DATABASE, with `queries` offered."""
    path = os.path.abspath(path)
    bad = sorted({character for character in path if character in NOT_IN_PATH})
    if bad:
        from intervene.errors import InterveneError

        raise InterveneError(f"serve cannot open a database whose path contains {' or '.join(bad)}: {path}")
    _register_plugins()
    # Not immutable: SQLite would then assume the file never changes while the CLI writes it.
    datasette = Datasette([path], metadata=metadata(queries), settings=SETTINGS)
    # Served under one name, whatever the file is called, so that addresses stay the same.
    (name,) = [name for name, database in datasette.databases.items() if database.path == path]
    database: Database = datasette.databases[name]
    datasette.remove_database(name)
    datasette.add_database(database, name=DATABASE)
    return datasette


def _register_plugins() -> None:
    """This project's plugin, and datasette-dashboards where Datasette did not load it itself
    (it loads installed plugins on import, except under its own test harness)."""
    import datasette_dashboards

    for module, name in ((plugin, "intervene"), (datasette_dashboards, "datasette-dashboards")):
        if not pm.is_registered(module):
            pm.register(module, name=name)
