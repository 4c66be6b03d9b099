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
    assert result.stderr.strip().splitlines()[-1] == "Error: no council matches 'nowhere'; `intervene authorities` lists them all"
    assert "Traceback" not in result.stderr


def test_status_json_reads_without_rich_or_sqlite_utils(tmp_path):
    run([script(), "status", "stoke"], tmp_path)  # create the database first
    code = (
        "import sys\n"
        "from intervene.cli import cli\n"
        "try:\n"
        "    cli(['status', 'stoke', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'sqlite_utils', 'dateutil'))\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = run([sys.executable, "-c", code], tmp_path)
    assert result.stderr.strip().splitlines()[-1] == "[]"
