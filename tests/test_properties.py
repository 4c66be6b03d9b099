"""Property tests: any text gives a value or the project's own one-line error; what is shown parses back."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intervene.dates import display_date, parse_date, parse_day, parse_duration, window_end
from intervene.errors import InterveneError
from intervene.grades import FRAMEWORKS, canonical_grade
from intervene.money import display_money, parse_money

TODAY = date(2026, 11, 24)
any_text = st.text(max_size=60) | st.sampled_from(
    ["2020-02-30", "31/01/2020", "£5.2m", "today+3d", "6 months", "RI", "4", "", " ", "\x00", "0000-00-00", "1y 6m"]
)


def value_or_one_line_error(parse, *args):
    try:
        return parse(*args)
    except InterveneError as error:
        message = str(error)
        assert message and "\n" not in message and "\r" not in message
        return None


@given(any_text)
def test_dates_parse_or_say_why(text):
    iso = value_or_one_line_error(parse_date, text, TODAY)
    if iso is not None:
        assert len(iso) in (4, 7, 10)
        assert parse_date(display_date(iso), TODAY) == iso


@given(any_text)
def test_days_and_windows_parse_or_say_why(text):
    day = value_or_one_line_error(parse_day, text, TODAY)
    assert day is None or isinstance(day, date)
    end = value_or_one_line_error(window_end, text, TODAY)
    assert end is None or end >= TODAY
    value_or_one_line_error(parse_duration, text)


@given(any_text)
def test_money_parses_or_says_why(text):
    parsed = value_or_one_line_error(parse_money, text)
    if parsed is not None:
        pence, currency = parsed
        assert pence >= 0 and len(currency) == 3


@given(any_text, st.sampled_from([None, *FRAMEWORKS]))
def test_grades_parse_or_say_why(text, framework):
    parsed = value_or_one_line_error(canonical_grade, text, framework)
    if parsed is not None:
        assert parsed[0] in ("outstanding", "good", "adequate", "requires improvement", "inadequate")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.integers(0, 2))
def test_displayed_dates_parse_back_at_their_precision(day, cut):
    iso = day.isoformat()[: (10, 7, 4)[cut]]
    assert parse_date(display_date(iso), TODAY) == iso
    assert parse_date(display_date(iso, short=True), TODAY) == iso


@given(st.integers(min_value=0, max_value=10**15))
def test_displayed_money_parses_back(pence):
    assert parse_money(display_money(pence)) == (pence, "GBP")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_text)
def test_authorities_resolve_or_say_why(connection, text):
    from intervene.authorities import resolve_authority

    found = value_or_one_line_error(resolve_authority, connection, text)
    assert found is None or isinstance(found["id"], int)
