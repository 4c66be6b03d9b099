"""Full-text search over every fact's words, through the FTS5 index that step 10 keeps.

What a user types is read as plain words, never as FTS5's own query language: each word is
quoted, so `children's`, `AND` or a stray bracket mean themselves and a search can never be
a syntax error. Words in double quotes are a phrase; a word ending in `*` is a prefix. Each
word is matched stemmed (porter: "trust" finds "trusts"), accents ignored; every word must
be found. Results come best first (bm25), names weighing most and sources least.
"""

from __future__ import annotations

import sqlite3

from intervene.errors import InterveneError, quoted
from intervene.reports.runner import fetch_rows
from intervene.sqldates import not_before

# How the index's rowid says which kind of fact a row is (see migrations/m010_full_text_search).
KINDS = {1: "council", 2: "rating", 3: "intervention", 4: "contract", 5: "event"}
KEY_STEP = 8
# The indexed columns, in the order a snippet is taken from (names first, sources last), and
# their bm25 weights.
COLUMNS = ("who", "what", "sources")
WEIGHTS = "4.0, 1.0, 0.5"
# The match in a snippet is marked «so»; text around it is cut at about this many words.
MARK_START, MARK_END, SNIPPET_WORDS = "«", "»", 12
DEFAULT_LIMIT = 20

_KIND = "CASE search_index.rowid % 8 " + " ".join(f"WHEN {code} THEN '{kind}'" for code, kind in KINDS.items()) + " END"
# A snippet from each column: the first that holds the match is shown.
_SNIPPETS = ", ".join(
    f"snippet(search_index, {column}, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}) AS in_{name}"
    for column, name in enumerate(COLUMNS)
)
SEARCH = f"""
    SELECT {_KIND} AS kind, search_index.rowid / {KEY_STEP} AS id, a.short_name AS council,
           search_index.dated_on AS date,
           {_SNIPPETS}
    FROM search_index JOIN authorities a ON a.id = search_index.authority_id
    WHERE search_index MATCH :match
      AND (:authority IS NULL OR search_index.authority_id = :authority)
      AND (:since IS NULL OR (search_index.dated_on IS NOT NULL AND {not_before("search_index.dated_on", ":since")}))
    ORDER BY bm25(search_index, {WEIGHTS}), search_index.rowid
    LIMIT :limit
"""


def match_expression(text: str) -> str:
    """What the user typed as an FTS5 query of quoted words and phrases, all required.

    An unclosed double quote, or nothing that is a word, is an InterveneError saying so."""
    if text.count('"') % 2:
        raise InterveneError(
            f"{quoted(text)} has a double quote that is not closed; quote a phrase at both ends, "
            'or leave the quotes out: search "Eleanor Brazil" finds both words anywhere'
        )
    terms = []
    for number, part in enumerate(text.split('"')):
        if number % 2:  # inside quotes: one phrase
            if any(character.isalnum() for character in part):
                terms.append('"' + part + '"')
            continue
        for word in part.split():
            prefix = word.endswith("*")
            word = word.rstrip("*")
            if any(character.isalnum() for character in word):
                terms.append('"' + word + '"' + ("*" if prefix else ""))
    if not terms:
        raise InterveneError(f"{quoted(text)} has no words to search for; give a name or a word, such as serco")
    return " ".join(terms)


def tidy_snippet(snippet: str | None) -> str:
    """A snippet on one line: the fields it spans (names, summary and notes…) joined by ' · '."""
    joined = " · ".join(part.strip() for part in (snippet or "").split("\n") if part.strip())
    # Words matched side by side are one mark: «Eleanor Brazil», not «Eleanor» «Brazil».
    return joined.replace(f"{MARK_END} {MARK_START}", " ")


def search(
    connection: sqlite3.Connection,
    text: str,
    *,
    authority_id: int | None = None,
    since: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[dict]:
    """The facts whose words match `text`, best first: kind, id, council, date and a snippet
    with the match marked. `since` (an ISO date, maybe partial) keeps facts dated on or after
    it, compared at the coarser precision; councils with no date of creation are left out then."""
    parameters = {"match": match_expression(text), "authority": authority_id, "since": since, "limit": limit}
    try:
        rows = fetch_rows(connection, SEARCH, parameters)
    except sqlite3.OperationalError as error:
        if "fts5" not in str(error):
            raise
        # Quoting every word should leave nothing for FTS5 to refuse; if it does, say so in one line.
        raise InterveneError(f"cannot search for {quoted(text)}: {error}") from None
    for row in rows:
        snippets = [row.pop(f"in_{name}") for name in COLUMNS]
        row["snippet"] = tidy_snippet(next((text for text in snippets if text and MARK_START in text), snippets[0]))
    return rows
