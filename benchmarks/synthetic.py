"""A synthetic database a thousand times the seed, made the same way every time.

    python benchmarks/synthetic.py OUT.db [--scale 1.0] [--seed 2026]

It starts from the seed (so `status stoke` still means something) and adds
councils, ratings, interventions, contracts and events up to 20,000
authorities, 1,000,000 ratings, 100,000 interventions, 100,000 contracts and
200,000 events (times --scale), with partners for one contract in ten.
Rows go in with plain executemany: this is a fixture for timing the read
path, not a use of the write path.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGETS = {
    "authorities": 20_000,
    "ratings": 1_000_000,
    "interventions": 100_000,
    "contracts": 100_000,
    "events": 200_000,
}
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
KINDS = ("unitary", "county", "metropolitan borough", "London borough")
GRADES = ("outstanding", "good", "requires improvement", "inadequate")
PUBLISHED = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement": "Requires improvement to be good",
    "inadequate": "Inadequate",
}
JUDGEMENTS = ("overall effectiveness", "impact of leaders", "help and protection", "children in care", "care leavers")
INTERVENTION_KINDS = ("statutory direction", "improvement notice", "commissioner appointment", "non-statutory support")
FIRST_DAY = date(2005, 1, 1)
SPAN = (date(2026, 11, 1) - FIRST_DAY).days


def day(rng: random.Random, start: date = FIRST_DAY, span: int = SPAN) -> date:
    return start + timedelta(days=rng.randrange(span))


def build(path: Path, scale: float = 1.0, seed: int = 2026) -> dict[str, int]:
    from intervene.db import open_database

    if path.exists():
        path.unlink()
    connection = open_database(path)
    connection.close()
    connection = sqlite3.connect(path)
    rng = random.Random(seed)
    existing = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TARGETS}
    wanted = {table: int(count * scale) for table, count in TARGETS.items()}
    with connection:
        first = connection.execute("SELECT max(id) FROM authorities").fetchone()[0] + 1
        councils = range(first, first + wanted["authorities"] - existing["authorities"])
        connection.executemany(
            "INSERT INTO authorities (id, slug, name, short_name, ons_code, la_code, region, kind, source)"
            " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 'synthetic')",
            (
                (
                    n,
                    f"synthetic-{n:05d}",
                    f"Synthetic Council {n:05d}",
                    f"Synthetic {n:05d}",
                    f"E99{n:06d}",
                    REGIONS[n % len(REGIONS)],
                    KINDS[n % len(KINDS)],
                )
                for n in councils
            ),
        )
        every = [row[0] for row in connection.execute("SELECT id FROM authorities")]

        def ratings():
            # Whole inspections: five judgements published together, the overall one first.
            made = 0
            while made < wanted["ratings"] - existing["ratings"]:
                council = rng.choice(every)
                published = day(rng)
                inspected = (published - timedelta(days=45)).isoformat()
                for judgement in JUDGEMENTS:
                    grade = rng.choice(GRADES)
                    yield (council, judgement, grade, PUBLISHED[grade], inspected, published.isoformat())
                    made += 1

        connection.executemany(
            "INSERT OR IGNORE INTO ratings (authority_id, framework, judgement, grade, framework_grade, inspected_on,"
            " published_on, inspectorate, source) VALUES (?, 'ILACS', ?, ?, ?, ?, ?, 'Ofsted', 'synthetic')",
            ratings(),
        )

        def interventions():
            for _ in range(wanted["interventions"] - existing["interventions"]):
                issued = day(rng)
                deadline = issued + timedelta(days=rng.randrange(30, 400))
                # Most have ended; a few hundred stay in force, as in life.
                ended = None if rng.random() < 0.002 else (issued + timedelta(days=rng.randrange(60, 1500))).isoformat()
                if ended and ended > "2026-11-01":
                    ended = None if rng.random() < 0.05 else "2026-10-31"
                # Those with no end were confirmed in force lately, as a kept register's are.
                yield (
                    rng.choice(every),
                    rng.choice(INTERVENTION_KINDS),
                    issued.isoformat(),
                    deadline.isoformat(),
                    ended,
                    "lifted" if ended else None,
                    None if ended else max(issued.isoformat(), "2026-06"),
                )

        connection.executemany(
            "INSERT INTO interventions (authority_id, kind, issued_on, deadline_on, ended_on, end_reason,"
            " last_confirmed_on, issued_by, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'Secretary of State', 'synthetic')",
            interventions(),
        )

        def contracts():
            for number in range(wanted["contracts"] - existing["contracts"]):
                starts = day(rng)
                ends = starts + timedelta(days=rng.randrange(365, 3650))
                maximum = ends + timedelta(days=rng.choice((0, 365, 730)))
                yield (
                    rng.choice(every),
                    f"Provider {number % 5000:04d}",
                    rng.randrange(10**6, 10**10),
                    starts.isoformat(),
                    ends.isoformat(),
                    maximum.isoformat(),
                )

        connection.executemany(
            "INSERT INTO contracts (authority_id, provider, value_pence, starts_on, ends_on, max_ends_on, source)"
            " VALUES (?, ?, ?, ?, ?, ?, 'synthetic')",
            contracts(),
        )
        # One contract in ten has three partners, as in the seed (Serco's partnership).
        partnered = connection.execute("SELECT id FROM contracts WHERE source = 'synthetic' AND id % 10 = 0").fetchall()
        connection.executemany(
            "INSERT INTO contract_partners (contract_id, partner, role) VALUES (?, ?, 'partner')",
            ((contract, f"Partner {contract % 700 + offset:03d}") for (contract,) in partnered for offset in (0, 1, 2)),
        )
        connection.executemany(
            "INSERT INTO events (authority_id, happened_on, summary, source) VALUES (?, ?, ?, 'synthetic')",
            (
                (rng.choice(every), day(rng).isoformat(), f"Synthetic event {n}")
                for n in range(wanted["events"] - existing["events"])
            ),
        )
    connection.execute("ANALYZE")
    counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TARGETS}
    connection.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    counts = build(arguments.out, arguments.scale, arguments.seed)
    print(", ".join(f"{count:,} {table}" for table, count in counts.items()))


if __name__ == "__main__":
    main()
