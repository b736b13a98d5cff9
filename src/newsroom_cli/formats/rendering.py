"""The one path from Markdown to HTML that is safe to publish.

markdown-it-py renders (raw HTML in the Markdown is passed through so that
nh3 sees it), then nh3 (Ammonia) removes anything executable: scripts, event
handlers, and links with schemes other than http, https and mailto. Every
output that shows a body as HTML goes through ``render_markdown``.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from newsroom_cli import prose
from newsroom_cli.models import Article

ALLOWED_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def sanitise(html: str) -> str:
    import nh3

    return str(
        nh3.clean(
            html,
            url_schemes=ALLOWED_SCHEMES,
            # No rel: links never open new windows (target is not allowed), and an
            # <a rel> whose unsafe href was removed would be invalid HTML.
            link_rel=None,
            strip_comments=True,
        )
    )


def render_markdown(text: str) -> str:
    """Markdown -> HTML with nothing executable left in it."""
    found = prose.paragraphs(text)
    html = prose.to_html(found) if found is not None else _parser().render(text)
    return sanitise(html)


def with_dateline(body_html: str, dateline: str) -> str:
    """Put the dateline back in front of the first paragraph: ``BENGKALIS – ...``."""
    if not dateline:
        return body_html
    mark = f'<span class="dateline">{escape(dateline.upper())}</span> – '
    if body_html.startswith("<p>"):
        return "<p>" + mark + body_html[3:]
    return f"<p>{mark}</p>\n{body_html}"


def body_html(article: Article) -> str:
    """An article's body as published everywhere (site, feeds, print): the
    sanitised Markdown with the dateline in front of its first paragraph."""
    return with_dateline(render_markdown(article.body), article.dateline)


def article_fragment(article: Article, date_text: str) -> str:
    """An ``<article>`` element for ``show --format html``: fields escaped, body sanitised."""
    meta = " · ".join(
        escape(part) for part in (article.dateline, date_text, article.author) if part
    )
    tags = "".join(f"<li>{escape(tag)}</li>" for tag in article.tags)
    parts = [
        f'<article lang="{escape(article.lang)}">',
        f"<h1>{escape(article.title)}</h1>",
        f'<p class="meta">{meta}</p>' if meta else "",
        f'<p class="summary">{escape(article.summary)}</p>' if article.summary else "",
        render_markdown(article.body),
        f'<ul class="tags">{tags}</ul>' if tags else "",
        "</article>",
    ]
    return "\n".join(part for part in parts if part) + "\n"
