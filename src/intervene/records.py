"""Writes: add, edit, end, extend and remove facts, each checked and audited in one transaction.

Callers pass values already parsed (ISO dates, pence, canonical words); this
module checks how they fit together and with what is stored, then writes the
row and its `changes` entry together or not at all. A fact is checked by one function per
table (`_check_rating` …), whether it is added or edited, so a correction meets the same rules
as a new fact. Importers, which hold one
transaction for a whole file, write through `insert_row`, `update_row` and
`insert_partner`, so that a row and its audit are made the same way everywhere.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime

from intervene.dates import display_date, first_day, last_day, move_on_by, not_in_future
from intervene.db import write_transaction
from intervene.errors import InterveneError
from intervene.grades import canonical_framework, canonical_judgement, check_grade_in_framework
from intervene.registry import parse_la_code, parse_ons_code
from intervene.vocab import AUTHORITY_KINDS, CONFIDENCE, END_REASONS, INTERVENTION_KINDS, REGIONS, SERVICES

FACTS = {"rating": "ratings", "intervention": "interventions", "contract": "contracts", "event": "events"}
# What `edit` and `remove` accept: the facts, and councils.
REMOVABLE = FACTS | {"authority": "authorities"}
SINGULAR = {table: word for word, table in FACTS.items()} | {"authorities": "council", "aliases": "alias"}

# Each table's columns, read once per process by `PRAGMA table_info`.
_COLUMNS: dict[str, frozenset[str]] = {}


def _columns(connection: sqlite3.Connection, table: str, names: Iterable[str]) -> list[str]:
    """`names` as the columns of `table` they are, in order; a name that is not one is a bug.

    Writes put column names into their SQL, so these names must never come from
    what a user typed. They come only from the fixed keyword parameters of the
    functions here and the fixed keys an importer builds; checking each against
    the table's own columns makes that a rule rather than a habit. Every database
    is migrated to the current schema before it is written, so one reading per
    table serves the process; a name missing from it is read again before refusing.
    """
    names = list(names)
    known = _COLUMNS.get(table)
    if known is None or not known.issuperset(names):
        # `table` comes from the fixed names in this module, never from the user.
        known = _COLUMNS[table] = frozenset(row[1] for row in connection.execute(f"PRAGMA table_info({table})"))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"{table} has no column {unknown[0]!r}")
    return names


def _row(connection: sqlite3.Connection, table: str, row_id: int) -> dict:
    # `table` comes from the fixed names above, never from the user.
    row = connection.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone()
    if row is None:
        raise InterveneError(f"there is no {SINGULAR.get(table, table)} with id {row_id}")
    return dict(row)


def audit(
    connection,
    table: str,
    row_id: int,
    action: str,
    before: dict | None,
    after: dict | None,
    *,
    undoes: int | None = None,
) -> None:
    """Record one write in `changes`, inside the caller's transaction; an undo names the change it reversed."""
    authority_id = (after or before or {}).get("authority_id")
    if table == "authorities":
        authority_id = row_id
    connection.execute(
        "INSERT INTO changes (changed_at, table_name, row_id, authority_id, action, before, after, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            datetime.now(UTC).isoformat(timespec="seconds"),
            table,
            row_id,
            authority_id,
            action,
            None if before is None else json.dumps(before, ensure_ascii=False),
            None if after is None else json.dumps(after, ensure_ascii=False),
            undoes,
        ],
    )


# Writes are plain SQL with parameters: a library that builds the SQL (sqlite-utils) would be
# imported inside the transaction on a process's first write, holding every other writer off
# the database while it loads. Nothing here imports anything once the transaction has begun.


def insert_row(connection: sqlite3.Connection, table: str, values: dict, *, action: str = "add") -> dict:
    """Insert one row and its audit entry, and return the row as stored; the caller holds the transaction."""
    columns = _columns(connection, table, values)
    try:
        row_id = connection.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [values[column] for column in columns],
        ).lastrowid
    except sqlite3.IntegrityError as error:
        raise InterveneError(f"the {SINGULAR.get(table, table)} was refused by the database: {error}") from None
    assert row_id is not None  # an INSERT that succeeded made a row
    stored = _row(connection, table, row_id)
    audit(connection, table, row_id, action, None, stored)
    return stored


