"""What commands accept, checked where click parses it.

Each type turns what a user wrote into a value: a day, an ISO date (a partial date stays
partial), a window, money, a framework, a grade, a council; or it is a usage error that
says what is accepted. Commands receive values, not strings. The options many commands
share (--as-of, --region, the output formats) are defined here once.
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import date

import click

from intervene import vocab
from intervene.errors import InterveneError


class Parsed(click.ParamType):
    """A type parsed by the project's own parsers. On the command line their error is the
    project's one line (`Error: …`, exit 1); at a prompt click shows it and asks again."""

    def parse(self, text: str, ctx: click.Context | None):
        raise NotImplementedError

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value  # a default already converted, or a value passed in by code
        try:
            return self.parse(value, ctx)
        except InterveneError as error:
            if ctx is None:  # click.prompt converts without a context
                self.fail(str(error), param, ctx)
            raise


class NonBlank(Parsed):
    """Free text that must say something (a name, a provider, a source)."""

    name = "TEXT"

    def __init__(self, what: str):
        self.what = what

    def parse(self, text, ctx):
        if not text.strip():
            raise InterveneError(f"{self.what} cannot be blank")
        return text


class DayType(Parsed):
    """A whole day (2008-06-01, 1/6/2008, today, eoy…), as a date."""

    name = "DAY"

    def parse(self, text, ctx):
        from intervene.dates import parse_day, today

        return parse_day(text, today())


class DateType(Parsed):
    """A date at the precision given (2010, 2021-12, 3 Apr 2017), as ISO text."""

    name = "DATE"

    def parse(self, text, ctx):
        from intervene.dates import parse_date, today

        return parse_date(text, today())


class Window:
    """A span of time given as a length ('6 months', '90 days', '1y') or as its far edge (a date)."""

    def __init__(self, text: str):
        self.text = text

    def end(self, start: date) -> date:
        from intervene.dates import window_end

        return window_end(self.text, start)

    def start(self, end: date) -> date:
        from intervene.dates import window_start

        return window_start(self.text, end)


class WindowType(Parsed):
    name = "WINDOW"

    def parse(self, text, ctx):
        from intervene.dates import today, window_terms

        window_terms(text, today())  # said now, if it is neither a length of time nor a date
        return Window(text)


class MoneyType(Parsed):
    """An amount (£5.2m, £250 million, 5,200,000), as (minor units, currency code)."""

    name = "MONEY"

    def parse(self, text, ctx):
        from intervene.money import parse_money

        return parse_money(text)


class FrameworkType(Parsed):
    name = "FRAMEWORK"

    def parse(self, text, ctx):
        from intervene.grades import canonical_framework

        return canonical_framework(text)


class GradeType(Parsed):
    """A grade word or the framework's number, as (canonical word, as published). The
    framework, when the command has one, is read first (its option is eager); when it is not
    given to `edit`, the stored rating's (which `edit` puts in the context's meta)."""

    name = "GRADE"

    def parse(self, text, ctx):
        from intervene.grades import canonical_grade

        framework = ctx.params.get("framework") if ctx else None
        if ctx and not isinstance(framework, str):
            framework = ctx.meta.get(STORED_FRAMEWORK)
        return canonical_grade(text, framework if isinstance(framework, str) else None)


STORED_FRAMEWORK = "intervene.stored_framework"


class OnsCodeType(Parsed):
    name = "CODE"

    def parse(self, text, ctx):
        from intervene.registry import parse_ons_code

        return parse_ons_code(text)


class LaCodeType(Parsed):
    name = "NUMBER"

    def parse(self, text, ctx):
        from intervene.registry import parse_la_code

        return parse_la_code(text)


class AuthorityType(Parsed):
    """A council by name or part of one (stoke), ONS code (E06000021) or LA number (861),
    as its row; completed in the shell from an existing database."""

    name = "AUTHORITY"

    def parse(self, text, ctx):
        from intervene.authorities import resolve_authority
        from intervene.session import Settings

        context = ctx or click.get_current_context()
        return resolve_authority(context.ensure_object(Settings).connect(), text)

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        from intervene.authorities import slugs_starting
        from intervene.db import open_read_only

        connection = open_read_only(ctx.find_root().params.get("db_path"))
        if connection is None:
            return []
        try:
            matches = slugs_starting(connection, incomplete)
        except sqlite3.Error:
            return []
        finally:
            connection.close()
        return [CompletionItem(slug, help=short_name) for slug, short_name in matches]


DAY = DayType()
DATE = DateType()
WINDOW = WindowType()
MONEY = MoneyType()
FRAMEWORK = FrameworkType()
GRADE = GradeType()
AUTHORITY = AuthorityType()
ONS_CODE = OnsCodeType()
LA_CODE = LaCodeType()
# Ids are SQLite integers: anything else is a usage error, not an overflow.
ROW_ID = click.IntRange(1, 2**63 - 1)
INTERVENTION_KIND = click.Choice(vocab.INTERVENTION_KINDS, case_sensitive=False)
SERVICE = click.Choice(vocab.SERVICES, case_sensitive=False)
END_REASON = click.Choice(vocab.END_REASONS, case_sensitive=False)
CONFIDENCE = click.Choice(vocab.CONFIDENCE, case_sensitive=False)


CLEAR = object()
"""What an `edit` option given as '' stands for: clear the field."""


class Clearable(click.ParamType):
    """A field for `edit`: read by the type its add command reads it with, or blank ('') to clear
    it, which a field a fact cannot lack refuses (`required` says why: 'a contract needs its first day')."""

    def __init__(self, kind: click.ParamType, required: str | None = None):
        self.kind = kind
        self.required = required
        self.name = kind.name

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            if self.required:
                self.fail(f"it cannot be cleared: {self.required}", param, ctx)
            return CLEAR
        return self.kind.convert(value, param, ctx)


def authority_argument(required: bool = True):
    return click.argument("authority", required=required, type=AUTHORITY)


def _today_unless_given(ctx: click.Context, param: click.Parameter, value: date | None) -> date:
    # Not parsed from the word "today": reading no date costs no date parsing.
    from intervene.dates import today

    return today() if value is None else value


as_of_option = click.option(
    "--as-of",
    "on",
    type=DAY,
    callback=_today_unless_given,
    metavar="DATE",
    help="The day to answer for (default today): 2008-06-01, 31/01/2020, eoy…",
)
region_option = click.option("--region", metavar="REGION", help="Only councils in this region, e.g. 'West Midlands'.")

_FORMAT_HELP = {
    "json": "Print JSON instead of a table.",
    "csv": "Print CSV (formula-safe) instead of a table.",
}


def _one_format(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """At parse time: two output formats together are a usage error."""
    if value:
        given = ctx.meta.setdefault("intervene.formats", [])
        given.append(param.opts[0])
        if len(given) > 1:
            raise click.UsageError(f"Choose one of {' or '.join(given)}.", ctx)
    return value


def output_options(*formats: str):
    """--json (and --csv…) for a command, received as one `output` argument: "table"
    unless a format was given."""

    def decorate(function):
        @functools.wraps(function)
        def command(*args, **kwargs):
            chosen = [name for name in formats if kwargs.pop(f"output_{name}")]
            return function(*args, output=chosen[0] if chosen else "table", **kwargs)

        for name in reversed(formats):
            command = click.option(
                f"--{name}", f"output_{name}", is_flag=True, callback=_one_format, help=_FORMAT_HELP[name]
            )(command)
        return command

    return decorate
