"""Contracts from Open Contracting Data Standard (OCDS 1.1) release or record packages.

The buyer is matched to a council (by an ONS code in its identifier, else by
exact name or alias); the award's first supplier is the provider and any others
its partners; `contracts[].period` gives the start, end and latest extended
end, `value` the amount, and `title` and `description` the scope. A contract is
known by its OCID and contract id, so loading the same package again adds nothing.

Releases are often partial, and are merged as OCDS compiles them: a later release
(in the same file, after it, or in another file) changes only the fields it gives;
one it leaves out keeps its recorded value, and one it gives as `null` is removed.
Each change is audited, and the contract's source names every file that brought
it something, each once.

Every value read is checked for its type, size and range before anything is written. A
release (or record) whose structure is wrong where the importer reads it, and a contract
whose own values are wrong, is skipped and reported by its place in the file and its
identifiers; the rest goes in, in one transaction. A later release that contradicts an
early end recorded for its contract (starting after it, or planned to end before it) is
reported as a conflict and the contract kept as recorded. A file that is not JSON, or not
a package, is refused whole.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from intervene import records
from intervene.authorities import exact_lookup, normalise
from intervene.dates import display_date, not_before, parse_date
from intervene.errors import InterveneError, quoted
from intervene.money import MAX_PENCE

UPDATABLE = ("provider", "scope", "value_pence", "currency", "starts_on", "ends_on", "max_ends_on")

# The most characters read from one text value (a name, a title): the Ofsted importer's cell limit.
MAX_TEXT = 131_072
# An OCID or other identifier is short; one longer than this is not an identifier.
MAX_IDENTIFIER = 1_000


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
    conflicts: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# Reading JSON values by what the standard says they are: the name of what was found instead.
def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "an array" if isinstance(value, list) else "an object"


def _object(value: object, what: str, *, required: bool = False) -> dict:
    """An object; absent (or null) is an empty one, unless it is an item of an array."""
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise InterveneError(f"{what} is {_kind(value)}, not an object")
    return value


def _objects(value: object, what: str) -> list[dict]:
    """An array of objects; absent (or null) is an empty one."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InterveneError(f"{what} is {_kind(value)}, not an array")
    return [_object(item, f"{what}[{index}]", required=True) for index, item in enumerate(value)]


def _text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InterveneError(f"{what} is {_kind(value)}, not text")
    if len(value) > MAX_TEXT:
        raise InterveneError(f"{what} is {len(value):,} characters long; at most {MAX_TEXT:,} are read")
    return _unicode(value, what)


def _unicode(text: str, what: str) -> str:
    """Text that can be stored and shown: JSON can escape half a surrogate pair, which is not."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InterveneError(f"{what} {quoted(text)} is not valid Unicode text") from None
    return text


def _identifier(value: object, what: str) -> str | None:
    """An identifier (OCDS allows text or a whole number) as text; absent, null or empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InterveneError(f"{what} is {_kind(value)}, not an identifier (text or a whole number)")
    text = str(value)
    if len(text) > MAX_IDENTIFIER:
        raise InterveneError(f"{what} is {len(text):,} characters long; an identifier is at most {MAX_IDENTIFIER:,}")
    return _unicode(text, what)


