"""The machinery of the `intervene` command group: commands loaded on demand, listed under
headings, a mistyped name answered with the closest, `--db` taken before or after the
command, and every way a run can end (a project error, Ctrl-C, a closed pipe) as one line.

Which commands there are and where each is listed is data, in cli.py; this module only
acts on it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from intervene.errors import INTERRUPTED, InterveneError, interrupted_line
from intervene.session import Settings

if TYPE_CHECKING:
    from intervene.render.output import OutputError

# A command not placed under a heading is still listed, here.
OTHER_HEADING = "Other"


class LazyGroup(click.Group):
    """Loads each command's module on demand, lists the commands under their headings, and
    turns the project's errors into one line and exit 1."""

    def __init__(self, *args, lazy: dict[str, str], headings: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy
        self.headings = headings

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In the order of the headings table, then any it leaves out, by name."""
        listed = [name for name in self.headings if name in self.lazy]
        return listed + sorted(set(self.lazy) - set(listed))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return None
        import importlib

        command = importlib.import_module(self.lazy[name]).COMMANDS[name]
        _ready(command)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in self.lazy and not ctx.resilient_parsing:
            raise click.UsageError(no_such_command(name, self.list_commands(ctx)), ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands under their headings, each with the first sentence of its help, whole:
        a summary too long for the line wraps rather than being cut."""
        sections: dict[str, list[tuple[str, str]]] = {}
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                summary = command.get_short_help_str(limit=1000)
                sections.setdefault(self.headings.get(name, OTHER_HEADING), []).append((name, summary))
        width = max((len(name) for rows in sections.values() for name, _ in rows), default=0)
        for heading, rows in sections.items():
            with formatter.section(heading):
                # Padded to one width, so that the summaries line up across the headings.
                formatter.write_dl([(name.ljust(width), summary) for name, summary in rows])

    def make_context(self, *args, **kwargs) -> click.Context:
        with _interruptible():
            return super().make_context(*args, **kwargs)

    def main(self, *args, **kwargs):
        """The whole run (help and version too) with standard output guarded: a write it
        refuses is one line, or for a reader that has gone, a quiet end (see _output_refused)."""
        from intervene.render.output import OutputError, guard_stdout

        restore = guard_stdout()
        try:
            return super().main(*args, **kwargs)
        except OutputError as error:
            _output_refused(error)
        finally:
            restore()

    def invoke(self, ctx: click.Context):
        try:
            with _interruptible():
                return super().invoke(ctx)
        except InterveneError as error:
            _fail(str(error))
        except UnicodeEncodeError as error:
            _fail(f"text must be valid Unicode; {error.object[error.start : error.end]!r} cannot be stored")
        except sqlite3.Error as error:
            # Raised while a command used the database (opening raises InterveneError itself).
            from intervene.db import describe

            _fail(describe(error, ctx.obj.db_path if isinstance(ctx.obj, Settings) else None))
        finally:
            # Closed as the command ends, not left to Python's teardown (which the console
            # script skips: see __main__).
            if isinstance(ctx.obj, Settings):
                ctx.obj.close()


def no_such_command(name: str, known: list[str]) -> str:
    """`No such command 'stauts'. Did you mean 'status'?`, or where nothing is close, what lists them."""
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if not close:
        return f"No such command {name!r}. `intervene help` lists them."
    from intervene.params import one_of

    return f"No such command {name!r}. Did you mean {one_of(repr(match) for match in close)}?"


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C, wherever it lands (parsing, a prompt, a long import), ends the run with one line
    and status 130, not click's "Aborted!" and 1. A write it interrupts is rolled back by
    db.write_transaction on the way out."""
    try:
        yield
    except KeyboardInterrupt:
        _interrupted()
    except click.Abort as abort:
        # click.prompt and click.confirm turn Ctrl-C into Abort; end of input stays click's.
        if isinstance(abort.__context__, KeyboardInterrupt):
            _interrupted()
        raise


def _interrupted() -> None:
    sys.stderr.write(interrupted_line())
    raise click.exceptions.Exit(INTERRUPTED)


def own_help(command: click.Command) -> None:
    """Give `command` its -h/--help option here rather than from click, whose own translates its
    help text through gettext at every run (loading locale and searching for catalogues), which
    costs a read more than its query."""
    if command.context_settings.get("help_option_names") == []:
        return
    command.context_settings["help_option_names"] = []
    command.params.append(
        click.Option(
            ["-h", "--help"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_show_help,
            help="Show this message and exit.",
        )
    )


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def _ready(command: click.Command) -> None:
    """Ready `command` (and, for a group, its commands) as it loads: its own --help (see
    own_help), and a `--db` of its own, so that the option may follow the command name. The --db is eager: set
    before an argument (a council) reads the database."""
    own_help(command)
    if any(param.name == "db_path" for param in command.params):
        return
    command.params.append(
        click.Option(
            ["--db", "db_path"],
            metavar="PATH",
            hidden=True,  # listed once, in `intervene --help`
            expose_value=False,
            is_eager=True,
            callback=_db_given_after,
        )
    )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _ready(sub)


def _db_given_after(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    settings = ctx.find_object(Settings)
    if value is None or settings is None:
        return
    root = ctx.find_root()
    before = root.params.get("db_path")
    given_before = root.get_parameter_source("db_path") is click.core.ParameterSource.COMMANDLINE
    if given_before and before is not None and not _same_path(before, value):
        raise click.UsageError(
            f"--db is given twice, {before!r} before the command and {value!r} after it; give one", ctx
        )
    settings.db_path = value


def _same_path(one: str, other: str) -> bool:
    def resolved(path: str) -> str:
        return os.path.normcase(os.path.abspath(os.path.expanduser(path)))

    return resolved(one) == resolved(other)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _output_refused(error: OutputError) -> None:
    """A full disk or a character the terminal cannot show is an error (exit 1); a reader that
    has gone (`intervene … | head`) ends the run quietly, with the status of a process stopped
    by SIGPIPE (128 + 13), as other tools in a pipeline do."""
    if error.closed:
        sys.exit(141)
    _fail(str(error))
