"""Step 10, `full_text_search`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# One row a fact. Its rowid is the fact's `key`: its id times 8, plus 1 for a council, 2 a rating,
# 3 an intervention, 4 a contract, 5 an event, so that a trigger finds it by key. `who` holds
# names (councils and their aliases, providers and partners, issuers, commissioners), `what`
# what happened or was required, `sources` where it was published; each fact's council and
# date are kept beside them, unindexed, for the filters. The porter stemmer finds "trusts" for
# "trust"; accents are ignored.
_INDEX = """CREATE VIRTUAL TABLE search_index USING fts5(
    who, what, sources, authority_id UNINDEXED, dated_on UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
)"""

# Each kind of fact as the index holds it, defined once: the triggers and the first filling
# read these, by id.
_VIEWS = (
    """CREATE VIEW searched_councils AS
    SELECT a.id, a.id * 8 + 1 AS key,
        a.name || char(10) || a.short_name
            || coalesce(char(10) || (SELECT group_concat(alias, char(10)) FROM aliases WHERE authority_id = a.id), '')
            AS who,
        a.succeeded_by AS what, NULL AS sources, a.id AS authority_id, a.created_on AS dated_on
    FROM authorities a""",
    """CREATE VIEW searched_ratings AS
    SELECT r.id, r.id * 8 + 2 AS key, NULL AS who, r.notes AS what, r.source AS sources, r.authority_id,
        r.dated_on
    FROM ratings r""",
    """CREATE VIEW searched_interventions AS
    SELECT i.id, i.id * 8 + 3 AS key,
        coalesce(i.issued_by, '') || char(10) || coalesce(i.commissioner, '') AS who,
        coalesce(i.name_at_time, '') || char(10) || coalesce(i.summary, '') || char(10)
            || coalesce(i.legal_basis, '') || char(10) || coalesce(i.notes, '') AS what,
        coalesce(i.source, '') || char(10) || coalesce(i.end_source, '') || char(10)
            || coalesce(i.last_confirmed_source, '') AS sources,
        i.authority_id, i.issued_on AS dated_on
    FROM interventions i""",
    """CREATE VIEW searched_contracts AS
    SELECT c.id, c.id * 8 + 4 AS key,
        c.provider || coalesce(char(10) || (
            SELECT group_concat(partner || coalesce(' (' || role || ')', ''), char(10))
            FROM contract_partners WHERE contract_id = c.id), '') AS who,
        coalesce(c.scope, '') || char(10) || coalesce(c.notes, '') AS what,
        coalesce(c.source, '') || coalesce(char(10) || (
            SELECT group_concat(source, char(10)) FROM contract_partners WHERE contract_id = c.id), '') AS sources,
        c.authority_id, c.starts_on AS dated_on
    FROM contracts c""",
    """CREATE VIEW searched_events AS
    SELECT e.id, e.id * 8 + 5 AS key, NULL AS who, e.summary || coalesce(char(10) || e.notes, '') AS what,
        e.source AS sources, e.authority_id, e.happened_on AS dated_on
    FROM events e""",
)

# Every insert, update and delete of a fact (or of a council's alias, a contract's partner)
# puts its row of the index right: any UPDATE, whichever columns it sets.
_TRIGGERS = (
    """CREATE TRIGGER authorities_search_insert AFTER INSERT ON authorities BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_councils WHERE id = new.id;
END""",
    """CREATE TRIGGER authorities_search_update AFTER UPDATE ON authorities BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 1, new.id * 8 + 1);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_councils WHERE id = new.id;
END""",
    """CREATE TRIGGER authorities_search_delete AFTER DELETE ON authorities BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
END""",
    """CREATE TRIGGER aliases_search_insert AFTER INSERT ON aliases BEGIN
    DELETE FROM search_index WHERE rowid = new.authority_id * 8 + 1;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_councils WHERE id = new.authority_id;
