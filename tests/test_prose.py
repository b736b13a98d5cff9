"""The plain-prose short cut shows exactly what the Markdown path would have shown."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console, RenderableType
from rich.markdown import Markdown

from newsroom_cli import prose
from newsroom_cli.cli.output import body_renderable
from newsroom_cli.formats.rendering import _parser

DATA = Path(__file__).resolve().parent.parent / "data"

# Mostly the pieces of ordinary prose, including those that look like Markdown only at
# the start of a line ("-", "+", "1.", "2)") or at its end (spaces), plus a few
# characters that always mean Markdown, so that both sides of the short cut are reached.
PROSE = [
    "Bawaslu",
    "ujar",
    "Sulastio",
    "pengawasan",
    "2024",
    "29/6/2020",
    "a",
    "Z",
    "é",
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "\n \n",
    ".",
    ",",
    ";",
    ":",
    "?",
    "'",
    '"',
    "(",
    ")",
    "/",
    "-",
    "+",
    "1.",
    "2)",
    "10.",
    "3",
    "\u00a0",
    "\u2028",
    "\u3000",
]
MARKDOWN = [*"*_`[]!<>&\\~|#=\t", "    ", "---", "\r"]
TEXTS = st.lists(st.sampled_from(PROSE * 12 + MARKDOWN), max_size=40).map("".join)

# Bodies as a press officer types them: lines of words, paragraphs apart.
WORDS = st.sampled_from(
    [
        "Bawaslu",
        "ujar",
        "Sulastio.",
        '"Kami',
        'siap,"',
        "(29/6/2020)",
        "Rp1.500.000",
        "x-y",
        "1.",
        "2)",
        "+62",
        "-",
        "é",
        "Senin,",
        "'petik'",
        "a\u00a0b",
        "20%",
        "@humas",
        ":",
    ]
)
LINES = (
    st.lists(WORDS, min_size=1, max_size=12)
    .map(" ".join)
    .filter(lambda line: not line.startswith(("1.", "2)", "+", "-")))
)
PARAGRAPHS = st.lists(st.lists(LINES, min_size=1, max_size=4).map("\n".join), max_size=5)
BODIES = st.tuples(PARAGRAPHS, st.sampled_from(["\n\n", "\n\n\n"])).map(
    lambda parts: parts[1].join(parts[0])
)


def _terminal(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, record=True, color_system="truecolor", file=io.StringIO())
    console.print(renderable)
    return console.export_text(styles=True)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTS, BODIES), st.integers(min_value=10, max_value=70))
@example('Rapat koordinasi.\n\n\n"Kami siap," ujar Sulastio.\nBaris kedua.', 30)
@example("1990an bukan daftar.\n2024. Tahun pemilu", 40)
def test_terminal_output_equals_rich_markdown(text: str, width: int) -> None:
    if prose.paragraphs(text) is None:
        return
    assert _terminal(body_renderable(text), width) == _terminal(Markdown(text), width)


@settings(max_examples=600)
@given(st.one_of(TEXTS, BODIES))
@example('Kata "kutipan" di sini.\nBaris lanjutan.\n\nParagraf dua.')
def test_html_equals_markdown_it(text: str) -> None:
    found = prose.paragraphs(text)
    if found is None:
        return
    assert prose.to_html(found) == _parser().render(text)
    # and the parser Rich uses agrees on which text is prose at all
    assert prose.to_html(found) == MarkdownIt().render(text)


@given(BODIES)
def test_typed_prose_takes_the_short_cut(text: str) -> None:
    assert prose.paragraphs(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Ini **tebal**.",
        "- satu\n- dua",
        "1. satu",
        "    kode",
        "Judul\n=====",
        "baris dengan jeda  \nkeras",
        "Tautan [x](https://bawaslu.go.id)",
        "AT&amp;T",
        "> kutipan",
    ],
)
def test_markdown_syntax_takes_the_full_path(text: str) -> None:
    assert prose.paragraphs(text) is None


def test_most_sample_releases_take_the_short_cut() -> None:
    bodies = [
        json.loads(line)["body"]
        for line in (DATA / "releases.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    plain = [body for body in bodies if prose.paragraphs(body) is not None]
    assert len(plain) >= len(bodies) // 2