def _document(path: Path) -> dict:
    """The package as JSON; a file that is not JSON, or nested deeper than any package, is refused."""
    try:
        # From bytes, json finds UTF-8 (with or without a byte order mark), UTF-16 or UTF-32 itself.
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise InterveneError(f"cannot read {path.name}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InterveneError(f"{path.name} is not JSON: {' '.join(str(error).split())}") from None
    except RecursionError:
        raise InterveneError(f"{path.name} is nested too deeply to be an OCDS package") from None
    except ValueError:  # the one other: an integer of more digits than Python converts
        raise InterveneError(f"{path.name} holds a number too long to read") from None
    if not isinstance(document, dict):
        raise InterveneError(f"{path.name} is not an OCDS package (its top level is not an object)")
    return document


def _entries(document: dict, name: str) -> tuple[str, list]:
    """Whether the package holds releases or records, and the array of them."""
    for key in ("releases", "records"):
        if key in document:
            if not isinstance(document[key], list):
                found = _kind(document[key])
                raise InterveneError(f"{name} is not an OCDS package: its '{key}' is {found}, not an array")
            return key[:-1], document[key]
    raise InterveneError(f"{name} is neither an OCDS release package nor a record package (no 'releases' or 'records')")


def _record_release(record: object) -> dict:
    """A record's compiled release, else its newest embedded release (one with an OCID)."""
    record = _object(record, "the record", required=True)
    if record.get("compiledRelease") is not None:
        return _object(record["compiledRelease"], "compiledRelease")
    embedded = [
        (_text(release.get("date"), f"releases[{index}].date") or "", release)
        for index, release in enumerate(_objects(record.get("releases"), "releases"))
        if "ocid" in release
    ]
    if not embedded:
        raise InterveneError("no compiledRelease, and no embedded release with an OCID")
    return max(embedded, key=lambda pair: pair[0])[1]


_OCDS_DATE = re.compile(
    r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)


def _day(value: object, what: str) -> str | None:
    """The date part of an OCDS date-time, as written (the standard gives RFC 3339 date-times)."""
    text = _text(value, what)
    if not text:
        return None
    match = _OCDS_DATE.fullmatch(text.strip())
    if not match:
        raise InterveneError(f"{what} {quoted(text)} is not a date; OCDS gives dates as 2026-04-01T00:00:00Z")
    try:
        return parse_date(match.group(1), datetime.now(UTC).date())
    except InterveneError as error:
        raise InterveneError(f"{what}: {error}") from None


_AMOUNT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _value(contract: dict) -> dict:
    """`value_pence` and `currency` as far as the release gives them: an absent field leaves the
    recorded value, a null one removes it (a removed currency is GBP, the default)."""
    if "value" not in contract:
        return {}
    if contract["value"] is None:
        return {"value_pence": None}
    value = _object(contract["value"], "value")
    given: dict = {}
    if "currency" in value:
        currency = _text(value["currency"], "value.currency") or "GBP"
        if not re.fullmatch(r"[A-Za-z]{3}", currency, re.ASCII):
            raise InterveneError(f"value.currency {quoted(currency)} is not an ISO 4217 currency code")
        given["currency"] = currency.upper()
    if "amount" in value:
        given["value_pence"] = _pence(value["amount"])
    return given


def _pence(amount: object) -> int | None:
    """An amount in minor units; null or empty is none."""
    if amount is None or amount == "":
        return None
    shown = quoted(amount) if isinstance(amount, str) else str(amount)
    if isinstance(amount, bool) or not isinstance(amount, int | float | str) or not _AMOUNT.fullmatch(str(amount)):
        raise InterveneError(f"value.amount {shown} is not a number")
    try:
        pounds = Decimal(str(amount))
    except InvalidOperation:
        raise InterveneError(f"value.amount {shown} is not a number") from None
    # Compared exactly, whatever the exponent: the bounds before any arithmetic.
    if pounds < 0:
        raise InterveneError(f"value.amount {shown} is negative")
    if pounds * 100 > MAX_PENCE:
        raise InterveneError(f"value.amount {shown} is more than £10 trillion, beyond any contract")
    whole = pounds.quantize(Decimal("0.01"))
    if whole != pounds:
        raise InterveneError(f"value.amount {shown} is not a whole number of pence")
    return int(whole * 100)


class _Release:
    """What the importer reads of one release, every value checked for its type."""

    def __init__(self, release: dict):
        self.ocid = _identifier(release.get("ocid"), "ocid")
        self.parties = _objects(release.get("parties"), "parties")
        for index, party in enumerate(self.parties):
            where = f"parties[{index}]"
            _identifier(party.get("id"), f"{where}.id")
            _text(party.get("name"), f"{where}.name")
            roles = party.get("roles")
            if roles is not None and not isinstance(roles, list):
                raise InterveneError(f"{where}.roles is {_kind(roles)}, not an array")
            _identifier(_object(party.get("identifier"), f"{where}.identifier").get("id"), f"{where}.identifier.id")
            others = _objects(party.get("additionalIdentifiers"), f"{where}.additionalIdentifiers")
            for number, identifier in enumerate(others):
                _identifier(identifier.get("id"), f"{where}.additionalIdentifiers[{number}].id")
        self.buyer = _object(release.get("buyer"), "buyer")
        _identifier(self.buyer.get("id"), "buyer.id")
        _text(self.buyer.get("name"), "buyer.name")
        self.awards = _objects(release.get("awards"), "awards")
        for index, award in enumerate(self.awards):
            _identifier(award.get("id"), f"awards[{index}].id")
            for number, supplier in enumerate(_objects(award.get("suppliers"), f"awards[{index}].suppliers")):
                _text(supplier.get("name"), f"awards[{index}].suppliers[{number}].name")
        contracts = release.get("contracts")
        if contracts is not None and not isinstance(contracts, list):
            raise InterveneError(f"contracts is {_kind(contracts)}, not an array")
        self.contracts: list = contracts or []

    def buyer_of(self, by_code: dict, by_name: dict) -> tuple[int | None, str]:
        """The council that bought: by an ONS code among its party's identifiers, else by name."""
        buyer = self.buyer
        if buyer:
            # The buyer names its party by id; that party holds the identifiers.
            buyer_id = _identifier(buyer.get("id"), "buyer.id")
            party = next(
                (p for p in self.parties if buyer_id is not None and _identifier(p.get("id"), "id") == buyer_id), {}
            )
        else:
            party = buyer = next((p for p in self.parties if "buyer" in (p.get("roles") or [])), {})
        name = buyer.get("name") or party.get("name") or ""
        identifiers = [party.get("identifier") or {}, *(party.get("additionalIdentifiers") or [])]
        for identifier in identifiers:
            code = (_identifier(identifier.get("id"), "id") or "").upper()
            if code in by_code:
                return by_code[code], name
        return by_name.get(normalise(name)), name

    def suppliers(self, award_id: str | None) -> list[str]:
        """The names of the suppliers of the contract's award (the only award, where it names none)."""
        award = next(
            (a for a in self.awards if _identifier(a.get("id"), "id") == award_id),
            self.awards[0] if len(self.awards) == 1 else {},
        )
        names = (supplier.get("name") or "" for supplier in award.get("suppliers") or [])
        return [name.strip() for name in names if name.strip()]


def read_contracts(connection: sqlite3.Connection, path: Path, result: OcdsResult) -> list[dict]:
    """Every well-formed contract in the package as a row for `contracts`, with its partners;
    what is not well formed is reported in `result` and left out."""
    document = _document(path)
    kind, entries = _entries(document, path.name)
    by_code, by_name = exact_lookup(connection)
    rows = []
    for number, entry in enumerate(entries, start=1):
        result.releases += 1
        place = f"{kind} {number}"
        try:
            release = _Release(_record_release(entry) if kind == "record" else _object(entry, "it", required=True))
        except InterveneError as error:
            ocid = _usable_ocid(entry)
            named = f"{place} ({ocid})" if ocid else place
            result.problems.append({"ocid": ocid, "contract": None, "reason": f"{named}: {error}"})
            continue
        authority_id, buyer_name = release.buyer_of(by_code, by_name)
        for index, contract in enumerate(release.contracts, start=1):
            result.contracts_seen += 1
            contract_id, where = None, f"{release.ocid or place} contract #{index}"
            try:
                contract = _object(contract, "the contract", required=True)
                contract_id = _identifier(contract.get("id"), "id")
                if contract_id is not None:
                    where = f"{release.ocid or place} contract {contract_id}"
                if authority_id is None:
                    result.unmatched.append({"ocid": release.ocid, "contract": contract_id, "buyer": buyer_name})
                    continue
                if not release.ocid or contract_id is None:
                    raise InterveneError("an OCID and a contract id are needed to know the contract again")
                rows.append(_contract_row(release, contract, authority_id, release.ocid, contract_id, path.name))
            except InterveneError as error:
                result.problems.append({"ocid": release.ocid, "contract": contract_id, "reason": f"{where}: {error}"})
    return rows


def _usable_ocid(entry: object) -> str | None:
    """The OCID of a release or record that could not be read, to name it by, if it has a good one."""
    try:
        return _identifier(entry.get("ocid"), "ocid") if isinstance(entry, dict) else None
    except InterveneError:
        return None


def _contract_row(release: _Release, contract: dict, authority_id: int, ocid: str, contract_id: str, file: str) -> dict:
    """What the release says of the contract: only the fields it gives (a null among them),
    so that a partial release changes only what it names."""
    suppliers = release.suppliers(_identifier(contract.get("awardID"), "awardID"))
    given = {**_dates(contract), **_value(contract)}
    if suppliers:
        given["provider"] = suppliers[0]
    return {
        "authority_id": authority_id,
        "ocid": ocid,
        "ocds_contract_id": contract_id,
        "file": file,
        "given": given,
        "scope_parts": {key: _text(contract[key], key) for key in ("title", "description") if key in contract},
        "partners": suppliers[1:],
    }


def _dates(contract: dict) -> dict:
    """`starts_on`, `ends_on` and `max_ends_on` as far as `period` gives them (a null period
    removes all three); the day signed stands for a start the period does not give."""
    given = {}
    if "period" in contract:
        period = contract["period"]
        period = dict.fromkeys(_PERIOD) if period is None else _object(period, "period")
        for key, column in _PERIOD.items():
            if key in period:
                given[column] = _day(period[key], f"period.{key}")
    if not given.get("starts_on") and contract.get("dateSigned") is not None:
        signed = _day(contract["dateSigned"], "dateSigned")
        if signed:
            given["starts_on"] = signed
    return given


_PERIOD = {"startDate": "starts_on", "endDate": "ends_on", "maxExtentDate": "max_ends_on"}
# A contract's scope is its title and description, joined by this.
_SCOPE_JOIN = " — "


def _scope(recorded: str | None, parts: dict) -> str | None:
    """The scope once the release's title or description (or both) replace the recorded ones."""
    title, _, description = (recorded or "").partition(_SCOPE_JOIN)
    title = parts.get("title", title)
    description = parts.get("description", description)
    return _SCOPE_JOIN.join(part for part in (title, description) if part) or None


def _source(recorded: str | None, ocid: str, contract_id: str, file: str) -> str:
    """The contract's source naming every file that brought it something, each once."""
    head = f"OCDS {ocid}, contract {contract_id} ("
    if not recorded:
        return f"{head}{file})"
    if recorded.startswith(head) and recorded.endswith(")"):
        files = recorded[len(head) : -1].split("; ")
        return recorded if file in files else f"{head}{'; '.join([*files, file])})"
    # A source written by hand: the file is added after it.
    return recorded if f"{head}{file})" in recorded else f"{recorded}; {head}{file})"


def _out_of_order(values: dict) -> str | None:
    """How the contract's dates, as they would stand, are out of order, if they are."""
    starts_on, ends_on, max_ends_on = values["starts_on"], values["ends_on"], values["max_ends_on"]
    if ends_on and not not_before(ends_on, starts_on):
        return f"ends {display_date(ends_on)} before it starts {display_date(starts_on)}"
    if max_ends_on and ends_on and not not_before(max_ends_on, ends_on):
        return f"maxExtentDate {display_date(max_ends_on)} is before endDate {display_date(ends_on)}"
    return None


def import_ocds(connection: sqlite3.Connection, path: Path | str, *, dry_run: bool = False) -> OcdsResult:
    """Add or update the package's well-formed contracts in one transaction; report what was
    done, and what was skipped or kept as recorded, and why."""
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


def _early_end_conflict(stored: sqlite3.Row, changed: dict) -> str | None:
    """How the file's new dates contradict the early end recorded for the contract, if they do."""
    ended_on = stored["ended_on"]
    if not ended_on:
        return None
    if "starts_on" in changed and not not_before(ended_on, changed["starts_on"]):
        return f"starts {display_date(changed['starts_on'])}, after that"
    if changed.get("ends_on") and not not_before(changed["ends_on"], ended_on):
        return f"is planned to end {display_date(changed['ends_on'])}, before that"
    return None


def _store(connection: sqlite3.Connection, row: dict, result: OcdsResult) -> None:
    """Add the contract, or bring a later release's changes to the one already loaded; each
    written row is audited as "import", inside the import's one transaction."""
    ocid, contract_id = row["ocid"], row["ocds_contract_id"]
    stored = connection.execute(
        "SELECT * FROM contracts WHERE ocid = ? AND ocds_contract_id = ?", [ocid, contract_id]
    ).fetchone()
    try:
        problem = _add(connection, row, result) if stored is None else _update(connection, stored, row, result)
    except InterveneError as error:
        # What the file holds is checked before this: a refusal here is the database's own rule.
        said = " ".join(str(error).split())
        raise InterveneError(
            f"OCDS {ocid}, contract {contract_id} ({row['file']}): {said}; nothing was imported"
        ) from None
    if problem:
        result.problems.append(
            {"ocid": ocid, "contract": contract_id, "reason": f"{ocid} contract {contract_id}: {problem}"}
        )


def _add(connection: sqlite3.Connection, row: dict, result: OcdsResult) -> str | None:
    """Add a contract not loaded before: it needs a start and a supplier. Returns what is wrong, if anything."""
    values = {"scope": None, "value_pence": None, "currency": "GBP", "ends_on": None, "max_ends_on": None}
    values.update(row["given"], scope=_scope(None, row["scope_parts"]))
    if not values.get("starts_on"):
        return "no period.startDate"
    said = _out_of_order(values)
    if said:
        return said
    if "provider" not in values:
        return "no supplier in its award"
    values.update(
        authority_id=row["authority_id"],
        ocid=row["ocid"],
        ocds_contract_id=row["ocds_contract_id"],
        source=_source(None, row["ocid"], row["ocds_contract_id"], row["file"]),
    )
    added = records.insert_row(connection, "contracts", values, action="import")
    for partner in row["partners"]:
        records.insert_partner(connection, added["id"], (partner, None))
    result.added += 1
    return None


def _update(connection: sqlite3.Connection, stored: sqlite3.Row, row: dict, result: OcdsResult) -> str | None:
    """Bring what the release gives to the contract as recorded: a field it leaves out stays,
    one it gives as null is removed. Returns what is wrong, if anything."""
    values = {column: stored[column] for column in UPDATABLE}
    values.update(row["given"])
    if row["scope_parts"]:
        values["scope"] = _scope(stored["scope"], row["scope_parts"])
    if not values["starts_on"]:
        return "the release removes period.startDate, and a contract needs its start"
    said = _out_of_order(values)
    if said:
        return said
    # Column names come from UPDATABLE, never from the file.
    changed = {column: values[column] for column in UPDATABLE if stored[column] != values[column]}
    if not changed:
        result.unchanged += 1
        return None
    said = _early_end_conflict(stored, changed)
    if said:
        result.conflicts.append(
            {
                "ocid": row["ocid"],
                "contract": row["ocds_contract_id"],
                "id": stored["id"],
                "recorded_ended_on": stored["ended_on"],
                "recorded_starts_on": stored["starts_on"],
                "recorded_ends_on": stored["ends_on"],
                "starts_on": values["starts_on"],
                "ends_on": values["ends_on"],
                "in_file": said,
            }
        )
        return None
    source = _source(stored["source"], row["ocid"], row["ocds_contract_id"], row["file"])
    if source != stored["source"]:
        changed["source"] = source
    records.update_row(connection, "contracts", stored["id"], "import", changed)
    result.updated += 1
    return None
