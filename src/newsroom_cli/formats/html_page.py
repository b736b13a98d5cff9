"""A saved article page read back into an article, its body as Markdown.

The page's structured data comes first, because the site wrote it for
machines: JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting``...), then
Open Graph and ``article:*`` meta tags, then what the page shows (``<h1>``,
``<time>``, ``rel="tag"`` links). The body is the article's content element
(``itemprop="articleBody"``, the usual CMS content classes, ``<article>``,
``<main>``) without navigation, sidebars, share buttons, related posts,
comments and footers, converted to Markdown.

Parsing uses Beautiful Soup over the standard library's ``html.parser``: it
accepts whatever a browser or a CMS saved without a compiled dependency, and
markdownify (built on it) turns the cleaned element into Markdown.

Pictures: an ``<img>`` of the article whose ``src`` is a local file (what
"Save page, complete" makes of it: ``page_files/foto.jpg``) is listed for the
import to bring in as a photo, with its caption from ``<figure><figcaption>``
or WordPress's ``wp-caption-text``, and its credit from the end of that
caption (``Foto: Humas``) or from a short ``Foto: ...`` line right after the
picture, which then leaves the body. The body keeps the picture in place.
Remote pictures stay links (counted); pictures outside the article (logos,
sidebars) are not the article's.
"""

from __future__ import annotations

import json
import re
import uuid
from html import unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsroom_cli import dates
from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.datelines import split_dateline
from newsroom_cli.formats.pictures import (
    Edit,
    Picture,
    Pictures,
    escape_alt,
    kind,
    local_path,
    split_credit,
)
from newsroom_cli.formats.records import Incoming, split_tags, status_for
from newsroom_cli.models import Changes
from newsroom_cli.slugs import SLUG_MAX, SLUG_RE

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "Report",
}
# Turning the article into Markdown (markdownify) recurses three calls per level of
# elements: past about 300 levels Python's stack runs out. Real pages nest a few
# dozen; what is deeper is flattened (``_flatten``).
DEPTH_MAX = 200
# Most specific first: the first that matches holds the article's text.
CONTENT = (
    '[itemprop="articleBody"]',
    ".entry-content",
    ".post-content",
    ".article-content",
    ".article-body",
    ".post-body",
    ".single-content",
    "article",
    "main",
    '[role="main"]',
    "#content",
    "body",
)
# Inside the content: what belongs to the site, not the article.
NOT_CONTENT = (
    "script, style, noscript, template, nav, aside, footer, header, form, iframe, button, svg, "
    '[role="navigation"], [role="complementary"], [role="contentinfo"], [role="banner"], '
    ".sharedaddy, .share, .shares, .share-buttons, .social-share, .related, .related-posts, "
    ".jp-relatedposts, .comments, #comments, .comment-respond, .sidebar, .widget, .breadcrumb, "
    ".breadcrumbs, .tags, .tag-links, .post-tags, .entry-tags, .tagcloud, .entry-meta, "
    ".post-meta, .byline, .post-navigation, .navigation"
)


def _jsonld(soup: BeautifulSoup) -> dict[str, Any]:
    """The first article object in the page's JSON-LD blocks, ``@graph`` included.

    Walked with a stack rather than by recursion: a block nested a few hundred
    lists deep loads, and must not then overflow Python's stack.
    """
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        pending = [_loads(script.get_text())]
        while pending:
            node = pending.pop()
            if isinstance(node, list):
                pending.extend(reversed(node))
            elif isinstance(node, dict):
                kinds = node.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(kind, str) and kind in ARTICLE_TYPES for kind in kinds):
                    return node
                pending.append(node.get("@graph"))
    return {}


def _loads(text: str) -> Any:
    """A JSON-LD block, or None: a broken block is the site's problem, not a reason to fail
    (a block nested 100,000 deep, or holding a number of 5,000 digits, is broken too)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Meta tags by ``property`` or ``name`` (lower case), every value kept."""
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        value = tag.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            found.setdefault(key.lower(), []).append(value.strip())
    return found


