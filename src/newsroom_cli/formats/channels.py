"""One release, rendered for the channels a press desk uses besides the website.

WhatsApp groups (``*bold*`` headline, ``_italic_`` dateline, a length limit),
social media (280 characters, a link counting 23), e-mail to journalists
(plain text wrapped at 72 columns, or a ``.eml`` message) and a print page on
letterhead. Every channel carries the embargo banner until the embargo ends.
Pure functions of the article, the settings and the time: the CLI decides
where the text goes.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from newsroom_cli.dates import format_date, from_iso, zone
from newsroom_cli.formats.rendering import article_fragment, body_html, render_markdown
from newsroom_cli.formats.site.render import environment, markup
from newsroom_cli.models import Article

URL_LENGTH = 23  # what a link counts for on the social networks (t.co)
SOCIAL_LIMIT = 280
WRAP = 72
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
_SENTENCE_END = re.compile(r"[.!?…][”\"’')\]]*(?=\s)")


@dataclass(frozen=True)
class Release:
    """An article with what the channels add: site settings, the time, its link."""

    article: Article
    settings: dict[str, str]
    now: datetime

    @property
    def lang(self) -> str:
        return self.article.lang

    @property
    def english(self) -> bool:
        return self.lang.startswith("en")

    @property
    def url(self) -> str | None:
        base = self.settings.get("site.base_url", "")
        return f"{base}/articles/{self.article.slug}.html" if base else None

    @property
    def organization(self) -> str:
        return self.settings.get("site.organization") or self.settings.get("site.title", "")

    @property
    def contact(self) -> str:
        return self.article.contact or self.settings.get("site.contact", "")

    @property
    def boilerplate(self) -> str:
        return self.article.boilerplate or self.settings.get("site.boilerplate", "")

    @property
    def date_text(self) -> str:
        published = self.article.published_at
        return format_date(published, self.lang) if published else ""

    def embargo_banner(self) -> str:
        """The banner, while the embargo holds; empty once its time has come."""
        if not self.article.embargo_until:
            return ""
        until = from_iso(self.article.embargo_until)
        if until <= self.now:
            return ""
        name = self.settings.get("timezone", "Asia/Jakarta")
        local = until.astimezone(zone(name))
        label = ZONE_NAMES.get(name) or local.strftime("%Z")
        day = format_date(local, self.lang)
        if self.english:
            return f"EMBARGO: not for release before {day} at {local:%H:%M} {label}"
        return f"EMBARGO: tidak untuk disiarkan sebelum {day} pukul {local:%H.%M} {label}"


class _Blocks(HTMLParser):
    """The text of each block (paragraph, list item, heading) of sanitised HTML."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._bullet = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self._bullet = tag == "li"
        elif tag == "br":
            self._current.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(f"• {text}" if self._bullet else text)
        self._current = []
        self._bullet = False

    def close(self) -> None:
        super().close()
        self._flush()


def paragraphs(markdown: str) -> list[str]:
    """The body as plain paragraphs: Markdown rendered, sanitised, then its text."""
    parser = _Blocks()
    parser.feed(render_markdown(markdown))
    parser.close()
    return parser.blocks


