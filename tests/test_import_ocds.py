"""Open Contracting packages: buyer matching, suppliers, periods, values, idempotence, updates."""

import json
from pathlib import Path

import pytest

from conftest import counts
from intervene.importers.ocds import import_ocds

FIXTURE = Path(__file__).parent / "fixtures" / "ocds-release-package.json"


def stored(connection, ocid="ocds-abc123-000-00001"):
    return connection.execute("SELECT * FROM contracts WHERE ocid = ?", [ocid]).fetchone()


def test_a_release_package_adds_its_contract(connection, run):
    before = counts(connection)
    result = run("import", "ocds", str(FIXTURE))
    assert result.exit_code == 0
    assert result.stdout == (
        "Added 1 contracts and updated 0 from ocds-release-package.json "
        "(2 releases, 2 contracts; 0 already recorded as they are).\n"
    )
    assert result.stderr == "Unmatched buyer: 'Atlantis Council' (ocds-abc123-000-00002 contract c)\n"
    row = stored(connection)
    council = connection.execute("SELECT short_name FROM authorities WHERE id = ?", [row["authority_id"]]).fetchone()[0]
    assert council == "Halton"  # by the ONS code in additionalIdentifiers
    assert (
        row["provider"],
        row["starts_on"],
        row["ends_on"],
        row["max_ends_on"],
        row["value_pence"],
        row["currency"],
    ) == (
        "Example Children's Trust",
        "2026-04-01",
        "2029-03-31",
        "2031-03-31",
        1_250_000_000,
        "GBP",
    )
    partners = [
        r[0] for r in connection.execute("SELECT partner FROM contract_partners WHERE contract_id = ?", [row["id"]])
    ]
    assert partners == ["Example Fostering Partnership"]
    after = counts(connection)
    assert (after["contracts"], after["changes"]) == (before["contracts"] + 1, before["changes"] + 1)


def test_importing_again_adds_nothing_and_a_later_release_updates(connection, tmp_path):
    import_ocds(connection, FIXTURE)
    middle = counts(connection)
    again = import_ocds(connection, FIXTURE)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert counts(connection) == middle

    package = json.loads(FIXTURE.read_text())
    package["releases"][0]["contracts"][0]["period"]["endDate"] = "2030-03-31T23:59:59Z"
    later = tmp_path / "later.json"
    later.write_text(json.dumps(package))
    result = import_ocds(connection, later)
    assert (result.added, result.updated) == (0, 1)
    assert stored(connection)["ends_on"] == "2030-03-31"
    change = connection.execute("SELECT action, before, after FROM changes ORDER BY id DESC").fetchone()
    assert change["action"] == "import"
    assert (json.loads(change["before"])["ends_on"], json.loads(change["after"])["ends_on"]) == (
        "2029-03-31",
        "2030-03-31",
    )


def test_a_record_package_uses_the_compiled_release(connection, tmp_path):
    release = json.loads(FIXTURE.read_text())["releases"][0]
    path = tmp_path / "records.json"
    path.write_text(
        json.dumps(
            {
                "records": [
                    {"ocid": release["ocid"], "releases": [{"url": "x", "date": "y"}], "compiledRelease": release}
                ]
            }
        )
    )
    assert import_ocds(connection, path).added == 1
    assert stored(connection)["provider"] == "Example Children's Trust"


def test_dry_run_writes_nothing(connection, run):
    before = counts(connection)
    result = json.loads(run("import", "ocds", str(FIXTURE), "--dry-run", "--json").stdout)
    assert (result["dry_run"], result["added"]) == (True, 1)
    assert counts(connection) == before


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda c: c["period"].update(endDate="2025-01-01"), "ends 1 January 2025 before it starts 1 April 2026"),
        (lambda c: c["period"].pop("startDate"), "no period.startDate"),
        (lambda c: c["value"].update(amount="lots"), "value.amount 'lots' is not a number"),
        (lambda c: c["value"].update(amount=-5), "value.amount -5 is not a whole number of pence, or is negative"),
        (
            lambda c: c["period"].update(maxExtentDate="2028-01-01"),
            "maxExtentDate 1 January 2028 is before endDate 31 March 2029",
        ),
    ],
)
def test_bad_contracts_are_skipped_and_said(connection, run, tmp_path, change, reason):
    package = json.loads(FIXTURE.read_text())
    change(package["releases"][0]["contracts"][0])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(package))
    before = counts(connection)
    result = run("import", "ocds", str(path))
    assert result.exit_code == 0
    assert f"Skipped: ocds-abc123-000-00001 contract contract-1: {reason}" in result.stderr
    assert counts(connection) == before


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "Error: bad.json is not JSON"),
        ("[1, 2]", "Error: bad.json is not an OCDS package"),
        ('{"name": "x"}', "Error: bad.json is neither an OCDS release package nor a record package"),
    ],
)
def test_files_that_are_not_packages(run, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run("import", "ocds", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(message)


def test_a_release_the_database_refuses_imports_nothing_of_the_file(connection, run, tmp_path):
    """A later release starting after the day the contract was recorded as ended breaks a
    rule of the table: the whole file is refused, the new contract before it too."""
    from intervene.records import end_contract

    import_ocds(connection, FIXTURE)
    end_contract(connection, stored(connection)["id"], ended_on="2026-05-31")
    package = json.loads(FIXTURE.read_text())
    later = package["releases"][0]
    later["contracts"][0]["period"]["startDate"] = "2026-07-01T00:00:00Z"
    new = json.loads(json.dumps(later))
    new["ocid"] = "ocds-abc123-000-00003"
    package["releases"].insert(0, new)
    path = tmp_path / "later.json"
    path.write_text(json.dumps(package))
    before = counts(connection)
    result = run("import", "ocds", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: OCDS ocds-abc123-000-00001, contract contract-1 (later.json): the change was refused by the database: "
        "CHECK constraint failed"
    ), result.stderr
    assert result.stderr.rstrip().endswith("; nothing was imported")
    assert counts(connection) == before
    assert stored(connection, "ocds-abc123-000-00003") is None
