"""Step 8, `ratings_dated_by_inspection`. Released: never edit it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_RATINGS_V8 = """CREATE TABLE ratings_v8 (
    id INTEGER PRIMARY KEY,
    authority_id INTEGER NOT NULL REFERENCES authorities(id),
    framework TEXT NOT NULL CHECK (framework <> ''),
    judgement TEXT NOT NULL CHECK (judgement <> ''),
    grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'adequate', 'requires improvement', 'inadequate')),
    framework_grade TEXT,
    inspected_on TEXT CHECK (inspected_on IS NULL OR inspected_on GLOB '[12][0-9][0-9][0-9]'
        OR inspected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR inspected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    published_on TEXT CHECK (published_on IS NULL OR published_on GLOB '[12][0-9][0-9][0-9]'
        OR published_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR published_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    dated_on TEXT GENERATED ALWAYS AS (coalesce(published_on, inspected_on)) VIRTUAL NOT NULL,
    inspectorate TEXT,
    source TEXT,
    notes TEXT,
    CHECK (published_on IS NULL OR inspected_on IS NULL OR (substr(published_on, 1, min(length(published_on),
        length(inspected_on))) >= substr(inspected_on, 1, min(length(published_on), length(inspected_on))))),
    UNIQUE (authority_id, framework, judgement, dated_on)
)"""


def ratings_dated_by_inspection(db: Database) -> None:
    """A rating may lack its publication date: some editions of Ofsted's files give only the
    inspection date. `published_on` becomes optional and never invented; `dated_on`, the day a
    rating counts from, is computed as its publication, else its inspection, and every
    question of time asks it. Every row is kept (SQLite cannot relax NOT NULL in place)."""
    db.execute(_RATINGS_V8)
    db.execute(
        "INSERT INTO ratings_v8 (id, authority_id, framework, judgement, grade, framework_grade, inspected_on,"
        " published_on, inspectorate, source, notes) SELECT id, authority_id, framework, judgement, grade,"
        " framework_grade, inspected_on, published_on, inspectorate, source, notes FROM ratings ORDER BY id"
    )
    db.execute("DROP TABLE ratings")
    db.execute("ALTER TABLE ratings_v8 RENAME TO ratings")
    db.execute("CREATE INDEX ratings_by_authority ON ratings (authority_id, judgement, dated_on)")
    db.execute("CREATE INDEX ratings_by_dated ON ratings (dated_on)")
