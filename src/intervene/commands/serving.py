"""`intervene serve`: the database in the browser, read-only, through Datasette.

Datasette, uvicorn and the web package are imported only here, inside the command, and
only when it runs: no other command pays for them, and without the web extra only this
command fails, in one line.
"""

from __future__ import annotations

import click

from intervene.errors import InterveneError
from intervene.params import example
from intervene.session import Settings, pass_settings

WEB_EXTRA = "serve needs the web extra: pip install 'intervene[web]'"
# What the web extra installs, by the names they are imported as.
WEB_MODULES = ("datasette", "datasette_dashboards", "uvicorn")
STARTUP_SECONDS = 30


@click.command(
    short_help="Show the database in the browser, read-only.",
    epilog=example("intervene serve --open"),
)
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="The port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; 0.0.0.0 lets other machines in (there is no login).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the dashboard in a browser once the server is up.")
@pass_settings
def serve(settings: Settings, port: int, host: str, open_browser: bool) -> None:
    """Show the database in the browser, read-only: every table, the reports and a dashboard.

    The file is served as it stands when the command starts and is never written:
    changes are made with the other commands, which keep the audit trail. Restart
    serve to show what was recorded since. Ctrl-C stops it.
    """
    _check_web_extra()
    import asyncio

    import uvicorn

    from intervene.db import resolve_path
    from intervene.web.app import build
    from intervene.web.queries import canned_queries

    # Created, or upgraded, as every command does, then closed: the web reads on its own
    # read-only connections, which see what the CLI records while it runs.
    settings.connect().close()
    path = resolve_path(settings.db_path)
    datasette = build(path, canned_queries())
    asyncio.run(datasette.invoke_startup())
    server = uvicorn.Server(
        uvicorn.Config(datasette.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)
    )
    if open_browser:
        import threading

        address = f"http://{_host_in_url(host)}:{port}/-/dashboards/intervention"
        threading.Thread(target=_open_when_up, args=(server, address), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:
        # uvicorn has already shut down cleanly; it raises Ctrl-C again only to say so.
        return
    except SystemExit:
        if server.started:
            raise
        # uvicorn has logged why (most often, the port is taken) and given up.
        raise InterveneError(f"could not serve on {host}:{port}; another --port may help") from None


def _check_web_extra() -> None:
    import importlib

    for name in WEB_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as error:
            if error.name and error.name.split(".")[0] in WEB_MODULES:
                raise InterveneError(WEB_EXTRA) from None
            raise


def _host_in_url(host: str) -> str:
    """The host as a browser reaches it: a wildcard address is reached on this machine."""
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _open_when_up(server, address: str) -> None:
    import time
    import webbrowser

    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if server.should_exit or time.monotonic() > deadline:
            return
        time.sleep(0.05)
    webbrowser.open(address)


COMMANDS = {command.name: command for command in (serve,)}
