"""The console script and `python -m`, run as a user runs them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def script() -> str:
    beside_python = Path(sys.executable).with_name("intervene")
    found = str(beside_python) if beside_python.exists() else shutil.which("intervene")
    if not found:
        pytest.skip("the intervene console script is not installed in this environment")
    return found


def run(args, tmp_path, **env):
    environment = {**os.environ, "INTERVENE_DB": str(tmp_path / "user.db"), "COLUMNS": "100", **env}
    return subprocess.run(args, capture_output=True, text=True, env=environment, timeout=60)


def test_console_script_status_stoke_makes_the_default_database(tmp_path):
    """`pip install intervene && intervene status stoke`: with no --db and no INTERVENE_DB, the
    default database is made from the seed on first use."""
    environment = {name: value for name, value in os.environ.items() if name != "INTERVENE_DB"}
    environment.update(XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path), COLUMNS="100")
    result = subprocess.run([script(), "status", "stoke"], capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Stoke-on-Trent City Council" in result.stdout
    default = tmp_path / "config" / "intervene" / "intervene.db"
    assert result.stderr == f"Created {default} from the seed.\n"
    assert default.is_file()


def test_console_script_refuses_a_named_path_with_no_database(tmp_path):
    result = run([script(), "status", "stoke"], tmp_path)
    path = tmp_path / "user.db"
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: no database at {path}; check the path, or create one there from the seed with "
        f"`intervene init {path}`\n"
    )
    assert not path.exists()


def test_python_dash_m(tmp_path):
    run([sys.executable, "-m", "intervene", "init"], tmp_path)
    result = run([sys.executable, "-m", "intervene", "status", "nowhere"], tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == "Error: no council matches 'nowhere'; `intervene authorities` lists them all"
    )
    assert "Traceback" not in result.stderr


JSON_READS = [
    ["status", "stoke", "--json"],
    ["report", "--under-intervention", "--json"],
    ["report", "--expiring", "--json"],
    ["timeline", "stoke", "--json"],
]


def imported_by(command: list[str], unwanted: tuple[str, ...], tmp_path) -> list[str]:
    """The modules among `unwanted` (or inside those packages) that `command` imports, in a fresh interpreter."""
    run([script(), "init"], tmp_path)  # create the database first
    code = (
        "import sys\n"
        "from intervene.cli import cli\n"
        "try:\n"
        f"    cli({command!r})\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        f"unwanted = {unwanted!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith(tuple(u + '.' for u in unwanted)) or m in unwanted),"
        " file=sys.stderr)\n"
    )
    result = run([sys.executable, "-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    return eval(result.stderr.strip().splitlines()[-1])


WRITERS = ("intervene.records", "intervene.commands.recording", "intervene.commands.loading")


@pytest.mark.parametrize("command", JSON_READS, ids=lambda command: " ".join(command))
def test_json_reads_import_no_rich_sqlite_utils_or_writers(tmp_path, command):
    """The read path pays only for what it uses: checked in a fresh interpreter, so it cannot quietly regress."""
    heavy = (
        "rich",
        "sqlite_utils",
        "dateutil.parser",
        "python_calamine",
        "icalendar",
        "pathlib",
        "csv",
        "intervene.render.card",
        "intervene.render.tables",
        "intervene.render.layout",
        # The web view's: only `serve` imports them.
        "datasette",
        "uvicorn",
        "intervene.web",
        *WRITERS,
    )
    assert imported_by(command, heavy, tmp_path) == []


def test_status_card_imports_no_rich_or_decimal(tmp_path):
    """`status` lays its card out itself: rich (and the decimal and fractions it brings) would
    cost more than the rest of the command."""
    heavy = ("rich", "decimal", "fractions", "sqlite_utils", "dateutil.parser", "intervene.render.tables", *WRITERS)
    assert imported_by(["status", "stoke"], heavy, tmp_path) == []


@pytest.mark.parametrize(
    "command",
    [["report", "--ratings"], ["report", "--expiring", "2y", "--table"], ["timeline", "stoke"], ["authorities"]],
    ids=" ".join,
)
def test_tables_import_no_rich(tmp_path, command):
    """Tables are laid out by render.grid, piped or at a terminal: never through rich."""
    assert imported_by(command, ("rich", "sqlite_utils", *WRITERS), tmp_path) == []


# Ctrl-C: one line and status 130, wherever it lands, and nothing half-written.


def test_ctrl_c_at_a_prompt_ends_with_one_line_and_130(tmp_path):
    import pty
    import signal
    import time

    run([script(), "init"], tmp_path)
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the console script, at a terminal, asked for a council
        os.execve(script(), [script(), "add-rating"], {**os.environ, "INTERVENE_DB": str(tmp_path / "user.db")})
    shown = _read_until(terminal, b"Council (name, ONS code or LA number): ")
    time.sleep(0.5)  # as a person would: the prompt is up and waiting (a signal before the read starts waits for it)
    os.kill(pid, signal.SIGINT)
    shown += _read_until(terminal, b"Interrupted.\r\n", timeout=10)
    deadline = time.monotonic() + 10
    while not (ended_and_status := os.waitpid(pid, os.WNOHANG))[0] and time.monotonic() < deadline:
        time.sleep(0.05)
    ended, status = ended_and_status
    if not ended:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert ended and os.waitstatus_to_exitcode(status) == 130, shown
    assert shown.decode() == "Council (name, ONS code or LA number): \r\nInterrupted.\r\n"
    assert b"Traceback" not in shown and b"Aborted" not in shown


def _read_until(terminal: int, wanted: bytes, timeout: float = 30) -> bytes:
    import select
    import time

    seen, deadline = b"", time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        if select.select([terminal], [], [], 0.1)[0]:
            try:
                seen += os.read(terminal, 1024)
            except OSError:  # the child has gone
                break
    return seen


def test_ctrl_c_during_an_import_ends_with_one_line_and_130_and_writes_nothing(tmp_path):
    """Interrupted while it loads a whole Ofsted workbook into its scratch copy: the database is
    as it was, and the scratch copy is gone."""
    import signal
    import time

    workbook = Path(__file__).resolve().parents[1] / "data" / "sources" / "ofsted" / OFSTED_2023
    run([script(), "init"], tmp_path)
    database = tmp_path / "user.db"
    before = database.read_bytes()
    environment = {**os.environ, "INTERVENE_DB": str(database)}
    importing = subprocess.Popen(
        [script(), "import", "ofsted", str(workbook)], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".user.db.*.importing")) and time.monotonic() < deadline:
        time.sleep(0.01)
    importing.send_signal(signal.SIGINT)
    stdout, stderr = importing.communicate(timeout=60)
    assert (importing.returncode, stderr.decode()) == (130, "Interrupted.\n")
    assert list(tmp_path.glob(".user.db*")) == []  # no scratch copy left
    assert database.read_bytes() == before


OFSTED_2023 = "Childrens_social_care_in_England_2023_underlying_data.ods"


# The console script leaves without Python's teardown (see __main__): its status, its whole
# output and a tidy database must come through as they would with it.


@pytest.mark.parametrize(
    "args, status",
    [
        (["status", "stoke"], 0),
        (["status", "nowhere"], 1),
        (["stauts"], 2),
        (["report", "--ratings", "--json", "--csv"], 2),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_the_console_script_ends_with_the_commands_status(tmp_path, args, status):
    run([script(), "init"], tmp_path)
    result = run([script(), *args], tmp_path)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr


def test_a_long_answer_arrives_whole_and_a_write_leaves_no_log_behind(tmp_path):
    import json
    import sqlite3

    run([script(), "init"], tmp_path)
    database = tmp_path / "user.db"
    added = run(
        [script(), "add-event", "halton", "Leaves intervention", "--on", "2025-07-01", "--source", "DfE"], tmp_path
    )
    assert added.returncode == 0, added.stderr
    assert not Path(f"{database}-wal").exists()  # the connection was closed, its log merged
    rows = [json.loads(line) for line in run([script(), "export", "--nl"], tmp_path).stdout.splitlines()]
    with sqlite3.connect(database) as connection:
        events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
        total = sum(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("authorities", "aliases", "successions", "ratings", "interventions", "contracts",
                          "contract_partners", "events", "changes")
        )  # fmt: skip
    connection.close()
    assert len(rows) == total and rows[-1]["table"] == "changes"
    assert sum(row["table"] == "events" for row in rows) == events
    assert any(row.get("summary") == "Leaves intervention" for row in rows)
