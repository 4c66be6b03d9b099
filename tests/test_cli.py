import json

from conftest import counts


def under(heading: str, output: str, count: int) -> list[str]:
    """The `count` lines printed beneath a section's heading."""
    lines = output.splitlines()
    start = lines.index(heading)
    return lines[start + 1 : start + 1 + count]


def test_status_stoke_today(run):
    result = run("status", "stoke")
    assert result.exit_code == 0
    out = result.stdout
    assert "Stoke-on-Trent City Council" in out
    assert "E06000021 · LA 861 · West Midlands · unitary" in out
    assert "Status on 24 Nov 2026" in out
    assert "No intervention in force on this date." in out
    assert "statutory direction 16 May 2019 → revised direction 31 Oct 2019 → revoked 10 Feb" in out
    assert "by Secretary of State for Education (Gavin" in out and "deadline 31 Jan 2020" in out
    assert 'statutory direction ("intervention order"), children\'s services' in out
    assert "lifted 2010 (day not known)" in out
    assert "commissioner Eleanor Brazil" in out
    assert "requires improvement" in out
    # The grade that stood at the end of each year: APA 2006, JAR 2009, SIF 2015, ILACS 2019 and 2022.
    assert "  2006 I I I A A A A A A R R R R I I I R R R R R 2026" in out


def test_status_groups_ratings_under_the_inspection_that_gave_them(run):
    assert under("Latest ratings", run("status", "stoke", "--as-of", "2019-12-01").stdout, 8) == [
        "  ILACS, published 18 Mar 2019 (inspected 4 Feb 2019)",
        "    overall effectiveness                            inadequate",
        "    impact of leaders                                inadequate",
        "    help and protection                              inadequate",
        "    children in care                                 inadequate",
        "  SIF, published 10 Aug 2015",
        "    children looked after and achieving permanence   requires improvement",
        "    adoption performance                             good",
    ]


def test_status_sections_wrap_clear_of_their_labels(run, connection):
    """On a narrow terminal prose wraps beneath itself, never under the dates; no line ends in spaces."""
    result = run("status", "stoke", "--as-of", "2019-12-01", columns=60)
    assert result.exit_code == 0
    assert all(len(line) <= 60 and line == line.rstrip() for line in result.stdout.splitlines())
    revised = connection.execute("SELECT id FROM interventions WHERE issued_on = '2019-10-31'").fetchone()[0]
    assert under("Interventions in force", result.stdout, 8) == [
        '  31 Oct 2019 –   statutory direction ("revised direction"),',
        f"  in force        children's social care (intervention {revised})",
        "                  by Secretary of State for Education (Gavin",
        "                  Williamson)",
        "                  commissioner Eleanor Brazil",
        "                  deadline 31 Jan 2020: 61 days left",
        "                  statutory direction 16 May 2019 → revised",
        "                  direction 31 Oct 2019 → in force",
    ]


def test_status_on_a_very_narrow_terminal_stacks_labels_over_their_prose(run):
    result = run("status", "stoke", "--as-of", "2008-06-01", columns=30)
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 30  # nothing cut off at the edge
    assert under("Contracts live", result.stdout, 6) == [
        "  Apr 2007 – Mar 2010",
        "    Serco, £5.2m (contract 1)",
        "    with Shaftesbury Young",
        "    People, Tact, Care and",
        "    Health",
        "    668 days left",
    ]


def test_status_as_of_2008_shows_the_order_and_serco(run):
    result = run("status", "stoke", "--as-of", "2008-06-01")
    assert result.exit_code == 0
    assert "intervention order" in result.stdout
    assert "Serco" in result.stdout
    assert "£5.2m" in result.stdout
    assert "668 days left" in result.stdout


def test_status_as_of_uk_date_shows_the_direction(run):
    result = run("status", "E06000021", "--as-of", "01/12/2019")
    assert result.exit_code == 0
    assert "statutory direction" in result.stdout
    assert "Eleanor Brazil" in result.stdout
    assert "31 Jan 2020" in result.stdout
    assert "61 days left" in result.stdout


def test_status_json_is_one_object(run):
    result = run("status", "861", "--as-of", "2019-12-01", "--json")
    assert result.exit_code == 0
    view = json.loads(result.stdout)
    assert view["authority"]["slug"] == "stoke-on-trent"
    assert view["as_of"] == "2019-12-01"
    assert view["interventions"][0]["deadline_on"] == "2020-01-31"
    assert view["interventions"][0]["days_to_deadline"] == 61


def test_ambiguous_authority_is_one_line_exit_1(run, connection):
    before = counts(connection)
    result = run("status", "sto")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'sto' matches 3 councils: Stockport, Stockton-on-Tees, Stoke-on-Trent; give more of the name\n"
    )
    assert result.stdout == ""
    assert counts(connection) == before


def test_unknown_authority_suggests(run):
    result = run("status", "stokee")
    assert result.exit_code == 1
    assert result.stderr == "Error: no council matches 'stokee'; did you mean Stoke-on-Trent?\n"


def test_bad_as_of_is_one_line(run):
    result = run("status", "stoke", "--as-of", "2020-02-30")
    assert result.exit_code == 1
    assert result.stderr == "Error: '2020-02-30' is not a real day: February 2020 has 29 days\n"


def test_missing_argument_is_a_usage_error(run):
    result = run("status")
    assert result.exit_code == 2
    assert "Missing argument 'AUTHORITY'" in result.stderr


def test_db_option_overrides_the_environment(run, tmp_path):
    path = tmp_path / "elsewhere.db"
    made = run("init", str(path))
    assert (made.exit_code, made.stderr) == (0, f"Created {path} from the seed.\n")
    result = run("--db", str(path), "status", "bristol")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Bristol City Council" in result.stdout


def test_a_non_database_file_is_refused(run, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database" * 50)
    result = run("--db", str(path), "status", "stoke")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path} is not an intervene database")
    assert path.read_text() == "not a database" * 50


def test_version(run):
    from intervene import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"intervene, version {__version__}\n"


def test_status_of_a_ceased_council_says_so_and_who_followed(run):
    out = run("status", "E06000028").stdout
    assert "Bournemouth Borough Council" in out
    assert "Bournemouth Borough Council ceased 1 Apr 2019 → Bournemouth, Christchurch and Poole" in out


def test_status_of_a_council_with_no_facts_says_what_is_missing(run):
    assert (
        run(
            "add-authority",
            "Testshire County Council",
            "--ons-code",
            "E10000999",
            "--kind",
            "county",
            "--region",
            "South East",
            "--source",
            "S",
        ).exit_code
        == 0
    )
    out = run("status", "testshire").stdout
    assert "No ratings recorded by this date." in out
    assert "No intervention in force on this date." in out
    assert "History" not in out and "Recent events" not in out


def test_status_shows_an_open_ended_contract_as_such(run, connection):
    from intervene import records

    added = records.add_contract(connection, authority_id=48, provider="Open Trust", starts_on="2026-01", ends_on=None)
    assert under("Contracts live", run("status", "halton").stdout, 2) == [
        f"  Jan 2026 –   Open Trust (contract {added['id']})",
        "  open-ended",
    ]
