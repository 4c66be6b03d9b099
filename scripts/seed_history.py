"""Councils since abolished, and the sourced intervention timelines of thirteen councils.

Read by scripts/build_seed.py. Every fact carries the publication it was read
in, as listed in the research notes `interventions-research.md` beside the
authorities file. A date stays at the precision the source gave; a fact that
is inferred or uncertain says so at the start of its notes, and an end that
no source gives is left empty rather than guessed.
"""

from __future__ import annotations

import sqlite3

from intervene import records
from intervene.authorities import resolve_authority

S497A = "s497A Education Act 1996, applied by s50 Children Act 2004"

CODE_HISTORY = (
    "ONS code history and the structural change orders (successor councils from 1 April); "
    "Ofsted, 'Local authority inspection outcomes as at 31 March 2025', ILACS_inspection_history "
    "(status 'No longer exists')"
)
DEFUNCT = (
    dict(name="Northamptonshire County Council", short_name="Northamptonshire", ons_code="E10000021", la_code=928,
         region="East Midlands", kind="county", ceased_on="2021-04-01",
         succeeded_by="North Northamptonshire and West Northamptonshire", source=CODE_HISTORY),
    dict(name="Cumbria County Council", short_name="Cumbria", ons_code="E10000006", la_code=909,
         region="North West", kind="county", ceased_on="2023-04-01",
         succeeded_by="Cumberland and Westmorland and Furness", source=CODE_HISTORY),
    dict(name="Bournemouth Borough Council", short_name="Bournemouth", ons_code="E06000028", la_code=None,
         region="South West", kind="unitary", ceased_on="2019-04-01",
         succeeded_by="Bournemouth, Christchurch and Poole", source=CODE_HISTORY),
    dict(name="Borough of Poole", short_name="Poole", ons_code="E06000029", la_code=None,
         region="South West", kind="unitary", ceased_on="2019-04-01",
         succeeded_by="Bournemouth, Christchurch and Poole", source=CODE_HISTORY),
    dict(name="Dorset County Council", short_name="Dorset County Council", ons_code="E10000009", la_code=835,
         region="South West", kind="county", ceased_on="2019-04-01", succeeded_by="Dorset",
         aliases=("old Dorset",), source=CODE_HISTORY),
)

