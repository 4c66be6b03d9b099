"""Step 2, `add_contract_ocds_ids`. Released: never edit it.

The statements are those sqlite-utils generated when this step shipped (its
`add_column` and `create_index`), as tests/fixtures/schema-v2.sql holds them:
written out, so that a new version of the library cannot change them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def add_contract_ocds_ids(db: Database) -> None:
    """Contracts loaded from Open Contracting data keep their OCID and contract id, so a reload adds nothing."""
    db.execute('ALTER TABLE "contracts" ADD COLUMN "ocid" TEXT')
    db.execute('ALTER TABLE "contracts" ADD COLUMN "ocds_contract_id" TEXT')
    db.execute(
        """CREATE UNIQUE INDEX "contracts_by_ocds_id"
    ON "contracts" ("ocid", "ocds_contract_id")"""
    )
