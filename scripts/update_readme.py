"""Re-run every `$ intervene …` example in README.md and put its real output beneath it.

    python scripts/update_readme.py [--check]

The examples run in order, in a scratch folder, against a new database made
from the seed, at 100 columns, so the README shows what a user sees. Files
the examples name (Ofsted's outcomes workbook, the OCDS fixture) are linked
into the scratch folder. With --check nothing is written; the exit status
says whether the README is up to date.
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
README = ROOT / "README.md"
LINKED = {
    "LA_Inspection_Outcomes_as_at_31_March_2025.ods": ROOT / "data" / "sources" / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
    "Childrens_social_care_in_England_2023_underlying_data.ods":
        ROOT / "data" / "sources" / "ofsted" / "Childrens_social_care_in_England_2023_underlying_data.ods",
    "tests": ROOT / "tests",
}
BLOCK = re.compile(r"^```\n(.*?)^```\n", re.S | re.M)


def run(command: str, folder: Path, environment: dict) -> str:
    arguments = shlex.split(command)
    redirect = None
    if ">" in arguments:
        at = arguments.index(">")
        arguments, redirect = arguments[:at], arguments[at + 1]
    result = subprocess.run(
        [sys.executable, "-m", "intervene", *arguments[1:]], cwd=folder, env=environment,
        capture_output=True, text=True, timeout=300,
    )
    if redirect:
        (folder / redirect).write_text(result.stdout)
        output = result.stderr
    else:
        output = result.stdout + result.stderr
    return "\n".join(line.rstrip() for line in output.rstrip("\n").splitlines())


def refresh(text: str, folder: Path, environment: dict) -> str:
    def block(match: re.Match) -> str:
        lines = match.group(1).splitlines()
        if not any(line.startswith("$ intervene") for line in lines):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 if the README is out of date.")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, target in LINKED.items():
            if target.exists():
                (folder / name).symlink_to(target)
        environment = {**os.environ, "INTERVENE_DB": str(folder / "readme.db"), "COLUMNS": "100", "NO_COLOR": "1"}
        environment["PYTHONPATH"] = str(ROOT / "src")
        run("intervene authorities --json", folder, environment)  # make the database before the examples
        before = README.read_text(encoding="utf-8")
        after = refresh(before, folder, environment)
    if arguments.check:
        sys.exit(0 if after == before else 1)
    README.write_text(after, encoding="utf-8")
    print("README.md examples refreshed" + ("" if after != before else " (no change)"))


if __name__ == "__main__":
    main()
