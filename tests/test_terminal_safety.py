"""Whatever a table or card holds, the terminal is never sent a control character it did not ask
for: the painter's own colour codes pass, text's escapes are shown."""

from intervene.render.grid import Field, plain_lines, terminal_lines
from intervene.render.styled import Painter

HOSTILE = "X\x1b]0;PWNED\x07\x1b[2J\x9b31m"


def _sent(text: str) -> bool:
    return "\x1b]0" in text or "\x07" in text or "\x9b" in text or "\x1b[2J" in text


def test_a_raw_escape_in_any_cell_is_shown_not_sent():
    fields = [Field("Provider", lambda row: row["provider"], "bold red")]
    rows = [{"provider": HOSTILE}]
    for printed in (
        "\n".join(terminal_lines(fields, rows, width=80, painter=Painter(colour=True))),
        "\n".join(plain_lines(fields, rows)),
    ):
        assert not _sent(printed)
        assert "X␛]0;PWNED" in printed and "␛[2J\\x9b31m" in printed


def test_colours_reach_a_terminal_and_links_are_not_a_way_in():
    painter = Painter(colour=True)
    assert painter.span("inadequate", "bold red") == "\x1b[1;31minadequate\x1b[0m"
    link = painter.span(f"see https://example.org/{HOSTILE} there", "dim")
    assert "\x1b]8;;https://example.org/X␛]0;PWNED" in link and "\x07" not in link
    assert Painter(colour=False).span("inadequate", "bold red") == "inadequate"


def test_a_hostile_fact_reaches_a_terminal_shown(run, connection):
    connection.execute("UPDATE contracts SET provider = ? WHERE id = 1", (HOSTILE,))
    connection.commit()
    result = run("status", "stoke", "--table")
    assert result.exit_code == 0
    assert not _sent(result.stdout) and "X␛]0;PWNED" in result.stdout
