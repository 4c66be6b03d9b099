"""Money as people write it (`£5.2m`, `£250 million`, `5,200,000`), held as integer pence."""

from __future__ import annotations

import re

from intervene.errors import InterveneError, quoted

ACCEPTED_MONEY = "£5.2m, £250 million, £600k, £1.2bn, 5,200,000 or £5,200,000.50"

SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR"}
CODE_SYMBOLS = {code: symbol for symbol, code in SYMBOLS.items()}
SCALES = {
    "": 1,
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "bn": 10**9,
    "b": 10**9,
    "billion": 10**9,
}
# Pence (or cents) are kept to two places; larger amounts to whole minor units.
# A comma only separates thousands: a first group of one to three digits, then groups of
# three (`5,200,000`), so that `5,2m` or `1,2,3` is refused rather than read as 52m or 123.
# Strings, compiled by re on first use: reading commands never parse money.
MONEY_PATTERN = r"([£$€])?\s*((?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([a-z]*)"
LOOSE_COMMAS = r"[£$€]?[\d,.]*,[\d,.]*[a-z]*"
THOUSANDS = "a comma only separates thousands, as in 5,200,000 or £1,250.50"
MAX_PENCE = 10**15  # £10 trillion: beyond any council budget, inside SQLite's integer


def parse_money(text: str) -> tuple[int, str]:
    """Return (minor units, currency code) for what the user wrote."""
    from decimal import Decimal, InvalidOperation  # exact arithmetic, needed only when recording

    cleaned = str(text).strip().lower().replace(" ", "")
    code = None
    if cleaned[:3].upper() in CODE_SYMBOLS and not cleaned[:1].isdigit():
        code, cleaned = cleaned[:3].upper(), cleaned[3:]
    match = re.fullmatch(MONEY_PATTERN, cleaned)
    if not match and re.fullmatch(LOOSE_COMMAS, cleaned):
        raise InterveneError(f"{quoted(text)} is not an amount of money: {THOUSANDS}; use {ACCEPTED_MONEY}")
    if not match or match.group(3) not in SCALES or (code and match.group(1)):
        raise InterveneError(f"{quoted(text)} is not an amount of money; use {ACCEPTED_MONEY}")
    symbol, number, scale = match.groups()
    digits = number.replace(",", "")
    try:
        amount = Decimal(digits) * SCALES[scale] * 100
    except InvalidOperation:
        raise InterveneError(f"{quoted(text)} is not an amount of money; use {ACCEPTED_MONEY}") from None
    if amount != amount.to_integral_value():
        raise InterveneError(f"{quoted(text)} is more precise than a penny")
    if amount > MAX_PENCE:
        raise InterveneError(f"{quoted(text)} is larger than any contract this tool can hold")
    return int(amount), code or SYMBOLS.get(symbol or "£", "GBP")


def display_money(pence: int | None, currency: str | None = "GBP") -> str:
    """Exact and short: `£5.2m`, `£600,000`, `£1.25bn`, `£12.50`.

    Millions and billions are used only where two decimals say the amount
    exactly, so what is shown parses back to the same value.
    """
    if pence is None:
        return ""
    symbol = CODE_SYMBOLS.get(currency or "GBP")
    prefix = symbol if symbol else f"{currency} "
    for scale, suffix in ((10**9, "bn"), (10**6, "m")):
        # Whole hundredths of the unit (0.01 of a million pounds is `scale` pence): integers, so exact.
        hundredths, remainder = divmod(pence, scale)
        if hundredths >= 100 and not remainder:
            shown = f"{hundredths // 100}.{hundredths % 100:02d}".rstrip("0").rstrip(".")
            return f"{prefix}{shown}{suffix}"
    pounds, pennies = divmod(pence, 100)
    return f"{prefix}{pounds:,}" + (f".{pennies:02d}" if pennies else "")
