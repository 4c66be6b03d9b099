"""Regenerate data/seed.sql from the files in data/sources/.

    python scripts/build_seed.py [--sources data/sources] [--out data/sources/../seed.sql]

Everything the seed holds is in data/sources/ (its README says where each file
comes from and under which licence), so a clone rebuilds it with nothing else.
Every fact goes through the same checks as `intervene add-…`, then the data
tables are written out as INSERT statements, in id order.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from intervene import records  # noqa: E402
from intervene.authorities import resolve_authority, slugify  # noqa: E402
from intervene.db import SEED_DATE_PREFIX, migrate  # noqa: E402
from intervene.importers.ofsted import import_ofsted  # noqa: E402
from intervene.render.exports import EXPORTED_TABLES  # noqa: E402

# Every table the export holds but the audit trail: the seed is the starting point, not a change.
SEED_TABLES = tuple(table for table in EXPORTED_TABLES if table != "changes")
SOURCES = ROOT / "data" / "sources"
# Newest first: where two editions date one inspection differently, the first recorded stands.
OFSTED_FILES = (
    Path("ofsted") / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
    Path("ofsted") / "Childrens_social_care_in_England_2023_underlying_data.ods",
)

AUTHORITIES_SOURCE = (
    "authorities.csv: DfE children in need statistics 2025 (codes, names, regions); "
    "mySociety, UK local authority names and codes (official names, kinds)"
)
# Names people use that the two published names do not already cover.
EXTRA_ALIASES = {
    "Stoke-on-Trent": ("stoke",),
    "Kingston upon Hull": ("Hull",),
    "County Durham": ("Durham",),
    "Bristol": ("City of Bristol",),
    "Bedford": ("Bedford Borough",),
    "Herefordshire": ("County of Herefordshire",),
    "St. Helens": ("St Helens",),
    # New ONS codes from April 2025; DfE and Ofsted files still use the old ones.
    "Barnsley": ("E08000038",),
    "Sheffield": ("E08000039",),
}


def rows(path: Path) -> Iterator[dict]:
    """A CSV's rows, blank cells as None."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {key: value if value.strip() else None for key, value in row.items()}


def short_name(dfe_name: str) -> str:
    """`Bristol, City of` → `Bristol`; other DfE names are already what people say."""
    for suffix in (", City of", ", County of"):
        if dfe_name.endswith(suffix):
            return dfe_name[: -len(suffix)]
    return dfe_name


def load_authorities(connection: sqlite3.Connection, sources: Path) -> None:
    created = {row["name"]: row for row in rows(sources / "new_authorities.csv")}
    identifiers = other_identifiers(sources)
    for row in rows(sources / "authorities.csv"):
        short = short_name(row["name"])
        new = created.pop(short, None)
        others = identifiers.pop(short, [])
        records.add_authority(
            connection,
            name=row["official_name"],
            short_name=short,
            slug=slugify(short),
            ons_code=row["ons_code"],
            la_code=int(row["la_code"]),
            region=row["region"],
            kind=row["kind"],
            aliases=(
                row["name"],
                row["official_name"],
                *EXTRA_ALIASES.get(short, ()),
                *(other["identifier"] for other in others),
            ),
            created_on=new and new["created_on"],
            source=with_identifiers(
                AUTHORITIES_SOURCE + (f"; created {new['created_on']}: {new['source']}" if new else ""), others
            ),
        )
    if created:
        raise SystemExit(f"new_authorities.csv names councils authorities.csv does not: {sorted(created)}")
    # Councils since abolished, kept so that their history can be told.
    for row in rows(sources / "former_authorities.csv"):
        others = identifiers.pop(row["name"], [])
        records.add_authority(
            connection,
            name=row["official_name"],
            short_name=row["name"],
            slug=slugify(row["name"]),
            ons_code=row["ons_code"],
            la_code=int(row["la_code"]) if row["la_code"] else None,
            region=row["region"],
            kind=row["kind"],
            ceased_on=row["ceased_on"],
            succeeded_by=row["succeeded_by"],
            aliases=(*(row["aliases"] or "").split("|"), *(other["identifier"] for other in others)),
            source=with_identifiers(row["source"], others),
        )
    if identifiers:
        raise SystemExit(f"identifiers.csv names councils the other files do not: {sorted(identifiers)}")


def other_identifiers(sources: Path) -> dict[str, list[dict]]:
    """identifiers.csv by council: former ONS codes and short names, each with its source."""
    found: dict[str, list[dict]] = {}
    for row in rows(sources / "identifiers.csv"):
        found.setdefault(row["council"], []).append(row)
    return found


def with_identifiers(source: str, identifiers: list[dict]) -> str:
    """A council's source, naming where each of its other identifiers comes from."""
    said = (
        f"{row['kind']} {row['identifier']}" + (f" (to {row['until']})" if row["until"] else "") + f": {row['source']}"
        for row in identifiers
    )
    return "; ".join((source, *said))


def load_successions(connection: sqlite3.Connection, sources: Path) -> None:
    """Which councils each new one succeeded (after the former councils are loaded)."""
    for row in rows(sources / "new_authorities.csv"):
        successor = council(connection, row["name"])
        for predecessor in row["predecessors"].split("|"):
            records.add_succession(connection, predecessor_id=council(connection, predecessor), successor_id=successor)