def update_row(
    connection: sqlite3.Connection, table: str, row_id: int, action: str, values: dict, *, undoes: int | None = None
) -> dict:
    """Change one row and audit it with its values before and after; the caller holds the transaction."""
    columns = _columns(connection, table, values)
    before = _row(connection, table, row_id)
    try:
        connection.execute(
            f"UPDATE {table} SET {', '.join(f'{column} = ?' for column in columns)} WHERE id = ?",
            [*(values[column] for column in columns), row_id],
        )
    except sqlite3.IntegrityError as error:
        raise InterveneError(f"the change was refused by the database: {error}") from None
    after = _row(connection, table, row_id)
    audit(connection, table, row_id, action, before, after, undoes=undoes)
    return after


def _given(arguments: dict, *skip: str) -> dict:
    """A function's arguments as column values: text exactly as given, but blank means 'not given' (NULL)."""
    return {
        key: (value if value.strip() else None) if isinstance(value, str) else value
        for key, value in arguments.items()
        if key != "connection" and key not in skip
    }


def _check_order(later: str | None, earlier: str | None, message: str) -> None:
    """Refuse `later` when every day it covers is before every day `earlier` covers.

    Here a partial date is a period that holds the day (a start from its first day, an end to
    its last), so the two are in order while the last day of `later` is not before the first
    day of `earlier`: an end of `2010` can follow a start of `2010-06-01`.
    """
    if later and earlier and last_day(later) < first_day(earlier):
        raise InterveneError(message.format(later=display_date(later), earlier=display_date(earlier)))


def _day(day: date) -> str:
    return display_date(day.isoformat())


def _to_last_day(iso: str) -> str:
    """A date as written, with the last day it covers when that is not plain: `March 2010 (to 31 March 2010)`."""
    if len(iso) == 10:
        return display_date(iso)
    return f"{display_date(iso)} (to {_day(last_day(iso))})"


def _check_last_days(contract: str, ends_on: str | None, max_ends_on: str | None, ended_on: str | None) -> None:
    """A contract's last days in order: the latest extended end not before the planned end, and an
    early end not after it. Each is compared by the last day it covers (`2010-03` runs to 31 March)."""
    if ends_on and max_ends_on and last_day(max_ends_on) < last_day(ends_on):
        raise InterveneError(
            f"the latest extended end ({_to_last_day(max_ends_on)}) is before the end ({_to_last_day(ends_on)})"
        )
    if ends_on and ended_on and last_day(ended_on) > last_day(ends_on):
        raise InterveneError(
            f"{_to_last_day(ended_on)} is not an early end: {contract} is planned to end {_to_last_day(ends_on)}; "
            "record an extension first if it ran longer"
        )


def _check_authority(connection: sqlite3.Connection, values: dict, row_id: int | None = None) -> None:
    """A council as it would be stored (`row_id` when it is already): its names, kind and ONS region;
    its codes, where given, of their shape (an ONS code, a three-digit LA number) and its own; its
    dates in order."""
    for column, what in (("name", "a name"), ("short_name", "a short name")):
        if not values[column]:
            raise InterveneError(f"a council needs {what}")
    if not values["kind"] or not values["region"]:
        raise InterveneError("a council needs its kind and its region")
    _one_of(values["kind"], AUTHORITY_KINDS, "a kind of council")
    _one_of(values["region"], REGIONS, "an ONS region")
    if values["ons_code"] is not None:
        values["ons_code"] = parse_ons_code(values["ons_code"])
    if values["la_code"] is not None:
        values["la_code"] = parse_la_code(str(values["la_code"]))
    _check_order(
        values["ceased_on"], values["created_on"], "a council cannot cease ({later}) before it was created ({earlier})"
    )
    for column, label in (("slug", "slug"), ("ons_code", "ONS code"), ("la_code", "LA number")):
        if values[column] is None:
            continue
        clash = connection.execute(
            f"SELECT short_name FROM authorities WHERE {column} = ? AND id IS NOT ?", [values[column], row_id]
        ).fetchone()
        if clash:
            raise InterveneError(f"{clash[0]} already has the {label} {values[column]}")


