"""The lines `intervene info` prints: a database's facts in plain words, without rich."""

from __future__ import annotations

from intervene.dates import display_date
from intervene.visible import visible


def size_text(size: int) -> str:
    """`3.1 MB (3,145,728 bytes)`: readable, and exact for whoever compares two files."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"


def about_lines(facts: dict) -> list[str]:
    seed = display_date(facts["seed_date"]) if facts["seed_date"] else "not recorded"
    lines = [f"Database  {visible(facts['path'])}"]
    if not facts["exists"]:
        lines += [
            "Exists    no: made from the seed on first use",
            f"Seed      data as of {seed} (the seed this version makes databases from)",
        ]
        return lines
    lines += [
        f"Exists    yes, {size_text(facts['size_bytes'])}",
        f"Schema    version {facts['schema_version']} (latest step: {facts['schema_step']})",
        f"Seed      data as of {seed} (the seed this version makes databases from)",
        "Rows",
    ]
    width = max(len(table) for table in facts["rows"])
    lines += [f"  {table:<{width}}  {count:>7,}" for table, count in facts["rows"].items()]
    return lines
