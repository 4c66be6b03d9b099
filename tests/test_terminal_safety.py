"""Whatever a drawn table or card holds, the terminal is never sent a control character it
did not ask for: rich's own colour codes pass, text's escapes are shown."""

import io

from rich.table import Table
from rich.text import Text

from intervene.render.output import draw

HOSTILE = "X\x1b]0;PWNED\x07\x1b[2J\x9b31m"


def test_a_raw_escape_in_any_cell_is_shown_not_sent(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    table = Table()
    table.add_column("provider")
    table.add_row(Text(HOSTILE, style="bold red"))  # not passed through visible() on purpose
    draw(table)
    printed = out.getvalue()
    assert "\x1b]" not in printed and "\x07" not in printed and "\x9b" not in printed
    assert "X␛]0;PWNED" in printed and "␛[2J\\x9b31m" in printed


def test_colours_still_reach_a_terminal(monkeypatch):
    out = io.StringIO()
    out.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    draw(Text("inadequate", style="bold red"))
    assert "\x1b[1;31minadequate\x1b[0m" in out.getvalue()