# Sources, named as in the research notes.
CC_DONCASTER_2013 = "Community Care, 16 July 2013 https://www.communitycare.co.uk/2013/07/16/doncaster-childrens-services-outsourced-for-five-years-after-damning-review/"
YP_DONCASTER = "Yorkshire Post https://www.yorkshirepost.co.uk/news/politics/failing-doncaster-council-stripped-control-childrens-services-1861074"
GOV_DONCASTER_2014 = "GOV.UK, Doncaster children's services improvement direction, September 2014 https://www.gov.uk/government/publications/doncaster-childrens-services-improvement-direction-sept-2014"
THORNE_DCST = "Thorne Gazette https://www.thornegazette.co.uk/news/set-up-of-doncaster-children-s-services-trust-reaches-final-stages-1-6831389"
DFP_2021 = "Doncaster Free Press https://www.doncasterfreepress.co.uk/news/politics/doncasters-childrens-services-to-be-brought-back-in-house-due-to-financial-pressures-on-trust-3622947"
CC_DONCASTER_2022 = "Community Care, 13 April 2022 https://www.communitycare.co.uk/2022/04/13/council-takes-childrens-services-back-from-countrys-first-trust/"
CYPN_SLOUGH = "CYP Now https://www.cypnow.co.uk/news/article/timpson-orders-creation-of-independent-trust-in-slough"
SLOUGH_MINUTES = "Slough Borough Council papers http://www.slough.gov.uk/moderngov/mgAi.aspx?ID=29376"
SLOUGH_TRUST = "Slough Children's Services Trust http://sloughcstseniorroles.com/about-slough-children-s-services-trust/"
GOVWIRE_SLOUGH = "GOV.UK via govwire, directions issued to Slough Borough Council http://www.govwire.co.uk/news/department-for-education/decision-directions-issued-to-slough-borough-council-80393"
SLOUGH_EXPRESS = "Slough Express https://www.sloughexpress.co.uk/news/slough/169987/slough-children-first-limited-on-track-for-good-ofsted-reports-council.html"
LOCALGOV_SUNDERLAND = "LocalGov https://www.localgov.co.uk/Government-sends-commissioner-to-Sunderland-after-damning-Ofsted-inspection/39073"
GOV_SUNDERLAND_2017 = "GOV.UK, direction issued to Sunderland City Council https://www.gov.uk/government/publications/direction-issued-to-sunderland-city-council--2"
MUTUAL_VENTURES = "Mutual Ventures https://www.mutualventures.co.uk/post/wearside-leads-the-way-with-a-new-generation-of-children-s-service"
CYPN_WARNER = "CYP Now https://www.cypnow.co.uk/news/article/birmingham-to-get-children-s-commissioner-under-le-grand-plans"
CYPN_CHRISTIE = "CYP Now https://www.cypnow.co.uk/news/article/andrew-christie-appointed-birmingham-children-s-social-care-commissioner"
BCT_2023 = "Birmingham Children's Trust media statement, 26 May 2023 https://www.birminghamchildrenstrust.co.uk/news/article/166/media_statement_-_leadership_in_the_children_s_trust_change_and_continuity_26_may_2023"
CYPN_BCT = "CYP Now https://www.cypnow.co.uk/content/analysis/birmingham-enters-trust-era"
BEVAN_BRITTAN = "Bevan Brittan https://www.bevanbrittan.com/insights/news/2018/bevan-brittan-advises-sandwell-council-on-launch-of-childrens-trust/"
SCT_LAUNCH = "Sandwell Children's Trust https://www.sandwellchildrenstrust.org/news/2018/launch-sandwells-childrens-trust/"
NCT_SITE = "Northamptonshire Children's Trust http://www.northamptonshirechildrenstrust.co.uk/"
CC_NEWSAM_2019 = "Community Care, 26 September 2019 https://www.communitycare.co.uk/2019/09/26/new-turmoil-northamptonshire-childrens-services-dfe-appointed-commissioner-quits/"
NT_NCT = "Northants Telegraph https://www.northantstelegraph.co.uk/news/politics/new-childrens-trust-officially-launched-in-northamptonshire-3023662"
TA_BRADFORD_2011 = "Telegraph & Argus https://www.thetelegraphandargus.co.uk/news/3740518.talks-start-on-schools-future/; Yorkshire Post https://www.yorkshirepost.co.uk/news/councillors-expected-take-back-city-education-services-1962646"
TA_WALKER = "Telegraph & Argus https://thetelegraphandargus.co.uk/news/19582580.government-appoints-commissioner-review-bradfords-childrens-services"
CC_BRADFORD_2022 = "Community Care, 25 January 2022 https://www.communitycare.co.uk/2022/01/25/council-cedes-control-of-childrens-services/"
BRADFORD_2023 = "Revised direction issued to Bradford Council, April 2023 https://www.breaking.co.uk/uk-government/revised-direction-issued-to-bradford-council-april-2023-1186.html"
BBC_BRADFORD = "BBC News https://feeds.bbci.co.uk/news/uk-england-leeds-61708656"
EDYOURSELF = "edyourself blog https://edyourself.wordpress.com/2016/11/01/intervention-level-in-authorities-rated-inadequate-by-ofsted/comment-page-1/"
DEWSBURY = "Dewsbury Reporter http://www.dewsburyreporter.co.uk/news/lack-of-leadership-and-management-in-kirklees-led-to-children-s-services-partnership-with-leeds-city-council-1-8754764"
KIRKLEES_CLOSED = "Revised direction issued to Kirklees Council (gov.uk mirror) https://totalwrapture.com/government/publications/revised-direction-issued-to-kirklees-council"
GOV_ROTHERHAM = "GOV.UK, directions to Rotherham Metropolitan Borough Council https://gov.uk/government/publications/directions-to-rotherham-metropolitan-borough-council-and-related-documents"
GOV_ROTHERHAM_INSPECTION = "GOV.UK, inspection into the governance of Rotherham Council https://www.gov.uk/government/collections/inspection-into-the-governance-of-rotherham-council"
CC_WORCS = "Community Care, 1 October 2019 https://www.communitycare.co.uk/2019/10/01/childrens-services-company-launches-in-worcestershire/"
CYPN_WORCS = "CYP Now https://www.cypnow.co.uk/content/news/worcestershire-council-to-resume-in-house-control-of-children-s-services"
GOV_READING = "GOV.UK, direction issued to Reading Borough Council https://gov.uk/government/publications/direction-issued-to-reading-borough-council"
BFFC = "Brighter Futures for Children https://brighterfuturesforchildren.org/new-childrens-services-company-starts-formation-with-selection-of-name-and-appointment-of-chair"
SOCIALCARE_TODAY = "Social Care Today, 9 February 2021 https://socialcare.today/2021/02/09/reading-childrens-services-removed-from-government-intervention"
WRITERS_TOWN = "https://thewriterstown.com/news/articles/c1ez477ex80o"

