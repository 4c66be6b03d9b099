"""The one exception type whose message is meant for the person at the terminal."""

from __future__ import annotations


class InterveneError(Exception):
    """Bad input or an impossible request; the message is one line for the user."""


def quoted(text: object) -> str:
    """The user's value, quoted and cut short, for an error message."""
    shown = str(text)
    return repr(shown if len(shown) <= 40 else shown[:37] + "...")


# The exit status of a run stopped by Ctrl-C: what shells give a process ended by SIGINT (128 + 2).
INTERRUPTED = 130


def interrupted_line() -> str:
    """What a run stopped by Ctrl-C says; at a terminal the ^C it echoed is still on the line."""
    import sys

    return ("\n" if sys.stderr.isatty() else "") + "Interrupted.\n"
