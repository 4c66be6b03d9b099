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
        (lambda c: c["period"].update(endDate="2025-01-01"), "ends 1 Jan 2025 before it starts 1 Apr 2026"),
        (lambda c: c["period"].pop("startDate"), "no period.startDate"),
        (lambda c: c["value"].update(amount="lots"), "value.amount 'lots' is not a number"),
        (lambda c: c["value"].update(amount=-5), "value.amount -5 is negative"),
        (lambda c: c["value"].update(amount=12.345), "value.amount 12.345 is not a whole number of pence"),
        (lambda c: c["value"].update(amount=float("nan")), "value.amount nan is not a number"),
        (lambda c: c["value"].update(amount=float("inf")), "value.amount inf is not a number"),
        (lambda c: c["value"].update(amount="Infinity"), "value.amount 'Infinity' is not a number"),
        (lambda c: c["value"].update(amount="NaN"), "value.amount 'NaN' is not a number"),
        (lambda c: c["value"].update(amount=True), "value.amount True is not a number"),
        (lambda c: c["value"].update(amount=1e30), "value.amount 1e+30 is more than £10 trillion, beyond any contract"),
        (lambda c: c["value"].update(currency=826), "value.currency is a number, not text"),
        (lambda c: c["value"].update(currency="£££"), "value.currency '£££' is not an ISO 4217 currency code"),
        (lambda c: c.update(value="£12.5m"), "value is text, not an object"),
        (lambda c: c.update(period="2026 to 2029"), "period is text, not an object"),
        (lambda c: c["period"].update(startDate=20260401), "period.startDate is a number, not text"),
        (
            lambda c: c["period"].update(startDate="today"),
            "period.startDate 'today' is not a date; OCDS gives dates as 2026-04-01T00:00:00Z",
        ),
        (
            lambda c: c["period"].update(endDate="31/03/2029"),
            "period.endDate '31/03/2029' is not a date; OCDS gives dates as 2026-04-01T00:00:00Z",
        ),
        (
            lambda c: c["period"].update(endDate="2029-02-30T00:00:00Z"),
            "period.endDate: '2029-02-30' is not a real day: February 2029 has 28 days",
        ),
        (lambda c: c.update(title=["a", "list"]), "title is an array, not text"),
        (lambda c: c.update(title="half a pair \udcff"), "title 'half a pair \\udcff' is not valid Unicode text"),
        (
            lambda c: c.update(description="x" * 200_000),
            "description is 200,000 characters long; at most 131,072 are read",
        ),
        (lambda c: c.update(awardID={"id": 1}), "awardID is an object, not an identifier (text or a whole number)"),
        (
            lambda c: c["period"].update(maxExtentDate="2028-01-01"),
            "maxExtentDate 1 Jan 2028 is before endDate 31 Mar 2029",
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
    assert f"Skipped: ocds-abc123-000-00001 contract contract-1: {reason}\n" in result.stderr
    assert counts(connection) == before


def with_good_release(package: dict) -> dict:
    """The package with the fixture's good release again, under another OCID, after the rest."""
    good = json.loads(FIXTURE.read_text())["releases"][0]
    good["ocid"] = "ocds-abc123-000-00009"
    package["releases"].append(good)
    return package


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda r: r.update(buyer="Halton Borough Council"), "buyer is text, not an object"),
        (lambda r: r["buyer"].update(name=7), "buyer.name is a number, not text"),
        (lambda r: r.update(parties={"id": "x"}), "parties is an object, not an array"),
        (lambda r: r["parties"].append("Halton"), "parties[3] is text, not an object"),
        (lambda r: r["parties"][0].update(identifier="E06000006"), "parties[0].identifier is text, not an object"),
        (
            lambda r: r["parties"][0].update(additionalIdentifiers="E06000006"),
            "parties[0].additionalIdentifiers is text, not an array",
        ),
        (
            lambda r: r["parties"][0]["additionalIdentifiers"][0].update(id=[1]),
            "parties[0].additionalIdentifiers[0].id is an array, not an identifier (text or a whole number)",
        ),
        (lambda r: r["parties"][0].update(roles="buyer"), "parties[0].roles is text, not an array"),
        (lambda r: r.update(contracts=5), "contracts is a number, not an array"),
        (lambda r: r.update(awards="award-1"), "awards is text, not an array"),
        (
            lambda r: r["awards"][0].update(suppliers=3),
            "awards[0].suppliers is a number, not an array",
        ),
        (
            lambda r: r["awards"][0]["suppliers"][0].update(name=False),
            "awards[0].suppliers[0].name is true or false, not text",
        ),
        (lambda r: r.update(ocid={"id": 1}), "ocid is an object, not an identifier (text or a whole number)"),
        (lambda r: r.update(ocid="ocds-\ud800"), "ocid 'ocds-\\ud800' is not valid Unicode text"),
    ],
)
def test_a_release_of_the_wrong_shape_is_skipped_and_the_rest_go_in(connection, run, tmp_path, change, reason):
    """A wrong type where the importer reads the release skips that release, said once with
    its place and OCID; the good release after it still goes in."""
    package = json.loads(FIXTURE.read_text())
    change(package["releases"][0])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(with_good_release(package)))
    before = counts(connection)
    result = run("import", "ocds", str(path))
    assert result.exit_code == 0, result.stderr
    named = "release 1" if reason.startswith("ocid") else "release 1 (ocds-abc123-000-00001)"
    assert f"Skipped: {named}: {reason}\n" in result.stderr
    assert result.stdout.startswith("Added 1 contracts and updated 0 from bad.json (3 releases, ")
    assert stored(connection, "ocds-abc123-000-00009") is not None
    assert stored(connection) is None
    assert counts(connection)["contracts"] == before["contracts"] + 1