END""",
    """CREATE TRIGGER aliases_search_update AFTER UPDATE ON aliases BEGIN
    DELETE FROM search_index WHERE rowid IN (old.authority_id * 8 + 1, new.authority_id * 8 + 1);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_councils
        WHERE id IN (old.authority_id, new.authority_id);
END""",
    """CREATE TRIGGER aliases_search_delete AFTER DELETE ON aliases BEGIN
    DELETE FROM search_index WHERE rowid = old.authority_id * 8 + 1;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_councils WHERE id = old.authority_id;
END""",
    """CREATE TRIGGER ratings_search_insert AFTER INSERT ON ratings BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_ratings WHERE id = new.id;
END""",
    """CREATE TRIGGER ratings_search_update AFTER UPDATE ON ratings BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 2, new.id * 8 + 2);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_ratings WHERE id = new.id;
END""",
    """CREATE TRIGGER ratings_search_delete AFTER DELETE ON ratings BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
END""",
    """CREATE TRIGGER interventions_search_insert AFTER INSERT ON interventions BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_interventions WHERE id = new.id;
END""",
    """CREATE TRIGGER interventions_search_update AFTER UPDATE ON interventions BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 3, new.id * 8 + 3);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_interventions WHERE id = new.id;
END""",
    """CREATE TRIGGER interventions_search_delete AFTER DELETE ON interventions BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
END""",
    """CREATE TRIGGER contracts_search_insert AFTER INSERT ON contracts BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_contracts WHERE id = new.id;
END""",
    """CREATE TRIGGER contracts_search_update AFTER UPDATE ON contracts BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 4, new.id * 8 + 4);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_contracts WHERE id = new.id;
END""",
    """CREATE TRIGGER contracts_search_delete AFTER DELETE ON contracts BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
END""",
    """CREATE TRIGGER contract_partners_search_insert AFTER INSERT ON contract_partners BEGIN
    DELETE FROM search_index WHERE rowid = new.contract_id * 8 + 4;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_contracts WHERE id = new.contract_id;
END""",
    """CREATE TRIGGER contract_partners_search_update AFTER UPDATE ON contract_partners BEGIN
    DELETE FROM search_index WHERE rowid IN (old.contract_id * 8 + 4, new.contract_id * 8 + 4);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_contracts
        WHERE id IN (old.contract_id, new.contract_id);
END""",
    """CREATE TRIGGER contract_partners_search_delete AFTER DELETE ON contract_partners BEGIN
    DELETE FROM search_index WHERE rowid = old.contract_id * 8 + 4;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_contracts WHERE id = old.contract_id;
END""",
    """CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_events WHERE id = new.id;
END""",
    """CREATE TRIGGER events_search_update AFTER UPDATE ON events BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 5, new.id * 8 + 5);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
        SELECT key, who, what, sources, authority_id, dated_on FROM searched_events WHERE id = new.id;
END""",
    """CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 5;
END""",
)

# The facts already recorded.
_FILL = (
    "INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)"
    " SELECT key, who, what, sources, authority_id, dated_on FROM searched_councils ORDER BY id",
    "INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)"
    " SELECT key, who, what, sources, authority_id, dated_on FROM searched_ratings ORDER BY id",
    "INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)"
    " SELECT key, who, what, sources, authority_id, dated_on FROM searched_interventions ORDER BY id",
    "INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)"
    " SELECT key, who, what, sources, authority_id, dated_on FROM searched_contracts ORDER BY id",
    "INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)"
    " SELECT key, who, what, sources, authority_id, dated_on FROM searched_events ORDER BY id",
)


def full_text_search(db: Database) -> None:
    """`intervene search` finds facts by their words: the names of councils and their aliases,
    providers, partners, issuers and commissioners; what ratings, interventions, contracts and
    events say; their sources. An FTS5 index holds a row a fact, kept in step by triggers on
    every table it reads (an alias or a partner changes its council's or contract's row), and
    is filled here from what is already recorded."""
    for statement in (_INDEX, *_VIEWS, *_TRIGGERS, *_FILL):
        db.execute(statement)
