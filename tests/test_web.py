"""`intervene serve`: the database in the browser, read-only, through Datasette's own test
client (in process, no server), and once as a real server stopped with Ctrl-C."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest
from markupsafe import escape

from intervene.vocab import INTERVENTION_KINDS
from intervene.web.app import build
from intervene.web.dashboard import ANY_KIND, dashboards
from intervene.web.metadata import DATABASE, TABLES, metadata
from intervene.web.plugin import link_sources
from intervene.web.queries import canned_queries

HOSTILE = "<script>alert('owned')</script>"


def fetch(datasette, *paths: str, method: str = "get", **kwargs):
    """The responses to `paths`, asked in one event loop (Datasette's locks belong to one)."""

    async def ask():
        return [await getattr(datasette.client, method)(path, **kwargs) for path in paths]

    return asyncio.run(ask())


def page(datasette, path: str) -> str:
    (response,) = fetch(datasette, path)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response.text


def rows(datasette, sql: str) -> list[dict]:
    query = urllib.parse.urlencode({"sql": sql, "_shape": "objects"})
    (response,) = fetch(datasette, f"/{DATABASE}.json?{query}")
    assert response.status_code == 200, response.text[:500]
    data = response.json()
    assert not data.get("truncated")
    return data["rows"]


@pytest.fixture
def served(db_path):
    datasette = build(str(db_path), canned_queries())
    yield datasette
    for database in datasette.databases.values():
        database.close()


def recorded(db_path) -> None:
    """What the CLI wrote, moved from the write-ahead log into the file, as serve does on starting:
    an immutable reader sees the file alone. (Each CLI process does it as it closes; the CLI run
    in this process keeps its connection.)"""
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    connection.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_database_page_lists_its_tables_and_the_reports_and_hides_the_internal_one(served):
    html = page(served, f"/{DATABASE}")
    assert "The intervene database" in html
    for table, info in TABLES.items():
        shown = f'href="/{DATABASE}/{table}"' in html
        assert shown is not info.get("hidden", False), table
    for name, query in canned_queries().items():
        assert f'href="/{DATABASE}/{name}"' in html and query["title"] in html


def test_served_under_one_name_read_only(served, db_path):
    database = served.get_database(DATABASE)
    assert database.path == str(db_path)
    assert [name for name in served.databases if not name.startswith("_")] == [DATABASE]
    # Its connections for reading are SQLite's read-only ones: a write through them fails.
    connection = database.connect()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("DELETE FROM events")
    connection.close()


def test_what_the_cli_records_while_serving_shows_on_the_next_page(served, db_path, run):
    before = rows(served, "SELECT count(*) AS n FROM events")[0]["n"]
    assert (
        run(
            "add-event", "halton", "Recorded while the browser was open", "--on", "2026-11-01", "--source", "S"
        ).exit_code
        == 0
    )
    assert rows(served, "SELECT count(*) AS n FROM events")[0]["n"] == before + 1


def test_no_canned_query_hides_a_table():
    """Datasette serves a canned query at /DATABASE/NAME, over a table of the same name."""
    assert not set(canned_queries()) & set(TABLES)


def test_every_table_and_column_has_words_for_a_reader(db_path):
    """The metadata keeps up with the schema: a new table or column needs its description."""
    connection = sqlite3.connect(db_path)
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    schema = {table: [row[1] for row in connection.execute(f"PRAGMA table_xinfo({table})")] for table in tables}
    connection.close()
    assert set(TABLES) == set(schema)
    for table, columns in schema.items():
        assert TABLES[table]["description"], table
        assert set(TABLES[table]["columns"]) == set(columns), table
        assert all(TABLES[table]["columns"].values()), table


@pytest.mark.parametrize("table", sorted(TABLES))
def test_each_table_page_says_what_it_holds(served, table):
    html = page(served, f"/{DATABASE}/{table}")
    assert str(escape(TABLES[table]["description"])) in html
    for description in TABLES[table]["columns"].values():
        assert str(escape(description)) in html


def test_facets_and_sort_orders_are_the_project_s(served):
    data = json.loads(page(served, f"/{DATABASE}/ratings.json?_shape=objects&_size=3"))
    assert "sorted by dated_on descending" in data["human_description_en"]
    assert {"framework", "grade", "judgement"} <= set(data["facet_results"])
    dated = [row["dated_on"] for row in data["rows"]]
    assert dated == sorted(dated, reverse=True)


def test_a_source_is_a_link_and_hostile_text_is_escaped(served, run, db_path):
    result = run(
        "add-event",
        "stoke",
        HOSTILE,
        "--on",
        "2024-01-01",
        "--source",
        'Evil <b>press</b>, 1 Jan 2024 <https://example.org/a?b=1&c="x"> and javascript:alert(1)',
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    event = json.loads(result.stdout)["id"]
    recorded(db_path)
    datasette = build(str(db_path), {})
    for path in (f"/{DATABASE}/events/{event}", f"/{DATABASE}/events?id={event}"):
        html = page(datasette, path)
        assert HOSTILE not in html and str(escape(HOSTILE)) in html
        assert (
            '<a href="https://example.org/a?b=1&amp;c=" rel="noopener noreferrer nofollow" target="_blank">'
            "https://example.org/a?b=1&amp;c=</a>"
        ) in html
        assert "Evil &lt;b&gt;press&lt;/b&gt;" in html
        assert 'href="javascript' not in html


def test_canned_queries_answer_in_the_browser_with_links(served, run):
    result = run("report", "--under-intervention", "--as-of", "2013-11-18", "--json")
    cli = json.loads(result.stdout)
    fields = "as_of=2013-11-18&region=&kind=&service="
    (response,) = fetch(served, f"/{DATABASE}/under_intervention.json?{fields}&_shape=objects")
    assert response.status_code == 200, response.text[:500]
    web = response.json()["rows"]
    assert [row["intervention_id"] for row in web] == [row["intervention_id"] for row in cli]
    html = page(served, f"/{DATABASE}/under_intervention?{fields}")
    assert '<a href="https://hansard.parliament.uk/' in html


def test_the_dashboard_page_and_its_charts(served):
    html = page(served, "/-/dashboards/intervention")
    assert "Intervention at a glance" in html
    for chart in dashboards(DATABASE)["intervention"]["charts"].values():
        assert str(escape(chart["title"])) in html
        assert rows(served, chart["query"]), chart["title"]


def test_councils_over_time_are_counted_as_report_over_time_counts_them(served):
    """The chart's series is `report --over-time`'s (the canned query over_time), month by month:
    the same clauses, asked of the same month ends, in a query that counts only what it draws."""
    chart = dashboards(DATABASE)["intervention"]["charts"]["over-time"]
    drawn = rows(served, chart["query"])
    (response,) = fetch(served, f"/{DATABASE}/over_time.json?as_of=&since=&region=&_shape=objects")
    assert response.status_code == 200, response.text[:500]
    series = response.json()["rows"]
    assert drawn[0]["month_end"] == "2005-01-31" and drawn[-1]["month_end"] == date.today().isoformat()
    assert [row["month_end"] for row in drawn] == [row["day"] for row in series]
    for row, report in zip(drawn, series):
        assert row[ANY_KIND] == report["councils_under_intervention"], row["month_end"]
        for kind in INTERVENTION_KINDS:
            assert row[kind] == report[kind.replace(" ", "_").replace("-", "_")], (row["month_end"], kind)


def test_the_dashboard_table_escapes_what_it_shows(served, run, db_path):
    """datasette-dashboards puts a table chart's values into the page as HTML: the query escapes them."""
    ends = (date.today() + timedelta(days=40)).isoformat()
    result = run(
        "add-contract",
        "stoke",
        "--provider",
        HOSTILE,
        "--starts",
        "2024-01-01",
        "--ends",
        ends,
        "--source",
        "S",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    recorded(db_path)
    chart = dashboards(DATABASE)["intervention"]["charts"]["falling-due"]
    found = [row for row in rows(build(str(db_path), {}), chart["query"]) if row["what"] == "contract ends"]
    assert [row["due"] for row in found] == [ends]
    assert (
        HOSTILE not in found[0]["detail"]
        and "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in found[0]["detail"]
    )


def test_the_web_refuses_writes(served, db_path):
    before, files_before = digest(db_path), sorted(os.listdir(db_path.parent))
    attempts = [
        ("post", f"/{DATABASE}/ratings/-/insert", {"json": {"row": {"authority_id": 1}}}),
        ("post", f"/{DATABASE}/ratings", {"data": {"grade": "good"}}),
        ("post", f"/{DATABASE}/-/query", {"data": {"sql": "DELETE FROM ratings"}}),
        ("post", f"/{DATABASE}/under_intervention", {"data": {"as_of": "2020-01-01"}}),
        ("get", f"/{DATABASE}.json?sql=" + urllib.parse.quote("DELETE FROM ratings"), {}),
        ("get", f"/{DATABASE}.json?sql=" + urllib.parse.quote("UPDATE ratings SET grade = 'good'"), {}),
    ]
    for method, path, kwargs in attempts:
        (response,) = fetch(served, path, method=method, **kwargs)
        assert response.status_code >= 400, (method, path, response.status_code)
    assert rows(served, "SELECT count(*) AS n FROM ratings")[0]["n"] > 0
    assert digest(db_path) == before
    # Reading a database in WAL mode makes its -wal and -shm beside it, as any reader does; the
    # log holds no page written.
    wal = db_path.parent / f"{db_path.name}-wal"
    assert sorted(set(os.listdir(db_path.parent)) - {wal.name, f"{db_path.name}-shm"}) == files_before
    assert not wal.exists() or wal.stat().st_size == 0


def test_link_sources_links_only_web_addresses_and_escapes_the_rest():
    assert str(
        link_sources("BBC, 'A & B', 2019 <https://bbc.co.uk/x>; see (https://a.org/b_(c)) and https://d.org/e.")
    ) == (
        "BBC, &#39;A &amp; B&#39;, 2019 &lt;"
        '<a href="https://bbc.co.uk/x" rel="noopener noreferrer nofollow" target="_blank">https://bbc.co.uk/x</a>'
        "&gt;; see ("
        '<a href="https://a.org/b_(c)" rel="noopener noreferrer nofollow" target="_blank">https://a.org/b_(c)</a>'
        ") and "
        '<a href="https://d.org/e" rel="noopener noreferrer nofollow" target="_blank">https://d.org/e</a>.'
    )
    assert (
        str(link_sources("no address: ftp://x.org javascript:alert(1)"))
        == "no address: ftp://x.org javascript:alert(1)"
    )
    assert "onmouseover" not in str(link_sources('https://x.org/"onmouseover="alert(1)')).split('">')[0]


def test_metadata_offers_the_queries_it_is_given():
    queries = {"q": {"sql": "SELECT 1", "title": "one", "description": "a test", "params": []}}
    assert metadata(queries)["databases"][DATABASE]["queries"] == queries
    assert metadata({})["databases"][DATABASE]["queries"] == {}


def test_without_the_web_extra_serve_says_how_to_get_it(run, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "datasette", None)
    monkeypatch.setenv("INTERVENE_DB", str(tmp_path / "new.db"))
    result = run("serve")
    assert result.exit_code == 1
    assert result.stderr == "Error: serve needs the web extra: pip install 'intervene[web]'\n"
    assert not (tmp_path / "new.db").exists()


def test_serve_opens_the_browser_once_the_server_is_up(run, monkeypatch):
    import uvicorn

    opened: list[str] = []
    served_apps = []

    def fake_run(server, *args, **kwargs):
        served_apps.append(server.config)
        server.started = True
        deadline = time.monotonic() + 5
        while not opened and time.monotonic() < deadline:
            time.sleep(0.01)

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    monkeypatch.setattr("webbrowser.open", opened.append)
    result = run("serve", "--port", "8123", "--host", "127.0.0.1", "--open")
    assert result.exit_code == 0, result.stderr
    assert opened == ["http://127.0.0.1:8123/-/dashboards/intervention"]
    assert served_apps[0].port == 8123 and served_apps[0].host == "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_real_server_answers_and_stops_cleanly_on_ctrl_c(tmp_path, db_path):
    port = free_port()
    before = digest(db_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "intervene", "serve", "--port", str(port)],
        env={**os.environ, "INTERVENE_DB": str(db_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                address = f"http://127.0.0.1:{port}/{DATABASE}/authorities.json?_shape=objects&slug=stoke-on-trent"
                with urllib.request.urlopen(address) as got:
                    answer = json.load(got)
            except OSError:
                time.sleep(0.2)
        assert answer and [row["short_name"] for row in answer["rows"]] == ["Stoke-on-Trent"], server.poll()
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert digest(db_path) == before