def add_authority(
    connection: sqlite3.Connection,
    *,
    name: str,
    short_name: str,
    slug: str,
    ons_code: str | None = None,
    la_code: int | None = None,
    region: str | None = None,
    kind: str | None = None,
    aliases: tuple[str, ...] = (),
    created_on: str | None = None,
    ceased_on: str | None = None,
    succeeded_by: str | None = None,
    source: str | None = None,
) -> dict:
    """Record a council, checked as `_check_authority` says."""
    values = _given(locals(), "aliases")
    with write_transaction(connection):
        _check_authority(connection, values)
        stored = insert_row(connection, "authorities", values)
        for alias in dict.fromkeys(a.strip() for a in aliases if a.strip()):
            insert_alias(connection, stored["id"], alias)
    return stored


def add_succession(connection: sqlite3.Connection, *, predecessor_id: int, successor_id: int) -> None:
    """Record that one council succeeded another (a structural change order's new council)."""
    with write_transaction(connection):
        predecessor = _row(connection, "authorities", predecessor_id)
        successor = _row(connection, "authorities", successor_id)
        if not predecessor["ceased_on"]:
            raise InterveneError(f"{predecessor['short_name']} has not ceased, so nothing succeeded it")
        if successor["created_on"] and successor["created_on"] != predecessor["ceased_on"]:
            raise InterveneError(
                f"{successor['short_name']} was created {display_date(successor['created_on'])}, "
                f"not the day {predecessor['short_name']} ceased ({display_date(predecessor['ceased_on'])})"
            )
        connection.execute(
            "INSERT OR IGNORE INTO successions (predecessor_id, successor_id) VALUES (?, ?)",
            [predecessor_id, successor_id],
        )


def insert_alias(connection: sqlite3.Connection, authority_id: int, alias: str) -> bool:
    """Give a council another name; False when it already had it. Refused if another council has it."""
    owner = connection.execute(
        "SELECT a.short_name, a.id FROM aliases JOIN authorities a ON a.id = aliases.authority_id WHERE alias = ?",
        [alias],
    ).fetchone()
    if owner and owner[1] != authority_id:
        raise InterveneError(f"the alias {alias!r} already names {owner[0]}")
    if owner is None:
        connection.execute("INSERT INTO aliases (alias, authority_id) VALUES (?, ?)", [alias, authority_id])
    return owner is None


def add_alias(connection: sqlite3.Connection, authority_id: int, alias: str) -> dict:
    """Another name for a council (what a file or a person calls it), audited as the pair it adds."""
    alias = " ".join(alias.split())
    if not alias:
        raise InterveneError("an alias cannot be blank")
    with write_transaction(connection):
        council = _row(connection, "authorities", authority_id)
        if not insert_alias(connection, authority_id, alias):
            raise InterveneError(f"{council['short_name']} already has the alias {alias!r}")
        added = {"alias": alias, "authority_id": authority_id}
        audit(connection, "aliases", authority_id, "add", None, added)
    return added


