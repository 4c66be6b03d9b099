"""Step 10, `full_text_search`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# One row a fact. Its rowid is the fact's id times 8, plus 1 for a council, 2 a rating, 3 an
# intervention, 4 a contract, 5 an event, so that a trigger finds it by key. `who` holds names
# (councils and their aliases, providers and partners, issuers, commissioners), `what` what
# happened or was required, `sources` where it was published; each fact's council and date are
# kept beside them, unindexed, for the filters. The porter stemmer finds "trusts" for "trust";
# accents are ignored.
_INDEX = """CREATE VIRTUAL TABLE search_index USING fts5(
    who, what, sources, authority_id UNINDEXED, dated_on UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
)"""

# Every insert, update and delete of a fact (or of a council's alias, a contract's partner)
# writes its row of the index afresh from the fact, whichever columns an UPDATE sets. Each
# kind's row is written out in each trigger that makes it: a view would say it once, but with
# a view in the schema SQLite's integrity check stops at the first damaged page instead of
# listing the damage, which `intervene check` reports.
_TRIGGERS = (
    """CREATE TRIGGER authorities_search_insert AFTER INSERT ON authorities BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT a.id * 8 + 1,
            a.name || char(10) || a.short_name
                || coalesce(char(10) || (SELECT group_concat(alias, char(10)) FROM aliases WHERE authority_id = a.id), ''),
            a.succeeded_by, NULL, a.id, a.created_on
        FROM authorities a
    WHERE a.id = new.id;
END""",
    """CREATE TRIGGER authorities_search_update AFTER UPDATE ON authorities BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 1, new.id * 8 + 1);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT a.id * 8 + 1,
            a.name || char(10) || a.short_name
                || coalesce(char(10) || (SELECT group_concat(alias, char(10)) FROM aliases WHERE authority_id = a.id), ''),
            a.succeeded_by, NULL, a.id, a.created_on
        FROM authorities a
    WHERE a.id = new.id;
END""",
    """CREATE TRIGGER authorities_search_delete AFTER DELETE ON authorities BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
END""",
    """CREATE TRIGGER aliases_search_insert AFTER INSERT ON aliases BEGIN
    DELETE FROM search_index WHERE rowid = new.authority_id * 8 + 1;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT a.id * 8 + 1,
            a.name || char(10) || a.short_name
                || coalesce(char(10) || (SELECT group_concat(alias, char(10)) FROM aliases WHERE authority_id = a.id), ''),
            a.succeeded_by, NULL, a.id, a.created_on
        FROM authorities a
    WHERE a.id = new.authority_id;
END""",
    """CREATE TRIGGER aliases_search_update AFTER UPDATE ON aliases BEGIN
    DELETE FROM search_index WHERE rowid IN (old.authority_id * 8 + 1, new.authority_id * 8 + 1);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT a.id * 8 + 1,
            a.name || char(10) || a.short_name
                || coalesce(char(10) || (SELECT group_concat(alias, char(10)) FROM aliases WHERE authority_id = a.id), ''),
            a.succeeded_by, NULL, a.id, a.created_on
        FROM authorities a
    WHERE a.id IN (old.authority_id, new.authority_id);
END""",
    """CREATE TRIGGER aliases_search_delete AFTER DELETE ON aliases BEGIN
    DELETE FROM search_index WHERE rowid = old.authority_id * 8 + 1;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT a.id * 8 + 1,
            a.name || char(10) || a.short_name
                || coalesce(char(10) || (SELECT group_concat(alias, char(10)) FROM aliases WHERE authority_id = a.id), ''),
            a.succeeded_by, NULL, a.id, a.created_on
        FROM authorities a
    WHERE a.id = old.authority_id;
END""",
    """CREATE TRIGGER ratings_search_insert AFTER INSERT ON ratings BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT r.id * 8 + 2, NULL, r.notes, r.source, r.authority_id, r.dated_on
        FROM ratings r
    WHERE r.id = new.id;
END""",
    """CREATE TRIGGER ratings_search_update AFTER UPDATE ON ratings BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 2, new.id * 8 + 2);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT r.id * 8 + 2, NULL, r.notes, r.source, r.authority_id, r.dated_on
        FROM ratings r
    WHERE r.id = new.id;
END""",
    """CREATE TRIGGER ratings_search_delete AFTER DELETE ON ratings BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
