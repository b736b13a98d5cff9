"""Importers on any input raise nothing but NewsroomError (tests/reliability/README.md, check 27).

Every registered reader gets arbitrary text and text built from the pieces
its format is made of (fences, date forms, tag blocks, markup), and whatever
it returns is prepared as ``import`` would prepare it, without a database.
A crash here would be a traceback for a press officer with an odd file.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_cli import config
from newsroom_cli.errors import NewsroomError
from newsroom_cli.formats import IMPORTERS, detect, read
from newsroom_cli.services import editing

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or (300 if os.environ.get("CI") else 100))

PIECES = {
    "md": [
        "---\n",
        "+++\n",
        "title: ",
        "Title: ",
        "date: ",
        "tags: [a, b]\n",
        "draft: ",
        "true",
        "published: no\n",
        "categories:\n  - x\n",
        "slug: ",
        "2020-02-30",
        "2020-06-29 09:30 +0700",
        "authors:\n  - {name: A}\n",
        "status: hidden\n",
        'title = "x"\n',
        "date = 2020-06-29\n",
        "# Judul\n",
        "\n",
        ": ",
        "- ",
        "[",
        "{",
        "!!python/object:x {}\n",
        "&a [*a]\n",
    ],
    "text": [
        "Berita\n",
        "Lompat ke isi utama\n",
        "|\n",
        "Tag\n",
        "Tags: a, b\n",
        "Tag: #x #y\n",
        "Sabtu, 12 Desember 2020\n",
        "Senin (29/6/2020)",
        "Selasa (29/6/2020)",
        "31/2/2020",
        "pada hari rabu, 5 agustus 2020",
        "pukul 10.00 WITA",
        "BENGKALIS – ",
        "Bengkalis-",
        "Padang, Bawaslu – ",
        "Medan - Selasa 3 Mei 2022 ",
        "Pekanbaru, (12/12/2020) ",
        "Bawaslu Bengkalis Gelar Rapat Koordinasi Pengawasan Tahapan\n",
        "Baca juga: x\n",
        "Bagikan:\n",
        "Oleh: Humas\n",
        "\n",
        "\n\n",
        "“",
        "—",
        "\u00a0",
        "x" * 300,
    ],
    "html": [
        "<html>",
        "<head>",
        "<title>",
        "</title>",
        "<h1>",
        "</h1>",
        "<article>",
        "<p>",
        "</p>",
        '<script type="application/ld+json">',
        "</script>",
        '{"@type": "NewsArticle", ',
        '"headline": "x", "datePublished": "2020-13-40", "keywords": ["a", 1], "author": {}}',
        '<meta property="article:published_time" content="besok">',
        '<time datetime="x">',
        '<a rel="tag">',
        "</a>",
        '<link rel="canonical" href="https://x/y-z.html">',
        "<!--",
        "<![CDATA[",
        "<!",
        "&amp;",
        "&#0;",
        "<nav>",
        "<html lang='id_ID'>",
        "Senin (29/6/2020)",
    ],
    "csv": [
        "title",
        ",",
        ";",
        "\t",
        '"',
        "\n",
        "tags",
        "published_at",
        "status",
        "draft",
        "x",
        "31/2/2020",
        "lang",
        "zz-",
        "slug",
        "Bad Slug",
        "id",
        "Title",
        "body",
    ],
    "json": ["[", "]", "{", "}", '"title"', ":", ",", '"x"', "null", "1", '"tags"', '"status"'],
    "jsonl": ["{", "}", '"title"', ":", ",", '"x"', "\n", "[]", '"published_at"', '"2020-06-29"'],
}
CONFIG = config.Config({})


def prepare(fmt: str, text: str) -> None:
    """Read and prepare as import does; only NewsroomError may come out."""
    try:
        for item in read(fmt, text, "f"):
            editing.new_article(CONFIG, item.changes, item.status, "2024-01-10T00:00:00+07:00")
    except NewsroomError:
        pass


@settings(max_examples=EXAMPLES, deadline=None)
@given(fmt=st.sampled_from(sorted(IMPORTERS)), text=st.text(max_size=400))
def test_any_text(fmt: str, text: str) -> None:
    prepare(fmt, text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), fmt=st.sampled_from(sorted(PIECES)))
def test_text_made_of_the_formats_pieces(data: st.DataObject, fmt: str) -> None:
    pieces = data.draw(st.lists(st.sampled_from(PIECES[fmt]) | st.text(max_size=8), max_size=40))
    prepare(fmt, "".join(pieces))


@settings(max_examples=EXAMPLES, deadline=None)
@given(suffix=st.sampled_from(["", ".txt", ".json", ".md", ".x"]), text=st.text(max_size=200))
def test_detection_always_answers(suffix: str, text: str) -> None:
    assert detect(suffix, text) in (*IMPORTERS, None)


def test_deep_nesting_is_bad_input() -> None:
    """Refused with a reason, not accepted and not a RecursionError."""
    cases = [
        ("json", "[" * 100_000, "JSON nested too deeply"),
        ("jsonl", "[" * 100_000 + "\n", "JSON nested too deeply"),
        ("md", "---\nx: " + "[" * 100_000 + "\n---\n", "not valid YAML"),
        ("md", "+++\nx = " + "[" * 100_000 + "\n+++\n", "nested too deeply"),
        ("html", "<title>Judul</title>" + "<div>" * 20_000 + "Isi.", None),
    ]
    for fmt, text, reason in cases:
        if reason is None:  # a page nested deep but with a headline comes in whole
            (item,) = list(read(fmt, text, "f"))
            assert item.changes.title == "Judul"
            continue
        with pytest.raises(NewsroomError, match=reason):
            list(read(fmt, text, "f"))
