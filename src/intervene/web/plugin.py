"""A Datasette plugin, registered by `intervene serve` on the instance it builds: the
web addresses inside a source are shown as links, and nothing but reading is let in.

A source is free text (`Publisher, 'Title', 4 Sep 2025 <https://…>`, or a bare
`https://…`, or several joined by `;`), typed by people and read from files, so none
of it is trusted: every character outside a link is escaped, and only http and https
addresses become links.
"""

from __future__ import annotations

import re

from datasette import hookimpl
from markupsafe import Markup, escape

from intervene.web.metadata import DATABASE

# What a browser may ask; any other method (a POST to a form or to an API) is refused before
# Datasette sees it, so that no page, plugin or future Datasette feature can write.
READING = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY = b"This view is read-only: record changes with the intervene command line.\n"

# The columns that hold sources, in every table and in the canned queries' results.
SOURCE_COLUMNS = frozenset({"source", "end_source", "last_confirmed_source"})

# An address runs to the first space, angle bracket or double quote.
URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than an address.
TRAILING = ".,;:!?'"


def link_sources(text: str) -> Markup:
    """`text` escaped, with each web address in it made a link that opens in a new tab."""
    parts: list[str] = []
    position = 0
    for match in URL.finditer(text):
        address = _trimmed(match.group())
        end = match.start() + len(address)
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup('<a href="{0}" rel="noopener noreferrer nofollow" target="_blank">{0}</a>').format(address))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _trimmed(address: str) -> str:
    """An address without the punctuation after it: a full stop or semicolon, or a closing
    bracket that opened before the address."""
    while address:
        if address[-1] in TRAILING:
            address = address[:-1]
        elif address[-1] == ")" and address.count("(") < address.count(")"):
            address = address[:-1]
        else:
            break
    return address


@hookimpl
def render_cell(value, column, database):
    """Sources in this project's database as links; anything else is left to Datasette."""
    if database != DATABASE or column not in SOURCE_COLUMNS or not isinstance(value, str):
        return None
    return link_sources(value)


@hookimpl
def asgi_wrapper(datasette):
    """Refuses every request that is not a read, with 405. (This plugin is registered only by
    `intervene.web.app.build`, for the instance that serves this project's database.)"""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READING:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 405,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD")],
                    }
                )
                await send({"type": "http.response.body", "body": READ_ONLY})
                return
            await app(scope, receive, send)

        return read_only

    return wrap
