"""What the linter reads: a release as fields and body paragraphs that know their place.

Rules never see the database or a file. They see a ``Document`` and its
``Segment``s: the headline, the summary, the dateline and each body paragraph,
each with the paragraph number and first line it came from, so that every
finding can say where it is. A segment also carries a *masked* copy of its
text in which URLs, e-mail addresses, code and HTML tags are blanked out
(same length, so offsets still match): ``bawaslu.go.id`` is not a misspelt
name, and a quote in a link title is not a quotation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from newsroom_cli.models import Photo

# Neither a word character nor white space, so a masked span is never a word,
# never a doubled space, and never a quotation mark or a bracket.
MASK = "\u2063"

ALL_FIELDS = frozenset(("title", "summary", "dateline", "date", "category", "tags", "body"))
FIELD_ORDER = ("title", "summary", "dateline", "date", "category", "tags", "body")

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MASKED = re.compile(
    r"`[^`\n]+`"  # inline code
    r"|<[A-Za-z/!][^<>\n]*>"  # HTML tags and autolinks
    r"|(?:https?://|www\.)[^\s<>\"“”‘’()\[\]]*[^\s<>\"“”‘’()\[\].,;:!?]"  # bare URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
)
# Every span _MASKED or _LINK_TARGET finds contains one of these.
_MASKABLE = ("`", "<", "://", "www.", "@", "](")
# A Markdown link target, with one level of parentheses inside: [text](target "title")
_LINK_TARGET = re.compile(r"\]\(((?:[^()\n]|\([^()\n]*\))*)\)")


@dataclass(frozen=True)
class Context:
    """What the desk configured, handed to every rule: hashable, so rules can cache on it."""

    glossary: tuple[str, ...] = ()
    spellings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Hit:
    """What a rule found: a span of a segment (or a whole field) and the message's values."""

    start: int | None = None
    end: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    suggestion: str | None = None
    variant: str = ""
    field: str | None = None  # document rules name the field they are about


_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Segment:
    """One field's text, or one body paragraph, as rules see it."""

    field: str
    text: str
    masked: str
    lang: str = "id"
    paragraph: int | None = None
    line: int | None = None  # line of the first character; None for one-line fields

    @cached_property
    def _line_starts(self) -> list[int]:
        """Where each line of the text begins: found once, so that placing each of
        many findings in one long paragraph is a bisection, not a scan (a paragraph
        of 140,000 doubled words took 11 s to place, counted line by line)."""
        return [0, *(match.end() for match in _NEWLINE.finditer(self.text))]

    def position(self, offset: int) -> tuple[int | None, int]:
        """(line, column) of ``offset``, both counted from 1; no line for one-line fields."""
        starts = self._line_starts
        index = bisect.bisect_right(starts, offset) - 1
        column = offset - starts[index] + 1
        if self.line is None:
            return None, column
        return self.line + index, column


@dataclass(frozen=True)
class Document:
    """A release under check: an article from the database, or a draft file.

    ``source`` says what a suggestion should tell the user to edit (``article``:
    a `newsroom edit` command; ``markdown``: a front matter line; ``text``: the
    text itself). ``carries`` names the fields the source can hold at all, so a
    plain-text capture is not blamed for lacking tags it has no place for.
    ``lines`` gives, for each line of the body, its line in the file a draft was
    read from (an importer may drop or split lines), so that an editor can jump
    there; empty for an article, whose body lines count from 1.
    ``photos`` are the release's photos in their order, and ``featured`` the
    number (from 1) of the one that heads it, as ``Article.featured_photo`` says.
    """

    title: str
    body: str
    ref: int | str | None = None
    summary: str = ""
    dateline: str = ""
    date: str | None = None
    category: str = ""
    tags: tuple[str, ...] = ()
    lang: str = "id"
    source: str = "article"
    lines: tuple[int, ...] = ()
    carries: frozenset[str] = ALL_FIELDS
    photos: tuple[Photo, ...] = ()
    featured: int | None = None

    def segments(self) -> list[Segment]:
        found = [
            Segment(name, value, mask(value), self.lang)
            for name, value in (
                ("title", self.title),
                ("summary", self.summary),
                ("dateline", self.dateline),
            )
            if value
        ]
        return found + list(paragraphs(self.body, self.lang, self.lines))


def mask(text: str) -> str:
    """``text`` with URLs, e-mail addresses, code, tags and link targets blanked out."""

    def blank(match: re.Match[str], group: int = 0) -> str:
        start, end = match.span(group)
        whole = match.group(0)
        offset = match.start(0)
        return whole[: start - offset] + MASK * (end - start) + whole[end - offset :]

    if not any(sign in text for sign in _MASKABLE):
        return text  # most paragraphs: nothing to mask, no regex to run
    text = _LINK_TARGET.sub(lambda m: blank(m, 1), text)
    return _MASKED.sub(blank, text)


def paragraphs(body: str, lang: str = "id", lines: Sequence[int] = ()) -> Iterable[Segment]:
    """Body paragraphs (blocks between blank lines), numbered from 1.

    A paragraph's line is its first line's in ``lines`` (a draft file's), else
    counted from 1.

    Fenced code blocks are kept in their paragraph but fully masked.
    """
    block: list[str] = []
    masked: list[str] = []
    start = 0
    number = 0
    fenced = False

    def flush() -> Segment:
        return Segment("body", "\n".join(block), "\n".join(masked), lang, number, start)

    for index, line in enumerate(body.split("\n")):
        is_fence = bool(_FENCE.match(line))
        if not line.strip() and not fenced:
            if block:
                yield flush()
                block, masked = [], []
            continue
        if not block:
            number += 1
            start = lines[index] if index < len(lines) else index + 1
        block.append(line)
        masked.append(MASK * len(line) if fenced or is_fence else mask(line))
        if is_fence:
            fenced = not fenced
    if block:
        yield flush()


def excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    """A short one-line piece of ``text`` around ``start:end``, cut at spaces."""
    left = max(0, start - width)
    right = min(len(text), max(end, start + 1) + width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", max(end, start + 1), right)
        right = space if space != -1 else right
    piece = text[left:right].replace("\n", " ").strip(" ")
    return ("…" if left > 0 else "") + piece + ("…" if right < len(text) else "")


# A word: letters and digits; hyphens, apostrophes and the mask split words.
WORD = re.compile(r"[^\W_]+")


def words(masked: str) -> Iterable[re.Match[str]]:
    return WORD.finditer(masked)


def match_case(found: str, replacement: str) -> str:
    """``replacement`` written in the case of ``found``: PERDULI -> PEDULI, Perduli -> Peduli."""
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