def _text(value: Any, depth: int = 0) -> str:
    """A JSON-LD value as one line of text: names of people, first of lists.

    Lists and objects are looked into a few levels deep, as far as a real page
    nests them (a list of authors, each with a name).
    """
    if depth > 4:
        return ""
    if isinstance(value, list):
        return ", ".join(t for t in (_text(item, depth + 1) for item in value) if t)
    if isinstance(value, dict):
        return _text(value.get("name"), depth + 1)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(unescape(str(value)).split())
    return ""


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v and v.strip()), None)


def _slug(*urls: str | None) -> str | None:
    """The last part of the page's own address, when it is already a good slug."""
    for url in urls:
        if not url:
            continue
        last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
        last = re.sub(r"\.(?:html?|php|aspx?)$", "", last)
        if last and len(last) <= SLUG_MAX and SLUG_RE.match(last) and not last.isdigit():
            return last
    return None


def _lang(*values: str | None) -> str | None:
    for value in values:
        if value and re.match(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$", value.strip()):
            code = value.strip().replace("_", "-")
            first, _, rest = code.partition("-")
            return first.lower() + (f"-{rest}" if rest else "")
    return None


def _content(soup: BeautifulSoup) -> Tag | None:
    for selector in CONTENT:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    return None


def _clean(content: Tag, title: str) -> None:
    """Take the site's parts and the headline out of the article's element, in place."""
    for element in content.select(NOT_CONTENT):
        element.decompose()
    for heading in content.find_all(["h1", "h2"], limit=2):
        if " ".join(heading.get_text().split()).casefold() == title.casefold():
            heading.decompose()
    for link in content.select('a[rel~="tag"]'):
        parent = link.parent
        if parent is not None and parent is not content and not parent.decomposed:
            links = "".join(a.get_text() for a in parent.find_all("a"))
            if len(parent.get_text(strip=True)) - len(links.replace(" ", "")) < 20:
                parent.decompose()
    for mark in content.select('time, [rel~="author"]'):
        # A byline ("Ditulis oleh X pada <time>"), not a paragraph of the article.
        line = mark.find_parent(["p", "div", "span"])
        if line is None or line is content or content not in line.parents or line.decomposed:
            continue
        if len(line.get_text(strip=True)) < 150:
            line.decompose()


_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:foto|photo|sumber\s+foto|kredit|credit|dok(?:umentasi)?)\s*[:.]", re.IGNORECASE
)
_BLOCKS = ("p", "div", "figure", "span", "em", "i", "small")


def _sole_child(parent: Tag | None, child: Tag) -> bool:
    """``child`` is all ``parent`` holds (whitespace aside)."""
    if parent is None:
        return False
    others = [n for n in parent.contents if n is not child and str(n).strip()]
    return not others


def _credit_line(after: Tag) -> Tag | None:
    """A short ``Foto: ...`` element right after a picture: its credit."""
    following = after.find_next_sibling()
    if following is None or following.name not in _BLOCKS:
        return None
    between = after.next_sibling
    while between is not None and between is not following:
        if str(between).strip():
            return None  # text between the picture and the line: not its credit
        between = between.next_sibling
    text = " ".join(following.get_text().split())
    return following if len(text) < 200 and _CREDIT_LINE.match(text) else None


def _emphasis(text: str) -> str:
    return re.sub(r"([\\*_])", r"\\\1", text)