def _check_rating(
    connection: sqlite3.Connection, values: dict, row_id: int | None = None, *, new_judgement: bool = False
) -> None:
    """A rating as it would be stored: its judgement in lower case and one of its framework's own
    (`vocab.JUDGEMENTS`) unless `new_judgement`, its grade a word its framework used and the one
    its published grade means, its dates in order and not in the future, and no other rating the same."""
    from intervene.grades import canonical_grade

    framework = values["framework"] = canonical_framework(values["framework"])
    values["judgement"] = canonical_judgement(values["judgement"] or "", framework, new=new_judgement)
    check_grade_in_framework(values["grade"], framework)
    published_on, inspected_on = values["published_on"], values["inspected_on"]
    if not (published_on or inspected_on):
        raise InterveneError("a rating needs the day it was published or inspected")
    # The grade as published, read on its framework's scale, must be the grade stored: moving a
    # rating to another framework reads its number (or word) again.
    word, _ = canonical_grade(values["framework_grade"] or values["grade"], values["framework"])
    if word != values["grade"]:
        raise InterveneError(
            f"in {values['framework']}, the grade {values['framework_grade'] or values['grade']!r} means {word}, "
            f"not {values['grade']}; give the grade again"
        )
    _check_order(published_on, inspected_on, "published {later} is before the inspection on {earlier}")
    for day, what in ((inspected_on, "inspected"), (published_on, "published")):
        if day:
            not_in_future(day, what, "record a rating once it is out")
    existing = connection.execute(
        "SELECT id FROM ratings WHERE authority_id = ? AND framework = ? AND judgement = ? AND dated_on = ?"
        " AND id IS NOT ?",
        [values["authority_id"], values["framework"], values["judgement"], published_on or inspected_on, row_id],
    ).fetchone()
    if existing:
        raise InterveneError(
            f"this rating is already recorded as rating {existing[0]} "
            f"({values['framework']}, {values['judgement']}, {'published' if published_on else 'inspected'} "
            f"{display_date(published_on or inspected_on)})"
        )


def add_rating(
    connection: sqlite3.Connection,
    *,
    authority_id: int,
    framework: str,
    judgement: str,
    grade: str,
    framework_grade: str | None,
    published_on: str,
    inspected_on: str | None = None,
    inspectorate: str | None = None,
    source: str | None = None,
    notes: str | None = None,
    new_judgement: bool = False,
) -> dict:
    """Record one rating, checked as `_check_rating` says."""
    values = _given(locals(), "new_judgement")
    with write_transaction(connection):
        _check_rating(connection, values, new_judgement=new_judgement)
        return insert_row(connection, "ratings", values)


def _one_of(value: str | None, choices: tuple[str, ...], what: str) -> None:
    if value is not None and value not in choices:
        raise InterveneError(f"{value!r} is not {what}; use one of {', '.join(choices)}")


def _check_intervention(connection: sqlite3.Connection, values: dict, row_id: int | None = None) -> None:
    """An instrument as it would be stored: words from the fixed lists, its deadline, end and
    confirmation not before its issue, an end's reason and source only with an end, and what it
    replaces (and what replaces it) about the same council and in order of issue."""
    _one_of(values["kind"], INTERVENTION_KINDS, "a kind of intervention")
    _one_of(values["service"], SERVICES, "a service")
    _one_of(values["end_reason"], END_REASONS, "a reason")
    _one_of(values["confidence"], CONFIDENCE, "a confidence")
    issued_on, ended_on = values["issued_on"], values["ended_on"]
    _check_order(
        values["deadline_on"], issued_on, "the deadline {later} is before the intervention was issued ({earlier})"
    )
    _check_order(ended_on, issued_on, "the end {later} is before the intervention was issued ({earlier})")
    _check_order(
        values["last_confirmed_on"],
        issued_on,
        "the confirmation {later} is before the intervention was issued ({earlier})",
    )
    if values["end_reason"] and not ended_on:
        raise InterveneError("an end reason needs an end date")
    if values["end_source"] and not ended_on:
        raise InterveneError("a source for the end needs an end date")
    if values["last_confirmed_source"] and not values["last_confirmed_on"]:
        raise InterveneError("a source for a confirmation needs its date")
    replaces_id = values["replaces_id"]
    if replaces_id is not None:
        if replaces_id == row_id:
            raise InterveneError(f"intervention {row_id} cannot replace itself")
        _check_replaces(connection, values["authority_id"], issued_on, replaces_id)
    if row_id is not None:
        for later_id, later_issue in connection.execute(
            "SELECT id, issued_on FROM interventions WHERE replaces_id = ?", [row_id]
        ):
            _check_order(
                later_issue,
                issued_on,
                f"intervention {later_id}, issued {{later}}, replaces this one: it cannot be issued {{earlier}}",
            )


