"""Inspection grades: one canonical word each, and each framework's own numbering."""

from __future__ import annotations

from intervene.errors import InterveneError, quoted
from intervene.vocab import GRADES, JUDGEMENTS

# Each canonical word's rank, 1 the best. "adequate" (2005-2013) and "requires improvement"
# (2013-) share a rank: the scales changed their word, not their place.
RANK = dict(zip(GRADES, (1, 2, 3, 3, 4)))

# The spellings accepted for a grade (lower case, spaces collapsed) → its canonical word.
SPELLINGS = {
    "outstanding": "outstanding",
    "excellent": "outstanding",
    "performs excellently": "outstanding",
    "good": "good",
    "performs well": "good",
    "adequate": "adequate",
    "performs adequately": "adequate",
    "requires improvement": "requires improvement",
    "requires improvement to be good": "requires improvement",
    "ri": "requires improvement",
    "inadequate": "inadequate",
    "poor": "inadequate",
    "performs poorly": "inadequate",
}

# Shorthands accepted for a grade → the wording Ofsted published for it, which is what is stored.
SHORTHANDS = {"ri": "Requires improvement to be good"}

# The published number → canonical word. APA and JAR count up to the best;
# Ofsted's later frameworks count down to it.
_UPWARD = {"1": "inadequate", "2": "adequate", "3": "good", "4": "outstanding"}
_DOWNWARD = {"1": "outstanding", "2": "good", "3": "requires improvement", "4": "inadequate"}
_DOWNWARD_ADEQUATE = {"1": "outstanding", "2": "good", "3": "adequate", "4": "inadequate"}

FRAMEWORKS = {
    "APA": ("Annual performance assessment (2005-2008)", _UPWARD),
    "JAR": ("Joint area review (2005-2009)", _UPWARD),
    "CAA": ("Annual children's services assessment (2009-2011)", _UPWARD),
    "SLAC": ("Safeguarding and looked after children inspection (2009-2013)", _DOWNWARD_ADEQUATE),
    "CPI": ("Child protection inspection (2012-2013)", _DOWNWARD_ADEQUATE),
    "TLAC": ("Looked after children inspection (2013)", _DOWNWARD_ADEQUATE),
    "SIF": ("Single inspection framework (2013-2018)", _DOWNWARD),
    "ILACS": ("Inspecting local authority children's services (2018-)", _DOWNWARD),
}

# The words each framework judged in, best first. Frameworks before 2013 said "adequate";
# SIF and ILACS say "requires improvement" instead.
_ADEQUATE_SCALE = ("outstanding", "good", "adequate", "inadequate")
FRAMEWORK_WORDS = {
    **dict.fromkeys(("APA", "JAR", "CAA", "SLAC", "CPI", "TLAC"), _ADEQUATE_SCALE),
    **dict.fromkeys(("SIF", "ILACS"), ("outstanding", "good", "requires improvement", "inadequate")),
}
# Ofsted's 2009-2023 history sheet prints SLAC, CPI and TLAC's "adequate" in the later wording.
_LATER_WORDING = {("SLAC", "requires improvement"), ("CPI", "requires improvement"), ("TLAC", "requires improvement")}

# The judgement that stands for the whole service, per framework family: APA and JAR judged
# children's services; SLAC's headline was safeguarding, CPI's child protection; SIF and
# ILACS judge overall effectiveness.
OVERALL_JUDGEMENTS = ("overall effectiveness", "children's services", "safeguarding", "child protection")

ACCEPTED_GRADES = "outstanding, good, adequate, requires improvement (RI), inadequate"


def as_numbered(framework_grade: str | None) -> str:
    """` (1)` when the grade was published as a number (APA, JAR), so the number shows beside the word."""
    return (
        f" ({framework_grade})" if framework_grade and framework_grade.isascii() and framework_grade.isdigit() else ""
    )


def canonical_framework(text: str) -> str:
    """`ilacs` → `ILACS`; an unknown framework lists the accepted ones."""
    name = str(text).strip().upper()
    if name not in FRAMEWORKS:
        raise InterveneError(f"{quoted(text)} is not a framework; use one of {', '.join(FRAMEWORKS)}")
    return name


def canonical_grade(text: str, framework: str | None = None) -> tuple[str, str]:
    """Return (canonical word, the grade as published) for a word or a framework's number.

    Given a framework, a word must be one that framework judged in (ILACS has no
    "adequate", SLAC no "requires improvement"), except that SLAC, CPI and TLAC's
    "adequate" printed as "requires improvement to be good" is taken back to "adequate".
    """
    published = " ".join(str(text).strip().split())
    key = published.lower()
    if key in SHORTHANDS:
        published = SHORTHANDS[key]  # a shorthand was never published: keep the wording that was
    if key in SPELLINGS:
        word = SPELLINGS[key]
        if framework is None:
            return word, published
        framework = canonical_framework(framework)
        if (framework, word) in _LATER_WORDING:
            return "adequate", published
        if word not in FRAMEWORK_WORDS[framework]:
            raise InterveneError(
                f"{quoted(text)} is not a grade in {framework}; {framework} judged "
                f"{', '.join(FRAMEWORK_WORDS[framework])}"
            )
        return word, published
    if key.isdigit():
        if framework is None:
            raise InterveneError(
                f"grade {quoted(text)} is a number: say which framework numbers it "
                f"(--framework {' / '.join(FRAMEWORKS)}), or use a word: {ACCEPTED_GRADES}"
            )
        scale = FRAMEWORKS[canonical_framework(framework)][1]
        if key not in scale:
            raise InterveneError(
                f"grade {quoted(text)} is out of range for {framework.upper()}: use 1 to 4 "
                f"({', '.join(f'{n} {w}' for n, w in scale.items())})"
            )
        return scale[key], published
    raise InterveneError(f"{quoted(text)} is not a grade; use {ACCEPTED_GRADES}, or 1-4 with --framework")


def canonical_judgement(text: str, framework: str, *, new: bool = False) -> str:
    """What was judged, in lower case with its spaces collapsed: one of the framework's own
    judgements (`vocab.JUDGEMENTS`), or, when `new` says it is meant, another."""
    judgement = " ".join(str(text).lower().split())
    framework = canonical_framework(framework)
    if not judgement:
        raise InterveneError(f"a rating needs a judgement, e.g. {JUDGEMENTS[framework][0]!r}")
    if judgement not in JUDGEMENTS[framework] and not new:
        raise InterveneError(
            f"{quoted(text)} is not a judgement of {framework}; {framework} judged {', '.join(JUDGEMENTS[framework])} "
            "(to record another, add --new-judgement)"
        )
    return judgement


def check_grade_in_framework(grade: str, framework: str) -> None:
    """A canonical word stored for a framework must be one it judged in."""
    framework = canonical_framework(framework)
    if grade not in FRAMEWORK_WORDS[framework]:
        raise InterveneError(
            f"{quoted(grade)} is not a grade in {framework}; {framework} judged {', '.join(FRAMEWORK_WORDS[framework])}"
        )
