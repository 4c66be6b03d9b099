import sys
from datetime import date

import pytest

from intervene.dates import (
    add_duration,
    days_until,
    display_date,
    first_day,
    last_day,
    move_on_by,
    not_before,
    parse_date,
    parse_day,
    window_end,
)
from intervene.errors import InterveneError

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31/01/2020", "2020-01-31"),
        ("1/2/2020", "2020-02-01"),
        ("31.01.2020", "2020-01-31"),
        ("31 January 2020", "2020-01-31"),
        ("31st Jan 2020", "2020-01-31"),
        ("January 31, 2020", "2020-01-31"),
        ("2020-01-31", "2020-01-31"),
        ("2020-01", "2020-01"),
        ("March 2007", "2007-03"),
        ("Sept 2019", "2019-09"),
        ("03/2007", "2007-03"),
        ("2007", "2007"),
        ("today", "2026-11-24"),
        ("  TODAY ", "2026-11-24"),
        ("tomorrow", "2026-11-25"),
        ("eom", "2026-11-30"),
        ("som", "2026-11-01"),
        ("eoq", "2026-12-31"),
        ("soq", "2026-10-01"),
        ("eoy", "2026-12-31"),
        ("friday", "2026-11-27"),
        ("tuesday", "2026-12-01"),
        ("today+30d", "2026-12-24"),
        ("today-1y", "2025-11-24"),
        ("eom+1m", "2026-12-30"),
    ],
)
def test_parse_date_keeps_the_precision_given(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("2020-02-30", "'2020-02-30' is not a real day: February 2020 has 29 days"),
        ("31/04/2021", "'31/04/2021' is not a real day: April 2021 has 30 days"),
        ("2019-13", "'2019-13' has no month 13; months run 1 to 12"),
        ("0000-00-00", "'0000-00-00' has a year outside 1900-2199"),
        ("99999-01-01", "'99999-01-01' is not a date; use 2020-01-31, 31/01/2020"),
        ("next week", "'next week' is not a date"),
        ("", "'' is not a date"),
        ("Smarch 2020", "'Smarch 2020' is not a date"),
    ],
)
def test_parse_date_refuses_with_one_line(text, message):
    with pytest.raises(InterveneError) as raised:
        parse_date(text, TODAY)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_parse_day_refuses_partial_dates():
    assert parse_day("1 June 2008", TODAY) == date(2008, 6, 1)
    with pytest.raises(InterveneError, match="is not a single day"):
        parse_day("2008", TODAY)


def test_durations_and_windows_follow_the_calendar():
    assert add_duration(date(2007, 4, 1), "3y") == date(2010, 4, 1)
    assert add_duration(date(2026, 8, 31), "6 months") == date(2027, 2, 28)
    assert add_duration(date(2026, 1, 1), "90 days") == date(2026, 4, 1)
    assert add_duration(date(2026, 1, 1), "1y 6m") == date(2027, 7, 1)
    assert add_duration(date(2026, 1, 1), "2 weeks") == date(2026, 1, 15)
    assert window_end("6 months", date(2009, 10, 1)) == date(2010, 4, 1)
    assert window_end("2010-03", date(2009, 10, 1)) == date(2010, 3, 31)
    with pytest.raises(InterveneError, match="neither a length of time"):
        window_end("soon", TODAY)
    with pytest.raises(InterveneError, match="ends before it starts"):
        window_end("2020", TODAY)


def test_partial_dates_cover_their_whole_period():
    assert first_day("2007") == date(2007, 1, 1)
    assert last_day("2007") == date(2007, 12, 31)
    assert last_day("2020-02") == date(2020, 2, 29)
    assert last_day("2010-03-15") == date(2010, 3, 15)
    assert days_until("2010-03", date(2010, 3, 1)) == 30
    assert days_until("2020-01-31", date(2020, 2, 1)) == -1


def test_not_before_compares_at_the_coarser_precision():
    assert not_before("2007", "2007-03-01")
    assert not_before("2007-05-01", "2007")
    assert not not_before("2019-01", "2019-02-01")
    assert not_before("2020-01-31", "2019-10-31")


def test_not_before_is_whether_a_last_day_reaches_a_first_day_and_not_whether_last_days_are_in_order():
    """What the order checks on writes mean; it says nothing of which of two ends runs later."""
    around = ["2009", "2010", "2011", "2010-02", "2010-03", "2010-04", "2010-03-01", "2010-03-31", "2010-04-01"]
    for later in around:
        for earlier in around:
            assert not_before(later, earlier) == (last_day(later) >= first_day(earlier)), (later, earlier)
    assert not_before("2010-03-01", "2010-03") and last_day("2010-03-01") < last_day("2010-03")


def test_move_on_by_checks_the_length_first_and_keeps_precision(monkeypatch):
    with pytest.raises(InterveneError, match="'for ever' is not a length of time"):
        move_on_by("for ever")
    monkeypatch.delitem(sys.modules, "dateutil.relativedelta", raising=False)
    move_on = move_on_by("1y 6m")
    assert "dateutil.relativedelta" in sys.modules  # loaded by asking, not by moving a date inside a write
    assert [move_on(iso) for iso in ("2010-03", "2010-03-31", "2010")] == ["2011-09", "2011-09-30", "2012"]


def test_display_keeps_partial_dates_partial_and_parses_back():
    assert display_date("2020-01-31") == "31 Jan 2020"
    assert display_date("2007-03") == "Mar 2007"
    assert display_date("2007") == "2007"
    assert display_date("2007-03", short=True) == "Mar 2007"
    assert display_date(None) == ""
    for iso in ("2020-01-31", "2007-03", "2007", "2019-09-01"):
        assert parse_date(display_date(iso), TODAY) == iso
        assert parse_date(display_date(iso, short=True), TODAY) == iso