MINISTER = "Secretary of State for Education"

# (council, kind, issued, fields). `key` names an intervention that a contract serves.
INTERVENTIONS = (
    ("Doncaster", "commissioner", "2010", dict(
        summary="Three commissioners appointed after an Audit Commission report.", source=f"{CC_DONCASTER_2013}; {YP_DONCASTER}",
        ended_on="2013-03", end_reason="superseded",
        notes="[inferred] end: taken as superseded by the direction of March 2013.")),
    ("Doncaster", "statutory direction", "2013-03", dict(
        issued_by=MINISTER, legal_basis=S497A, source=CC_DONCASTER_2013, ended_on="2013-08", end_reason="superseded",
        notes="[inferred] end: taken as superseded by the direction of August 2013.")),
    ("Doncaster", "statutory direction", "2013-08", dict(
        issued_by=MINISTER, legal_basis=S497A, commissioner="Alan Wood",
        summary="After the Le Grand, Wood and Gibb review (July 2013): services to a trust for at least five years.",
        source=CC_DONCASTER_2013, ended_on="2014-09-19", end_reason="superseded",
        notes="[inferred] end: taken as superseded by the direction of 19 September 2014.")),
    ("Doncaster", "statutory direction", "2014-09-19", dict(
        key="doncaster-2014", issued_by="Secretaries of State for Education and for Communities and Local Government",
        legal_basis=S497A, summary="Requires a contract with Doncaster Children's Services Trust.",
        source=GOV_DONCASTER_2014, ended_on="2016-06-17", end_reason="superseded",
        notes="Replaced by the direction of 17 June 2016.")),
    ("Doncaster", "statutory direction", "2016-06-17", dict(
        issued_by=MINISTER, legal_basis=S497A, source=f"{GOV_DONCASTER_2014}; {DFP_2021}",
        ended_on="2021-01", end_reason="lifted",
        notes="Lifted with all directions by the Children's Minister's letter of January 2021.")),
    ("Slough", "statutory direction", "2014-10", dict(
        key="slough-2014", issued_by="Minister for Children (Edward Timpson)", legal_basis=S497A,
        commissioner="Eleanor Brazil", summary="Children's services to an independent trust.",
        source=f"{CYPN_SLOUGH}; {SLOUGH_MINUTES}", ended_on="2017-10", end_reason="superseded",
        notes="[uncertain] exact date of the direction (October 2014 per the Slough Express). "
        "[inferred] end: taken as superseded by the fourth direction, October 2017.")),
    ("Slough", "statutory direction", "2017-10", dict(
        issued_by=MINISTER, legal_basis=S497A, summary="Fourth direction: special educational needs back to the council.",
        source=GOVWIRE_SLOUGH, ended_on="2020-05", end_reason="superseded",
        notes="[inferred] end: taken as superseded by the fifth direction, May 2020.")),
    ("Slough", "statutory direction", "2020-05", dict(
        issued_by=MINISTER, legal_basis=S497A, summary="Fifth direction.", source=GOVWIRE_SLOUGH,
        ended_on="2021-04-01", end_reason="superseded", notes="Replaced by the direction of 1 April 2021.")),
    ("Slough", "statutory direction", "2021-04-01", dict(
        issued_by=MINISTER, legal_basis=S497A, source=GOVWIRE_SLOUGH,
        notes="[uncertain] no end of this direction is given in the sources.")),
    ("Sunderland", "statutory direction", "2015-07-20", dict(
        issued_by=MINISTER, legal_basis=S497A, commissioner="Nick Whitfield",
        summary="After the inadequate SIF judgement published the same day.", source=LOCALGOV_SUNDERLAND,
        ended_on="2017-04-03", end_reason="superseded", notes="Replaced by the direction published 3 April 2017.")),
    ("Sunderland", "statutory direction", "2017-04-03", dict(
        key="sunderland-2017", issued_by=MINISTER, legal_basis=S497A,
        summary="Replacement direction on the opening of Together for Children.", source=GOV_SUNDERLAND_2017,
        notes="[uncertain] the date this direction was closed was not found.")),
    ("Birmingham", "commissioner", "2014-04", dict(
        commissioner="Lord Norman Warner", summary="Commissioner after the Le Grand review of March 2014.",
        source=CYPN_WARNER, ended_on="2015-05")),
    ("Birmingham", "statutory direction", "2015-12-17", dict(
        key="birmingham-2015", issued_by="Secretary of State for Education (Nicky Morgan)", legal_basis=S497A,
        commissioner="Andrew Christie", summary="New direction; Essex County Council as improvement partner.",
        source=CYPN_CHRISTIE, ended_on="2023-05-26", end_reason="lifted",
        notes="The Government lifted the improvement direction on 26 May 2023, 'after over ten years' (Birmingham Children's Trust).")),
    ("Sandwell", "statutory direction", "2016-10", dict(
        issued_by=MINISTER, legal_basis=S497A, commissioner="Malcolm Newsam", source=BEVAN_BRITTAN,
        ended_on="2018-03", end_reason="superseded", notes="[inferred] end: taken as superseded by the direction of March 2018.")),
    ("Sandwell", "statutory direction", "2018-03", dict(
        key="sandwell-2018", issued_by=MINISTER, legal_basis=S497A,
        summary="Services to Sandwell Children's Trust from 1 April 2018.", source=BEVAN_BRITTAN,
        notes="[uncertain] the date this direction ended was not found; the council 'came out of special measures in 2022'.")),
    ("Northamptonshire", "statutory direction", "2018-11", dict(
        key="northamptonshire-2018", issued_by=MINISTER, legal_basis=S497A, commissioner="Malcolm Newsam",
        summary="After a focused visit in October 2018; a trust recommended in May 2019.",
        source=f"{NCT_SITE}; {CC_NEWSAM_2019}", ended_on="2021-04-01",
        notes="[inferred] end: the council ceased to exist on 1 April 2021; directions to its successors are not in the sources. "
        "Malcolm Newsam resigned in September 2019.")),
    ("Northamptonshire", "commissioner", "2019-10", dict(
        commissioner="Andrew Christie and Clare Chamberlain", source=NCT_SITE, ended_on="2021-04-01",
        notes="[inferred] end: the council ceased to exist on 1 April 2021.")),
    ("Bradford", "improvement notice", "2018-12", dict(
        issued_by=MINISTER, summary="After the inadequate ILACS judgement of October 2018.", source=EDYOURSELF,
        ended_on="2022-02-09", end_reason="superseded", notes="[inferred] end: taken as superseded by the direction of 9 February 2022.")),
    ("Bradford", "commissioner", "2021-09", dict(
        commissioner="Steve Walker", summary="Commissioner appointed to review children's services.", source=TA_WALKER,
        ended_on="2022-02-09", end_reason="superseded", notes="[inferred] end: taken as superseded by the direction of 9 February 2022.")),
    ("Bradford", "statutory direction", "2022-02-09", dict(
        issued_by=MINISTER, legal_basis=S497A, commissioner="Steve Walker",
        summary="Services to a children's trust (announced by Nadhim Zahawi on 25 January 2022).", source=CC_BRADFORD_2022,
        ended_on="2023-04-03", end_reason="superseded", notes="Replaced by the revised direction of 3 April 2023.")),
    ("Bradford", "statutory direction", "2023-04-03", dict(
        key="bradford-2023", issued_by=MINISTER, legal_basis=S497A, commissioner="Steve Walker and Eleanor Brazil",
        summary="Revised direction recognising the transfer to Bradford Children and Families Trust.",
        source=f"{BRADFORD_2023}; {BBC_BRADFORD}", notes="[uncertain] no end of this direction is given in the sources.")),
    ("Kirklees", "statutory direction", "2016-11", dict(
        issued_by=MINISTER, legal_basis=S497A, commissioner="Eleanor Brazil", source=DEWSBURY,
        ended_on="2017-09", end_reason="superseded",
        notes="[inferred] end: taken as superseded by the revised direction that followed the commissioner's report (published 14 September 2017).")),
    ("Kirklees", "statutory direction", "2017-09", dict(
        issued_by=MINISTER, legal_basis=S497A,
        summary="Revised direction: partnership with Leeds City Council for up to three years.",
        source=f"{DEWSBURY}; {KIRKLEES_CLOSED}", ended_on="2020-01-13", end_reason="lifted",
        notes="[inferred] issue month, from the report's publication. 'This direction was closed on 13 January 2020.'")),
    ("Rotherham", "statutory direction", "2015-02-26", dict(
        issued_by="Secretaries of State for Communities and Local Government and for Education",
        legal_basis="s15(5),(6) Local Government Act 1999 and s497A(4B) Education Act 1996",
        commissioner="Sir Derek Myers, Stella Manzie, Malcolm Newsam, Mary Ney and Julie Kenny",
        summary="Five commissioners, after the Jay (26 August 2014) and Casey (4 February 2015) reports.",
        source=f"{GOV_ROTHERHAM_INSPECTION}; {GOV_ROTHERHAM}", ended_on="2019-03-31", end_reason="lifted",
        notes="gov.uk spells one commissioner 'Malcolm Newson' [sic], presumably Malcolm Newsam. "
        "Directions of 18 September 2018 returned all remaining functions; the intervention concluded on 31 March 2019.")),
    ("Worcestershire", "statutory direction", "2018-08", dict(
        key="worcestershire-2018", issued_by=MINISTER, legal_basis=S497A, commissioner="Trevor Doughty",
        summary="Services to be transferred to an arm's-length company.", source=CC_WORCS,
        notes="[uncertain] the date this direction ended was not found.")),
    ("Reading", "statutory direction", "2016-09-16", dict(
        issued_by=MINISTER, legal_basis=S497A, commissioner="Nick Whitfield", deadline_on="2016-12-16",
        summary="Commissioner to report by 16 December 2016 on whether services should be removed from the council.",
        source=GOV_READING, ended_on="2017-09-12", end_reason="superseded", notes="Replaced by the direction of 12 September 2017.")),
    ("Reading", "statutory direction", "2017-09-12", dict(
        issued_by=MINISTER, legal_basis=S497A, source=GOV_READING, ended_on="2018-12", end_reason="superseded",
        notes="[inferred] end: taken as superseded by the revised direction of December 2018.")),
    ("Reading", "statutory direction", "2018-12", dict(
        key="reading-2018", issued_by=MINISTER, legal_basis=S497A,
        summary="Revised direction as Brighter Futures for Children began.", source=f"{BFFC}; {SOCIALCARE_TODAY}",
        ended_on="2021-02", end_reason="lifted", notes="Lifted 'with immediate effect' by Vicky Ford.")),
)

