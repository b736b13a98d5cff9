"""Where documents come from: an article in the database, or a draft file.

A draft is checked as the article it would become on import: fields it leaves
out take the site's defaults (category, dateline, language), as `newsroom add`
and `newsroom import` would give them. Lines of a draft count from the top of
the file, so an editor can jump to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom_cli.lint.fields import dated_weekdays
from newsroom_cli.lint.text import Document, paragraphs
from newsroom_cli.models import Article

# Lines a captured web page carries before the article (skip links).
_CHROME = {"lompat ke isi utama", "lompat ke konten", "skip to main content", "skip to content"}
_PLACE = r"[^\W\d_][\w.'’]*(?: [^\W\d_][\w.'’]*){0,3}"
# "Bengkalis-", "BENGKALIS –", "Pekanbaru —": a place and a dash (a hyphen only before
# a space or a capital, so "Pasca-pemilu" is no dateline); "PEKANBARU, " in capitals.
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})\s*(?:[–—]|-(?=\s|[^\W\d_]*[A-Z]))\s*"
    rf"|^(?P<caps>[A-Z][A-Z.'’]*(?: [A-Z][A-Z.'’]*){{0,3}}),\s"
)
_TAG_HEADER = re.compile(r"tags?\s*(?::\s*(?P<inline>.*))?", re.IGNORECASE)


@dataclass(frozen=True)
class Defaults:
    """What the site fills in when a draft leaves a field out."""

    lang: str = "id"
    category: str = ""
    dateline: str = ""


def from_article(article: Article) -> Document:
    return Document(
        title=article.title,
        body=article.body,
        ref=article.id,
        summary=article.summary,
        dateline=article.dateline,
        date=article.published_at,
        category=article.category,
        tags=tuple(article.tags),
        lang=article.lang,
    )


def from_draft(text: str, name: str, defaults: Defaults) -> Document:
    """A Markdown draft with front matter (it starts with ``---``), else a text capture."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    if text.startswith("---\n"):
        return _from_markdown(text, name, defaults)
    return _from_text(text, name, defaults)


def _from_markdown(text: str, name: str, defaults: Defaults) -> Document:
    from newsroom_cli.errors import InvalidInput
    from newsroom_cli.formats.markdown_fm import parse_markdown

    try:
        fields, body = parse_markdown(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc}") from exc
    # parse_markdown gives the body as the end of the text, without its outer blank lines.
    start = len(text.rstrip("\n")) - len(body)
    return Document(
        title=fields.get("title", ""),
        body=body,
        ref=name,
        summary=fields.get("summary", ""),
        dateline=fields.get("dateline") or defaults.dateline,
        date=fields.get("date") or None,
        category=fields.get("category") or defaults.category,
        tags=tuple(tag for tag in fields.get("tags", []) if tag.strip()),
        lang=fields.get("lang") or defaults.lang,
        source="markdown",
        first_line=text.count("\n", 0, start) + 1,
    )


def _short(line: str) -> bool:
    """A label rather than a sentence: a few words, no full stop at the end."""
    return len(line.split()) <= 5 and not line.rstrip().endswith((".", "!", "?"))


def _from_text(text: str, name: str, defaults: Defaults) -> Document:
    """A plain-text capture: [skip links] [category] headline, paragraphs, [Tag block].

    The dateline and the date are read from the opening of the first paragraph
    (``Bengkalis – … Senin (29/6/2020)``), where such releases put them.
    """
    lines = text.split("\n")
    heads = [
        i for i, line in enumerate(lines) if line.strip() and line.strip().lower() not in _CHROME
    ]
    category, title_at = "", None
    if heads:
        title_at = heads[0]
        if len(heads) > 1 and _short(lines[heads[0]]) and len(lines[heads[0]].split()) <= 3:
            following = lines[heads[1]].strip()
            if not following.endswith((".", "!", "?")) and heads[1] <= heads[0] + 2:
                category, title_at = lines[heads[0]].strip(), heads[1]
    start = len(lines) if title_at is None else title_at + 1
    end, tags = _tag_block(lines, start)
    body = "\n".join(lines[start:end])
    first = next(iter(paragraphs(body)), None)
    dateline, date = "", None
    if first is not None:
        opening = _DATELINE.match(first.text)
        if opening:
            dateline = (opening["place"] or opening["caps"]).strip()
        named = next(dated_weekdays(first), None)
        date = named[2].date().isoformat() if named else None
    return Document(
        title=lines[title_at].strip() if title_at is not None else "",
        body=body,
        ref=name,
        dateline=dateline or defaults.dateline,
        date=date,
        category=category or defaults.category,
        tags=tags,
        lang=defaults.lang,
        source="text",
        first_line=start + 1,
    )


def _tag_block(lines: list[str], start: int) -> tuple[int, tuple[str, ...]]:
    """Where the body ends, and the tags of a closing ``Tag``/``Tags:`` block, if any."""
    for i in range(len(lines) - 1, start - 1, -1):
        header = _TAG_HEADER.fullmatch(lines[i].strip())
        if header is None:
            if lines[i].strip() and not _short(lines[i]):
                break
            continue
        inline = [tag.strip() for tag in (header["inline"] or "").split(",") if tag.strip()]
        after = [line.strip() for line in lines[i + 1 :] if line.strip()]
        return i, tuple(inline + after)
    return len(lines), ()
