"""The linter on any text: it never fails, and every place it reports is inside the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_cli.lint import Options, lint
from newsroom_cli.lint.text import Document
from newsroom_cli.models import SEVERITIES

# Characters the rules care about, mixed with any Unicode at all.
TRICKY = [*'“”"‘’()[]{}.,;:!?-–— \n\n', "yang", "Bawaslu", "bawalu", "Ã©", "â€œ", "\ufffd"]
TRICKY += ["https://x.id/(a)", "a@b.id", "`kode`", "Senin (30/6/2020)", "dimana", ", di mana"]
TEXT = st.lists(st.sampled_from(TRICKY) | st.text(max_size=5), max_size=60).map("".join)
OPTIONS = Options(
    lang="id", glossary=("Bawaslu", "Rokan Hilir"), spellings=(("koordinir", "koordinasikan"),)
)


@settings(max_examples=300, deadline=None)
@given(title=TEXT, summary=TEXT, body=TEXT, first_line=st.integers(1, 50))
def test_every_place_points_inside_the_text(
    title: str, summary: str, body: str, first_line: int
) -> None:
    lines_in_file = tuple(range(first_line, first_line + body.count("\n") + 1))
    doc = Document(title=title, body=body, summary=summary, ref="x", lines=lines_in_file)
    lines = body.split("\n")
    for finding in lint(doc, OPTIONS):
        assert finding.severity in SEVERITIES
        assert finding.message
        assert not re.search(r"\{[a-z_]+\}", finding.message)
        assert "\n" not in finding.excerpt
        if finding.field != "body" or finding.line is None:
            continue
        assert finding.column is not None
        assert finding.paragraph is not None
        line = lines[finding.line - first_line]
        assert 1 <= finding.column <= len(line) + 1
        here = line[finding.column - 1 : finding.column]
        assert here.isspace() or here in finding.excerpt or finding.code == "NR402"