CONTRACTS = (
    ("Doncaster", dict(provider="Doncaster Children's Services Trust", serves="doncaster-2014",
        scope="children's social care (about 450 staff; chief executive Paul Moffat)", starts_on="2014-10-01",
        ends_on="2024-09", ended_on="2022-09-30", source=f"{THORNE_DCST}; {CC_DONCASTER_2022}",
        notes="Terminated 'two years early by mutual consent'; services back in-house by 30 September 2022. "
        "[inferred] planned end: two years after September 2022.")),
    ("Slough", dict(provider="Slough Children's Services Trust", serves="slough-2014", scope="children's services",
        starts_on="2015-10-01", ends_on=None, source=f"{SLOUGH_TRUST}; {SLOUGH_EXPRESS}",
        notes="Incorporated March 2015; from April 2021 the wholly council-owned Slough Children First Limited, "
        "the council absorbing £5.5m of debt. No end date in the sources.")),
    ("Sunderland", dict(provider="Together for Children", serves="sunderland-2017",
        scope="children's services (wholly council-owned company)", starts_on="2017-04-01", ends_on=None,
        source=MUTUAL_VENTURES, notes="No end date in the sources.")),
    ("Birmingham", dict(provider="Birmingham Children's Trust", serves="birmingham-2015",
        scope="children's social care (community interest company wholly owned by the council)", starts_on="2018-04-01",
        ends_on=None, source=f"{CYPN_BCT}; {BCT_2023}",
        notes="Annual budget at launch £190m (CYP Now) or £200m (ADCS). A new 10-year contract was approved in March 2023; its dates are not in the sources.")),
    ("Sandwell", dict(provider="Sandwell Children's Trust", serves="sandwell-2018", scope="children's social care (Teckal company)",
        starts_on="2018-04-01", ends_on="2028-03-31", source=f"{BEVAN_BRITTAN}; {SCT_LAUNCH}",
        notes="A '10-year contract'. [inferred] end: ten years from 1 April 2018.")),
    ("Northamptonshire", dict(provider="Northamptonshire Children's Trust", serves="northamptonshire-2018",
        scope="children's social care; for North and West Northamptonshire from April 2021", starts_on="2020-11-01",
        ends_on=None, source=NT_NCT, notes="Launched 1 November 2020 (planned for June). No end date in the sources.")),
    ("Bradford", dict(provider="Serco (Education Bradford)", scope="education services", starts_on="2001",
        ends_on="2011-07-29", value_pence=36_000_000_000, source=TA_BRADFORD_2011,
        notes="A ten-year '£360 million contract'. [uncertain] first reported in 2001 as '£210million … seven years'.")),
    ("Bradford", dict(provider="Bradford Children and Families Trust", serves="bradford-2023", scope="children's social care",
        starts_on="2023-04-01", ends_on=None, source=f"{BRADFORD_2023}; {BBC_BRADFORD}",
        notes="Chair Eileen Milner. No end date in the sources.")),
    ("Worcestershire", dict(provider="Worcestershire Children First", serves="worcestershire-2018",
        scope="children's services (wholly owned company limited by guarantee)", starts_on="2019-10-01",
        ends_on="2025-09-30", source=f"{CC_WORCS}; {CYPN_WORCS}",
        notes="DfE set-up grant £3.15m. [inferred] year of the end: the company 'will no longer exist from 1 October' when its current contract ends.")),
    ("Reading", dict(provider="Brighter Futures for Children", serves="reading-2018", scope="children's services",
        starts_on="2018-12", ends_on="2026-03", source=f"{BFFC}; {WRITERS_TOWN}",
        notes="DfE grant £2.9m; not extended past March 2026, when the council takes services back "
        "(set-up £2.8 million, wind-up £600,000).")),
)

