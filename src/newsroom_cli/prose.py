"""Bodies that are plain prose, which need no Markdown parser to be shown.

Most releases are paragraphs of sentences and quotations with no Markdown syntax
at all. For those, markdown-it would only split paragraphs and join lines, yet
importing and running it is the largest cost of ``newsroom show`` and a quarter
of a site export. ``paragraphs`` recognises such a body conservatively: any
character or line start that *could* mean something to CommonMark sends the body
down the full Markdown path instead. Tests check, over generated text, that the
short cut's HTML and terminal output equal markdown-it's and Rich's.
"""

from __future__ import annotations

import re

# Characters that start or end Markdown inline syntax (emphasis, code, links,
# images, raw HTML, entities, escapes, strikethrough, tables), setext underlines,
# or that markdown-it rewrites (NUL, carriage returns, tabs in indentation).
_SYNTAX = re.compile(r"[*_`\[\]!<>&\\~|#=\x00\r\t]")
# Line starts that open a block: bullets, ordered items, thematic breaks.
_BLOCK_START = re.compile(r"[-+]|\d{1,9}[.)](?:\s|$)")


def paragraphs(body: str) -> list[list[str]] | None:
    """The body's paragraphs as lists of lines, or None if it may hold Markdown."""
    if _SYNTAX.search(body):
        return None
    found: list[list[str]] = []
    current: list[str] = []
    for line in body.split("\n"):
        if not line:
            if current:
                found.append(current)
                current = []
            continue
        # Indentation (a code block, or a lazy continuation) and trailing spaces
        # (a hard break) change the result; so may any Unicode space there.
        if line[0].isspace() or line[-1].isspace() or _BLOCK_START.match(line):
            return None
        current.append(line)
    if current:
        found.append(current)
    return found


def to_html(found: list[list[str]]) -> str:
    """The HTML markdown-it writes for plain paragraphs (``"`` is its only escape here)."""
    return "".join("<p>" + "\n".join(lines).replace('"', "&quot;") + "</p>\n" for lines in found)
