"""Dates as people write them: UK day-first, partial dates, named days and windows.

A stored date is ISO text at the precision the source gave: `2007`, `2007-03` or
`2007-03-01`. ISO text sorts a partial date before every day it contains, so
`start <= day` holds from the first day of a partial start; appending `~` (which
sorts after every digit and dash) puts a partial end after every day it contains.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, timedelta

from intervene.errors import InterveneError, quoted

MIN_YEAR, MAX_YEAR = 1900, 2199

ACCEPTED_DATES = (
    "2020-01-31, 31/01/2020, 31 January 2020, January 2020, 2020-01, 2020, "
    "today, tomorrow, yesterday, eom, eoq, eoy, som, soq, soy, or today+30d"
)
ACCEPTED_DURATIONS = "90 days, 6 months, 2 weeks, 1y, 3y, 1y 6m"

# English names, whatever the machine's locale (and without importing calendar and locale).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
MONTHS |= {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
MONTHS["sept"] = 9


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "m": "months",
    "mo": "months",
    "month": "months",
    "months": "months",
    "y": "years",
    "yr": "years",
    "year": "years",
    "years": "years",
}

# Patterns as text: `re` compiles each on first use (and caches it), so a command
# that parses no date pays nothing for them.
_ISO = r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
_UK_DAY = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
_UK_MONTH = r"(\d{1,2})/(\d{4})"
_DAY_MONTH_YEAR = r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})"
_MONTH_DAY_YEAR = r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
_MONTH_YEAR = r"([a-z]+)\.?,?\s+(\d{4})"
_NAMED_WITH_OFFSET = r"([a-z]+)\s*(?:([+-])\s*(\d+)\s*([a-z]+))?"
_DURATION_TERM = r"(\d+)\s*([a-z]+)"


def _fail(text: str, what: str = "date", accepted: str = ACCEPTED_DATES) -> InterveneError:
    return InterveneError(f"{quoted(text)} is not a {what}; use {accepted}")


def _iso(year: int, month: int | None = None, day: int | None = None, *, text: str) -> str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InterveneError(f"{quoted(text)} has a year outside {MIN_YEAR}-{MAX_YEAR}")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise InterveneError(f"{quoted(text)} has no month {month}; months run 1 to 12")
    if day is None:
        return f"{year:04d}-{month:02d}"
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        raise InterveneError(f"{quoted(text)} is not a real day: {MONTH_NAMES[month - 1]} {year} has {last} days")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month(word: str, text: str) -> int:
    try:
        return MONTHS[word]
    except KeyError:
        raise _fail(text) from None


def today() -> date:
    """The day the command runs: what relative dates and the default --as-of count from
    (the one place tests fix it)."""
    return date.today()


def parse_date(text: str, today: date) -> str:
    """Return ISO text for what the user wrote, keeping its precision."""
    cleaned = " ".join(str(text).strip().lower().split())
    if not cleaned:
        raise _fail(text)
    if match := re.fullmatch(_ISO, cleaned):
        year_text, month_text, day_text = match.groups()
        return _iso(
            int(year_text), int(month_text) if month_text else None, int(day_text) if day_text else None, text=text
        )
    if match := re.fullmatch(_UK_DAY, cleaned):
        day_number, month_number, year_number = map(int, match.groups())
        return _iso(year_number, month_number, day_number, text=text)
    if match := re.fullmatch(_UK_MONTH, cleaned):
        month_number, year_number = map(int, match.groups())
        return _iso(year_number, month_number, text=text)
    if match := re.fullmatch(_DAY_MONTH_YEAR, cleaned):
        day_text, word, year_text = match.groups()
        return _iso(int(year_text), _month(word, text), int(day_text), text=text)
    if match := re.fullmatch(_MONTH_DAY_YEAR, cleaned):
        word, day_text, year_text = match.groups()
        return _iso(int(year_text), _month(word, text), int(day_text), text=text)
    if match := re.fullmatch(_MONTH_YEAR, cleaned):
        word, year_text = match.groups()
        return _iso(int(year_text), _month(word, text), text=text)
    if match := re.fullmatch(_NAMED_WITH_OFFSET, cleaned):
        return _named_day(match, today, text).isoformat()
    raise _fail(text)


def parse_day(text: str, today: date) -> date:
    """A whole day, for --as-of and other points in time; a partial date is refused."""
    iso = parse_date(text, today)
    if len(iso) != 10:
        raise InterveneError(f"{quoted(text)} is not a single day; give a day such as 2008-06-01 or 1 June 2008")
    return date.fromisoformat(iso)


def _named_day(match: re.Match, today: date, text: str) -> date:
    name, sign, amount, unit = match.groups()
    base = _named_base(name, today)
    if base is None:
        raise _fail(text)
    if sign is None:
        return base
    if unit not in UNITS:
        raise _fail(text)
    return _shift(base, int(amount) * (1 if sign == "+" else -1), UNITS[unit], text)


def _named_base(name: str, today: date) -> date | None:
    quarter_start = 3 * ((today.month - 1) // 3) + 1
    named = {
        "today": today,
        "now": today,
        "tomorrow": today + timedelta(days=1),
        "yesterday": today - timedelta(days=1),
        "som": today.replace(day=1),
        "eom": today.replace(day=days_in_month(today.year, today.month)),
        "soq": date(today.year, quarter_start, 1),
        "eoq": last_day(f"{today.year:04d}-{quarter_start + 2:02d}"),
        "soy": date(today.year, 1, 1),
        "eoy": date(today.year, 12, 31),
    }
    if name in named:
        return named[name]
    for number, long_name in enumerate(WEEKDAYS):
        if name in (long_name, long_name[:3]):
            # The next such weekday, never today: "friday" is a day to come.
            ahead = (number - today.weekday() - 1) % 7 + 1
            return today + timedelta(days=ahead)
    return None


def _shift(day: date, amount: int, unit: str, text: str) -> date:
    from dateutil.relativedelta import relativedelta

    try:
        shifted = day + relativedelta(**{unit: amount})  # type: ignore[arg-type]  # a keyword per unit
    except (OverflowError, ValueError):
        raise InterveneError(f"{quoted(text)} reaches past the calendar") from None
    if not MIN_YEAR <= shifted.year <= MAX_YEAR:
        raise InterveneError(f"{quoted(text)} reaches outside {MIN_YEAR}-{MAX_YEAR}")
    return shifted


def parse_duration(text: str) -> list[tuple[int, str]]:
    """`6 months`, `90 days`, `1y 6m` → [(6, "months")]; at least one term, none negative."""
    cleaned = " ".join(str(text).strip().lower().replace(",", " ").split())
    cleaned = re.sub(r"\band\b", " ", cleaned)
    terms = []
    position = 0
    for match in re.finditer(_DURATION_TERM, cleaned):
        if cleaned[position : match.start()].strip():
            break
        amount, unit = match.groups()
        if unit not in UNITS:
            break
        terms.append((int(amount), UNITS[unit]))
        position = match.end()
    if not terms or cleaned[position:].strip():
        raise _fail(text, "length of time", ACCEPTED_DURATIONS)
    return terms


def add_duration(day: date, text: str) -> date:
    """The day `text` (a duration such as `3y`) after `day`."""
    for amount, unit in parse_duration(text):
        day = _shift(day, amount, unit, text)
    return day


def window_terms(text: str, anchor: date) -> tuple[list, str | None]:
    """What a window's text says: (the terms of a length of time, None), or ([], a date) for
    a far edge given as a date; else the one error that names both."""
    try:
        return parse_duration(text), None
    except InterveneError as duration_error:
        try:
            return [], parse_date(text, anchor)
        except InterveneError:
            raise InterveneError(
                f"{quoted(text)} is neither a length of time ({ACCEPTED_DURATIONS}) nor a date"
            ) from duration_error


def _window_edge(text: str, anchor: date, direction: int) -> date:
    """The far edge of a window from `anchor`: a length of time forwards (1) or back (-1), or a date.

    A date given as the edge counts whole: its last day going forwards, its first going back.
    """
    terms, iso = window_terms(text, anchor)
    if iso is not None:
        return last_day(iso) if direction > 0 else first_day(iso)
    edge = anchor
    for amount, unit in terms:
        edge = _shift(edge, direction * amount, unit, text)
    return edge


def window_end(text: str, start: date) -> date:
    """The last day of a window starting on `start`."""
    end = _window_edge(text, start, 1)
    if end < start:
        raise InterveneError(f"the window {quoted(text)} ends before it starts ({start.isoformat()})")
    return end


def window_start(text: str, end: date) -> date:
    """The first day of a window reaching back from `end`."""
    start = _window_edge(text, end, -1)
    if start > end:
        raise InterveneError(f"the window {quoted(text)} starts after {end.isoformat()}")
    return start


def first_day(iso: str) -> date:
    """The first day a (possibly partial) ISO date covers."""
    year, month, day = _parts(iso)
    return date(year, month or 1, day or 1)


def last_day(iso: str) -> date:
    """The last day a (possibly partial) ISO date covers."""
    year, month, day = _parts(iso)
    if month is None:
        return date(year, 12, 31)
    return date(year, month, day or days_in_month(year, month))


def _parts(iso: str) -> tuple[int, int | None, int | None]:
    numbers = [int(piece) for piece in iso.split("-")]
    return numbers[0], numbers[1] if len(numbers) > 1 else None, numbers[2] if len(numbers) > 2 else None


def not_before(later: str, earlier: str) -> bool:
    """Whether `later` can be on or after `earlier`, compared at the coarser precision.

    The same as `last_day(later) >= first_day(earlier)`: some day `later` covers is on or
    after some day `earlier` covers. It is not whether the last days are in order: `2010-03-01`
    is "not before" `2010-03`, yet its last day is 30 days earlier.
    """
    width = min(len(later), len(earlier))
    return later[:width] >= earlier[:width]


def not_in_future(iso: str, what: str, advice: str = "") -> str:
    """`iso`, unless every day it covers is after today (`2026` is not in the future on any
    day of 2026): `what` names the date in the error, `advice` says what to do instead."""
    if first_day(iso) > today():
        raise InterveneError(f"{what} {display_date(iso)} is in the future" + (f"; {advice}" if advice else ""))
    return iso


@functools.lru_cache(maxsize=8192)
def display_date(iso: str | None, *, short: bool = True) -> str:
    """How a person reads a date, everywhere: `2020-01-31` → `31 Jan 2020`; `2007-03` → `Mar 2007`;
    `2007` stays (a partial date stays partial). `short=False` spells the month out."""
    if not iso:
        return ""
    year, month, day = _parts(iso)
    if month is None:
        return f"{year}"
    month_name = MONTH_NAMES[month - 1][:3] if short else MONTH_NAMES[month - 1]
    if day is None:
        return f"{month_name} {year}"
    return f"{day} {month_name} {year}"


def days_until(iso: str, today: date) -> int:
    """Days from `today` to the last day `iso` covers; negative once it has passed."""
    return (last_day(iso) - today).days


def move_on_by(text: str) -> Callable[[str], str]:
    """Check a length of time and load what moving a date needs, then return what moves a
    (possibly partial) date on by it (as `add_duration_to`), importing nothing when called:
    for use inside a write transaction, which must not hold the database while a module loads."""
    parse_duration(text)
    from dateutil.relativedelta import relativedelta  # noqa: F401  # loaded now, not inside the caller's transaction

    return lambda iso: add_duration_to(iso, text)


def add_duration_to(iso: str, text: str, *, as_term: bool = False) -> str:
    """Move a (possibly partial) date on by a duration, keeping its precision.

    As a term (`--term 3y` from a start) the result is the last day covered:
    a three-year contract from April 2007 ends in March 2010, and one from
    1 April 2007 ends on 31 March 2010. A partial date never gains a day.
    """
    if as_term:
        end = add_duration(first_day(iso), text) - timedelta(days=1)
    else:
        end = add_duration(last_day(iso), text)
        if len(iso) < 10:
            end = last_day(end.isoformat()[: len(iso)])
    return end.isoformat()[: len(iso)]
