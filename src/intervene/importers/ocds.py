"""Contracts from Open Contracting Data Standard (OCDS 1.1) release or record packages.

The buyer is matched to a council (by an ONS code in its identifier, else by
exact name or alias); the award's first supplier is the provider and any others
its partners; `contracts[].period` gives the start, end and latest extended
end, and `value` the amount. A contract is known by its OCID and contract id,
so loading the same package again adds nothing, and a later release of a
contract already loaded updates its dates and value, audited.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from intervene import records
from intervene.authorities import exact_lookup, normalise
from intervene.dates import display_date, not_before, parse_date
from intervene.errors import InterveneError

UPDATABLE = ("provider", "scope", "value_pence", "currency", "starts_on", "ends_on", "max_ends_on")


@dataclass
class OcdsResult:
    file: str
    dry_run: bool
    releases: int = 0
    contracts_seen: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _releases(document: dict, name: str) -> Iterator[dict]:
    """Releases from a release package, or each record's compiled (else newest embedded) release."""
    if isinstance(document.get("releases"), list):
        yield from (release for release in document["releases"] if isinstance(release, dict))
    elif isinstance(document.get("records"), list):
        for record in document["records"]:
            if not isinstance(record, dict):
                continue
            if isinstance(record.get("compiledRelease"), dict):
                yield record["compiledRelease"]
                continue
            embedded = [r for r in record.get("releases") or [] if isinstance(r, dict) and "ocid" in r]
            if embedded:
                yield max(embedded, key=lambda release: str(release.get("date") or ""))
    else:
        raise InterveneError(
            f"{name} is neither an OCDS release package nor a record package (no 'releases' or 'records')"
        )


def _day(value, what: str) -> str | None:
    """The date part of an OCDS date-time, as written (the standard gives RFC 3339 date-times)."""
    if value in (None, ""):
        return None
    text = str(value)[:10]
    try:
        return parse_date(text, datetime.now(UTC).date())
    except InterveneError as error:
        raise InterveneError(f"{what}: {error}") from None


def _pence(value: dict | None, what: str) -> tuple[int | None, str]:
    if not isinstance(value, dict) or value.get("amount") in (None, ""):
        return None, (value or {}).get("currency") or "GBP"
    try:
        amount = Decimal(str(value["amount"])) * 100
    except InvalidOperation:
        raise InterveneError(f"{what}: value.amount {value['amount']!r} is not a number") from None
    if amount < 0 or amount != amount.to_integral_value():
        raise InterveneError(f"{what}: value.amount {value['amount']!r} is not a whole number of pence, or is negative")
    currency = str(value.get("currency") or "GBP").upper()
    if len(currency) != 3:
        raise InterveneError(f"{what}: {currency!r} is not an ISO 4217 currency code")
    return int(amount), currency


def _buyer(release: dict, by_code: dict, by_name: dict) -> tuple[int | None, str]:
    parties = {party.get("id"): party for party in release.get("parties") or [] if isinstance(party, dict)}
    buyer = release.get("buyer") or next(
        (party for party in parties.values() if "buyer" in (party.get("roles") or [])), {}
    )
    party = parties.get(buyer.get("id"), {}) if isinstance(buyer, dict) else {}
    name = (buyer or {}).get("name") or party.get("name") or ""
    identifiers = [party.get("identifier") or {}] + list(party.get("additionalIdentifiers") or [])
    for identifier in identifiers:
        code = str((identifier or {}).get("id") or "").upper()
        if code in by_code:
            return by_code[code], name
    return by_name.get(normalise(name)), name


def _suppliers(release: dict, contract: dict) -> list[str]:
    awards = [award for award in release.get("awards") or [] if isinstance(award, dict)]
    award = next((a for a in awards if a.get("id") == contract.get("awardID")), awards[0] if len(awards) == 1 else {})
    return [
        s["name"].strip()
        for s in award.get("suppliers") or []
        if isinstance(s, dict) and str(s.get("name") or "").strip()
    ]


