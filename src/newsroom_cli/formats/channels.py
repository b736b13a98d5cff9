"""One release, rendered for the channels a press desk uses besides the website.

WhatsApp groups (``*bold*`` headline, ``_italic_`` dateline, a length limit),
social media (280 characters, a link counting 23), e-mail to journalists
(plain text wrapped at 72 columns, or a ``.eml`` message) and a print page on
letterhead. Every channel carries the embargo banner until the embargo ends.
Pure functions of the article, the settings, the time and the photos' bytes:
the service reads the renditions from the photo store, the CLI decides where
the result goes.

Photos travel in one order everywhere, the featured photo first, then the
others as the release orders them, and under one set of names (``01-rapat.jpg``,
``02-peserta.jpg``), so that the e-mail's list, its attachments and a WhatsApp
folder agree. What a channel carries is always a JPEG rendition (no metadata,
sRGB, which every mail client, phone and printer reads), never an original: an
original may hold the GPS position where it was taken.
"""

from __future__ import annotations

import base64
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from html import escape
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from newsroom_cli.dates import format_date, from_iso, zone
from newsroom_cli.formats.rendering import article_fragment, body_html, render_markdown
from newsroom_cli.formats.site.render import environment, markup
from newsroom_cli.models import Article, Photo
from newsroom_cli.slugs import FALLBACK, make_slug

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
PHOTO_FALLBACK = "foto"  # the name of a photo whose file name has no letters or digits
EMAIL_PHOTO_WIDTH = 600  # px shown in a mail client's reading pane, the usual e-mail width


@dataclass(frozen=True)
class Picture:
    """A photo as a channel carries it: its description, its file name, a JPEG rendition."""

    photo: Photo
    name: str  # "01-rapat.jpg": its place (featured first) and its original's name
    data: bytes  # a JPEG rendition: no metadata, no GPS
    width: int  # of the rendition

    @property
    def height(self) -> int:
        return max(1, round(self.width * self.photo.height / max(self.photo.width, 1)))

    def data_uri(self) -> str:
        return "data:image/jpeg;base64," + base64.b64encode(self.data).decode("ascii")


@dataclass(frozen=True)
class Release:
    """An article with what the channels add: site settings, the time, its link, its photos.

    ``pictures`` are the photos to send as files (attachments, a WhatsApp folder),
    in channel order; ``lead`` is the featured photo at the width of a column (the
    print page, the body of an e-mail). Both are empty where a channel needs no
    bytes, such as the plain text of an e-mail, which only lists the photos.
    """

    article: Article
    settings: dict[str, str]
    now: datetime
    pictures: tuple[Picture, ...] = ()
    lead: Picture | None = None

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


def in_order(article: Article) -> list[Photo]:
    """The photos as channels carry them: the featured one first, then the others."""
    featured = article.featured_photo
    if featured is None:
        return []
    return [featured, *(photo for photo in article.photos if photo is not featured)]


def file_names(photos: Sequence[Photo]) -> list[str]:
    """``01-rapat.jpg``, ``02-img-0412.jpg``: the place, then the original's name as a slug.

    Always ``.jpg``, whatever the original was (a HEIC, a PNG): what is sent is the
    JPEG rendition. The number keeps the order in any file list and two photos
    with the same name apart.
    """
    digits = max(2, len(str(len(photos))))
    return [f"{n:0{digits}d}-{_photo_slug(p.filename)}.jpg" for n, p in enumerate(photos, 1)]


def _photo_slug(filename: str) -> str:
    stem = PurePath(filename).stem
    slug = make_slug(stem)
    # make_slug falls back to "rilis" for a name with nothing to keep: a photo is "foto".
    return PHOTO_FALLBACK if slug == FALLBACK and FALLBACK not in stem.lower() else slug


def _credit_label(release: Release) -> str:
    return "Photo" if release.english else "Foto"


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
    """A message for WhatsApp groups: bold headline, italic dateline, the lead, the link.

    With photos, a line credits them (``Foto: Humas Bawaslu Bengkalis``) above the
    link: the message is sent with the photos, and the groups forward both.
    """
    article = release.article
    head: list[str] = []
    if banner := release.embargo_banner():
        head += [f"*{banner}*", ""]
    head.append(f"*{article.title}*")
    place = ", ".join(part for part in (article.dateline, release.date_text) if part)
    if place:
        head.append(f"_{place}_")
    tail: list[str] = []
    credits = list(dict.fromkeys(p.credit for p in in_order(article) if p.credit))
    if credits:  # whoever forwards the photos must be able to credit them
        tail.append(f"{_credit_label(release)}: {'; '.join(credits)}")
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
    text = "\n\n".join(_wrap(block) for block in blocks) + "\n"
    listed = photo_list(release, attached=bool(release.pictures))
    return f"{text}\n{listed}" if listed else text