def cut_to(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: at a sentence end if one fits, else a word."""
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= limit]
    if ends:
        return text[: ends[-1]]
    room = max(limit - 1, 0)
    cut = text[:room].rsplit(" ", 1)[0] if " " in text[:room] else text[:room]
    return cut.rstrip(" ,;:–—-") + "…"


def hashtag(tag: str) -> str:
    """``Pemilu 2024`` -> ``#Pemilu2024``: words joined, anything but letters and digits dropped."""
    words = re.findall(r"\w+", tag)
    joined = "".join(word[:1].upper() + word[1:] for word in words).replace("_", "")
    return f"#{joined}" if joined else ""


def whatsapp(release: Release, limit: int = 1000) -> str:
    """A message for WhatsApp groups: bold headline, italic dateline, the lead, the link."""
    article = release.article
    head: list[str] = []
    if banner := release.embargo_banner():
        head += [f"*{banner}*", ""]
    head.append(f"*{article.title}*")
    place = ", ".join(part for part in (article.dateline, release.date_text) if part)
    if place:
        head.append(f"_{place}_")
    tail: list[str] = []
    if release.url:
        tail.append(release.url)
    tags = " ".join(t for t in (hashtag(tag) for tag in article.tags) if t)
    if tags:
        tail.append(tags)

    def assemble(lead: list[str], footer: list[str]) -> str:
        parts = ["\n".join(head)]
        if lead:
            parts.append("\n\n".join(lead))
        if footer:
            parts.append("\n".join(footer))
        return "\n\n".join(parts)

    lead: list[str] = []
    for paragraph in paragraphs(article.body):
        candidate = [*lead, paragraph]
        if len(assemble(candidate, tail)) <= limit:
            lead = candidate
            continue
        if not lead:  # the first paragraph alone is too long: its first sentences
            room = limit - len(assemble([""], tail))
            if room > 0:
                lead = [cut_to(paragraph, room)]
        break
    text = assemble(lead, tail)
    if len(text) > limit:  # a tiny limit: the headline alone must fit
        text = cut_to(assemble([], []), limit)
    return text + "\n"


def social(release: Release) -> str:
    """A post of at most 280 characters, a link counting 23, as many hashtags as fit."""
    article = release.article
    banner = release.embargo_banner()
    fixed = len(banner) + 1 if banner else 0
    link = release.url
    fixed += URL_LENGTH + 1 if link else 0
    headline = cut_to(article.title, SOCIAL_LIMIT - fixed)
    lines = [banner] if banner else []
    lines.append(headline)
    if link:
        lines.append(link)
    used = fixed + len(headline)
    tags: list[str] = []
    for tag in (hashtag(t) for t in article.tags):
        if tag and used + 1 + len(tag) <= SOCIAL_LIMIT:
            tags.append(tag)
            used += 1 + len(tag)
    text = "\n".join(lines)
    if tags:
        text += "\n" + " ".join(tags)
    return text + "\n"


def social_length(text: str) -> int:
    """Length as the networks count it: every link 23 characters."""
    return len(re.sub(r"https?://\S+", "x" * URL_LENGTH, text.rstrip("\n")))


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.fill(line, WRAP, break_long_words=False, break_on_hyphens=False) if line else ""
        for line in text.split("\n")
    )


def email_subject(release: Release) -> str:
    article = release.article
    prefix = "[EMBARGO] " if release.embargo_banner() else ""
    number = f"{article.number} – " if article.number else ""
    return f"{prefix}{number}{article.title}"


def email_text(release: Release) -> str:
    """The plain-text release journalists expect, ending with ``###``."""
    article = release.article
    english = release.english
    blocks: list[str] = []
    heading = "PRESS RELEASE" if english else "SIARAN PERS"
    top = [heading, release.organization] if release.organization else [heading]
    if article.number:
        top.append(f"{'Number' if english else 'Nomor'}: {article.number}")
    blocks.append("\n".join(top))
    if banner := release.embargo_banner():
        blocks.append(banner)
    else:
        blocks.append("FOR IMMEDIATE RELEASE" if english else "UNTUK SEGERA DISIARKAN")
    blocks.append(article.title.upper())
    body = paragraphs(article.body)
    place = ", ".join(p for p in (article.dateline.upper(), release.date_text) if p)
    if place and body:
        body[0] = f"{place} – {body[0]}"
    elif place:
        body = [place]
    blocks += body
    if release.contact:
        blocks.append(f"{'Media contact' if english else 'Kontak media'}:\n{release.contact}")
    if release.boilerplate:
        blocks.append(release.boilerplate)
    blocks.append("###")
    return "\n\n".join(_wrap(block) for block in blocks) + "\n"


def email_message(release: Release) -> bytes:
    """A standards-compliant ``.eml``: plain text, with the sanitised HTML as alternative."""
    sender = release.settings.get("site.email") or (
        f"{release.organization or 'Humas'} <humas@newsroom.invalid>"
    )
    domain = urlsplit(release.settings.get("site.base_url", "")).hostname or "newsroom.invalid"
    message = EmailMessage()
    message["Subject"] = email_subject(release)
    message["From"] = sender
    message["Date"] = format_datetime(release.now)
    message["Message-ID"] = make_msgid(domain=domain)
    message["Content-Language"] = release.lang
    message.set_content(email_text(release))
    message.add_alternative(article_fragment(release.article, release.date_text), subtype="html")
    return message.as_bytes(policy=SMTP)


def print_page(release: Release, templates: object = None) -> str:
    """A standalone HTML page for A4 on letterhead, with the site's templates and sanitiser."""
    article = release.article
    env = environment(templates if isinstance(templates, Path) else None)
    english = release.english
    body = body_html(article)
    return str(
        env.get_template("print.html").render(
            lang=release.lang,
            article=article,
            organization=release.organization,
            site_title=release.settings.get("site.title", ""),
            logo=release.settings.get("site.logo", ""),
            kind="PRESS RELEASE" if english else "SIARAN PERS",
            number_label="Number" if english else "Nomor",
            contact_label="Media contact" if english else "Kontak media",
            date_text=release.date_text,
            banner=release.embargo_banner(),
            body_html=markup(body),  # sanitised by render_markdown: the one trusted input
            contact=release.contact,
            boilerplate=release.boilerplate,
        )
    )
