"""The one exception type whose message is meant for the person at the terminal."""

from __future__ import annotations


class InterveneError(Exception):
    """Bad input or an impossible request; the message is one line for the user."""


def quoted(text: object) -> str:
    """The user's value, quoted and cut short, for an error message."""
    shown = str(text)
    return repr(shown if len(shown) <= 40 else shown[:37] + "...")
