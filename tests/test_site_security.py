"""Nothing executable gets out, and nothing is written outside --out."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli, one_error_line
from newsroom_cli.formats.rendering import render_markdown
from site_helpers import Page, pages, parse

XSS_BODY = "\n\n".join(
    [
        "Pembuka <script>alert('body')</script>",
        "<img src=x onerror=alert('img')> <svg onload=alert('svg')></svg>",
        "[tautan](javascript:alert('md'))",
        '<a href="JaVaScRiPt:alert(1)">huruf campur</a>',
        '<a href="&#106;avascript:alert(1)">entitas</a>',
        '<a href=" javascript:alert(1)">spasi</a>',
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<a href=\"vbscript:msgbox('x')\">vb</a>",
        "```\"><script>alert('fence')</script>\nkode\n```",
        "[judul](/u '\"><script>alert(1)</script>')",
        "<iframe src=\"javascript:alert('iframe')\"></iframe><object data=x></object>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<!--<script>alert('comment')</script>-->",
        "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>x</button></form>",
        '<div style="background:url(javascript:alert(1))">gaya</div>',
    ]
)
XSS_TITLE = "</script><script>alert('title')</script><!--<script> “Judul”"
XSS_FIELD = "\"><script>alert('field')</script><img src=x onerror=alert(1)>"
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def assert_safe_html(text: str, where: str) -> Page:
    page = Page(text)
    for kind, _ in page.scripts:
        assert kind == "application/ld+json", f"{where}: a script of type {kind!r}"
    for tag, name, value in page.attrs:
        assert not name.lower().startswith("on"), f"{where}: <{tag} {name}=...>"
        if name.lower() in ("href", "src", "action", "formaction", "data", "xlink:href"):
            squashed = "".join(html.unescape(value).split()).lower()
            assert not squashed.startswith(BAD_SCHEMES), f"{where}: <{tag} {name}={value!r}>"
        if name.lower() == "style":
            assert "javascript" not in value.lower(), f"{where}: style={value!r}"
    for tag in ("iframe", "object", "embed", "form"):
        assert not any(t == tag for t, _, _ in page.attrs), f"{where}: <{tag}>"
    return page


def assert_safe_tree(out: Path) -> None:
    for path in pages(out):
        assert_safe_html(path.read_text(encoding="utf-8"), str(path.relative_to(out)))
    for name in ("feed.xml", "rss.xml"):
        tree = ET.parse(out / name)
        for element in tree.iter():
            # Elements readers render as HTML: Atom type="html" and RSS <description>.
            is_html = element.get("type") == "html" or element.tag == "description"
            if element.text and is_html:
                assert_safe_html(element.text, f"{name} <{element.tag}>")


@pytest.fixture
def hostile(cli: Cli, tmp_path: Path) -> tuple[Cli, Path]:
    cli("config", "site.title", "<script>alert('site')</script>Situs")
    cli("config", "site.organization", XSS_FIELD)
    cli("config", "site.description", XSS_FIELD)
    cli(
        "add", "--title", XSS_TITLE, "--body", XSS_BODY, "--summary", XSS_FIELD,
        "--author", XSS_FIELD, "--dateline", XSS_FIELD, "--category", XSS_FIELD,
        "-t", "<img src=x onerror=alert(1)>", "-t", "../../keluar", "-t", "..",
        "--status", "published", "--date", "29/6/2020",
    )  # fmt: skip
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out))
    return cli, out


def test_nothing_executable_in_any_page_or_feed(hostile: tuple[Cli, Path]) -> None:
    _, out = hostile
    assert_safe_tree(out)


def test_json_ld_round_trips_the_raw_title(hostile: tuple[Cli, Path]) -> None:
    _, out = hostile
    article = next((out / "articles").iterdir())
    text = article.read_text()
    assert "</script><script>" not in text
    assert parse(article).json_ld()["headline"] == XSS_TITLE


def test_fields_are_escaped_text(hostile: tuple[Cli, Path]) -> None:
    _, out = hostile
    page = parse(next((out / "articles").iterdir()))
    assert "alert('field')" in page.text  # shown as text, not run
    assert "Pembuka" in page.text


def test_the_same_sanitiser_backs_show_the_site_and_the_feeds(hostile: tuple[Cli, Path]) -> None:
    cli, out = hostile
    expected = render_markdown(XSS_BODY.replace("\n\n", "\n\n", 1))
    fragment = cli("show", "1", "--format", "html").stdout
    site_page = next((out / "articles").iterdir()).read_text()
    feed = ET.parse(out / "feed.xml").getroot()
    content = next(e.text for e in feed.iter() if e.tag.endswith("content"))
    tail = expected.split("</p>", 1)[1]  # after the first paragraph (the site adds the dateline)
    assert tail in fragment
    assert tail in site_page
    assert content is not None
    assert tail in content


def test_hostile_tags_stay_inside(hostile: tuple[Cli, Path]) -> None:
    _, out = hostile
    for path in out.rglob("*"):
        assert os.path.realpath(path).startswith(str(out.resolve()))
    assert not (out.parent / "keluar").exists()


def test_planted_symlinks_are_replaced_not_followed(cli: Cli, tmp_path: Path) -> None:
    cli.add("Rilis Satu", "--status", "published", "--date", "29/6/2020", "-t", "Berita")
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out))
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("milik orang lain")
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(victim)
    os.rename(out / "articles", tmp_path / "moved")
    (out / "articles").symlink_to(outside, target_is_directory=True)
    cli("edit", "1", "--body", "Isi baru")
    cli("export", "--format", "html", "--out", str(out))
    assert victim.read_text() == "milik orang lain"
    assert list(outside.iterdir()) == []
    assert not (out / "articles").is_symlink()
    assert not (out / "index.html").is_symlink()
    assert "Isi baru" in (out / "articles" / "rilis-satu.html").read_text()


def test_dangerous_out_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli.add("Rilis", "--status", "published")
    for target in ("/", str(Path.home())):
        result = cli("export", "--format", "html", "--out", target, "--force", code=2)
        assert "refusing to export into" in one_error_line(result.stderr)


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300))
def test_sanitiser_never_returns_anything_executable(text: str) -> None:
    assert_safe_html(render_markdown(text), "render_markdown")


def test_config_urls_with_bad_schemes_are_refused(cli: Cli) -> None:
    for key in ("site.base_url", "site.logo"):
        for value in (
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ):
            result = cli("config", key, value, code=2)
            assert f"{key} must be" in one_error_line(result.stderr)
    assert json.loads(cli("config", "--format", "json").stdout)["site.base_url"] == ""
