import pytest

from intervene.errors import InterveneError
from intervene.money import display_money, parse_money


@pytest.mark.parametrize(
    "text, pence",
    [
        ("£5.2m", 520_000_000),
        ("£5.2 m", 520_000_000),
        ("£250 million", 25_000_000_000),
        ("5,200,000", 520_000_000),
        ("£5,200,000.50", 520_000_050),
        ("£600k", 60_000_000),
        ("£1.2bn", 120_000_000_000),
        ("£12.50", 1_250),
        ("0", 0),
    ],
)
def test_parse_money_to_pence(text, pence):
    assert parse_money(text) == (pence, "GBP")


def test_other_currencies_keep_their_code():
    assert parse_money("€2m") == (200_000_000, "EUR")
    assert parse_money("USD 5m") == (500_000_000, "USD")
    assert display_money(500_000_000, "USD") == "$5m"
    assert display_money(500_000_000, "CHF") == "CHF 5m"


@pytest.mark.parametrize("text", ["-5", "£-5m", "five million", "£5.2.3m", "£1.234", "£5zillion", "", "£", "1e9"])
def test_bad_money_is_one_line(text):
    with pytest.raises(InterveneError) as raised:
        parse_money(text)
    assert "\n" not in str(raised.value)


def test_absurd_amounts_are_refused():
    with pytest.raises(InterveneError, match="larger than any contract"):
        parse_money("£999999bn")


@pytest.mark.parametrize(
    "pence, shown",
    [
        (520_000_000, "£5.2m"),
        (25_000_000_000, "£250m"),
        (60_000_000, "£600,000"),
        (523_456_789, "£5,234,567.89"),
        (120_000_000_000, "£1.2bn"),
        (1_250, "£12.50"),
        (None, ""),
    ],
)
def test_display_is_short_and_exact(pence, shown):
    assert display_money(pence) == shown
    if pence is not None:
        assert parse_money(shown) == (pence, "GBP")


@pytest.mark.parametrize(
    "text, pence",
    [
        ("999,999", 99_999_900),
        ("1,000,000,000", 100_000_000_000),
        ("£1,250.50", 125_050),
        ("£1,000k", 100_000_000),
        ("USD 1,250", 125_000),
    ],
)
def test_commas_separate_thousands(text, pence):
    assert parse_money(text)[0] == pence


@pytest.mark.parametrize(
    "text", ["£5,2m", "1,2,3", "1,23", "1,2345", "1234,567", "5,200,00", "0,123", ",5", "5,", "£1,250.5,0", "£1.250,50"]
)
def test_a_comma_anywhere_else_is_refused_saying_what_is_accepted(text):
    """Dropping the commas read `£5,2m` as £52m and `1,2,3` as £123."""
    with pytest.raises(InterveneError) as raised:
        parse_money(text)
    message = str(raised.value)
    assert message.startswith(f"'{text}' is not an amount of money: a comma only separates thousands, as in 5,200,000")
    assert "\n" not in message
