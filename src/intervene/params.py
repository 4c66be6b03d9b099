"""What commands accept, checked where click parses it.

Each type turns what a user wrote into a value: a day, an ISO date (a partial date stays
partial, one not yet come refused where only the past makes sense), a window, money, a
framework, a grade, a judgement, a region, a council and its codes; or it is an error that
says what is accepted. Commands receive values, not strings, and a value asked for at a
terminal goes through the same type, so a bad answer is asked again. The options many
commands share (--as-of, --region, the output formats) are defined here once.
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


class PastDateType(DateType):
    """A date that has come: one wholly after today is refused, saying `what` it was."""

    def __init__(self, what: str, advice: str = ""):
        self.what = what
        self.advice = advice

    def parse(self, text, ctx):
        from intervene.dates import not_in_future

        return not_in_future(super().parse(text, ctx), self.what, self.advice)


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
    given to `edit`, the stored rating's (see `framework_of`). A word the framework never used
    is refused."""

    name = "GRADE"

    def __init__(self, framework: str | None = None):
        self.framework = framework  # given where there is no context to read it from: a prompt

    def parse(self, text, ctx):
        from intervene.grades import canonical_grade

        return canonical_grade(text, self.framework or framework_of(ctx))


STORED_FRAMEWORK = "intervene.stored_framework"


def framework_of(ctx: click.Context | None) -> str | None:
    """The framework a grade or a judgement is read in: --framework, read first (its option is
    eager), else the stored rating's that `edit rating` puts in the context's meta."""
    if ctx is None:
        return None
    framework = ctx.params.get("framework")
    if not isinstance(framework, str):
        framework = ctx.meta.get(STORED_FRAMEWORK)
    return framework if isinstance(framework, str) else None


ASKED_AUTHORITY = "intervene.asked_authority"


class JudgementType(Parsed):
    """What was judged: one of the framework's own judgements, or with --new-judgement another.
    The framework and --new-judgement are read first (their options are eager)."""

    name = "JUDGEMENT"

    def __init__(self, framework: str | None = None):
        self.framework = framework

    def parse(self, text, ctx):
        from intervene.grades import canonical_judgement

        params = ctx.params if ctx else {}
        framework = self.framework or framework_of(ctx) or "ILACS"
        return canonical_judgement(text, framework, new=bool(params.get("new_judgement")))


class RegionType(Parsed):
    """An ONS region by name, the start of its words (yorkshire) or its initials (NE), as the ONS spells it."""

    name = "REGION"

    def parse(self, text, ctx):
        from intervene.registry import canonical_region

        return canonical_region(text)

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(region) for region in vocab.REGIONS if region.lower().startswith(incomplete.lower())]


class OnsCodeType(Parsed):
    """An English council's ONS code (E06000021), in capitals."""

    name = "CODE"

    def parse(self, text, ctx):
        from intervene.registry import parse_ons_code

        return parse_ons_code(text)


class LaCodeType(Parsed):
    """A DfE LA number (861), as an integer."""

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
        # What was typed, for a command that says how it was read (a former code, say).
        context.meta[ASKED_AUTHORITY] = text
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


class RowIdType(click.ParamType):
    """A row's id: a whole number from 1 that SQLite can hold; anything else is a usage error,
    not an overflow. Its own type, not an IntRange, so that help shows ID and not the range."""

    name = "ID"
    what = "an id: ids are whole numbers from 1"

    def convert(self, value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a valid integer.", param, ctx)
        if not 1 <= number <= 2**63 - 1:
            self.fail(f"{number} is not {self.what}.", param, ctx)
        return number


class CountType(RowIdType):
    """How many rows: a whole number from 1, shown in help as N."""

    name = "N"
    what = "a number of rows: give a whole number from 1"


def one_of(choices) -> str:
    """`a, b or c`: choices in an option's help, where click's `[a|b|c]` would run past the line."""
    choices = list(choices)
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"


def example(command: str) -> str:
    """A command's epilog: one example, kept as written (click rewraps other text)."""
    return f"\b\nExample:\n  {command}"


DAY = DayType()
DATE = DateType()
WINDOW = WindowType()
MONEY = MoneyType()
FRAMEWORK = FrameworkType()
GRADE = GradeType()
AUTHORITY = AuthorityType()
REGION = RegionType()
ONS_CODE = OnsCodeType()
LA_CODE = LaCodeType()
JUDGEMENT = JudgementType()
# A rating's dates: an inspection or a publication still to come is not a rating yet.
INSPECTED = PastDateType("inspected", "record a rating once it is out")
PUBLISHED = PastDateType("published", "record a rating once it is out")
SOURCE = NonBlank("the source")
AUTHORITY_KIND = click.Choice(vocab.AUTHORITY_KINDS, case_sensitive=False)
ROW_ID = RowIdType()
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
region_option = click.option(
    "--region", type=REGION, help="Only councils in this ONS region: 'West Midlands', yorkshire, NE…"
)

FORMATS = ("json", "nl", "csv", "tsv", "table")
_FORMAT_HELP = {
    "json": "Print a JSON array.",
    "nl": "Print JSON lines: one object a line.",
    "csv": "Print CSV (formula-safe), with a header row.",
    "tsv": "Print tab-separated values, with a header row.",
    "table": "Lay out for a terminal even when piped (piped output is otherwise plain text).",
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
    """The output formats (all of FORMATS unless named) for a command, received as one `output`
    argument: the format given, else "auto" (a terminal's layout at a terminal, plain text in a
    pipe)."""
    formats = formats or FORMATS

    def decorate(function):
        @functools.wraps(function)
        def command(*args, **kwargs):
            chosen = [name for name in formats if kwargs.pop(f"output_{name}")]
            return function(*args, output=chosen[0] if chosen else "auto", **kwargs)

        for name in reversed(formats):
            command = click.option(
                f"--{name}", f"output_{name}", is_flag=True, callback=_one_format, help=_FORMAT_HELP[name]
            )(command)
        return command

    return decorate


def shaping_options(
    function=None, *, default_limit: int | None = None, limit_help: str = "Show only the first N rows."
):
    """--sort FIELD, --reverse and --limit N, received as one `shape` argument (render.output.Shape)."""

    def decorate(function):
        @functools.wraps(function)
        def command(*args, sort, reverse, limit, **kwargs):
            from intervene.render.output import Shape

            return function(*args, shape=Shape(limit, sort, reverse), **kwargs)

        command = click.option(
            "--limit",
            type=CountType(),
            default=default_limit,
            show_default=default_limit is not None,
            metavar="N",
            help=limit_help,
        )(command)
        command = click.option("--reverse", is_flag=True, help="Reverse the order (of --sort, or the usual one).")(
            command
        )
        return click.option(
            "--sort", metavar="FIELD", help="Order the rows by FIELD, a field of --json (such as council)."
        )(command)

    return decorate(function) if function else decorate