def add_intervention(
    connection: sqlite3.Connection,
    *,
    authority_id: int,
    kind: str,
    issued_on: str,
    name_at_time: str | None = None,
    issued_by: str | None = None,
    legal_basis: str | None = None,
    commissioner: str | None = None,
    deadline_on: str | None = None,
    service: str | None = None,
    replaces_id: int | None = None,
    summary: str | None = None,
    source: str | None = None,
    confidence: str | None = None,
    notes: str | None = None,
    ended_on: str | None = None,
    end_reason: str | None = None,
    end_source: str | None = None,
    last_confirmed_on: str | None = None,
    last_confirmed_source: str | None = None,
) -> dict:
    """Record one legal instrument. With no end, its issue is its first confirmation in force."""
    values = _given(locals())
    with write_transaction(connection):
        _check_intervention(connection, values)
        return insert_row(connection, "interventions", values)


def _intervention_of(connection: sqlite3.Connection, intervention_id: int, authority_id: int) -> dict:
    """The stored intervention, which must be about the same council as what refers to it."""
    intervention = _row(connection, "interventions", intervention_id)
    if intervention["authority_id"] != authority_id:
        raise InterveneError(f"intervention {intervention_id} is about another council")
    return intervention


def _check_replaces(connection: sqlite3.Connection, authority_id: int, issued_on: str, replaces_id: int) -> None:
    replaced = _intervention_of(connection, replaces_id, authority_id)
    _check_order(
        issued_on,
        replaced["issued_on"],
        f"an instrument issued {{later}} cannot replace intervention {replaces_id}, issued {{earlier}}",
    )


def end_intervention(
    connection: sqlite3.Connection,
    intervention_id: int,
    *,
    ended_on: str,
    reason: str | None,
    source: str | None = None,
) -> dict:
    _one_of(reason, END_REASONS, "a reason")
    with write_transaction(connection):
        current = _row(connection, "interventions", intervention_id)
        if current["ended_on"]:
            raise InterveneError(f"intervention {intervention_id} already ended on {display_date(current['ended_on'])}")
        _check_order(
            ended_on, current["issued_on"], "the end {later} is before the intervention was issued ({earlier})"
        )
        changes = {"ended_on": ended_on, "end_reason": reason, "end_source": source.strip() if source else None}
        return update_row(connection, "interventions", intervention_id, "end", changes)


def confirm_intervention(connection: sqlite3.Connection, intervention_id: int, *, on: str, source: str) -> dict:
    """Record that a source showed the instrument still in force on `on`: its clock of
    confirmation starts again from that day."""
    if not source.strip():
        raise InterveneError("a confirmation needs its source: where it was shown in force")
    with write_transaction(connection):
        current = _row(connection, "interventions", intervention_id)
        if current["ended_on"]:
            raise InterveneError(
                f"intervention {intervention_id} ended on {display_date(current['ended_on'])}; "
                "only an instrument with no recorded end is confirmed"
            )
        _check_order(
            on, current["issued_on"], "a confirmation on {later} is before the intervention was issued ({earlier})"
        )
        latest = current["last_confirmed_on"]
        # Its clock runs from the last day a confirmation covers, so a new one must move that day on.
        if latest and last_day(on) <= last_day(latest):
            raise InterveneError(
                f"intervention {intervention_id} is already confirmed in force on {display_date(latest)}, "
                f"no earlier than {display_date(on)}"
            )
        return update_row(
            connection,
            "interventions",
            intervention_id,
            "confirm",
            {"last_confirmed_on": on, "last_confirmed_source": source.strip()},
        )


def _check_contract(connection: sqlite3.Connection, values: dict, row_id: int | None = None) -> None:
    """A contract as it would be stored: a provider, its end, early end and latest end in order, and
    the instrument it serves about the same council."""
    if not values["provider"]:
        raise InterveneError("a contract needs a provider")
    _check_order(values["ends_on"], values["starts_on"], "the contract ends ({later}) before it starts ({earlier})")
    _check_order(values["ended_on"], values["starts_on"], "the contract ended ({later}) before it started ({earlier})")
    _check_last_days(
        "the contract" if row_id is None else f"contract {row_id}",
        values["ends_on"],
        values["max_ends_on"],
        values["ended_on"],
    )
    if values["intervention_id"] is not None:
        _intervention_of(connection, values["intervention_id"], values["authority_id"])


