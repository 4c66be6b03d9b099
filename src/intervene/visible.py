"""Text from a user or a file, made safe to print: control characters are shown, not sent.

A terminal acts on escape sequences (to retitle the window, move the cursor,
or worse), so a provider or source that carries one must not reach it as is.
Each C0 control character but newline and tab is shown as its Unicode picture
(ESC as ␛, BEL as ␇), DEL as ␡, and each C1 control character as `\\x9b`.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else f"\\x{code:02x}"


def visible(text: str) -> str:
    """`text` with every control character but newline and tab shown instead of sent."""
    return CONTROL.sub(_shown, text) if CONTROL.search(text) else text