END""",
    """CREATE TRIGGER interventions_search_insert AFTER INSERT ON interventions BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT i.id * 8 + 3,
            coalesce(i.issued_by, '') || char(10) || coalesce(i.commissioner, ''),
            coalesce(i.name_at_time, '') || char(10) || coalesce(i.summary, '') || char(10)
                || coalesce(i.legal_basis, '') || char(10) || coalesce(i.notes, ''),
            coalesce(i.source, '') || char(10) || coalesce(i.end_source, '') || char(10)
                || coalesce(i.last_confirmed_source, ''),
            i.authority_id, i.issued_on
        FROM interventions i
    WHERE i.id = new.id;
END""",
    """CREATE TRIGGER interventions_search_update AFTER UPDATE ON interventions BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 3, new.id * 8 + 3);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT i.id * 8 + 3,
            coalesce(i.issued_by, '') || char(10) || coalesce(i.commissioner, ''),
            coalesce(i.name_at_time, '') || char(10) || coalesce(i.summary, '') || char(10)
                || coalesce(i.legal_basis, '') || char(10) || coalesce(i.notes, ''),
            coalesce(i.source, '') || char(10) || coalesce(i.end_source, '') || char(10)
                || coalesce(i.last_confirmed_source, ''),
            i.authority_id, i.issued_on
        FROM interventions i
    WHERE i.id = new.id;
END""",
    """CREATE TRIGGER interventions_search_delete AFTER DELETE ON interventions BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
END""",
    """CREATE TRIGGER contracts_search_insert AFTER INSERT ON contracts BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT c.id * 8 + 4,
            c.provider || coalesce(char(10) || (
                SELECT group_concat(partner || coalesce(' (' || role || ')', ''), char(10))
                FROM contract_partners WHERE contract_id = c.id), ''),
            coalesce(c.scope, '') || char(10) || coalesce(c.notes, ''),
            coalesce(c.source, '') || coalesce(char(10) || (
                SELECT group_concat(source, char(10)) FROM contract_partners WHERE contract_id = c.id), ''),
            c.authority_id, c.starts_on
        FROM contracts c
    WHERE c.id = new.id;
END""",
    """CREATE TRIGGER contracts_search_update AFTER UPDATE ON contracts BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 4, new.id * 8 + 4);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT c.id * 8 + 4,
            c.provider || coalesce(char(10) || (
                SELECT group_concat(partner || coalesce(' (' || role || ')', ''), char(10))
                FROM contract_partners WHERE contract_id = c.id), ''),
            coalesce(c.scope, '') || char(10) || coalesce(c.notes, ''),
            coalesce(c.source, '') || coalesce(char(10) || (
                SELECT group_concat(source, char(10)) FROM contract_partners WHERE contract_id = c.id), ''),
            c.authority_id, c.starts_on
        FROM contracts c
    WHERE c.id = new.id;
END""",
    """CREATE TRIGGER contracts_search_delete AFTER DELETE ON contracts BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
END""",
    """CREATE TRIGGER contract_partners_search_insert AFTER INSERT ON contract_partners BEGIN
    DELETE FROM search_index WHERE rowid = new.contract_id * 8 + 4;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT c.id * 8 + 4,
            c.provider || coalesce(char(10) || (
                SELECT group_concat(partner || coalesce(' (' || role || ')', ''), char(10))
                FROM contract_partners WHERE contract_id = c.id), ''),
            coalesce(c.scope, '') || char(10) || coalesce(c.notes, ''),
            coalesce(c.source, '') || coalesce(char(10) || (
                SELECT group_concat(source, char(10)) FROM contract_partners WHERE contract_id = c.id), ''),
            c.authority_id, c.starts_on
        FROM contracts c
    WHERE c.id = new.contract_id;
END""",
    """CREATE TRIGGER contract_partners_search_update AFTER UPDATE ON contract_partners BEGIN
    DELETE FROM search_index WHERE rowid IN (old.contract_id * 8 + 4, new.contract_id * 8 + 4);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT c.id * 8 + 4,
            c.provider || coalesce(char(10) || (
                SELECT group_concat(partner || coalesce(' (' || role || ')', ''), char(10))
                FROM contract_partners WHERE contract_id = c.id), ''),
            coalesce(c.scope, '') || char(10) || coalesce(c.notes, ''),
            coalesce(c.source, '') || coalesce(char(10) || (
                SELECT group_concat(source, char(10)) FROM contract_partners WHERE contract_id = c.id), ''),
            c.authority_id, c.starts_on
        FROM contracts c
    WHERE c.id IN (old.contract_id, new.contract_id);