def add_contract(
    connection: sqlite3.Connection,
    *,
    authority_id: int,
    provider: str,
    starts_on: str,
    ends_on: str | None,
    value_pence: int | None = None,
    currency: str = "GBP",
    partners: tuple[tuple[str, str | None] | dict, ...] = (),
    scope: str | None = None,
    max_ends_on: str | None = None,
    ended_on: str | None = None,
    intervention_id: int | None = None,
    source: str | None = None,
    notes: str | None = None,
) -> dict:
    values = _given(locals(), "partners")
    with write_transaction(connection):
        _check_contract(connection, values)
        stored = insert_row(connection, "contracts", values)
        for partner in partners:
            insert_partner(connection, stored["id"], partner)
    return stored


def insert_partner(connection: sqlite3.Connection, contract_id: int, partner: tuple | dict) -> None:
    """Add a partner to a contract, once; the caller holds the transaction.

    A partner is (name, role), or a dict that may also give when it joined and left, and the source.
    """
    given = partner if isinstance(partner, dict) else dict(zip(("partner", "role"), partner))
    values = _given({key: given.get(key) for key in ("partner", "role", "joined_on", "left_on", "source")})
    if not values["partner"]:
        return
    _check_order(
        values["left_on"], values["joined_on"], f"{values['partner']} left ({{later}}) before joining ({{earlier}})"
    )
    connection.execute(
        "INSERT OR IGNORE INTO contract_partners (contract_id, partner, role, joined_on, left_on, source)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [contract_id, *values.values()],
    )


def extend_contract(
    connection: sqlite3.Connection,
    contract_id: int,
    *,
    ends_on: str | None = None,
    by: str | None = None,
    force: bool = False,
) -> dict:
    """Move a contract's last day later: to `ends_on`, or on `by` a length of time (`1y`) from its end.

    The end is read inside the write transaction, so two extensions `by` a length at once
    both count, one after the other. Whether a date extends the contract is judged by the
    last days the two cover: an end of `2010-03` runs to 31 March 2010, so `2010-03-01` would
    shorten it and is refused.
    """
    if (ends_on is None) == (by is None):
        raise ValueError("extend a contract to a new end or by a length of time, not both or neither")
    move_on = None if by is None else move_on_by(by)
    with write_transaction(connection):
        current = _row(connection, "contracts", contract_id)
        if current["ended_on"]:
            raise InterveneError(f"contract {contract_id} already ended on {display_date(current['ended_on'])}")
        if move_on is not None:
            if not current["ends_on"]:
                raise InterveneError(f"contract {contract_id} has no end to extend; use --to DATE")
            ends_on = move_on(current["ends_on"])
        assert ends_on is not None  # given, or just worked out from the end
        new_last = last_day(ends_on)
        if current["ends_on"]:
            old_last = last_day(current["ends_on"])
            if new_last == old_last:
                raise InterveneError(
                    f"{display_date(ends_on)} does not extend contract {contract_id}: "
                    f"its last day is already {_day(old_last)}"
                )
            if new_last < old_last:
                raise InterveneError(
                    f"{display_date(ends_on)} does not extend contract {contract_id}: "
                    f"that would move its last day from {_day(old_last)} back to {_day(new_last)}"
                )
        else:
            _check_order(
                ends_on, current["starts_on"], "the contract cannot end ({later}) before it started ({earlier})"
            )
        maximum = current["max_ends_on"]
        past_maximum = bool(maximum) and new_last > last_day(maximum)
        if past_maximum and not force:
            raise InterveneError(
                f"{_to_last_day(ends_on)} is past the latest end the contract allows "
                f"({_to_last_day(maximum)}); use --force to record it anyway"
            )
        changes = {"ends_on": ends_on}
        if past_maximum:
            changes["max_ends_on"] = ends_on
        return update_row(connection, "contracts", contract_id, "extend", changes)