def test_releases_and_contracts_that_are_not_objects_are_said_by_their_place(connection, run, tmp_path):
    package = json.loads(FIXTURE.read_text())
    package["releases"][0]["contracts"].insert(0, "contract-0")
    package["releases"].insert(1, ["not", "a", "release"])
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(package))
    result = run("import", "ocds", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith("Added 1 contracts and updated 0 from odd.json (3 releases, 3 contracts;")
    assert "Skipped: ocds-abc123-000-00001 contract #1: the contract is text, not an object\n" in result.stderr
    assert "Skipped: release 2: it is an array, not an object\n" in result.stderr


def test_a_record_with_no_release_to_read_is_said(connection, run, tmp_path):
    release = json.loads(FIXTURE.read_text())["releases"][0]
    path = tmp_path / "records.json"
    path.write_text(
        json.dumps(
            {
                "records": [
                    {"ocid": "ocds-abc123-000-00005", "releases": [{"url": "https://example.invalid/1"}]},
                    {"ocid": release["ocid"], "releases": [{**release, "date": "2025"}, release]},
                ]
            }
        )
    )
    result = run("import", "ocds", str(path))
    assert result.exit_code == 0
    assert (
        "Skipped: record 1 (ocds-abc123-000-00005): no compiledRelease, and no embedded release with an OCID\n"
        in result.stderr
    )
    assert stored(connection)["provider"] == "Example Children's Trust"


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "Error: bad.json is not JSON"),
        ("[1, 2]", "Error: bad.json is not an OCDS package"),
        ('{"name": "x"}', "Error: bad.json is neither an OCDS release package nor a record package"),
        ('{"releases": "none"}', "Error: bad.json is not an OCDS package: its 'releases' is text, not an array"),
        ('{"records": 3}', "Error: bad.json is not an OCDS package: its 'records' is a number, not an array"),
        ('{"releases": ' + "[" * 100_000 + "]" * 100_000 + "}", "Error: bad.json is nested too deeply"),
        ('{"releases": [' + "1" * 5_000 + "]}", "Error: bad.json holds a number too long to read"),
        ('{"releases": []}\n\ud800', "Error: bad.json is not JSON"),
    ],
)
def test_files_that_are_not_packages(connection, run, tmp_path, content, message):
    """A file that cannot be read as a package at all is one line, exit 1, and nothing written."""
    path = tmp_path / "bad.json"
    path.write_text(content, errors="surrogatepass")
    before = counts(connection)
    result = run("import", "ocds", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert counts(connection) == before


@pytest.mark.parametrize(
    "period, said",
    [
        ({"startDate": "2026-07-01T00:00:00Z"}, "the file says it starts 1 Jul 2026, after that"),
        ({"endDate": "2026-04-30T23:59:59Z"}, "the file says it is planned to end 30 Apr 2026, before that"),
    ],
)
def test_a_release_contradicting_a_recorded_early_end_is_a_conflict(connection, run, tmp_path, period, said):
    """A later release that starts the contract after its recorded early end (which the table
    refuses), or plans its end before it, is a conflict for that contract: said with what
    is recorded and what the file says, and kept as recorded; the rest of the file goes in."""
    from intervene.records import end_contract

    import_ocds(connection, FIXTURE)
    contract_id = stored(connection)["id"]
    end_contract(connection, contract_id, ended_on="2026-05-31")
    package = json.loads(FIXTURE.read_text())
    later = package["releases"][0]
    later["contracts"][0]["period"].update(period)
    new = json.loads(json.dumps(later))
    new["ocid"] = "ocds-abc123-000-00003"
    package["releases"].insert(0, new)
    path = tmp_path / "later.json"
    path.write_text(json.dumps(package))
    before = counts(connection)
    result = run("import", "ocds", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Added 1 contracts and updated 0 from later.json")
    assert (
        f"Conflict: ocds-abc123-000-00001 contract contract-1: recorded as ended early on 31 May 2026 "
        f"(contract {contract_id}); {said}; kept as recorded\n"
    ) in result.stderr
    row = stored(connection)
    assert (row["starts_on"], row["ends_on"], row["ended_on"]) == ("2026-04-01", "2029-03-31", "2026-05-31")
    assert stored(connection, "ocds-abc123-000-00003") is not None
    after = counts(connection)
    assert (after["contracts"], after["changes"]) == (before["contracts"] + 1, before["changes"] + 1)
    [conflict] = json.loads(run("import", "ocds", str(path), "--json").stdout)["conflicts"]
    assert (conflict["recorded_ended_on"], conflict["ocid"], conflict["contract"]) == (
        "2026-05-31",
        "ocds-abc123-000-00001",
        "contract-1",
    )


def test_a_release_agreeing_with_a_recorded_early_end_updates_as_any_other(connection, tmp_path):
    from intervene.records import end_contract

    import_ocds(connection, FIXTURE)
    end_contract(connection, stored(connection)["id"], ended_on="2026-05-31")
    package = json.loads(FIXTURE.read_text())
    package["releases"][0]["contracts"][0]["period"]["endDate"] = "2026-05-31T23:59:59Z"
    path = tmp_path / "later.json"
    path.write_text(json.dumps(package))
    result = import_ocds(connection, path)
    assert (result.updated, result.conflicts) == (1, [])
    assert (stored(connection)["ends_on"], stored(connection)["ended_on"]) == ("2026-05-31", "2026-05-31")


def test_a_release_the_database_refuses_imports_nothing_of_the_file(connection, run, tmp_path):
    """A refusal by one of the database's own rules, which no check of the file foresees,
    leaves the whole file unimported, said on one line."""
    connection.execute(
        "CREATE TRIGGER refuse_imports BEFORE UPDATE ON contracts"
        " BEGIN SELECT RAISE(ABORT, 'refused\nfor the test'); END"
    )
    connection.commit()
    import_ocds(connection, FIXTURE)
    package = json.loads(FIXTURE.read_text())
    later = package["releases"][0]
    later["contracts"][0]["period"]["endDate"] = "2030-03-31"
    new = json.loads(json.dumps(later))
    new["ocid"] = "ocds-abc123-000-00003"
    package["releases"].insert(0, new)
    path = tmp_path / "later.json"
    path.write_text(json.dumps(package))
    before = counts(connection)
    result = run("import", "ocds", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: OCDS ocds-abc123-000-00001, contract contract-1 (later.json): the change was refused by the "
        "database: refused for the test; nothing was imported\n"
    )
    assert counts(connection) == before
    assert stored(connection, "ocds-abc123-000-00003") is None


def release_file(tmp_path, name: str, change=None) -> Path:
    """The fixture's Halton release alone, changed by `change`, written to `name`."""
    release = json.loads(FIXTURE.read_text())["releases"][0]
    if change:
        change(release)
    path = tmp_path / name
    path.write_text(json.dumps({"releases": [release]}))
    return path


def partial(release: dict) -> None:
    """A later release as publishers send it: the contract's id and a new end, nothing else."""
    del release["awards"], release["parties"]
    release["contracts"] = [{"id": "contract-1", "period": {"endDate": "2030-03-31T23:59:59Z"}}]


def last_change(connection) -> tuple[dict, dict]:
    """The columns the newest audit entry changed: their values before and after."""
    row = connection.execute("SELECT before, after FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    before, after = json.loads(row["before"]), json.loads(row["after"])
    changed = [column for column in after if before[column] != after[column]]
    return {column: before[column] for column in changed}, {column: after[column] for column in changed}


def test_a_partial_release_keeps_what_it_leaves_out_and_null_removes(connection, run, tmp_path):
    """OCDS merging: a field a later release leaves out keeps its recorded value; only an
    explicit null removes it; the source names each file that brought a change, once."""
    assert run("import", "ocds", str(release_file(tmp_path, "first.json"))).exit_code == 0
    second = release_file(tmp_path, "second.json", partial)
    result = run("import", "ocds", str(second))
    assert result.stdout.startswith("Added 0 contracts and updated 1 from second.json")
    row = stored(connection)
    assert (row["scope"], row["value_pence"], row["currency"], row["provider"]) == (
        "Children's social care services",
        1_250_000_000,
        "GBP",
        "Example Children's Trust",
    )
    assert (row["starts_on"], row["ends_on"], row["max_ends_on"]) == ("2026-04-01", "2030-03-31", "2031-03-31")
    assert last_change(connection) == (
        {"ends_on": "2029-03-31", "source": "OCDS ocds-abc123-000-00001, contract contract-1 (first.json)"},
        {
            "ends_on": "2030-03-31",
            "source": "OCDS ocds-abc123-000-00001, contract contract-1 (first.json; second.json)",
        },
    )

    # The same file again: nothing changes, nothing is audited.
    changes = counts(connection)["changes"]
    again = run("import", "ocds", str(second))
    assert again.stdout.endswith("(1 releases, 1 contracts; 1 already recorded as they are).\n")
    assert counts(connection)["changes"] == changes
    assert stored(connection)["ends_on"] == "2030-03-31"

    def no_title(release):
        partial(release)
        release["contracts"][0] = {"id": "contract-1", "title": None, "value": None}

    run("import", "ocds", str(release_file(tmp_path, "third.json", no_title)))
    row = stored(connection)
    assert (row["scope"], row["value_pence"], row["ends_on"]) == (None, None, "2030-03-31")
    assert row["source"] == "OCDS ocds-abc123-000-00001, contract contract-1 (first.json; second.json; third.json)"
    before, after = last_change(connection)
    assert (set(after), after["scope"], after["value_pence"]) == ({"scope", "value_pence", "source"}, None, None)
    assert counts(connection)["changes"] == changes + 1


def test_releases_in_one_file_are_merged_in_turn(connection, tmp_path):
    """A package holding a contract's releases in turn: the later, partial ones change only
    what they give, and the file is named once."""
    package = json.loads(FIXTURE.read_text())
    later = json.loads(json.dumps(package["releases"][0]))
    partial(later)
    later["contracts"][0]["description"] = "Fostering and adoption"
    later["contracts"][0]["value"] = {"amount": 13000000}
    package["releases"].append(later)
    path = tmp_path / "both.json"
    path.write_text(json.dumps(package))
    result = import_ocds(connection, path)
    assert (result.added, result.updated) == (1, 1)
    row = stored(connection)
    assert (row["scope"], row["value_pence"], row["currency"], row["ends_on"]) == (
        "Children's social care services — Fostering and adoption",
        1_300_000_000,
        "GBP",
        "2030-03-31",
    )
    assert row["source"] == "OCDS ocds-abc123-000-00001, contract contract-1 (both.json)"


@pytest.mark.parametrize(
    "contract, reason",
    [
        ({"period": {"startDate": None}}, "the release removes period.startDate, and a contract needs its start"),
        ({"period": None}, "the release removes period.startDate, and a contract needs its start"),
        ({"period": {"endDate": "2026-01-01"}}, "ends 1 Jan 2026 before it starts 1 Apr 2026"),
        ({"period": {"maxExtentDate": None, "endDate": "2032-03-31"}}, None),
    ],
)
def test_a_partial_release_is_checked_with_what_is_recorded(connection, run, tmp_path, contract, reason):
    """A later release's dates are checked against the dates it leaves as recorded."""
    import_ocds(connection, release_file(tmp_path, "first.json"))

    def change(release):
        partial(release)
        release["contracts"][0] = {"id": "contract-1", **contract}

    before = counts(connection)
    result = run("import", "ocds", str(release_file(tmp_path, "later.json", change)))
    assert result.exit_code == 0
    if reason is None:
        row = stored(connection)
        assert (row["ends_on"], row["max_ends_on"]) == ("2032-03-31", None)
        return
    assert result.stderr == f"Skipped: ocds-abc123-000-00001 contract contract-1: {reason}\n"
    assert counts(connection) == before
