"""Step 4, `index_authority_regions`. Released: never edit it.

The statement is the one sqlite-utils generated when this step shipped (its
`create_index`), as tests/fixtures/schema-v4.sql holds it: written out, so that
a new version of the library cannot change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def index_authority_regions(db: Database) -> None:
    """Reports filtered by region seek the region's councils instead of reading every council."""
    db.execute(
        """CREATE INDEX "authorities_by_region"
    ON "authorities" ("region")"""
    )