def read_contracts(connection: sqlite3.Connection, path: Path, result: OcdsResult) -> list[dict]:
    """Every contract in the package as a row for `contracts`, with its partners."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InterveneError(f"{path.name} is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise InterveneError(f"{path.name} is not an OCDS package (its top level is not an object)")
    by_code, by_name = exact_lookup(connection)
    rows = []
    for release in _releases(document, path.name):
        result.releases += 1
        ocid = str(release.get("ocid") or "")
        authority_id, buyer_name = _buyer(release, by_code, by_name)
        for contract in release.get("contracts") or []:
            if not isinstance(contract, dict):
                continue
            result.contracts_seen += 1
            where = f"{ocid} contract {contract.get('id')}"
            if authority_id is None:
                result.unmatched.append({"ocid": ocid, "contract": contract.get("id"), "buyer": buyer_name})
                continue
            try:
                rows.append(_contract_row(release, contract, authority_id, ocid, where, path.name))
            except InterveneError as error:
                result.problems.append({"ocid": ocid, "contract": contract.get("id"), "reason": str(error)})
    return rows


def _contract_row(release: dict, contract: dict, authority_id: int, ocid: str, where: str, file: str) -> dict:
    if not ocid or contract.get("id") in (None, ""):
        raise InterveneError(f"{where}: an OCID and a contract id are needed to know the contract again")
    period = contract.get("period") or {}
    starts_on = _day(period.get("startDate") or contract.get("dateSigned"), where)
    if not starts_on:
        raise InterveneError(f"{where}: no period.startDate")
    ends_on = _day(period.get("endDate"), where)
    max_ends_on = _day(period.get("maxExtentDate"), where)
    if ends_on and not not_before(ends_on, starts_on):
        raise InterveneError(f"{where}: ends {display_date(ends_on)} before it starts {display_date(starts_on)}")
    if max_ends_on and ends_on and not not_before(max_ends_on, ends_on):
        raise InterveneError(
            f"{where}: maxExtentDate {display_date(max_ends_on)} is before endDate {display_date(ends_on)}"
        )
    suppliers = _suppliers(release, contract)
    if not suppliers:
        raise InterveneError(f"{where}: no supplier in its award")
    value_pence, currency = _pence(contract.get("value"), where)
    scope = " — ".join(str(part) for part in (contract.get("title"), contract.get("description")) if part) or None
    return {
        "authority_id": authority_id,
        "provider": suppliers[0],
        "scope": scope,
        "value_pence": value_pence,
        "currency": currency,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "max_ends_on": max_ends_on,
        "ocid": ocid,
        "ocds_contract_id": str(contract["id"]),
        "source": f"OCDS {ocid}, contract {contract['id']} ({file})",
        "partners": suppliers[1:],
    }


def import_ocds(connection: sqlite3.Connection, path: Path | str, *, dry_run: bool = False) -> OcdsResult:
    """Add or update the package's contracts in one transaction, all or nothing; report what was done."""
    from intervene.db import write_transaction

    path = Path(path)
    if not path.is_file():
        raise InterveneError(f"{path} is not a file")
    result = OcdsResult(file=path.name, dry_run=dry_run)
    rows = read_contracts(connection, path, result)
    with write_transaction(connection, dry_run=dry_run):
        for row in rows:
            _store(connection, row, result)
    return result


def _store(connection: sqlite3.Connection, row: dict, result: OcdsResult) -> None:
    """Add the contract, or bring a later release's changes to the one already loaded; each
    written row is audited as "import", inside the import's one transaction."""
    partners = row.pop("partners")
    stored = connection.execute(
        "SELECT * FROM contracts WHERE ocid = ? AND ocds_contract_id = ?", [row["ocid"], row["ocds_contract_id"]]
    ).fetchone()
    try:
        if stored is None:
            added = records.insert_row(connection, "contracts", row, action="import")
            for partner in partners:
                records.insert_partner(connection, added["id"], (partner, None))
            result.added += 1
            return
        # Column names come from UPDATABLE, never from the file.
        changed = {column: row[column] for column in UPDATABLE if stored[column] != row[column]}
        if not changed:
            result.unchanged += 1
            return
        records.update_row(connection, "contracts", stored["id"], "import", changed)
        result.updated += 1
    except InterveneError as error:
        raise InterveneError(f"{row['source']}: {error}; nothing was imported") from None
