"""The documents hold together: a short README, links that lead somewhere, every command and option documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from intervene.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
COMMANDS = ROOT / "docs" / "commands.md"
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]
README_MOST_LINES = 200

FENCED = re.compile(r"^```.*?^```[^\n]*$", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def prose(text: str) -> str:
    """The text outside fenced blocks, where markdown links and headings live."""
    return FENCED.sub("", text)


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    for _, title in HEADING.findall(prose(path.read_text(encoding="utf-8"))):
        slug, number = anchor(title), 0
        while (slug if not number else f"{slug}-{number}") in found:
            number += 1
        found.add(slug if not number else f"{slug}-{number}")
    return found


def relative_links(path: Path) -> list[str]:
    text = CODE_SPAN.sub("", prose(path.read_text(encoding="utf-8")))
    return [target for target in LINK.findall(text) if not SCHEME.match(target)]


def help_text(*words: str) -> str:
    result = CliRunner().invoke(cli, [*words, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def listed_commands(*words: str) -> list[tuple[str, ...]]:
    """Every command path `intervene … --help` lists, groups' subcommands included."""
    found = []
    for block in commands_blocks(help_text(*words)):
        for line in block.splitlines()[1:]:
            if match := re.match(r"^  (\S+)", line):
                path = (*words, match.group(1))
                found.append(path)
                found += listed_commands(*path)
    return found


def commands_blocks(text: str) -> list[str]:
    """The blocks of a help text that list commands: under "Commands:", or, for the tool, under
    each heading it groups its commands by."""
    from intervene.cli import HEADINGS

    titles = {"Commands:", *(f"{heading}:" for heading in HEADINGS.values())}
    return [block for block in text.split("\n\n") if block.splitlines() and block.splitlines()[0] in titles]


def listed_options(*words: str) -> list[str]:
    """The long options (or short, where an option has no long form) a command's --help lists."""
    text = help_text(*words).split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
    found = []
    for line in text.splitlines():
        if match := re.match(r"^  (-\w)?(?:, )?(--[a-z][\w-]*)?", line):
            option = match.group(2) or match.group(1)
            if option and option not in ("--help", "-h"):
                found.append(option)
    return found


def section(text: str, title: str) -> str | None:
    """The text under the heading whose whole title is `title`, up to the next heading as high."""
    for match in HEADING.finditer(text):
        if match.group(2) == title:
            level = len(match.group(1))
            rest = text[match.end() :]
            following = [m for m in HEADING.finditer(rest) if len(m.group(1)) <= level]
            return rest[: following[0].start()] if following else rest
    return None


def mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= README_MOST_LINES, (
        f"README.md has {lines} lines; keep it to {README_MOST_LINES} and move the rest to docs/"
    )


def test_readme_keeps_the_test_command_ci_runs():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("python3 -m venv .venv && ") and line.endswith("pytest") for line in lines)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_relative_links_resolve(path):
    broken = []
    for target in relative_links(path):
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading #{fragment}")
    assert not broken, f"{path.relative_to(ROOT)} links nowhere: {broken}"


def test_every_command_has_a_heading_in_the_reference():
    text = prose(COMMANDS.read_text(encoding="utf-8"))
    commands = listed_commands()
    assert ("status",) in commands and ("import", "ofsted") in commands
    titles = [title for _, title in HEADING.findall(text)]
    missing = [
        " ".join(path)
        for path in commands
        if not any(
            title.startswith(f"`{' '.join(path)}`") or title.startswith(f"`{' '.join(path)} ") for title in titles
        )
    ]
    assert not missing, f"docs/commands.md has no heading for: {missing}"


def test_every_option_is_in_its_commands_section():
    text = prose(COMMANDS.read_text(encoding="utf-8"))
    missing = []
    for path in listed_commands():
        if commands_blocks(help_text(*path)):
            continue  # a group: its subcommands have the sections
        name = " ".join(path)
        body = section(text, f"`{name}`")
        if body is None:
            missing.append(f"{name} (no section)")
            continue
        missing += [f"{name} {option}" for option in listed_options(*path) if not mentions(body, option)]
    missing += [option for option in listed_options() if not mentions(COMMANDS.read_text(encoding="utf-8"), option)]
    assert not missing, f"docs/commands.md does not mention: {missing}"
