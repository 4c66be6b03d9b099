"""Checks for the codes that identify a council, and the short name people use."""

from __future__ import annotations

import re

from intervene.authorities import ONS_CODE
from intervene.errors import InterveneError, quoted


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


def short_name_of(official_name: str) -> str:
    """`Stoke-on-Trent City Council` → `Stoke-on-Trent`: the name without the kind of council."""
    short = re.sub(
        r"\s+(City|County|Borough|Metropolitan Borough|District)?\s*Council$", "", official_name.strip(), flags=re.I
    )
    short = re.sub(r"^(London Borough of|Royal Borough of|City of|Council of the)\s+", "", short, flags=re.I)
    return short or official_name.strip()
