import json

import pytest

from intervene.authorities import ONS_CODE, normalise, resolve_authority, slugify
from intervene.errors import InterveneError
from intervene.registry import parse_ons_code


@pytest.mark.parametrize(
    "text",
    [
        "stoke",
        "Stoke",
        "stoke-on-trent",
        "Stoke-on-Trent City Council",
        "STOKE-ON-TRENT CITY COUNCIL",
        "E06000021",
        "e06000021",
        "861",
        "stoke on trent",
        "trent",
    ],
)
def test_every_way_of_naming_stoke(connection, text):
    assert resolve_authority(connection, text)["short_name"] == "Stoke-on-Trent"


@pytest.mark.parametrize(
    "text, short_name",
    [
        ("Bristol, City of", "Bristol"),
        ("bristol", "Bristol"),
        ("Hull", "Kingston upon Hull"),
        ("Durham", "County Durham"),
        ("Telford & Wrekin", "Telford and Wrekin"),
        ("telford and wrekin council", "Telford and Wrekin"),
        ("St Helens", "St. Helens"),
        ("E08000038", "Barnsley"),
        ("E08000016", "Barnsley"),
        ("Stockport Metropolitan Borough Council", "Stockport"),
        ("essex", "Essex"),
        ("halton", "Halton"),
    ],
)
def test_aliases_people_use(connection, text, short_name):
    assert resolve_authority(connection, text)["short_name"] == short_name


def test_ambiguous_words_list_the_candidates(connection):
    with pytest.raises(InterveneError) as raised:
        resolve_authority(connection, "sto")
    assert (
        str(raised.value)
        == "'sto' matches 3 councils: Stockport, Stockton-on-Tees, Stoke-on-Trent; give more of the name"
    )


def test_no_match_suggests_the_closest(connection):
    with pytest.raises(InterveneError) as raised:
        resolve_authority(connection, "stokee")
    assert str(raised.value) == "no council matches 'stokee'; did you mean Stoke-on-Trent?"
    with pytest.raises(InterveneError, match="no council matches 'zzzz'; `intervene authorities` lists them all"):
        resolve_authority(connection, "zzzz")
    with pytest.raises(InterveneError, match="no council given"):
        resolve_authority(connection, "  ")


def test_slugs_and_normal_forms():
    assert slugify("Stoke-on-Trent") == "stoke-on-trent"
    assert slugify("Telford & Wrekin") == "telford-and-wrekin"
    assert normalise("St. Helens") == "st helens"


def test_shell_completion_offers_slugs_without_creating_a_database(db_path, tmp_path, monkeypatch):
    import click

    from intervene.cli import cli
    from intervene.params import AUTHORITY

    def complete_authority(context, param, incomplete):
        return AUTHORITY.shell_complete(context, param, incomplete)

    context = click.Context(cli)
    context.params = {"db_path": str(db_path)}
    offered = [(item.value, item.help) for item in complete_authority(context, None, "sto")]
    assert offered == [
        ("stockport", "Stockport"),
        ("stockton-on-tees", "Stockton-on-Tees"),
        ("stoke-on-trent", "Stoke-on-Trent"),
    ]
    assert complete_authority(context, None, "zzz") == []
    assert len(complete_authority(context, None, "")) == 50  # the first fifty, in order
    missing = tmp_path / "none.db"
    context.params = {"db_path": str(missing)}
    assert complete_authority(context, None, "sto") == []
    assert not missing.exists()


@pytest.mark.parametrize("code", ["E06000021", "e07000228", "E08000038", " E09000001 ", "E10000999"])
def test_an_english_councils_ons_code_is_accepted(code):
    assert parse_ons_code(code) == code.strip().upper()


@pytest.mark.parametrize(
    "code",
    [
        "E05000001",
        "E11000001",
        "E12000005",
        "W06000001",
        "S12000033",
        "N09000001",
        "E0600002",
        "E060000211",
        "E06\u0660\u0660\u0660\u0660\u0662\u0661",
        "X123",
    ],
)
def test_other_codes_are_not_council_ons_codes(connection, code):
    """Wards (E05), regions (E12), combined areas (E11) and the other nations' councils are not
    English councils; a lookup does not take them for codes either."""
    with pytest.raises(InterveneError, match="is not an ONS code; an English council's is E06, E07, E08, E09 or E10"):
        parse_ons_code(code)
    assert not ONS_CODE.fullmatch(code)
    with pytest.raises(InterveneError, match="no council matches"):
        resolve_authority(connection, code)


