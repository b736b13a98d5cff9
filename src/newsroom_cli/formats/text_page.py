"""A news page captured as plain text, read back into an article.

What the page format promises (cli.md, "The plain-text page format"), and
what real captures add to it, in the order they appear:

1. site chrome before the article: skip links, menu items, breadcrumbs;
2. a category label: a short line (``Berita``, ``Siaran Pers``);
3. sometimes a date line (``Sabtu, 12 Desember 2020``) before the headline;
4. the headline, the first substantial line; sometimes printed twice, or
   followed by a line of only ``|``, a date or an author line;
5. the body: paragraphs separated by blank lines (one paragraph per line if
   the capture has no blank lines at all). The first paragraph may open with
   a dateline (see ``datelines``) and name the date inside it;
6. a tag block: ``Tag``/``Tags`` then one tag per line, or ``Tag: a, b``;
7. blog chrome after the body: share buttons, related posts, comment forms.

The body is kept as it was written, dateline included (no export puts the
dateline back in front of the first paragraph, so removing it would lose it),
with typographic quotes, dashes and non-breaking spaces untouched. Lines that
only belong to the page (``|``, ``Baca juga: ...``) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsroom_cli import dates
from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.datelines import split_dateline
from newsroom_cli.formats.records import Incoming, split_tags, status_for
from newsroom_cli.models import Changes

# Whole lines, compared in lower case without trailing ':' and spaces.
SKIP_LINKS = {
    "lompat ke isi utama",
    "lompat ke konten",
    "lompat ke konten utama",
    "langsung ke konten",
    "langsung ke isi",
    "skip to main content",
    "skip to content",
    "skip to navigation",
}
NAVIGATION = {
    "beranda",
    "home",
    "menu",
    "cari",
    "search",
    "pencarian",
    "login",
    "masuk",
    "profil",
    "kontak",
    "hubungi kami",
    "tentang kami",
    "galeri",
    "publikasi",
    "unduhan",
    "download",
    "ppid",
    "toggle navigation",
    "navigasi",
}
KNOWN_CATEGORIES = {
    "berita",
    "siaran pers",
    "pengumuman",
    "artikel",
    "opini",
    "kegiatan",
    "rilis",
    "press release",
    "news",
    "berita daerah",
    "info",
    "agenda",
}
TRAILING_CHROME = {
    "bagikan",
    "bagikan ini",
    "bagikan artikel",
    "bagikan berita",
    "share",
    "share this",
    "berita terkait",
    "artikel terkait",
    "baca juga",
    "related posts",
    "related",
    "postingan terkait",
    "posting terkait",
    "tulisan terkait",
    "berita lainnya",
    "berita terbaru",
    "berita populer",
    "terpopuler",
    "tinggalkan balasan",
    "tinggalkan komentar",
    "leave a reply",
    "leave a comment",
    "komentar",
    "comments",
    "tulis komentar",
    "berikan komentar",
    "post navigation",
    "navigasi pos",
    "navigasi tulisan",
    "previous post",
    "next post",
    "artikel sebelumnya",
    "artikel selanjutnya",
    "suka ini",
    "like this",
}
_TRAILING_PREFIXES = (
    "alamat email anda tidak akan dipublikasikan",
    "your email address will not be published",
    "©",
    "copyright",
    "hak cipta",
)
_COMMENT_COUNT = re.compile(r"^\d+\s+(?:komentar|comments?|tanggapan)$", re.I)
_TAG_HEADER = re.compile(r"^(?:tags?|label|labels)\s*(?::\s*(?P<inline>.*))?$", re.I)
# "Oleh X" needs no colon; "Penulis", "Reporter" and "Posted by" do, so that a headline
# such as "Penulis Muda Bengkalis Raih Penghargaan" is not taken for a byline.
_AUTHOR_LINE = re.compile(
    r"^(?:(?:ditulis\s+)?oleh\s*:?|(?:penulis|reporter|posted by)\s*:)\s*"
    r"(?P<name>[^\s.!?][^.!?]{1,59})$",
    re.I,
)
_READ_ALSO = re.compile(r"^baca\s+juga\s*:\s*\S", re.I)
_BREADCRUMB = re.compile(r"\s(?:»|›|>|/)\s")
_ONLY_BARS = re.compile(r"^[|\s]+$")
_END_PUNCTUATION = (".", "!", "?", ":", ";", ",")


def _key(line: str) -> str:
    return " ".join(line.strip().rstrip(":").split()).lower()


def _same(a: str, b: str) -> bool:
    """The headline again? Compared without case, spacing and closing punctuation."""
    return _key(a).rstrip(".!?") == _key(b).rstrip(".!?")


def _short(line: str) -> bool:
    """A label (category, menu item), not a headline: up to three words, no sentence end."""
    text = line.strip()
    return len(text) <= 30 and len(text.split()) <= 3 and not text.endswith(_END_PUNCTUATION)


def _chrome_before(line: str) -> bool:
    key = _key(line)
    return key in SKIP_LINKS or key in NAVIGATION or bool(_ONLY_BARS.match(line))


def _chrome_after(line: str) -> bool:
    key = _key(line)
    return (
        key in TRAILING_CHROME
        or key.startswith(_TRAILING_PREFIXES)
        or bool(_COMMENT_COUNT.match(key))
    )


def _date_line(line: str) -> str | None:
    """The date of a line that holds a date and little else (``Sabtu, 12 Desember 2020``)."""
    text = line.strip()
    if len(text) > 80 or text.endswith("."):
        return None
    found = dates.find_in_text(text)
    if found is None:
        return None
    rest = (text[: found.start] + text[found.end :]).strip(" |–—-,")
    rest = re.sub(
        r"^(?:diposting|dipublikasikan|diterbitkan|posted|tanggal)(?: on| pada)?:?",
        "",
        rest,
        flags=re.I,
    )
    return found.value if len(rest.strip()) <= 25 else None


@dataclass
class Page:
    """What a capture says, field by field; ``None`` where it says nothing."""

    title: str
    category: str | None = None
    date: str | None = None
    dateline: str | None = None
    author: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _header(lines: list[str]) -> tuple[Page, int]:
    """Chrome, category, date line and headline: the page so far and where the body starts."""
    labels: list[tuple[int, str]] = []  # (line number, or -1 from a breadcrumb; text)
    date: str | None = None
    author: str | None = None
    headline = -1
    for number, line in enumerate(lines):
        if not line.strip() or _chrome_before(line):
            continue
        if _BREADCRUMB.search(line) and len(line) < 120:
            parts = [part.strip() for part in _BREADCRUMB.split(line)]
            labels += [(-1, p) for p in parts[1:2] if _short(p) and _key(p) not in NAVIGATION]
            continue
        if (found := _date_line(line)) is not None:
            date = date or found
            continue
        if match := _AUTHOR_LINE.match(line.strip()):
            author = match["name"].strip()
            continue
        if _short(line):
            labels.append((number, line.strip()))
            continue
        headline = number
        break
    if headline < 0:
        raise InvalidInput("no headline: no line of the capture looks like one")
    title = lines[headline].strip()
    paragraph = len(title) > 160 or (title.endswith(".") and len(title) > 100)
    if paragraph and labels and labels[-1][0] >= 0 and _key(labels[-1][1]) not in KNOWN_CATEGORIES:
        # A paragraph, not a headline: the short line before it was a short headline.
        headline, title = labels.pop()
    page = Page(title, _category([text for _, text in labels]), date, None, author)
    return _after_headline(lines, headline, page)


def _category(labels: list[str]) -> str | None:
    """The label nearest the headline, unless it is a menu item."""
    for label in reversed(labels):
        if _key(label) not in NAVIGATION:
            return label
    return None


def _after_headline(lines: list[str], headline: int, page: Page) -> tuple[Page, int]:
    """Skip what sits between headline and body: a second copy, ``|``, a date or an author."""
    number = headline + 1
    while number < len(lines):
        line = lines[number]
        if not line.strip() or _ONLY_BARS.match(line) or _same(line, page.title):
            number += 1
        elif (found := _date_line(line)) is not None:
            page.date = page.date or found
            number += 1
        elif match := _AUTHOR_LINE.match(line.strip()):
            page.author = page.author or match["name"].strip()
            number += 1
        else:
            break
    return page, number


def _tags(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """The last tag block at or after ``start``: its tags and the line it begins on."""
    for number in range(len(lines) - 1, start - 1, -1):
        match = _TAG_HEADER.match(lines[number].strip())
        if match is None:
            continue
        if match["inline"] is not None:
            inline = match["inline"]
            names = split_tags(inline) if "," in inline else inline.replace("#", " #").split(" #")
            return [name.strip().lstrip("#") for name in names if name.strip(" #")], number
        found = []
        for line in lines[number + 1 :]:
            text = line.strip()
            if not text:
                continue
            if len(text) > 50 or len(text.split()) > 6 or text.endswith(_END_PUNCTUATION):
                break
            if _chrome_after(text) or _TAG_HEADER.match(text):
                break
            found.append(text.lstrip("#"))
        if found:
            return found, number
    return None


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated blocks; every line its own paragraph if there are no blank lines."""
    kept = [line for line in lines if not _ONLY_BARS.match(line) and not _READ_ALSO.match(line)]
    while kept and not kept[-1].strip():
        kept.pop()
    while kept and not kept[0].strip():
        kept.pop(0)
    if len(kept) > 1 and all(line.strip() for line in kept):
        return [line.strip(" \t") for line in kept]
    blocks: list[list[str]] = [[]]
    for line in kept:
        if line.strip():
            blocks[-1].append(line.strip(" \t"))
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(block) for block in blocks if block]


def parse_page(text: str) -> Page:
    lines = text.split("\n")
    page, body_start = _header(lines)
    body_end = len(lines)
    tags = _tags(lines, body_start)
    if tags is not None:
        page.tags, body_end = tags
    for number in range(body_start, body_end):
        if _chrome_after(lines[number]):
            body_end = number
            break
    page.paragraphs = _paragraphs(lines[body_start:body_end])
    if page.paragraphs:
        first = page.paragraphs[0]
        dateline = split_dateline(first)
        if dateline is not None:
            page.dateline = dateline.place
            page.date = page.date or dateline.date
        if page.date is None:
            found = dates.find_in_text(first, dateline.end if dateline else 0)
            page.date = found.value if found else None
    return page


def read_text(text: str, name: str) -> list[Incoming]:
    """One article from a plain-text capture of a news page."""
    page = parse_page(text)
    changes = Changes(
        title=page.title,
        body="\n\n".join(page.paragraphs),
        category=page.category,
        dateline=page.dateline,
        author=page.author,
        date=page.date,
        tags=page.tags or None,  # no tag block: an update keeps the article's tags
    )
    return [Incoming(changes, status_for(page.date))]
