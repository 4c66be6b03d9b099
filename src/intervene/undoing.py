"""Undo: reverse the newest changes in the audit trail, from the values each one recorded.

Every entry in `changes` holds its row's values before and after the write, so its reverse
is read from it alone: an entry with no `before` added a row (the reverse deletes it), one
with no `after` removed a row (the reverse puts it back, with the id it had and what went
with it), and one with both changed a row (the reverse writes the `before` values back).
Each reverse is itself an audited change (action `undo`, naming the change it reversed in
`undoes`), so the trail stays true, and undoing an undo does the change again.

A reverse is refused, naming the change, when the row no longer stands as the change left it
(something not in the trail changed it), when a removed row's id has been taken, or when a row
to delete has facts that refer to it; the whole undo is then refused and nothing is written.
"""

from __future__ import annotations

import json
import sqlite3

from intervene import records
from intervene.db import write_transaction
from intervene.errors import InterveneError


def undo(connection: sqlite3.Connection, count: int = 1, *, dry_run: bool = False) -> list[dict]:
    """Reverse the newest `count` changes, newest first, in one transaction (rolled back with
    `dry_run`); returns, for each, the audit entry the reverse wrote (with its council's name as it
    then stood), after the id of the change it reversed (`undoes`) and what that change did
    (`undone`: 'edit rating 5')."""
    with write_transaction(connection, dry_run=dry_run):
        entries = [
            _entry(row)
            for row in connection.execute("SELECT * FROM changes ORDER BY id DESC LIMIT ?", [count]).fetchall()
        ]
        if not entries:
            raise InterveneError("the audit trail is empty: there is nothing to undo")
        if len(entries) < count:
            raise InterveneError(f"the audit trail holds only {len(entries)} changes, not {count}")
        done = []
        for entry in entries:
            try:
                _reverse(connection, entry)
            except InterveneError as error:
                raise InterveneError(f"cannot undo {describe(entry)}: {error}") from None
            except sqlite3.IntegrityError as error:
                raise InterveneError(f"cannot undo {describe(entry)}: the database refused it ({error})") from None
            written = _entry(
                connection.execute(
                    "SELECT ch.*, a.short_name AS council FROM changes ch LEFT JOIN authorities a"
                    " ON a.id = ch.authority_id ORDER BY ch.id DESC LIMIT 1"
                ).fetchone()
            )
            done.append({"undoes": written.pop("undoes"), "undone": what_it_did(entry), **written})
    return done


def describe(entry: dict) -> str:
    """`change 12 (edit rating 5)`."""
    return f"change {entry['id']} ({what_it_did(entry)})"


def what_it_did(entry: dict) -> str:
    """`edit rating 5`, `add alias 'Bedford Borough'`."""
    if entry["table_name"] == "aliases":
        alias = entry["after"] or entry["before"] or {}
        return f"{entry['action']} alias {alias.get('alias')!r}"
    return f"{entry['action']} {records.SINGULAR.get(entry['table_name'], entry['table_name'])} {entry['row_id']}"


def _entry(row: sqlite3.Row) -> dict:
    entry = dict(row)
    for key in ("before", "after"):
        entry[key] = json.loads(entry[key]) if entry[key] else None
    return entry


def _reverse(connection: sqlite3.Connection, entry: dict) -> None:
    before, after = entry["before"], entry["after"]
    if entry["action"] == "import" and after and "ratings_added" in after:
        raise InterveneError(
            f"it imported {after['ratings_added']:,} ratings from a file at once; remove those you do not want"
        )
    if entry["table_name"] == "aliases":
        _reverse_alias(connection, entry)
    elif before is None:
        _take_out(connection, entry)
    elif after is None:
        _put_back(connection, entry)
    else:
        _write_back(connection, entry)


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    """The columns a row is written to (not the generated ones): a snapshot may hold more keys,
    and an old one fewer, as the schema has moved on."""
    # `table` is one of the audited tables' fixed names, never from the user.
    return [column[1] for column in connection.execute(f"PRAGMA table_info({table})")]


def _current(connection: sqlite3.Connection, entry: dict) -> dict:
    """The row as it stands, which must be as `entry` left it."""
    table, row_id = entry["table_name"], entry["row_id"]
    found = connection.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone()
    name = f"{records.SINGULAR[table]} {row_id}"
    if found is None:
        raise InterveneError(f"{name} no longer exists")
    current = dict(found)
    left = entry["after"]
    for column in _columns(connection, table):
        if column in left and left[column] != current[column]:
            raise InterveneError(
                f"{name} has changed since: its {column} is now {_shown(current[column])}, "
                f"not {_shown(left[column])} as that change left it"
            )
    return current


