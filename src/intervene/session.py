"""What every command shares at run time: the database it was pointed at, opened once."""

from __future__ import annotations

import sqlite3

import click


class Settings:
    """The global options, and the connection the command and its parameters share.

    Only the default database is made on first use: a path given (`--db`, INTERVENE_DB) must
    hold one already, or be made with `intervene init`, so that a mistyped path is an error
    rather than a new database that lacks what was recorded.
    """

    def __init__(self, db_path: str | None, *, no_pager: bool = False):
        self.db_path = db_path
        self.no_pager = no_pager
        self._connection: sqlite3.Connection | None = None

    def connect(self, *, damaged_ok: bool = False) -> sqlite3.Connection:
        """The database, opened on first use; `damaged_ok` (for `check`) opens a damaged file as it is."""
        if self._connection is None:
            from intervene.db import open_database

            self._connection = open_database(
                self.db_path,
                notify=lambda message: click.echo(message, err=True),
                damaged_ok=damaged_ok,
                create=self.db_path is None,
            )
        return self._connection

    def close(self) -> None:
        """Close the database, if it was opened: the last connection to a WAL database merges
        its log into the file, so the folder is left tidy."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


pass_settings = click.make_pass_decorator(Settings)