EVENTS = (
    ("Doncaster", "2009", "Government first intervened, after the Edlington case; 'deaths of seven children in five years'",
     CC_DONCASTER_2013, None),
    ("Doncaster", "2019", "Council took ownership of Doncaster Children's Services Trust", CC_DONCASTER_2022, None),
    ("Slough", "2014-07-15", "Minister Edward Timpson orders an independent trust to run children's services", CYPN_SLOUGH, None),
    ("Slough", "2016-09-30", "Council does not extend the Cambridge Education contract for education services after 30 September 2016",
     SLOUGH_MINUTES, None),
    ("Slough", "2021-04", "The trust becomes the wholly council-owned Slough Children First Limited; the council absorbs £5.5m of debt",
     SLOUGH_EXPRESS, None),
    ("Birmingham", "2016-05", "Council decides to create a children's trust", CYPN_BCT, None),
    ("Birmingham", "2023-03", "Council approves a new 10-year contract with Birmingham Children's Trust", BCT_2023, None),
    ("Northamptonshire", "2018-10", "Ofsted focused visit", NCT_SITE, None),
    ("Northamptonshire", "2019-05", "Commissioner recommends a children's trust", NCT_SITE, None),
    ("Bradford", "2022-01-25", "Nadhim Zahawi announces a children's trust for Bradford", CC_BRADFORD_2022, None),
    ("Kirklees", "2017-09-14", "Commissioner's report published: partnership with Leeds City Council for up to three years",
     DEWSBURY, None),
    ("Rotherham", "2014-08-26", "Jay report on child sexual exploitation in Rotherham", GOV_ROTHERHAM_INSPECTION, None),
    ("Rotherham", "2015-02-04", "Casey report on the governance of Rotherham Council", GOV_ROTHERHAM_INSPECTION, None),
    ("Rotherham", "2018-09-18", "Directions return all remaining functions to the council", GOV_ROTHERHAM, None),
)


def load_history(connection: sqlite3.Connection) -> None:
    served: dict[str, int] = {}
    for council, kind, issued_on, fields in INTERVENTIONS:
        fields = dict(fields)
        key = fields.pop("key", None)
        row = records.add_intervention(
            connection, authority_id=resolve_authority(connection, council)["id"], kind=kind, issued_on=issued_on,
            **fields,
        )
        if key:
            served[key] = row["id"]
    for council, fields in CONTRACTS:
        fields = dict(fields)
        serves = fields.pop("serves", None)
        records.add_contract(
            connection, authority_id=resolve_authority(connection, council)["id"],
            intervention_id=served[serves] if serves else None, **fields,
        )
    for council, happened_on, summary, source, notes in EVENTS:
        records.add_event(
            connection, authority_id=resolve_authority(connection, council)["id"], happened_on=happened_on,
            summary=summary, source=source, notes=notes,
        )