def photo_list(release: Release, *, attached: bool = False) -> str:
    """The photos after the release, as notes to editors: caption and credit, in order.

    ``1.`` is the featured photo, and the numbers are those of the attachments'
    names (``01-rapat.jpg``) when the photos go with the message.
    """
    photos = in_order(release.article)
    if not photos:
        return ""
    english = release.english
    if attached:
        heading = "Attached photos:" if english else "Foto terlampir:"
    else:
        heading = "Photos:" if english else "Foto:"
    lines = [heading]
    for number, photo in enumerate(photos, start=1):
        caption = photo.caption or ("(no caption)" if english else "(tanpa keterangan)")
        credit = f" ({_credit_label(release)}: {photo.credit})" if photo.credit else ""
        lines.append(
            textwrap.fill(
                f"{number}. {caption}{credit}",
                WRAP,
                subsequent_indent=" " * (len(str(number)) + 2),
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines) + "\n"


def _email_figure(release: Release, picture: Picture, cid: str) -> str:
    """The featured photo in the e-mail's HTML, shown from the message itself."""
    width = min(EMAIL_PHOTO_WIDTH, picture.width)
    height = max(1, round(width * picture.height / picture.width))
    photo = picture.photo
    caption = escape(photo.caption)
    if photo.credit:
        credit = escape(f"{_credit_label(release)}: {photo.credit}")
        caption = f'{caption} <span class="credit">{credit}</span>'.strip()
    parts = [
        "<figure>",
        f'<img src="cid:{escape(cid)}" alt="{escape(photo.alt)}" width="{width}" '
        f'height="{height}" style="max-width:100%;height:auto">',
        f"<figcaption>{caption}</figcaption>" if caption else "",
        "</figure>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def email_message(release: Release) -> bytes:
    """A standards-compliant ``.eml``: plain text, with the sanitised HTML as alternative.

    With photos it is ``multipart/mixed``: the text and the HTML (``multipart/
    alternative``), the HTML showing the featured photo from inside the message
    (``multipart/related``, ``<img src="cid:...">``: no image is fetched from the
    web, which mail clients block), then every photo attached as a JPEG, named in
    order. The inline copy is the column-sized rendition, the attachments the
    1600-px ones journalists print from.
    """
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
    html = article_fragment(release.article, release.date_text)
    lead = release.lead
    if lead is None:
        message.add_alternative(html, subtype="html")
    else:
        cid = make_msgid(domain=domain)  # "<...@domain>"; the page names it without <>
        figure = _email_figure(release, lead, cid[1:-1])
        # after the headline, as on the site (the headline is escaped: one </h1>)
        message.add_alternative(html.replace("</h1>\n", f"</h1>\n{figure}", 1), subtype="html")
        html_part = message.get_body(("html",))
        assert html_part is not None  # just added
        html_part.add_related(
            lead.data, maintype="image", subtype="jpeg", cid=cid, disposition="inline"
        )
    for picture in release.pictures:
        message.add_attachment(
            picture.data, maintype="image", subtype="jpeg", filename=picture.name
        )
    return message.as_bytes(policy=SMTP)


def print_page(release: Release, templates: object = None) -> str:
    """A standalone HTML page for A4 on letterhead, with the site's templates and sanitiser.

    The featured photo (``release.lead``) stands under the headline with its
    caption and credit, as wide as the column and never taller than half the page.
    """
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
            photo=_print_photo(release),
        )
    )


def _print_photo(release: Release) -> dict[str, Any] | None:
    """The featured photo for the page, embedded (a ``data:`` URI of its JPEG), so
    that the one HTML file shows it wherever it is opened, mailed or printed."""
    lead = release.lead
    if lead is None:
        return None
    return {
        "src": lead.data_uri(),
        "alt": lead.photo.alt,
        "width": lead.width,
        "height": lead.height,
        "caption": lead.photo.caption,
        "credit": lead.photo.credit,
        "credit_label": _credit_label(release),
    }
