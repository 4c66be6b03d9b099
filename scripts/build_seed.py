"""Regenerate data/seed.sql from the sources named below.

    python scripts/build_seed.py [--data ../shared/data] [--out data/seed.sql]

Authorities come from `authorities.csv` (DfE children-in-need statistics 2025
and mySociety's names and codes). The dated facts are those of the seed story,
each with the publication it was read in; where a source gives only a month or
a year, only that is stored, and anything inferred says so in its notes. Every
fact goes through the same checks as `intervene add-…`, then the data tables
are written out as INSERT statements.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from intervene import records  # noqa: E402
from intervene.authorities import resolve_authority, slugify  # noqa: E402
from intervene.db import migrate  # noqa: E402
from intervene.importers.ofsted import import_ofsted  # noqa: E402
from seed_history import DEFUNCT, load_history  # noqa: E402

SEED_TABLES = ("authorities", "aliases", "ratings", "interventions", "contracts", "contract_partners", "events")

AUTHORITIES_SOURCE = (
    "authorities.csv: DfE children in need statistics 2025 (codes, names, regions); "
    "mySociety, UK local authority names and codes (official names, kinds)"
)
# Names people use that the two published names do not already cover.
EXTRA_ALIASES = {
    "Stoke-on-Trent": ("stoke",),
    "Kingston upon Hull": ("Hull",),
    "County Durham": ("Durham",),
    "Bristol": ("City of Bristol",),
    "Herefordshire": ("County of Herefordshire",),
    "St. Helens": ("St Helens",),
    # New ONS codes from April 2025; DfE and Ofsted files still use the old ones.
    "Barnsley": ("E08000038",),
    "Sheffield": ("E08000039",),
}

# Sources, as published (title, publisher, date where known, address).
APA_2006 = (
    "CYP Now, 'Analysis: Inspection results - councils respond to the challenge' "
    "https://www.cypnow.co.uk/content/news/analysis-inspection-results-councils-respond-to-the-challenge; "
    "results released 1 November 2006 (Community Care, 'Council children's services are improving', 1 November 2006)"
)
SEC_ED = (
    "SecEd, 'Children's centre advisor set to take on services at Stoke' "
    "https://uat.sec-ed.co.uk/content/news/childrens-centre-advisor-set-to-take-on-services-at-stoke"
)
CARE_APPOINTMENTS = (
    "Care Appointments, 'Council cash crisis may bring city children's services back in-house' "
    "https://careappointments.com/care-news/england/82634/council-cash-crisis-may-bring-city-childrens-services-back-in-house"
)
COMMUNITY_CARE_2008 = (
    "Community Care, 'Innovative partnership turns around children's services in Stoke', 12 March 2008 "
    "http://www.communitycare.co.uk/2008/03/12/innovative-partnership-turns-around-childrens-services-in-stoke/"
)
PITSNPOTS = "Pits n Pots, Serco articles https://pitsnpots.co.uk/tag/serco/"
BBC_2011 = "BBC News, Stoke children's services https://feeds.bbci.co.uk/news/uk-england-stoke-staffordshire-14503714"
OFSTED_2025 = (
    "Ofsted, 'Local authority inspection outcomes as at 31 March 2025' (published 25 September 2025), "
    "sheet ILACS_inspection_history"
)
DIRECTION_MAY_2019 = (
    "GOV.UK, 'Direction issued to Stoke-on-Trent City Council' "
    "https://www.gov.uk/government/publications/direction-issued-to-stoke-on-trent-city-council; LGC "
    "https://www.lgcplus.com/services/children/commissioner-appointed-over-citys-childrens-social-care-failures/7028997.article"
)
STOKE_NEWS_2019 = (
    "Stoke-on-Trent City Council news 510, 31 October 2019 "
    "https://www.stoke.gov.uk/news/article/510/city_council_will_continue_to_manage_children_s_services_while_further_review_is_carried_out"
)
LOCALGOV_2019 = (
    "LocalGov, 'Stoke-on-Trent CC given three months to improve inadequate children's services' "
    "https://www.localgov.co.uk/Stoke-on-Trent-CC-given-three-months-to-improve-inadequate-childrens-services-/48452"
)
COMMUNITY_CARE_2022 = (
    "Community Care, 22 April 2022 "
    "https://www.communitycare.co.uk/2022/04/22/ofsted-notes-improvements-at-inadequate-council-ahead-of-upcoming-reinspection/"
)
REVOCATION_2025 = (
    "DfE, independent report on children's services in Stoke-on-Trent City Council (gov.uk, via govwire) "
    "http://govwire.co.uk/news/department-for-education/independent-report-reports-on-children’s-services-in-stoke-on-trent-city-council-118223"
)
STATUTORY_DIRECTION = "s497A Education Act 1996, applied by s50 Children Act 2004"
OFSTED_FILE = Path("ofsted") / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


def short_name(dfe_name: str) -> str:
    """`Bristol, City of` → `Bristol`; other DfE names are already what people say."""
    for suffix in (", City of", ", County of"):
        if dfe_name.endswith(suffix):
            return dfe_name[: -len(suffix)]
    return dfe_name


def load_authorities(connection: sqlite3.Connection, csv_path: Path) -> None:
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            short = short_name(row["name"])
            records.add_authority(
                connection,
                name=row["official_name"],
                short_name=short,
                slug=slugify(short),
                ons_code=row["ons_code"],
                la_code=int(row["la_code"]),
                region=row["region"],
                kind=row["kind"],
                aliases=(row["name"], row["official_name"], *EXTRA_ALIASES.get(short, ())),
                source=AUTHORITIES_SOURCE,
            )


def load_defunct_authorities(connection: sqlite3.Connection) -> None:
    """Councils since abolished, kept so that their history can be told."""
    for council in DEFUNCT:
        records.add_authority(connection, slug=slugify(council["short_name"]), **council)


APA_2006_RESULTS = (
    (("Stoke-on-Trent", "Bristol"), "inadequate", "1",
     "The lowest APA grade for children's services; Stoke-on-Trent and Bristol were the only two."),
    (("Camden", "Gloucestershire", "Knowsley", "Shropshire", "Tower Hamlets", "Wandsworth", "Worcestershire"),
     "outstanding", "4", "One of seven councils rated outstanding (excellent) in every APA category in 2006."),
)


def load_apa_2006(connection: sqlite3.Connection) -> None:
    for councils, grade, number, notes in APA_2006_RESULTS:
        for council in councils:
            records.add_rating(
                connection,
                authority_id=resolve_authority(connection, council)["id"],
                framework="APA", judgement="children's services", grade=grade, framework_grade=number,
                published_on="2006-11-01", inspectorate="Ofsted and CSCI", source=APA_2006, notes=notes,
            )


def load_stoke(connection: sqlite3.Connection) -> None:
    stoke = resolve_authority(connection, "stoke")["id"]
    records.add_intervention(
        connection, authority_id=stoke, kind="advisers", issued_on="2006",
        issued_by="Department for Education and Skills", service="children's services",
        summary="A DfES team of advisers sent in after the 2006 APA; four companies shortlisted, Serco preferred bidder.",
        source=SEC_ED, ended_on="2007", end_reason="superseded",
        notes="[inferred] end: no end was published; taken as superseded by the 2007 intervention order.",
    )
    order = records.add_intervention(
        connection, authority_id=stoke, kind="intervention order", issued_on="2007",
        issued_by="the Government (Department for Education and Skills)", service="children's services",
        summary="The Government imposed an intervention order; services run by a Serco-led partnership.",
        source=f"{CARE_APPOINTMENTS}; {BBC_2011}", ended_on="2010", end_reason="lifted",
        notes="[uncertain] legal form of the 2007 order not found. Ended 2010: 'the department was released "
        "from government intervention' (BBC); letter from Tim Loughton concluding it, exact date not found (Pits n Pots).",
    )
    records.add_contract(
        connection, authority_id=stoke, intervention_id=order["id"], provider="Serco",
        scope="children's services in their entirety: the senior management team, with voluntary-sector partners",
        starts_on="2007-04", ends_on="2010-03", value_pence=520_000_000,
        partners=(
            ("Shaftesbury Young People", "voluntary sector"),
            ("Tact", "fostering agency"),
            ("Care and Health", "consultancy; safeguarding review"),
        ),
        source=f"{CARE_APPOINTMENTS}; {COMMUNITY_CARE_2008}; {PITSNPOTS}",
        notes="Three-year £5.2 million contract, awarded March 2007; paid for jointly by the DCSF and the council. "
        "[inferred] end: due to end March 2010 (three years from April 2007); services back in-house from April 2010.",
    )
    for happened_on, summary, source, notes in (
        ("2007-03", "Serco-led partnership awarded the contract to run children's services for three years (£5.2m), "
         "the first to cover a council's children's services entirely with private and voluntary partners",
         COMMUNITY_CARE_2008, None),
        ("2009", "Council recommended bringing children's services back in-house from April 2010, when the Serco "
         "contract was due to end", CARE_APPOINTMENTS, "[inferred] year of the recommendation."),
        ("2019-10", "£5.5m redirected into children's services: over 130 new social care posts; 890 children in care",
         LOCALGOV_2019, None),
        ("2019-10-31", "Support from Stockport Metropolitan Borough Council, Essex County Council and a West Midlands "
         "regional improvement alliance, for an anticipated two years; Ofsted monitoring visits at least every three months",
         STOKE_NEWS_2019, None),
        ("2022-03", "Ofsted's sixth and final monitoring visit before re-inspection", COMMUNITY_CARE_2022, None),
    ):
        records.add_event(connection, authority_id=stoke, happened_on=happened_on, summary=summary, source=source, notes=notes)
    for judgement, framework_grade in (("children's services", "2"), ("capacity to improve", "3")):
        records.add_rating(
            connection, authority_id=stoke, framework="JAR", judgement=judgement,
            grade={"2": "adequate", "3": "good"}[framework_grade], framework_grade=framework_grade,
            published_on="2008", inspectorate="Ofsted", source=COMMUNITY_CARE_2008,
            notes="[inferred] date: a joint area review reported by Community Care on 12 March 2008; "
            "its own publication date not found.",
        )
    first = records.add_intervention(
        connection, authority_id=stoke, kind="statutory direction", issued_on="2019-05-16",
        issued_by="Secretary of State for Education (Damian Hinds)", legal_basis=STATUTORY_DIRECTION,
        commissioner="Eleanor Brazil", deadline_on="2019-09-09", service="children's social care",
        summary="Children's Services Commissioner appointed, to report to the children's minister (Nadhim Zahawi) "
        "by 9 September 2019.",
        source=DIRECTION_MAY_2019, ended_on="2019-10-31", end_reason="superseded",
        notes="Replaced by the revised direction of 31 October 2019.",
    )
    records.add_intervention(
        connection, authority_id=stoke, kind="statutory direction", issued_on="2019-10-31",
        issued_by="Secretary of State for Education (Gavin Williamson)", legal_basis=STATUTORY_DIRECTION,
        commissioner="Eleanor Brazil", deadline_on="2020-01-31", service="children's social care",
        summary="Revised direction: until 31 January 2020 to agree a formal partnership with a strong-performing "
        "local authority; support from Stockport MBC and Essex CC; Ofsted monitoring visits at least every three months.",
        source=f"{STOKE_NEWS_2019}; {LOCALGOV_2019}", ended_on="2025-02-10", end_reason="revoked",
        notes=f"Revises the direction of 16 May 2019 (intervention {first['id']}). Revoked on 10 February 2025 "
        f"after the improvement adviser's report of November 2024: {REVOCATION_2025}",
    )


def build(data_folder: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    migrate(connection)
    load_authorities(connection, data_folder / "authorities.csv")
    load_defunct_authorities(connection)
    load_apa_2006(connection)
    result = import_ofsted(connection, data_folder / OFSTED_FILE)
    if result.unmatched or result.problems or result.conflicts:
        raise SystemExit(f"the Ofsted file did not import cleanly: {result.as_dict()}")
    load_stoke(connection)
    load_history(connection)
    # The seed is the starting point, not a change anyone made: it carries no audit trail.
    connection.execute("DELETE FROM changes")
    connection.commit()
    return connection


def dump(connection: sqlite3.Connection) -> str:
    """The seed tables as INSERT statements, in one transaction, in id order."""
    lines = ["-- Generated by scripts/build_seed.py; edit that script, not this file.", "BEGIN;"]
    for table in SEED_TABLES:
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        quoted = ", ".join(f"quote({column})" for column in columns)
        for values in connection.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid"):
            lines.append(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)});")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "seed.sql")
    arguments = parser.parse_args()
    connection = build(arguments.data)
    arguments.out.write_text(dump(connection), encoding="utf-8")
    counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in SEED_TABLES}
    print(f"wrote {arguments.out}: " + ", ".join(f"{count} {table}" for table, count in counts.items()))


if __name__ == "__main__":
    main()