# Identifiers through time: former ONS codes (from identifiers.csv), the LA numbers of
# councils since abolished, and short names, each to exactly one council.
@pytest.mark.parametrize(
    "text, name, notes",
    [
        (
            "E08000020",
            "Gateshead Metropolitan Borough Council",
            ["ONS code E08000020 now belongs to Gateshead, recorded as E08000037"],
        ),
        (
            "e06000048",
            "Northumberland County Council",
            ["ONS code E06000048 now belongs to Northumberland, recorded as E06000057"],
        ),
        (
            "E10000023",
            "North Yorkshire Council",
            ["ONS code E10000023 now belongs to North Yorkshire, recorded as E06000065"],
        ),
        (
            "E10000002",
            "Buckinghamshire Council",
            ["ONS code E10000002 now belongs to Buckinghamshire, recorded as E06000060"],
        ),
        ("E10000027", "Somerset Council", ["ONS code E10000027 now belongs to Somerset, recorded as E06000066"]),
        ("836", "Borough of Poole", ["Borough of Poole ceased 1 Apr 2019 → Bournemouth, Christchurch and Poole"]),
        (
            "837",
            "Bournemouth Borough Council",
            ["Bournemouth Borough Council ceased 1 Apr 2019 → Bournemouth, Christchurch and Poole"],
        ),
        (
            "bournemouth",
            "Bournemouth Borough Council",
            ["Bournemouth Borough Council ceased 1 Apr 2019 → Bournemouth, Christchurch and Poole"],
        ),
        (
            "E10000021",
            "Northamptonshire County Council",
            ["Northamptonshire County Council ceased 1 Apr 2021 → North Northamptonshire and West Northamptonshire"],
        ),
        ("BCP", "Bournemouth, Christchurch and Poole Council", []),
        ("bcp", "Bournemouth, Christchurch and Poole Council", []),
        ("BANES", "Bath and North East Somerset Council", []),
        ("B&NES", "Bath and North East Somerset Council", []),
        ("RBKC", "Royal Borough of Kensington and Chelsea", []),
        ("H&F", "London Borough of Hammersmith & Fulham", []),
        ("LBHF", "London Borough of Hammersmith & Fulham", []),
        ("RBWM", "Royal Borough of Windsor and Maidenhead", []),
        ("LBBD", "London Borough of Barking and Dagenham", []),
        ("E08000037", "Gateshead Metropolitan Borough Council", []),
        ("839", "Bournemouth, Christchurch and Poole Council", []),
    ],
)
def test_identifiers_through_time(connection, text, name, notes):
    from intervene.authorities import identity_notes

    authority = resolve_authority(connection, text)
    assert authority["name"] == name
    assert identity_notes(authority, text) == notes


@pytest.mark.parametrize(
    "text, message",
    [
        ("E08000099", "no council matches 'E08000099'; `intervene authorities` lists them all"),
        ("834", "no council matches '834'; `intervene authorities` lists them all"),
        ("BANESS", "no council matches 'BANESS'; did you mean Bath and North East Somerset, Barnet?"),
        ("RBKX", "no council matches 'RBKX'; did you mean Kensington and Chelsea?"),
    ],
)
def test_unknown_identifiers_are_one_line(run, connection, text, message):
    result = run("status", text)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


def test_the_status_card_says_how_a_former_code_was_read(run):
    out = run("status", "E08000020").stdout
    assert "Gateshead Metropolitan Borough Council" in out
    assert "ONS code E08000020 now belongs to Gateshead, recorded as E08000037" in out
    view = json.loads(run("status", "bournemouth", "--json").stdout)
    assert view["notes"] == ["Bournemouth Borough Council ceased 1 Apr 2019 → Bournemouth, Christchurch and Poole"]
    assert run("status", "stoke", "--json").stdout.count('"notes": []') == 1


def test_former_codes_carry_their_source(connection):
    source = resolve_authority(connection, "gateshead")["source"]
    assert "former ONS code E08000020 (to 2013-04-01): ONS, Code History Database" in source
    assert "local authority 836" in resolve_authority(connection, "poole")["source"]