END""",
    """CREATE TRIGGER contract_partners_search_delete AFTER DELETE ON contract_partners BEGIN
    DELETE FROM search_index WHERE rowid = old.contract_id * 8 + 4;
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT c.id * 8 + 4,
            c.provider || coalesce(char(10) || (
                SELECT group_concat(partner || coalesce(' (' || role || ')', ''), char(10))
                FROM contract_partners WHERE contract_id = c.id), ''),
            coalesce(c.scope, '') || char(10) || coalesce(c.notes, ''),
            coalesce(c.source, '') || coalesce(char(10) || (
                SELECT group_concat(source, char(10)) FROM contract_partners WHERE contract_id = c.id), ''),
            c.authority_id, c.starts_on
        FROM contracts c
    WHERE c.id = old.contract_id;
END""",
    """CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT e.id * 8 + 5, NULL, e.summary || coalesce(char(10) || e.notes, ''), e.source,
            e.authority_id, e.happened_on
        FROM events e
    WHERE e.id = new.id;
END""",
    """CREATE TRIGGER events_search_update AFTER UPDATE ON events BEGIN
    DELETE FROM search_index WHERE rowid IN (old.id * 8 + 5, new.id * 8 + 5);
    INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT e.id * 8 + 5, NULL, e.summary || coalesce(char(10) || e.notes, ''), e.source,
            e.authority_id, e.happened_on
        FROM events e
    WHERE e.id = new.id;
END""",
    """CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 8 + 5;
END""",
)

# The facts already recorded, each as its trigger writes it.
_FILL = (
    """INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT a.id * 8 + 1,
        a.name || char(10) || a.short_name
            || coalesce(char(10) || (SELECT group_concat(alias, char(10)) FROM aliases WHERE authority_id = a.id), ''),
        a.succeeded_by, NULL, a.id, a.created_on
    FROM authorities a
    ORDER BY a.id""",
    """INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT r.id * 8 + 2, NULL, r.notes, r.source, r.authority_id, r.dated_on
    FROM ratings r
    ORDER BY r.id""",
    """INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT i.id * 8 + 3,
        coalesce(i.issued_by, '') || char(10) || coalesce(i.commissioner, ''),
        coalesce(i.name_at_time, '') || char(10) || coalesce(i.summary, '') || char(10)
            || coalesce(i.legal_basis, '') || char(10) || coalesce(i.notes, ''),
        coalesce(i.source, '') || char(10) || coalesce(i.end_source, '') || char(10)
            || coalesce(i.last_confirmed_source, ''),
        i.authority_id, i.issued_on
    FROM interventions i
    ORDER BY i.id""",
    """INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT c.id * 8 + 4,
        c.provider || coalesce(char(10) || (
            SELECT group_concat(partner || coalesce(' (' || role || ')', ''), char(10))
            FROM contract_partners WHERE contract_id = c.id), ''),
        coalesce(c.scope, '') || char(10) || coalesce(c.notes, ''),
        coalesce(c.source, '') || coalesce(char(10) || (
            SELECT group_concat(source, char(10)) FROM contract_partners WHERE contract_id = c.id), ''),
        c.authority_id, c.starts_on
    FROM contracts c
    ORDER BY c.id""",
    """INSERT INTO search_index (rowid, who, what, sources, authority_id, dated_on)
    SELECT e.id * 8 + 5, NULL, e.summary || coalesce(char(10) || e.notes, ''), e.source,
        e.authority_id, e.happened_on
    FROM events e
    ORDER BY e.id""",
)


def full_text_search(db: Database) -> None:
    """`intervene search` finds facts by their words: the names of councils and their aliases,
    providers, partners, issuers and commissioners; what ratings, interventions, contracts and
    events say; their sources. An FTS5 index holds a row a fact, kept in step by triggers on
    every table it reads (an alias or a partner changes its council's or contract's row), and
    is filled here from what is already recorded."""
    for statement in (_INDEX, *_TRIGGERS, *_FILL):
        db.execute(statement)
