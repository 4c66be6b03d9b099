"""Output that cannot be written: a full disk, a closed pipe, a terminal that cannot show a
character, a nonsense width. Each is one line on stderr and a non-zero exit (or, for a reader
that has gone, a quiet end), never a traceback, and never a file left half-written.

Run as a user runs them, in a fresh interpreter whose standard output is the real thing.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

HAS_DEV_FULL = os.path.exists("/dev/full")
needs_dev_full = pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full here")


def intervene(db_path: Path, *args: str, env: dict | None = None, file_size: int | None = None, **options):
    """The command line in a fresh interpreter; `file_size` caps what it may write to a file (bytes)."""
    environment = {**os.environ, "INTERVENE_DB": str(db_path), "COLUMNS": "100", **(env or {})}
    for name, value in list(environment.items()):
        if value is None:
            del environment[name]

    def limit() -> None:
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        [sys.executable, "-m", "intervene", *args],
        env=environment,
        preexec_fn=limit,
        capture_output=options.pop("capture_output", "stdout" not in options),
        timeout=120,
        **options,
    )


def one_error_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert text.count("\n") == 1, text
    return text


@needs_dev_full
def test_a_full_disk_under_standard_output_is_one_line_and_a_failure(db_path):
    with open("/dev/full", "wb") as full:
        result = intervene(db_path, "report", "--under-intervention", "--json", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "Error: cannot write to standard output: No space left on device\n"


@needs_dev_full
def test_export_to_a_full_device_names_it(db_path):
    result = intervene(db_path, "export", "--out", "/dev/full")
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "Error: cannot write /dev/full: No space left on device\n"


@pytest.mark.parametrize("option", ["--out", "--ics"])
def test_an_export_that_cannot_finish_leaves_the_old_file_and_no_other(db_path, tmp_path, option):
    """Out of space part-way (a file size limit stands in for a full disk): the file that was
    there is untouched and nothing else is left beside it."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "export"
    target.write_bytes(b"the previous export\n")
    target.chmod(0o640)
    # Room for SQLite's shared memory file (32 KiB), not for the export.
    result = intervene(db_path, "export", option, str(target), file_size=35_000)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == f"Error: cannot write {target}: File too large\n"
    assert target.read_bytes() == b"the previous export\n"
    assert sorted(path.name for path in folder.iterdir()) == ["export"]

    # With room, the file is replaced whole, keeping its permissions.
    result = intervene(db_path, "export", option, str(target))
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 35_000 and (target.stat().st_mode & 0o777) == 0o640
    assert sorted(path.name for path in folder.iterdir()) == ["export"]


def test_export_through_a_link_replaces_the_file_and_keeps_the_link(db_path, tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    result = intervene(db_path, "export", "--out", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_text().startswith("{")


def test_a_csv_export_that_cannot_finish_replaces_none_of_the_files(db_path, tmp_path):
    folder = tmp_path / "csv"
    assert intervene(db_path, "export", "--csv", str(folder)).returncode == 0
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert (
        intervene(db_path, "add-event", "halton", "A new director", "--on", "2026-01-01", "--source", "S").returncode
        == 0
    )
    # Large enough for the small tables, too small for the ratings.
    result = intervene(db_path, "export", "--csv", str(folder), file_size=50_000)
    assert result.returncode == 1
    assert re.fullmatch(
        rf"Error: cannot write {re.escape(str(folder))}/\w+\.csv: File too large\n", one_error_line(result.stderr)
    )
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_a_character_the_terminal_cannot_show_is_named_with_the_fix(db_path):
    result = intervene(db_path, "status", "stoke", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    assert one_error_line(result.stderr) == (
        "Error: the terminal's encoding (ascii) cannot show '·' (U+00B7); set PYTHONIOENCODING=utf-8\n"
    )
    # What click writes itself (JSON, CSV, lines) it writes as UTF-8 whatever the terminal says.
    scripted = intervene(db_path, "status", "stoke", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert scripted.returncode == 0 and scripted.stderr == b""


@pytest.mark.parametrize("columns", ["0", "00", "junk", "-5", ""])
def test_a_width_of_nothing_or_nonsense_is_no_width_at_all(db_path, columns):
    unset = intervene(db_path, "status", "stoke", env={"COLUMNS": None})
    given = intervene(db_path, "status", "stoke", env={"COLUMNS": columns})
    assert given.returncode == 0 and given.stderr == b""
    assert given.stdout == unset.stdout and len(unset.stdout.splitlines()) > 10


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "command",
    [["timeline", "stoke"], ["status", "stoke"], ["report", "--under-intervention", "--json"], ["export"]],
    ids=" ".join,
)
def test_a_reader_that_has_gone_ends_the_command_quietly(db_path, command, unbuffered):
    """`intervene … | head` once head has exited: no traceback, no 'Exception ignored', and the
    status of a process stopped by SIGPIPE. (Unbuffered, Python used to drop what the pipe had
    not taken and exit 0 as if all were written.)"""
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the first write
    try:
        result = intervene(
            db_path, *command, env={"PYTHONUNBUFFERED": unbuffered or None}, stdout=writing, stderr=subprocess.PIPE
        )
    finally:
        os.close(writing)
    assert result.stderr == b""
    assert result.returncode == 141


def test_a_reader_that_stops_part_way_ends_the_command_quietly(db_path):
    """Like `intervene export | head -1`: the reader takes some, then goes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "intervene", "export"],
        env={**os.environ, "INTERVENE_DB": str(db_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline() == b"{\n"
    process.stdout.close()
    assert process.wait(timeout=120) == 141
    assert process.stderr.read() == b""
