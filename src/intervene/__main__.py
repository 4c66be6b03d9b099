"""Run the command line as `python -m intervene`."""

from intervene.cli import cli

cli(prog_name="intervene")
