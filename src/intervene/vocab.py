"""The fixed words of the register: grades, judgements, regions, kinds of council and of
instrument, services, end reasons, confidence, and the tables the change log covers.

One home for each list, read by the writers, the checks, the reports and the
command line. Schema steps do not import these: a step, once released, writes
its own words, so that editing a list here never changes a shipped step.
"""

from __future__ import annotations

# Inspection grades, one canonical word each, best first (their ranks are grades.RANK).
GRADES = ("outstanding", "good", "adequate", "requires improvement", "inadequate")
AUTHORITY_KINDS = ("unitary", "county", "metropolitan borough", "London borough", "city corporation")
# England's nine ONS regions (the ITL1 regions), as the ONS spells them, in alphabetical order.
REGIONS = (
    "East Midlands",
    "East of England",
    "London",
    "North East",
    "North West",
    "South East",
    "South West",
    "West Midlands",
    "Yorkshire and The Humber",
)

# What each framework judged, its headline (the default of add-rating) first: the judgements
# the seed's sources and Ofsted's outcome workbooks hold. Another is recorded only on purpose
# (add-rating --new-judgement), and `check` lists it.
JUDGEMENTS = {
    "APA": ("children's services",),
    "JAR": ("children's services", "capacity to improve"),
    "CAA": ("children's services",),
    "SLAC": ("safeguarding", "looked after children"),
    "CPI": ("child protection",),
    "TLAC": ("looked after children",),
    "SIF": (
        "overall effectiveness",
        "help and protection",
        "children looked after and achieving permanence",
        "adoption performance",
        "care leavers",
        "leadership, management and governance",
        "safeguarding board",
    ),
    "ILACS": (
        "overall effectiveness",
        "impact of leaders",
        "help and protection",
        "children in care",
        "care leavers",
    ),
}

# The legal instrument, whatever it was called at the time (that name is kept beside it).
INTERVENTION_KINDS = (
    "statutory direction",
    "improvement notice",
    "commissioner appointment",
    "non-statutory support",
)
# What an instrument covers: the whole directorate (as in 2005–2010), one service, or the
# wider education authority.
SERVICES = ("children's services", "children's social care", "education", "SEND")
END_REASONS = ("lifted", "revoked", "replaced", "superseded", "expired", "abolished")
CONFIDENCE = ("high", "medium", "low")
# The tables a row of `changes` may name.
AUDITED_TABLES = ("authorities", "aliases", "ratings", "interventions", "contracts", "events")

# An instrument with no recorded end counts as in force for this many months after the
# last day a source showed it in force (its issue is the first such day); after that its
# state is "unconfirmed": shown apart, neither counted as in force nor dropped.
CONFIRMATION_MONTHS = 12

IN_FORCE = "in force"
UNCONFIRMED = "unconfirmed"