def end_contract(connection: sqlite3.Connection, contract_id: int, *, ended_on: str) -> dict:
    """Record a contract's actual last day, when it ended early: not after its planned last day."""
    with write_transaction(connection):
        current = _row(connection, "contracts", contract_id)
        if current["ended_on"]:
            raise InterveneError(f"contract {contract_id} already ended on {display_date(current['ended_on'])}")
        _check_order(ended_on, current["starts_on"], "the contract cannot end ({later}) before it started ({earlier})")
        _check_last_days(f"contract {contract_id}", current["ends_on"], None, ended_on)
        return update_row(connection, "contracts", contract_id, "end", {"ended_on": ended_on})


def _check_event(connection: sqlite3.Connection, values: dict, row_id: int | None = None) -> None:
    if not values["summary"]:
        raise InterveneError("an event needs a summary of what happened")


def add_event(
    connection: sqlite3.Connection,
    *,
    authority_id: int,
    happened_on: str,
    summary: str,
    source: str | None = None,
    notes: str | None = None,
) -> dict:
    values = _given(locals())
    with write_transaction(connection):
        _check_event(connection, values)
        return insert_row(connection, "events", values)


# Each table's one check, for a new row and an edited one alike (a rating's, which takes its
# judgement rule as well, is called by name).
_CHECKS = {
    "authorities": _check_authority,
    "interventions": _check_intervention,
    "contracts": _check_contract,
    "events": _check_event,
}


def edit(connection: sqlite3.Connection, kind: str, row_id: int, changes: dict, *, new_judgement: bool = False) -> dict:
    """Correct stored values of one council or fact, keeping its id: `changes` maps columns to their
    new values (None, or blank text, clears one). The row as it would then stand is checked as a new
    one is, and only the columns that move are written and audited ('edit'). A rating's judgement
    is held to its framework's list only when one of the two is given: one recorded on purpose
    outside it (`new_judgement`) stands while its grade or dates are corrected."""
    table = REMOVABLE[kind]
    if not changes:
        raise ValueError("an edit needs a column to change")
    with write_transaction(connection):
        current = _row(connection, table, row_id)
        wanted = {**current, **_given(changes)}
        if table == "ratings":
            judged = {"framework", "judgement"} & changes.keys()
            _check_rating(connection, wanted, row_id, new_judgement=new_judgement or not judged)
        else:
            _CHECKS[table](connection, wanted, row_id)
        moved = {column: wanted[column] for column in changes if wanted[column] != current[column]}
        if not moved:
            raise InterveneError(f"{kind} {row_id} already has these values; nothing was changed")
        return update_row(connection, table, row_id, "edit", moved)


def reopen(connection: sqlite3.Connection, kind: str, row_id: int) -> dict:
    """Take back an intervention's or a contract's recorded end (with its reason and source), as if
    it had not been recorded: audited as 'reopen'."""
    table = REMOVABLE[kind]
    with write_transaction(connection):
        current = _row(connection, table, row_id)
        if not current["ended_on"]:
            raise InterveneError(f"{kind} {row_id} has no recorded end to take back")
        cleared = {"ended_on": None}
        if table == "interventions":
            cleared |= {"end_reason": None, "end_source": None}
        return update_row(connection, table, row_id, "reopen", cleared)


def snapshot(connection: sqlite3.Connection, table: str, row_id: int) -> dict:
    """A row with what goes with it when it goes: a contract's partners, the contracts an
    intervention served, a council's aliases and successions. A removal keeps this in the audit
    trail, so that undoing it brings all of it back."""
    values = _row(connection, table, row_id)
    if table == "contracts":
        values["partners"] = [
            dict(partner)
            for partner in connection.execute(
                "SELECT partner, role, joined_on, left_on, source FROM contract_partners WHERE contract_id = ?"
                " ORDER BY partner",
                [row_id],
            )
        ]
    if table == "interventions":
        serving = connection.execute("SELECT id FROM contracts WHERE intervention_id = ? ORDER BY id", [row_id])
        values["contracts_unlinked"] = [contract[0] for contract in serving]
    if table == "authorities":
        values["aliases"] = [
            alias[0]
            for alias in connection.execute("SELECT alias FROM aliases WHERE authority_id = ? ORDER BY alias", [row_id])
        ]
        for key, column, other in (
            ("predecessors", "successor_id", "predecessor_id"),
            ("successors", "predecessor_id", "successor_id"),
        ):
            values[key] = [
                pair[0]
                for pair in connection.execute(
                    f"SELECT {other} FROM successions WHERE {column} = ? ORDER BY {other}", [row_id]
                )
            ]
    return values


