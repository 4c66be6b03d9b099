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


def test_console_script_status_stoke(tmp_path):
    result = run([script(), "status", "stoke"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Stoke-on-Trent City Council" in result.stdout
    assert "Traceback" not in result.stderr


def test_python_dash_m(tmp_path):
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
    run([script(), "authorities", "--json"], tmp_path)  # create the database first
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
