"""The shape the code promises: every command loads and explains itself, every report has
its table, command modules use only public names."""

import ast
from pathlib import Path

import click
import pytest

from intervene.cli import LAZY_COMMANDS, cli
from intervene.reports.across import SPECS

SOURCE = Path(__file__).resolve().parents[1] / "src" / "intervene"


def every_command() -> list[list[str]]:
    found = []
    for name in sorted(LAZY_COMMANDS):
        command = cli.get_command(click.Context(cli), name)
        if isinstance(command, click.Group):
            found += [[name, sub] for sub in command.list_commands(click.Context(command))]
        found.append([name])
    return found


@pytest.mark.parametrize("words", every_command(), ids=" ".join)
def test_every_command_answers_help(run, words):
    result = run(*words, "--help")
    assert result.exit_code == 0, result.stderr
    usage = result.stdout.splitlines()[0]
    assert usage.startswith("Usage: ") and f" {' '.join(words)} [OPTIONS]" in usage
    assert result.stderr == ""
    assert run("help", *words).stdout == result.stdout


@pytest.mark.parametrize("words", every_command(), ids=" ".join)
def test_every_command_has_an_example_and_reads_at_80_columns(run, words):
    """Its help ends with one example of the command itself, and no line is wider than 80."""
    lines = run(*words, "--help", columns=80).stdout.splitlines()
    assert lines[-2:][0] == "  Example:" and lines[-1].startswith(f"    intervene {' '.join(words)}")
    assert [line for line in lines if len(line) > 80] == []


@pytest.mark.parametrize("words", every_command(), ids=" ".join)
def test_every_summary_is_one_whole_sentence(words):
    """What `intervene --help` lists: a sentence, never cut short with '...'."""
    command = cli
    for word in words:
        command = command.get_command(click.Context(command), word)
    summary = command.get_short_help_str(limit=1000)
    assert summary.endswith(".") and not summary.endswith("...") and summary.count(". ") == 0, summary


def test_the_lazy_map_names_each_command_where_it_is_defined():
    for name, module in LAZY_COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert command.name == name and command.callback.__module__ == module


def test_every_report_has_its_table():
    from intervene.render.tables import BY_NAME

    assert {spec.name for spec in SPECS} <= set(BY_NAME)
    assert len({spec.flag for spec in SPECS}) == len(SPECS)


@pytest.mark.parametrize("path", sorted((SOURCE / "commands").glob("*.py")), ids=lambda path: path.name)
def test_command_modules_import_no_private_names(path):
    tree = ast.parse(path.read_text())
    private = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []
