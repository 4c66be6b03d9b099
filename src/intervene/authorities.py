"""Turn what a user calls a council ("stoke", "E06000021", "861") into exactly one authority."""

from __future__ import annotations

import re
import sqlite3

from intervene.errors import InterveneError, quoted

AUTHORITY_COLUMNS = (
    "id",
    "slug",
    "name",
    "short_name",
    "ons_code",
    "la_code",
    "region",
    "kind",
    "created_on",
    "ceased_on",
    "succeeded_by",
    "source",
)
_SELECT = f"SELECT {', '.join(AUTHORITY_COLUMNS)} FROM authorities"
# An English council's ONS code: E06 (unitary), E07 (district), E08 (metropolitan borough),
# E09 (London borough) or E10 (county), then six ASCII digits (`\d` would take any script's),
# as in E06000021. One pattern for looking councils up and for checking a new one's (`registry`).
ONS_CODE = re.compile(r"E(?:0[6-9]|10)[0-9]{6}", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lower case, `&` as `and`, punctuation and hyphens as spaces: `St. Helens` → `st helens`."""
    text = str(text).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def slugify(text: str) -> str:
    """`Stoke-on-Trent` → `stoke-on-trent`; `Telford & Wrekin` → `telford-and-wrekin`."""
    return "-".join(normalise(text).replace("_", " ").split())


def resolve_authority(connection: sqlite3.Connection, text: str) -> dict:
    """The one authority `text` names, by slug, alias, ONS code, LA number or part of a name."""
    wanted = str(text).strip()
    if not wanted:
        raise InterveneError("no council given; name one, e.g. stoke, E06000021 or 861")
    exact = _exact_match(connection, wanted)
    if exact is not None:
        return exact
    return _fuzzy_match(connection, wanted)


def ceased_note(authority: dict) -> str | None:
    """`Bournemouth Borough Council ceased 1 Apr 2019 → Bournemouth, Christchurch and Poole`."""
    if not authority.get("ceased_on"):
        return None
    from intervene.dates import display_date

    successor = f" → {authority['succeeded_by']}" if authority.get("succeeded_by") else ""
    return f"{authority['name']} ceased {display_date(authority['ceased_on'])}{successor}"


def identity_notes(authority: dict, asked: str | None) -> list[str]:
    """What to tell someone who asked for `asked` and was given `authority`: that the code
    they gave is not the council's own (a former code, kept as an alias), and that the
    council has ceased, and who succeeded it."""
    wanted = str(asked or "").strip().upper()
    notes = []
    if ONS_CODE.fullmatch(wanted) and wanted != authority.get("ons_code"):
        notes.append(f"ONS code {wanted} now belongs to {authority['short_name']}, recorded as {authority['ons_code']}")
    ceased = ceased_note(authority)
    if ceased:
        notes.append(ceased)
    return notes


def _exact_match(connection: sqlite3.Connection, wanted: str) -> dict | None:
    lookups: list[tuple[str, str | int]] = [
        ("WHERE slug = ?", slugify(wanted)),
        ("WHERE id = (SELECT authority_id FROM aliases WHERE alias = ?)", wanted),
    ]
    if ONS_CODE.fullmatch(wanted):
        lookups.insert(0, ("WHERE ons_code = ?", wanted.upper()))
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 6:
        lookups.insert(0, ("WHERE la_code = ?", int(wanted)))
    for where, value in lookups:
        row = connection.execute(f"{_SELECT} {where}", [value]).fetchone()
        if row is not None:
            return dict(row)
    return None


def _fuzzy_match(connection: sqlite3.Connection, wanted: str) -> dict:
    key = normalise(wanted)
    names = _searchable_names(connection)
    equal = {authority_id for name, authority_id in names if name == key}
    if len(equal) == 1:
        return authority_by_id(connection, equal.pop())
    containing = {authority_id for name, authority_id in names if key and key in name}
    at_word_start = {
        authority_id for name, authority_id in names if key and (name.startswith(key) or f" {key}" in name)
    }
    candidates = at_word_start or containing
    if len(candidates) == 1:
        return authority_by_id(connection, candidates.pop())
    if candidates:
        listed = _short_names(connection, candidates)
        shown = ", ".join(listed[:12]) + (f" and {len(listed) - 12} more" if len(listed) > 12 else "")
        raise InterveneError(f"{quoted(wanted)} matches {len(listed)} councils: {shown}; give more of the name")
    raise InterveneError(_no_match_message(connection, wanted, key, names))


def _searchable_names(connection: sqlite3.Connection) -> list[tuple[str, int]]:
    rows = connection.execute(
        "SELECT id, name, short_name, slug FROM authorities"
        " UNION ALL SELECT authority_id, alias, alias, alias FROM aliases"
    )
    names = []
    for authority_id, name, short_name, slug in rows:
        for value in {name, short_name, slug}:
            names.append((normalise(value), authority_id))
    return names


def _no_match_message(connection: sqlite3.Connection, wanted: str, key: str, names: list[tuple[str, int]]) -> str:
    if ONS_CODE.fullmatch(wanted) or wanted.isdigit():
        # A code near another code says nothing of the council: no suggestions.
        return f"no council matches {quoted(wanted)}; `intervene authorities` lists them all"
    import difflib

    by_name: dict[str, int] = {}
    for name, authority_id in names:
        by_name.setdefault(name, authority_id)
    close = difflib.get_close_matches(key, list(by_name), n=8, cutoff=0.6)
    suggestions = list(dict.fromkeys(_short_names(connection, [by_name[name] for name in close], keep_order=True)))[:4]
    if suggestions:
        return f"no council matches {quoted(wanted)}; did you mean {', '.join(suggestions)}?"
    return f"no council matches {quoted(wanted)}; `intervene authorities` lists them all"


def _short_names(connection: sqlite3.Connection, ids, *, keep_order: bool = False) -> list[str]:
    ids = list(ids)
    placeholders = ", ".join("?" for _ in ids)
    rows = connection.execute(f"SELECT id, short_name FROM authorities WHERE id IN ({placeholders})", ids).fetchall()
    names = {row[0]: row[1] for row in rows}
    ordered = [names[authority_id] for authority_id in ids] if keep_order else sorted(names.values())
    return ordered


def authority_by_id(connection: sqlite3.Connection, authority_id: int) -> dict:
    row = connection.execute(f"{_SELECT} WHERE id = ?", [authority_id]).fetchone()
    if row is None:
        raise InterveneError(f"no council has id {authority_id}")
    return dict(row)


def exact_lookup(connection: sqlite3.Connection) -> tuple[dict[str, int], dict[str, int]]:
    """For bulk matching: ONS code → id, and normalised name or alias → id.

    Only exact matches: a loader lists what these do not find rather than
    guessing. A name two councils share is left out; old ONS codes kept as
    aliases count as codes.
    """
    by_code: dict[str, int] = {}
    for authority_id, code in connection.execute("SELECT id, ons_code FROM authorities WHERE ons_code IS NOT NULL"):
        by_code[code.upper()] = authority_id
    names: dict[str, set[int]] = {}
    rows = connection.execute(
        "SELECT id, name FROM authorities UNION ALL SELECT id, short_name FROM authorities"
        " UNION ALL SELECT authority_id, alias FROM aliases"
    )
    for authority_id, name in rows:
        if ONS_CODE.fullmatch(name.strip()):
            by_code.setdefault(name.strip().upper(), authority_id)
        names.setdefault(normalise(name), set()).add(authority_id)
    by_name = {name: ids.pop() for name, ids in names.items() if len(ids) == 1}
    return by_code, by_name


def slugs_starting(connection: sqlite3.Connection, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
    """(slug, short name) of councils whose slug starts with `prefix`, for shell completion."""
    escaped = slugify(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = connection.execute(
        "SELECT slug, short_name FROM authorities WHERE slug LIKE ? ESCAPE '\\' ORDER BY slug LIMIT ?",
        [escaped + "%", limit],
    )
    return [(slug, short_name) for slug, short_name in rows]
