"""Pictures an imported file points at: found by the readers, brought in by the import.

A reader cannot open files (it gets text), so it describes each local picture a
Markdown file or a saved page uses (``Picture``) and where the body shows it
(``Edit``); ``services.import_photos`` finds the files, checks them and, once
the photos are numbered, rewrites each body image as ``![alt](photo:N)`` (N is
the photo's place among the article's photos, which the site renders). A
picture that cannot be brought in leaves the body as it was written.

Rules, decided for pages written by people rather than by this tool:

- ``http://``, ``https://`` and ``//host/`` addresses are remote: kept as
  links, never fetched, and counted. ``photo:N`` is already ours. Other schemes
  (``data:``, ``file:``, ``mailto:``) are left alone.
- A Markdown image's caption is the line directly below it when that line is
  all emphasis (``*Rapat di aula*`` or ``_..._``), else its title
  (``![alt](foto.jpg "Rapat di aula")``). The caption line goes into the photo,
  out of the body; a blank line in between keeps it in the body, because an
  emphasised paragraph after a picture is as often the text's own.
- A caption ending in a credit (``... Foto: Humas Bawaslu``, ``(Dok. Humas)``)
  gives the credit; the rest is the caption.
- Images inside fenced code blocks and inline code are text, not pictures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

PLACEHOLDER = re.compile(r"^photo:[1-9][0-9]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IMAGE = re.compile(
    r"!\[(?P<alt>(?:\\.|[^\\\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\([ \t]*(?P<url><[^<>\n]*>|(?:\\.|[^\s()\\]|\((?:\\.|[^\s()\\])*\))+)"
    r"(?:[ \t]+(?P<title>\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|\((?:\\.|[^()\\\n])*\)))?"
    r"[ \t]*\)"
)
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})", re.M)
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))*?(?<!`)(?P=ticks)(?!`)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_CREDIT = re.compile(
    r"(?:^|(?<=[.!?])\s+|\s*[(\[|–—-]\s*)[(\[]?\s*"
    r"(?:(?:foto|photo|sumber(?:\s+foto)?|kredit|credit)\s*:|dok(?:umentasi)?\s*[.:])"
    r"\s*(?P<credit>[^()\[\]\n]+?)\s*[)\]]?\s*$",
    re.IGNORECASE,
)


@dataclass
class Picture:
    """A local picture a file uses; ``None`` texts come from the picture's own metadata."""

    src: str  # as written, without the #fragment or ?query; percent-escapes decoded
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    featured: bool = False
    focus: tuple[float, float] | None = None
    filename: str = ""  # the name to keep (an export's `filename`); else the file's own
    sha256: str | None = None  # the picture the file must be, when the file says so
    # Declared as the article's photo (this tool's `photos:` list): missing or wrong,
    # it fails the file. Found on a page (a body image, `cover:`), it is skipped.
    strict: bool = False


@dataclass(frozen=True)
class Edit:
    """``body[start:end]`` shows picture ``picture``: it becomes ``![alt](photo:N)``,
    or ``fallback`` if the picture does not come in."""

    start: int
    end: int
    picture: int
    alt: str  # as Markdown, escapes kept
    fallback: str


@dataclass
class Pictures:
    """What a reader found: the pictures in order, where the body shows them, and
    how many images were remote (kept as links)."""

    items: list[Picture] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    remote: int = 0

    def add(self, picture: Picture) -> int:
        """Its index; a picture already listed under the same path is the same one."""
        for index, known in enumerate(self.items):
            if known.src == picture.src and known.sha256 == picture.sha256:
                known.featured = known.featured or picture.featured
                for name in ("alt", "caption", "credit"):
                    if not getattr(known, name) and getattr(picture, name):
                        setattr(known, name, getattr(picture, name))
                return index
        self.items.append(picture)
        return len(self.items) - 1


def kind(url: str) -> str:
    """``remote``, ``local``, ``placeholder`` (``photo:N``) or ``other``."""
    url = url.strip().strip("<>").strip()
    if url.lower().startswith(("http://", "https://", "//")):
        return "remote"
    if PLACEHOLDER.match(url):
        return "placeholder"
    if not url or url.startswith(("#", "?")) or _SCHEME.match(url):
        return "other"
    return "local"