def _take_pictures(soup: BeautifulSoup, content: Tag, found: Pictures) -> str:
    """Local pictures replaced by tokens the Markdown keeps in place; returns the token.

    Each token is ``<prefix><n>``, n an index into ``fallbacks`` kept on the
    pictures' edits later (see ``_place``).
    """
    prefix = f"newsroom-picture-{uuid.uuid4().hex}-"
    for img in list(content.find_all("img")):
        if img.decomposed or content not in img.parents:
            continue
        src = img.get("src")
        src = src if isinstance(src, str) else ""
        if kind(src) == "remote":
            found.remote += 1
        if kind(src) != "local":
            continue
        holder: Tag = img
        if _sole_child(img.parent, img) and img.parent is not None and img.parent.name == "a":
            holder = img.parent  # a link to the picture itself adds nothing
        caption_tag = None
        box = img.find_parent(["figure", "div"])
        one = box is not None and len(box.find_all("img")) == 1  # not a gallery
        if box is not None and one and box is not content and content in box.parents:
            caption_tag = box.find("figcaption") if box.name == "figure" else None
            classes = box.get_attribute_list("class")
            if box.name == "div" and any(c == "wp-caption" for c in classes):
                caption_tag = box.select_one(".wp-caption-text")
            if caption_tag is not None or box.name == "figure":
                holder = box
        parent = holder.parent
        if (
            holder.name in ("img", "a")
            and parent is not None
            and parent is not content
            and parent.name in ("p", "center")
            and _sole_child(parent, holder)
        ):
            holder = parent  # the picture's own paragraph
        said = " ".join(caption_tag.get_text().split()) if caption_tag is not None else ""
        caption, credit = split_credit(said) if said else ("", None)
        line = _credit_line(holder) if holder.name != "img" else None
        if line is not None:
            credit = split_credit(" ".join(line.get_text().split()))[1] or credit
            line.decompose()
        alt = " ".join(str(img.get("alt") or "").split())
        index = found.add(
            Picture(local_path(src), alt=alt or None, caption=caption or None, credit=credit)
        )
        address = f"<{src}>" if re.search(r"[\s()]", src) else src
        # As a Markdown file would carry it: the caption as an emphasised line below.
        fallback = f"![{escape_alt(alt)}]({address})" + (f"\n*{_emphasis(said)}*" if said else "")
        found.edits.append(Edit(0, 0, index, escape_alt(alt), fallback))
        token = soup.new_tag("img", attrs={"src": f"{prefix}{len(found.edits) - 1}"})
        if holder.name in ("img", "a"):
            holder.replace_with(token)
        else:
            paragraph = soup.new_tag("p")
            paragraph.append(token)
            holder.replace_with(paragraph)
    return prefix


def _place(body: str, prefix: str, found: Pictures) -> str:
    """The body with each token back to its picture as written, the edits pointing there."""
    pattern = re.compile(r"!\[[^\]\n]*\]\(" + re.escape(prefix) + r"(\d+)\)")
    parts: list[str] = []
    last = 0
    size = 0
    edits = list(found.edits)
    for match in pattern.finditer(body):
        parts.append(body[last : match.start()])
        size += match.start() - last
        edit = edits[int(match[1])]
        parts.append(edit.fallback)
        found.edits[int(match[1])] = Edit(
            size, size + len(edit.fallback), edit.picture, edit.alt, edit.fallback
        )
        size += len(edit.fallback)
        last = match.end()
    parts.append(body[last:])
    placed = {e for e in range(len(edits)) if found.edits[e] is not edits[e]}
    found.edits = [found.edits[e] for e in sorted(placed)]  # a token markdownify dropped
    return "".join(parts)


def _markdown(content: Tag) -> str:
    from markdownify import MarkdownConverter

    text = MarkdownConverter(heading_style="ATX", bullets="-").convert_soup(content)
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def read_html(text: str, name: str) -> list[Incoming]:
    """One article from a saved page."""
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    try:
        soup = BeautifulSoup(text, "html.parser")
    except ParserRejectedMarkup as exc:
        raise InvalidInput(f"not an HTML page that can be read ({exc})") from exc
    _flatten(soup)
    try:
        return _read(soup)
    except RecursionError as exc:  # _flatten is there so that this never happens
        raise InvalidInput("the page nests its elements too deeply to be read") from exc