def facts_about(connection: sqlite3.Connection, authority_id: int) -> dict[str, int]:
    """How many of each kind of fact refer to a council: {'ratings': 12, …}, only those it has."""
    counts = {
        table: connection.execute(f"SELECT count(*) FROM {table} WHERE authority_id = ?", [authority_id]).fetchone()[0]
        for table in FACTS.values()
    }
    return {table: count for table, count in counts.items() if count}


def counted(counts: dict[str, int]) -> str:
    """{'ratings': 12, 'events': 1} as '12 ratings and 1 event'."""
    parts = [f"{count} {SINGULAR[table] if count == 1 else table}" for table, count in counts.items()]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def facts_to_remove(connection: sqlite3.Connection, authority_id: int, *, cascade: bool) -> dict[str, int]:
    """The facts that would go with a council (see `facts_about`); refused if it has any and not `cascade`."""
    facts = facts_about(connection, authority_id)
    if facts and not cascade:
        council = _row(connection, "authorities", authority_id)
        raise InterveneError(
            f"{council['short_name']} has {counted(facts)} recorded; remove them first, "
            "or use --cascade to remove them with it"
        )
    return facts


def delete_row(
    connection: sqlite3.Connection, table: str, row_id: int, action: str, *, undoes: int | None = None
) -> dict:
    """Delete one row, auditing it with what goes with it (`snapshot`); the caller holds the transaction."""
    before = snapshot(connection, table, row_id)
    if table == "interventions":
        replacing = connection.execute("SELECT id FROM interventions WHERE replaces_id = ?", [row_id]).fetchone()
        if replacing:
            raise InterveneError(
                f"intervention {replacing[0]} replaces intervention {row_id}; remove or edit that one first"
            )
    # `table` comes from the fixed names above, never from the user.
    connection.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
    audit(connection, table, row_id, action, before, None, undoes=undoes)
    return before


def _replacing_first(connection: sqlite3.Connection, authority_id: int) -> list[int]:
    """A council's interventions, each after every one that replaces it, so that each can go in turn."""
    links = dict(connection.execute("SELECT id, replaces_id FROM interventions WHERE authority_id = ?", [authority_id]))
    ordered: list[int] = []
    while links:
        replaced = set(links.values())
        free = sorted(row_id for row_id in links if row_id not in replaced)
        ordered.extend(free)
        for row_id in free:
            del links[row_id]
    return ordered


def remove(connection: sqlite3.Connection, kind: str, row_id: int, *, cascade: bool = False) -> dict:
    """Delete one council or fact; `changes` keeps its last values. A council with facts is refused
    unless `cascade`, which removes each of its facts first, each audited, all in one transaction.
    Returns what was removed, with `facts_removed`: how many of each fact went with a council."""
    table = REMOVABLE[kind]
    with write_transaction(connection):
        if table != "authorities":
            return delete_row(connection, table, row_id, "remove")
        facts = facts_to_remove(connection, row_id, cascade=cascade)
        for fact_table in ("ratings", "events", "contracts"):
            for (fact_id,) in connection.execute(
                f"SELECT id FROM {fact_table} WHERE authority_id = ? ORDER BY id", [row_id]
            ).fetchall():
                delete_row(connection, fact_table, fact_id, "remove")
        for intervention_id in _replacing_first(connection, row_id):
            delete_row(connection, "interventions", intervention_id, "remove")
        removed = delete_row(connection, "authorities", row_id, "remove")
    return removed | {"facts_removed": facts}


def row(connection: sqlite3.Connection, kind: str, row_id: int) -> dict:
    """One stored council, rating, intervention, contract or event, for confirming before a change."""
    return _row(connection, REMOVABLE[kind], row_id)
