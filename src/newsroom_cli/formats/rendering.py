"""The one path from Markdown to HTML that is safe to publish.

markdown-it-py renders (raw HTML in the Markdown is passed through so that
nh3 sees it), then nh3 (Ammonia) removes anything executable: scripts, event
handlers, and links with schemes other than http, https and mailto. Every
output that shows a body as HTML goes through ``render_markdown``.

A release's own photos are placed in its body with ``![alt](photo:2)``. nh3
would drop such a ``src`` (not an allowed scheme), and no HTML may reach a page
without passing nh3, so the images are taken out of the parsed Markdown before
rendering and a placeholder of letters and digits stands in their place: a
random word per call that no body can know in advance, and that nh3 keeps as
plain text. Only after sanitising is each placeholder replaced, with the HTML
the caller builds and escapes itself from the photo's record (``PhotoHtml``).
A photo standing alone in its paragraph takes the paragraph's place as a block
(a ``<figure>``); one amid text splits its paragraph in two around it; one
inside a link, a heading or a table cell stays inline. ``photo:N`` with no
photo N (or with no ``PhotoHtml``, as in ``show``) leaves its alt text as plain
text, and nothing at all when there is none.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from functools import cache
from html import escape
from typing import Any

from newsroom_cli import prose
from newsroom_cli.models import Article

ALLOWED_SCHEMES = {"http", "https", "mailto"}

#: ``(number, alt text written in the Markdown or "", block) -> HTML`` for photo
#: ``number`` of the release (1 is the first), or None when it has no such photo.
#: ``block``: the HTML replaces a whole paragraph (a figure fits); else it sits in
#: running text and must be phrasing content. What it returns is put in the page
#: as it is: it must be built from escaped values.
PhotoHtml = Callable[[int, str, bool], "str | None"]

_PHOTO_SRC = re.compile(r"photo:([0-9]{1,6})", re.IGNORECASE)
_MENTIONS_PHOTO = re.compile(r"photo:", re.IGNORECASE)
_BREAKS = ("softbreak", "hardbreak")


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


def render_markdown(text: str, photo: PhotoHtml | None = None) -> str:
    """Markdown -> HTML with nothing executable left in it; ``photo:N`` images
    become what ``photo`` builds for them (see the module's docstring)."""
    found = prose.paragraphs(text)
    if found is not None:
        return sanitise(prose.to_html(found))
    if not _MENTIONS_PHOTO.search(text):
        return sanitise(_parser().render(text))
    return _render_with_photos(text, photo)


def _render_with_photos(text: str, photo: PhotoHtml | None) -> str:
    md = _parser()
    env: dict[str, Any] = {}
    word = f"newsroomphoto{secrets.token_hex(8)}"
    made: list[str] = []

    def resolve(image: Any, block: bool) -> Any:
        """A text token in the image's place: a placeholder for a photo the release
        has, else the alt text, which the renderer escapes and nh3 sees as text."""
        number = int(_PHOTO_SRC.fullmatch(image.attrGet("src") or "")[1])  # type: ignore[index]
        alt = md.renderer.renderInlineAsText(image.children or [], md.options, env)
        html = photo(number, alt, block) if photo else None
        if html is None:
            return _text_token(image, alt)
        made.append(html)
        token = _text_token(image, f"{word}n{len(made) - 1}e")
        token.meta = {"photo": True}
        return token

    tokens = _split_paragraphs(md.parse(text, env), resolve)
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.children:
            alone = len(token.children) == 1 and index > 0 and tokens[index - 1].hidden
            token.children = [
                resolve(child, alone) if _is_photo(child) else child for child in token.children
            ]
    html = sanitise(md.renderer.render(tokens, md.options, env))
    for index, fragment in enumerate(made):
        mark = f"{word}n{index}e"
        # Alone in a paragraph, it takes the paragraph's place; else (in running
        # text, or alone in a list item, where a figure fits too) the word's.
        html = html.replace(f"<p>{mark}</p>", fragment).replace(mark, fragment)
    return html


def _is_photo(token: Any) -> bool:
    return token.type == "image" and bool(_PHOTO_SRC.fullmatch(token.attrGet("src") or ""))


def _text_token(like: Any, content: str) -> Any:
    token = like.copy()
    token.type, token.tag, token.nesting, token.attrs = "text", "", 0, {}
    token.content, token.children, token.markup, token.info = content, None, "", ""
    return token


def _split_paragraphs(tokens: list[Any], resolve: Callable[[Any, bool], Any]) -> list[Any]:
    """A shown paragraph holding ``photo:N`` images outside any link or emphasis
    becomes paragraphs of its text and, between them, a paragraph of each photo's
    placeholder alone, which a block then replaces whole. A paragraph left with
    nothing (a missing photo without alt text) goes."""
    out: list[Any] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        three = tokens[index : index + 3]
        if not (
            token.type == "paragraph_open"
            and not token.hidden
            and len(three) == 3
            and three[1].type == "inline"
            and any(_is_photo(c) for c in _top_level(three[1].children or []))
        ):
            out.append(token)
            index += 1
            continue
        opener, inline, closer = three
        for children in _pieces(inline.children or [], resolve):
            if children:
                part = inline.copy()
                part.children = children
                out += [opener.copy(), part, closer.copy()]
        index += 3
    return out


def _top_level(children: list[Any]) -> list[Any]:
    depth, found = 0, []
    for child in children:
        depth -= child.nesting == -1
        if depth == 0:
            found.append(child)
        depth += child.nesting == 1
    return found


def _pieces(children: list[Any], resolve: Callable[[Any, bool], Any]) -> list[list[Any]]:
    """An inline's children cut around each top-level photo the release has: runs
    of text (trimmed of edge spaces and line breaks; empty when nothing is left),
    and each photo's placeholder alone. A missing photo's alt text stays in its run."""
    pieces: list[list[Any]] = []
    run: list[Any] = []
    depth = 0
    for child in children:
        depth -= child.nesting == -1
        found = resolve(child, True) if depth == 0 and _is_photo(child) else None
        if found is not None and found.meta.get("photo"):
            pieces += [_trim(run), [found]]
            run = []
        else:
            run.append(found if found is not None else child)
        depth += child.nesting == 1
    pieces.append(_trim(run))
    return pieces


def _trim(run: list[Any]) -> list[Any]:
    while run and run[0].type in _BREAKS:
        run = run[1:]
    while run and run[-1].type in _BREAKS:
        run = run[:-1]
    if run and run[0].type == "text":
        run = [_text_token(run[0], run[0].content.lstrip()), *run[1:]]
    if run and run[-1].type == "text":
        run = [*run[:-1], _text_token(run[-1], run[-1].content.rstrip())]
    if all(child.type == "text" and not child.content for child in run):
        return []
    return run


def with_dateline(body_html: str, dateline: str) -> str:
    """Put the dateline back in front of the first paragraph: ``BENGKALIS – ...``.

    Photos placed before any text (figures) stay first; the dateline opens the text.
    """
    if not dateline:
        return body_html
    mark = f'<span class="dateline">{escape(dateline.upper())}</span> – '
    lead = ""
    while body_html.startswith("<figure") and "</figure>" in body_html:
        end = body_html.index("</figure>") + len("</figure>")
        lead, body_html = lead + body_html[:end] + "\n", body_html[end:].lstrip("\n")
    if body_html.startswith("<p>"):
        return lead + "<p>" + mark + body_html[3:]
    return f"{lead}<p>{mark}</p>\n{body_html}"


def body_html(article: Article, photo: PhotoHtml | None = None) -> str:
    """An article's body as published everywhere (site, feeds, print): the
    sanitised Markdown with the dateline in front of its first paragraph, and its
    ``photo:N`` images as ``photo`` builds them."""
    return with_dateline(render_markdown(article.body, photo), article.dateline)


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
