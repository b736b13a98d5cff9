"""Datelines: the place, and sometimes the date, that opens a release's first paragraph.

The forms found on regional news pages, all at the very start of the paragraph:

- ``Bengkalis- ``, ``BENGKALIS – ``, ``Bengkalis — ``: a place and a dash;
- ``Padang, Bawaslu – ``, ``Bengkalis (Humas) - ``: a place, then the source;
- ``Medan - Selasa 3 Mei 2022 - ``, ``Pekanbaru, (12/12/2020) ``,
  ``Pekanbaru, Senin (29/6/2020) – ``: a place and a date;
- ``Pekanbaru, Bawaslu Riau menggelar...``: a one-word place and a comma.

A place written in capitals is given in title case (``BENGKALIS`` ->
``Bengkalis``), as the dateline field holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom_cli import dates

_PLACE = re.compile(r"(?P<place>[A-Z][\w'’.]*(?:[ \t]+[A-Z][\w'’.]*){0,3})")
_DASH = re.compile(r"[ \t]*[-–—]+")
_SOURCE = re.compile(r"[ \t]*[\w.]+(?:[ \t]+[\w.]+){0,2}[ \t]*[-–—]+[ \t]*")
_PAREN = re.compile(r"[ \t]*\((?P<inner>[^()]{1,40})\)[ \t]*(?:[-–—]+[ \t]*)?")
_AFTER_DATE = ("-", "–", "—", ",", ".", ":")

# Words that open a sentence with a comma and are never a place.
_NOT_PLACES = {
    "namun",
    "sebelumnya",
    "selain",
    "sementara",
    "kemudian",
    "menurutnya",
    "menurut",
    "dalam",
    "pada",
    "untuk",
    "oleh",
    "dengan",
    "saat",
    "ketika",
    "setelah",
    "adapun",
    "selanjutnya",
    "sedangkan",
    "terkait",
    "bahkan",
    "akhirnya",
    "awalnya",
    "karena",
    "jadi",
    "maka",
    "meski",
    "meskipun",
    "walaupun",
    "sehingga",
    "lalu",
    "kini",
    "sekarang",
    "diketahui",
    "seperti",
    "yakni",
    "yaitu",
    "ya",
    "however",
    "meanwhile",
    "today",
    "yesterday",
    "earlier",
    "previously",
}


@dataclass(frozen=True)
class Dateline:
    place: str
    date: str | None  # ISO 8601, as ``dates.find_in_text`` gives it
    end: int  # where the paragraph's own text begins


def _place(text: str) -> str:
    text = text.strip()
    return " ".join(word.capitalize() for word in text.split()) if text.isupper() else text


def _skip(text: str, pos: int, chars: tuple[str, ...] = ()) -> int:
    """Past spaces and tabs (and any of ``chars``) from ``pos``."""
    while pos < len(text) and (text[pos] in " \t" or text[pos] in chars):
        pos += 1
    return pos


def _dated(place: str, paragraph: str, pos: int) -> Dateline | None:
    """A date right at ``pos`` (after the place), and the text after it."""
    found = dates.find_in_text(paragraph, _skip(paragraph, pos), anchored=True)
    if found is None:
        return None
    return Dateline(_place(place), found.value, _skip(paragraph, found.end, _AFTER_DATE))


def split_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening ``paragraph``, or None when it opens without one."""
    match = _PLACE.match(paragraph)
    if match is None or len(match["place"]) > 40:
        return None
    place, pos = match["place"], match.end()
    if dash := _DASH.match(paragraph, pos):
        after = dash.end()
        attached = dash.start() == pos and after < len(paragraph) and paragraph[after] != " "
        if attached and paragraph[after].islower():
            return None  # a hyphenated word ("Pra-pemilu"), not a dateline
        return _dated(place, paragraph, after) or Dateline(
            _place(place), None, _skip(paragraph, after)
        )
    if paragraph.startswith(",", pos):
        if found := _dated(place, paragraph, pos + 1):
            return found
        if source := _SOURCE.match(paragraph, pos + 1):
            return Dateline(_place(place), None, source.end())
        rest = _skip(paragraph, pos + 1)
        one_word = len(place.split()) == 1 and place.lower() not in _NOT_PLACES
        if one_word and rest < len(paragraph) and paragraph[rest].isupper():
            return Dateline(_place(place), None, rest)
        return None
    if paren := _PAREN.match(paragraph, pos):
        if not paren.group(0).rstrip().endswith(("-", "–", "—")):
            return _dated(place, paragraph, pos)  # "Pekanbaru (12/12/2020) Bawaslu..."
        inner = dates.find_in_text(paren["inner"])
        return Dateline(_place(place), inner.value if inner else None, paren.end())
    return None