def council(connection: sqlite3.Connection, name: str) -> int:
    return resolve_authority(connection, name)["id"]


def load_ratings(connection: sqlite3.Connection, sources: Path) -> None:
    """Ratings that no Ofsted workbook holds: the 2006 APA results and joint area reviews."""
    for row in rows(sources / "ratings.csv"):
        records.add_rating(connection, authority_id=council(connection, row.pop("council")), **row)


def load_interventions(connection: sqlite3.Connection, sources: Path) -> dict[str, int]:
    """The register, one row per legal instrument; returns each key's id. A row's `replaces`
    names another row's key: rows are loaded in issue order, each after the one it replaces."""
    register = {}
    for row in rows(sources / "interventions.csv"):
        if row["key"] in register:
            raise SystemExit(f"interventions.csv: the key {row['key']} is used twice")
        register[row["key"]] = row
    ids: dict[str, int] = {}

    def load(key: str, waiting: tuple[str, ...] = ()) -> int:
        if key in ids:
            return ids[key]
        if key in waiting:
            raise SystemExit(f"interventions.csv: {key} replaces itself through {', '.join(waiting)}")
        row = dict(register[key])
        del row["key"]
        replaces = row.pop("replaces")
        if replaces and replaces not in register:
            raise SystemExit(f"interventions.csv: {key} replaces {replaces}, which is not in the file")
        replaces_id = load(replaces, (*waiting, key)) if replaces else None
        stored = records.add_intervention(
            connection, authority_id=council(connection, row.pop("council")), replaces_id=replaces_id, **row
        )
        ids[key] = stored["id"]
        return ids[key]

    for key in sorted(register, key=lambda key: (register[key]["issued_on"], key)):
        load(key)
    return ids


def load_contracts(connection: sqlite3.Connection, sources: Path, interventions: dict[str, int]) -> None:
    partners: dict[str, list[dict]] = {}
    for row in rows(sources / "contract_partners.csv"):
        row.pop("notes")
        partners.setdefault(row.pop("contract"), []).append(row)
    for row in rows(sources / "contracts.csv"):
        key, serves, value = row.pop("key"), row.pop("serves"), row.pop("value_pence")
        records.add_contract(
            connection,
            authority_id=council(connection, row.pop("council")),
            intervention_id=interventions[serves] if serves else None,
            value_pence=int(value) if value else None,
            partners=tuple(partners.pop(key, ())),
            **row,
        )
    if partners:
        raise SystemExit(f"contract_partners.csv names contracts that contracts.csv does not: {sorted(partners)}")


def load_events(connection: sqlite3.Connection, sources: Path) -> None:
    for row in rows(sources / "events.csv"):
        records.add_event(connection, authority_id=council(connection, row.pop("council")), **row)


def build(sources: Path = SOURCES) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    migrate(connection)
    load_authorities(connection, sources)
    load_successions(connection, sources)
    load_ratings(connection, sources)
    for name in OFSTED_FILES:
        result = import_ofsted(connection, sources / name)
        differing = [item for item in result.conflicts if item["recorded"] != item["in_file"]]
        if result.unmatched or result.problems or differing:
            raise SystemExit(f"{name} did not import cleanly: {result.as_dict()}")
        for item in result.conflicts:
            print(
                f"{name.name}: {item['council']} {item['framework']} {item['judgement']} dated "
                f"{item['dated_on']} here, {item['recorded_dated_on']} in a newer edition: kept the newer"
            )
    interventions = load_interventions(connection, sources)
    load_contracts(connection, sources, interventions)
    load_events(connection, sources)
    # The seed is the starting point, not a change anyone made: it carries no audit trail.
    connection.execute("DELETE FROM changes")
    connection.commit()
    return connection


def newest_fact(connection: sqlite3.Connection) -> str:
    """The latest day (or month, or year) on which something the seed records happened: a
    rating, an instrument issued, ended or last confirmed, a contract begun, an event. Taken
    from the data, not the clock, so that the seed rebuilds byte for byte; planned days (a
    deadline, a contract's end) are not facts yet."""
    return connection.execute(
        "SELECT max(day) FROM (SELECT dated_on AS day FROM ratings"
        " UNION ALL SELECT issued_on FROM interventions UNION ALL SELECT ended_on FROM interventions"
        " UNION ALL SELECT last_confirmed_on FROM interventions UNION ALL SELECT starts_on FROM contracts"
        " UNION ALL SELECT happened_on FROM events)"
    ).fetchone()[0]


def dump(connection: sqlite3.Connection) -> str:
    """The seed tables as INSERT statements, in one transaction, in id order."""
    lines = [
        "-- Generated by scripts/build_seed.py from data/sources/; edit those files, not this one.",
        f"{SEED_DATE_PREFIX}{newest_fact(connection)}: the newest date its sources give for a fact.",
        "BEGIN;",
    ]
    for table in SEED_TABLES:
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        quoted = ", ".join(f"quote({column})" for column in columns)
        for values in connection.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid"):
            lines.append(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)});")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "seed.sql")
    arguments = parser.parse_args()
    connection = build(arguments.sources)
    arguments.out.write_text(dump(connection), encoding="utf-8")
    counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in SEED_TABLES}
    print(f"wrote {arguments.out}: " + ", ".join(f"{count} {table}" for table, count in counts.items()))


if __name__ == "__main__":
    main()
