"""`intervene help [COMMAND]`: the same help as `intervene [COMMAND] --help`."""

from __future__ import annotations

import click

from intervene.params import example


@click.command("help", epilog=example("intervene help report"))
@click.argument("words", nargs=-1, metavar="[COMMAND]...")
@click.pass_context
def help_command(ctx: click.Context, words: tuple[str, ...]) -> None:
    """Show the help of the tool or of a command.

    COMMAND may name a command within a command: intervene help import ofsted.
    """
    from intervene.group import no_such_command

    context = ctx.find_root()
    for word in words:
        group = context.command
        found = group.get_command(context, word) if isinstance(group, click.Group) else None
        if found is None:
            known = group.list_commands(context) if isinstance(group, click.Group) else []
            raise click.UsageError(no_such_command(word, known), ctx)
        context = click.Context(found, info_name=word, parent=context)
    click.echo(context.get_help())


COMMANDS = {"help": help_command}
