"""Re-run every `$ intervene …` example in README.md and docs/*.md and put its real output beneath it.

    python scripts/update_readme.py [--check]

Each file's examples run in order, in a scratch folder of the file's own,
against a new database made from the seed, at 100 columns, so that each file
shows what a user sees from a fresh start. An example may rely on one before it
in the same file (a rating recorded, then the audit trail), never on another
file. Files the examples name (Ofsted's outcomes workbooks, the OCDS fixture)
are linked into each scratch folder.

Outputs depend on the day (`Status on …`, days left) and on the clock (the
audit trail's times), so the examples run with today taken as DOCS_DAY and the
clock standing at DOCS_TIME on that day: the same files come out whenever the
script runs. Move DOCS_DAY on to show the examples as of a later day.

With --check nothing is written: the files whose examples are out of date are
named, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS_DAY = "2026-11-27"
DOCS_TIME = "09:00:00"
LINKED = {
    "LA_Inspection_Outcomes_as_at_31_March_2025.ods": ROOT
    / "data"
    / "sources"
    / "ofsted"
    / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
    "Childrens_social_care_in_England_2023_underlying_data.ods": ROOT
    / "data"
    / "sources"
    / "ofsted"
    / "Childrens_social_care_in_England_2023_underlying_data.ods",
    "tests": ROOT / "tests",
}
BLOCK = re.compile(r"^```\n(.*?)^```\n", re.S | re.M)
EXAMPLE = "$ intervene"

# `python -m intervene`, with today and the clock pinned (argv[1] is the day, argv[2] the time).
# It fails loudly if the names it pins have moved, rather than let the real date through.
PINNED = """
import sys
from datetime import date, datetime, time, timezone

day, moment = date.fromisoformat(sys.argv.pop(1)), time.fromisoformat(sys.argv.pop(1))


class Clock(datetime):
    @classmethod
    def now(cls, tz=None):
        now = datetime.combine(day, moment, tzinfo=timezone.utc)
        return now.astimezone(tz) if tz else now.replace(tzinfo=None)


import intervene.cli
import intervene.dates
import intervene.records

for module, name, value in ((intervene.dates, "today", lambda: day), (intervene.records, "datetime", Clock)):
    if not hasattr(module, name):
        sys.exit(f"scripts/update_readme.py cannot pin the clock: {module.__name__}.{name} is gone")
    setattr(module, name, value)
sys.argv[0] = "intervene"
intervene.cli.cli(prog_name="intervene")
"""


def documents() -> list[Path]:
    """The files whose examples are refreshed, in the order they are run: the README, then docs/ by name."""
    candidates = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [path for path in candidates if EXAMPLE in path.read_text(encoding="utf-8")]


def run(command: str, folder: Path, environment: dict) -> str:
    """The command's output as a reader at an 80-column terminal sees it: standard output is a
    terminal (a pseudo-terminal), so tables and cards take the terminal's layout."""
    arguments = shlex.split(command)
    redirect = None
    if ">" in arguments:
        at = arguments.index(">")
        arguments, redirect = arguments[:at], arguments[at + 1]
    command_line = [sys.executable, "-c", PINNED, DOCS_DAY, DOCS_TIME, *arguments[1:]]
    if redirect:
        result = subprocess.run(command_line, cwd=folder, env=environment, capture_output=True, text=True, timeout=300)
        (folder / redirect).write_text(result.stdout)
        output = result.stderr
    else:
        stdout, stderr = _at_a_terminal(command_line, folder, environment)
        output = stdout + stderr
    return "\n".join(line.rstrip() for line in output.rstrip("\n").splitlines())


def _at_a_terminal(command_line: list[str], folder: Path, environment: dict) -> tuple[str, str]:
    """Run with standard output on a pseudo-terminal (standard input is not one, so no pager)."""
    import pty

    reader, writer = pty.openpty()
    process = subprocess.Popen(
        command_line, cwd=folder, env=environment, stdin=subprocess.DEVNULL, stdout=writer, stderr=subprocess.PIPE
    )
    os.close(writer)
    chunks = []
    while True:
        try:
            chunk = os.read(reader, 65536)
        except OSError:  # the terminal's other end closed: the command has finished writing
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    _, stderr = process.communicate(timeout=300)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), stderr.decode("utf-8")


def refresh(text: str, folder: Path, environment: dict) -> str:
    def block(match: re.Match) -> str:
        lines = match.group(1).splitlines()
        if not any(line.startswith(EXAMPLE) for line in lines):
            return match.group(0)
        out = []
        for line in lines:
            if line.startswith("$ "):
                out.append(line)
                shown = run(line[2:], folder, environment)
                if shown:
                    out.append(shown)
        return "```\n" + "\n".join(out) + "\n```\n"

    return BLOCK.sub(block, text)


def refreshed(path: Path) -> str:
    """The file's text with every example's output made afresh, in a scratch folder and database of its own."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, target in LINKED.items():
            if target.exists():
                (folder / name).symlink_to(target)
        environment = {
            **os.environ,
            "INTERVENE_DB": str(folder / "examples.db"),
            "COLUMNS": "80",
            "NO_COLOR": "1",
            "PYTHONPATH": str(ROOT / "src"),
        }
        run("intervene init", folder, environment)  # make the database before the examples
        return refresh(path.read_text(encoding="utf-8"), folder, environment)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 if any file is out of date.")
    arguments = parser.parse_args()
    stale = []
    for path in documents():
        name = path.relative_to(ROOT).as_posix()
        before = path.read_text(encoding="utf-8")
        after = refreshed(path)
        if after == before:
            print(f"{name}: up to date")
            continue
        stale.append(name)
        if arguments.check:
            print(f"{name}: out of date; run python scripts/update_readme.py", file=sys.stderr)
        else:
            path.write_text(after, encoding="utf-8")
            print(f"{name}: examples refreshed")
    if arguments.check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