def _flatten(soup: BeautifulSoup) -> None:
    """An element ``DEPTH_MAX`` deep keeps the text of what it nests, not its elements.

    Old pages close nothing (a ``<font>`` opened for every paragraph nests the
    next one inside it), and a hostile one nests 50,000 ``<div>``; turning the
    article into Markdown recurses once per level and would overflow Python's
    stack. Depths are found with a stack; each element at the limit is emptied
    and given its own text back, which costs a pass over what it held (Beautiful
    Soup's ``unwrap`` would walk up every ancestor for each element it moved).
    """
    from bs4 import Tag

    pending: list[tuple[Tag, int]] = [(soup, 0)]
    while pending:
        tag, depth = pending.pop()
        children = [child for child in tag.contents if isinstance(child, Tag)]
        if depth < DEPTH_MAX:
            pending.extend((child, depth + 1) for child in children)
        elif children:
            text = tag.get_text()
            tag.clear()
            tag.append(text)


def _read(soup: BeautifulSoup) -> list[Incoming]:
    data, meta = _jsonld(soup), _meta(soup)

    def one(key: str) -> str | None:
        return meta.get(key, [None])[0]

    content = _content(soup)
    h1 = (content.find("h1") if content else None) or soup.find("h1")
    title_tag = soup.find("title")
    title = _first(
        _text(data.get("headline")),
        _text(data.get("name")),
        one("og:title"),
        " ".join(h1.get_text().split()) if h1 else None,
        " ".join(title_tag.get_text().split()) if title_tag else None,
    )
    if title is None:
        raise InvalidInput(
            "no headline: the page has no JSON-LD headline, og:title, <h1> or <title>"
        )
    time_tag = soup.find("time", attrs={"datetime": True})
    date = _first(
        _text(data.get("datePublished")),
        one("article:published_time"),
        one("datepublished"),
        one("date"),
        str(time_tag["datetime"]) if time_tag else None,
    )
    # Links in the article, not in a sidebar's tag cloud or the menu.
    scope = soup.find("article") or content or soup
    tags = split_tags(_text(data.get("keywords"))) or meta.get("article:tag", [])
    if not tags:  # WordPress marks category links rel="category tag": those are not tags
        links = [
            a
            for a in scope.select('a[rel~="tag"]')
            if "category" not in a.get_attribute_list("rel")
        ]
        tags = [" ".join(a.get_text().split()) for a in links]
    category_link = scope.select_one('a[rel~="category"]')
    category = _first(
        _text(data.get("articleSection")).split(", ")[0],
        one("article:section"),
        category_link.get_text(strip=True) if category_link else None,
    )
    author_link = scope.select_one('[rel~="author"]')
    author = _first(
        _text(data.get("author")),
        one("author"),
        next((a for a in meta.get("article:author", []) if "://" not in a), None),
        author_link.get_text(strip=True) if author_link else None,
    )
    body = ""
    pictures = Pictures()
    if content is not None:
        _clean(content, title)
        prefix = _take_pictures(soup, content, pictures)
        body = _place(_markdown(content), prefix, pictures)
    if not body and data.get("articleBody"):
        body = str(data["articleBody"]).strip()
    # The first paragraph of text: a picture heading the article is not it.
    paragraphs = body.split("\n\n") if body else []
    first = next((p for p in paragraphs if not p.startswith("![")), "")
    dateline = split_dateline(first) if first else None
    if date is None and dateline is not None:
        date = dateline.date
    if date is None and first:
        found = dates.find_in_text(first, dateline.end if dateline else 0)
        date = found.value if found else None
    canonical = soup.find("link", attrs={"rel": "canonical"})
    html_tag = soup.find("html")
    changes = Changes(
        title=title,
        body=body,
        summary=_first(_text(data.get("description")), one("og:description"), one("description")),
        category=category,
        author=author,
        dateline=dateline.place if dateline else None,
        lang=_lang(
            _text(data.get("inLanguage")),
            str(html_tag.get("lang") or "") if html_tag else None,
            one("og:locale"),
        ),
        slug=_slug(
            str(canonical.get("href") or "") if canonical else None,
            one("og:url"),
            _text(data.get("url")),
        ),
        date=date,
        tags=tags or None,  # a page without tags: an update keeps the article's tags
    )
    return [Incoming(changes, status_for(date), pictures=pictures)]
