"""Checks for what identifies a council (its codes, its region), and the short name people use."""

from __future__ import annotations

import re

from intervene.authorities import ONS_CODE, normalise
from intervene.errors import InterveneError, quoted
from intervene.vocab import REGIONS


def parse_ons_code(text: str) -> str:
    code = str(text).strip().upper()
    if not ONS_CODE.fullmatch(code):
        raise InterveneError(
            f"{quoted(text)} is not an ONS code; an English council's is E06, E07, E08, E09 or E10 "
            "and six digits, e.g. E06000021"
        )
    return code


def parse_la_code(text: str) -> int:
    code = str(text).strip()
    if not (code.isascii() and code.isdigit() and 100 <= int(code) <= 999):
        raise InterveneError(f"{quoted(text)} is not a DfE LA number; they have three digits, e.g. 861")
    return int(code)


def _words(text: str) -> list[str]:
    # "the" is left out, so that "Yorkshire and Humber" is Yorkshire and The Humber.
    return [word for word in normalise(text).split() if word != "the"]


def _initials(region: str) -> str:
    """`North East` → `ne`, `Yorkshire and The Humber` → `yh`, `East of England` → `ee`."""
    return "".join(word[0] for word in _words(region) if word not in ("and", "of"))


def canonical_region(text: str) -> str:
    """The ONS region `text` names: its name in any case, the start of its words (`yorkshire`,
    `west mid`) or its initials (`NE`, `YH`). A start two regions share is refused, naming both."""
    wanted = _words(text)
    if not wanted:
        raise InterveneError(f"no region given; use one of {', '.join(REGIONS)}")
    exact = [region for region in REGIONS if _words(region) == wanted]
    if exact:
        return exact[0]
    candidates = [
        region
        for region in REGIONS
        if (len(wanted) == 1 and wanted[0] == _initials(region))
        or (
            len(wanted) <= len(_words(region))
            and all(theirs.startswith(word) for word, theirs in zip(wanted, _words(region)))
        )
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise InterveneError(
            f"{quoted(text)} could be {', '.join(candidates[:-1])} or {candidates[-1]}; give more of the name"
        )
    raise InterveneError(f"{quoted(text)} is not a region; use one of {', '.join(REGIONS)}")


def short_name_of(official_name: str) -> str:
    """`Stoke-on-Trent City Council` → `Stoke-on-Trent`: the name without the kind of council."""
    short = re.sub(
        r"\s+(City|County|Borough|Metropolitan Borough|District)?\s*Council$", "", official_name.strip(), flags=re.I
    )
    short = re.sub(r"^(London Borough of|Royal Borough of|City of|Council of the)\s+", "", short, flags=re.I)
    return short or official_name.strip()