def local_path(url: str) -> str:
    """A local address as a path: no ``<>``, no ``?query`` or ``#fragment``, ``%20`` decoded."""
    path = url.strip().strip("<>").strip()
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    return unquote(path)


def unescape(text: str) -> str:
    """Markdown's backslash escapes removed: ``\\*`` is ``*``."""
    return _ESCAPED.sub(r"\1", text)


def escape_alt(text: str) -> str:
    """Text safe inside ``![...]``."""
    return re.sub(r"([\\\[\]])", r"\\\1", " ".join(text.split()))


def split_credit(text: str) -> tuple[str, str | None]:
    """A caption and the credit at its end, if it ends in one (``Foto: Humas``)."""
    found = _CREDIT.search(text)
    if found is None or not found["credit"].strip():
        return text.strip(), None
    caption = text[: found.start()].rstrip(" \t-–—|,/")
    return caption.strip(), found["credit"].strip()


def _code(body: str) -> list[tuple[int, int]]:
    """Where the body is code (fenced blocks, inline spans): no picture is read there."""
    spans: list[tuple[int, int]] = []
    position = 0
    prose: list[tuple[int, int]] = []
    while True:
        opening = _FENCE.search(body, position)
        if opening is None:
            prose.append((position, len(body)))
            break
        prose.append((position, opening.start()))
        mark = opening["fence"]
        closing = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$", re.M)
        end = closing.search(body, opening.end())
        stop = end.end() if end else len(body)
        spans.append((opening.start(), stop))
        position = stop
    for start, stop in prose:
        spans.extend((code.start(), code.end()) for code in _CODE_SPAN.finditer(body, start, stop))
    return spans


def _caption_line(body: str, match: re.Match[str]) -> tuple[str, int] | None:
    """The emphasised line directly below an image alone on its line, and where it ends."""
    line_start = body.rfind("\n", 0, match.start()) + 1
    line_end = body.find("\n", match.end())
    line_end = len(body) if line_end < 0 else line_end
    if body[line_start : match.start()].strip() or body[match.end() : line_end].strip():
        return None
    if line_end >= len(body):
        return None
    next_end = body.find("\n", line_end + 1)
    next_end = len(body) if next_end < 0 else next_end
    line = body[line_end + 1 : next_end].strip()
    mark = line[:1]
    if (
        len(line) < 3
        or mark not in "*_"
        or line[-1] != mark
        or line[1] in (mark, " ")
        or line[-2] in (mark, " ", "\\")
    ):
        return None
    return unescape(line[1:-1]), next_end


def scan_markdown(body: str, into: Pictures) -> None:
    """Every image of a Markdown body: local ones listed (with their place), remote counted."""
    code = _code(body)
    for match in _IMAGE.finditer(body):
        if any(start <= match.start() < stop for start, stop in code):
            continue
        url = match["url"]
        found = kind(url)
        if found == "remote":
            into.remote += 1
        if found != "local":
            continue
        title = match["title"][1:-1] if match["title"] else None
        end = match.end()
        below = _caption_line(body, match)
        text: str | None = unescape(title) if title else None
        if below is not None:
            text, end = below
        credit = None
        if text is not None:
            text, credit = split_credit(text)
        alt = match["alt"]
        said = unescape(alt).strip() or None  # an empty alt: the picture's own, if it has one
        picture = Picture(local_path(url), alt=said, caption=text, credit=credit)
        index = into.add(picture)
        into.edits.append(Edit(match.start(), end, index, alt.strip(), body[match.start() : end]))


def apply(body: str, edits: list[Edit], numbers: dict[int, int]) -> str:
    """The body with each edit done: ``photo:N`` where the picture came in as photo N."""
    parts = []
    last = 0
    for edit in sorted(edits, key=lambda e: e.start):
        parts.append(body[last : edit.start])
        number = numbers.get(edit.picture)
        parts.append(f"![{edit.alt}](photo:{number})" if number else edit.fallback)
        last = edit.end
    parts.append(body[last:])
    return "".join(parts)