def _shown(value: object) -> str:
    return "empty" if value is None else repr(value)


def _take_out(connection: sqlite3.Connection, entry: dict) -> None:
    """Reverse an addition: delete the row, which must stand as added and have nothing referring to it."""
    table, row_id = entry["table_name"], entry["row_id"]
    _current(connection, entry)
    if table == "authorities":
        facts = records.facts_about(connection, row_id)
        if facts:
            raise InterveneError(f"{records.counted(facts)} now refer to council {row_id}")
    if table == "interventions":
        serving = [row[0] for row in connection.execute("SELECT id FROM contracts WHERE intervention_id = ?", [row_id])]
        if serving:
            raise InterveneError(f"contract {serving[0]} now serves intervention {row_id}")
    records.delete_row(connection, table, row_id, "undo", undoes=entry["id"])


def _put_back(connection: sqlite3.Connection, entry: dict) -> None:
    """Reverse a removal: insert the row with its old id, then what went with it."""
    table, row_id, kept = entry["table_name"], entry["row_id"], entry["before"]
    taken = connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone()
    if taken:
        raise InterveneError(f"its id is now taken: {records.SINGULAR[table]} {row_id} exists")
    if table != "authorities" and not _exists(connection, "authorities", kept["authority_id"]):
        raise InterveneError(f"its council (id {kept['authority_id']}) no longer exists")
    columns = [column for column in _columns(connection, table) if column in kept]
    connection.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [kept[column] for column in columns],
    )
    for partner in kept.get("partners", ()):
        records.insert_partner(connection, row_id, partner)
    for contract_id in kept.get("contracts_unlinked", ()):
        link = connection.execute("SELECT intervention_id FROM contracts WHERE id = ?", [contract_id]).fetchone()
        if link is None:
            raise InterveneError(f"contract {contract_id}, which served it, no longer exists")
        if link[0] is not None:
            raise InterveneError(f"contract {contract_id}, which served it, now serves intervention {link[0]}")
        connection.execute("UPDATE contracts SET intervention_id = ? WHERE id = ?", [row_id, contract_id])
    for alias in kept.get("aliases", ()):
        records.insert_alias(connection, row_id, alias)
    for key, pair in (("predecessors", "(?, {})"), ("successors", "({}, ?)")):
        for other in kept.get(key, ()):
            if not _exists(connection, "authorities", other):
                raise InterveneError(f"council {other}, in its successions, no longer exists")
            connection.execute(
                f"INSERT OR IGNORE INTO successions (predecessor_id, successor_id) VALUES {pair.format(row_id)}",
                [other],
            )
    records.audit(
        connection, table, row_id, "undo", None, records.snapshot(connection, table, row_id), undoes=entry["id"]
    )


def _write_back(connection: sqlite3.Connection, entry: dict) -> None:
    """Reverse a change to a row: write back the values it had, where they moved."""
    table, row_id = entry["table_name"], entry["row_id"]
    current = _current(connection, entry)
    before = entry["before"]
    moved = {
        column: before[column]
        for column in _columns(connection, table)
        if column in before and before[column] != current[column]
    }
    if moved:
        records.update_row(connection, table, row_id, "undo", moved, undoes=entry["id"])
    else:
        # Nothing to write (an edit that moved only what the schema no longer holds): still audited.
        records.audit(connection, table, row_id, "undo", current, current, undoes=entry["id"])


def _reverse_alias(connection: sqlite3.Connection, entry: dict) -> None:
    """An alias added is taken away, one taken away is given back: the pair {alias, authority_id}."""
    if entry["after"] is not None:
        pair = entry["after"]
        gone = connection.execute(
            "DELETE FROM aliases WHERE alias = ? AND authority_id = ?", [pair["alias"], pair["authority_id"]]
        ).rowcount
        if not gone:
            raise InterveneError(f"council {pair['authority_id']} no longer has the alias {pair['alias']!r}")
        records.audit(connection, "aliases", entry["row_id"], "undo", pair, None, undoes=entry["id"])
    else:
        pair = entry["before"]
        if not _exists(connection, "authorities", pair["authority_id"]):
            raise InterveneError(f"council {pair['authority_id']} no longer exists")
        records.insert_alias(connection, pair["authority_id"], pair["alias"])
        records.audit(connection, "aliases", entry["row_id"], "undo", None, pair, undoes=entry["id"])


def _exists(connection: sqlite3.Connection, table: str, row_id: int) -> bool:
    return connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() is not None
