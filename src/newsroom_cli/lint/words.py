"""Rules about words: doubled words, the glossary of proper names, spellings.

They read the masked text of a segment, so words inside URLs, e-mail
addresses and code are never checked. The glossary and the spelling list come
from the desk's settings (``check.glossary``, ``check.spellings``) through the
``Context``; what is compiled from them is cached on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from newsroom_cli.lint.text import WORD, Context, Hit, Segment, match_case, words

# Well-known non-standard spellings in Indonesian releases, with the standard
# form (KBBI, PUEBI). Applied to articles in Indonesian; `check.spellings`
# adds to them (and wins where both name the same word) in every language.
DEFAULT_SPELLINGS: dict[str, str] = {
    "aktifitas": "aktivitas",
    "analisa": "analisis",
    "antri": "antre",
    "apotik": "apotek",
    "atlit": "atlet",
    "diatas": "di atas",
    "dibawah": "di bawah",
    "dimana": "di mana",
    "efektifitas": "efektivitas",
    "frekwensi": "frekuensi",
    "himbauan": "imbauan",
    "ijin": "izin",
    "jadual": "jadwal",
    "jaman": "zaman",
    "karir": "karier",
    "kedepan": "ke depan",
    "kordinasi": "koordinasi",
    "kwalitas": "kualitas",
    "mengkampanyekan": "mengampanyekan",
    "menghimbau": "mengimbau",
    "mensosialisasikan": "menyosialisasikan",
    "mentaati": "menaati",
    "merubah": "mengubah",
    "nasehat": "nasihat",
    "nopember": "November",
    "obyek": "objek",
    "pebruari": "Februari",
    "perduli": "peduli",
    "praktek": "praktik",
    "propinsi": "provinsi",
    "resiko": "risiko",
    "sekedar": "sekadar",
    "silahkan": "silakan",
    "sistim": "sistem",
    "subyek": "subjek",
    "tanggungjawab": "tanggung jawab",
    "tehnik": "teknik",
    "tehnologi": "teknologi",
    "trampil": "terampil",
    "walikota": "wali kota",
}

NEAR_MISS_MIN_LENGTH = 5  # shorter names (KPU, Siak) are one edit away from other words
_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]\w*)\s+\1(?![\w-])", re.IGNORECASE)
# "di mana" after a comma, in a sentence that is not a question: "where" as a relative pronoun
_RELATIVE = re.compile(r",\s*(di\s*mana)(?!\w)(?![^.!?\n]*\?)", re.IGNORECASE)


def doubled_word(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """``yang yang``; reduplication written with a hyphen (``masing-masing``) is fine."""
    for match in _DOUBLED.finditer(segment.masked):
        word = segment.text[match.start(1) : match.end(1)]
        yield Hit(match.start(), match.end(), {"word": word}, word)


@dataclass(frozen=True)
class _Name:
    text: str
    folded: str
    size: int  # number of words


@cache
def _names(glossary: tuple[str, ...]) -> tuple[dict[str, _Name], tuple[_Name, ...]]:
    names = [
        _Name(name, " ".join(w.group() for w in words(name.casefold())), len(list(words(name))))
        for name in glossary
    ]
    return {name.folded: name for name in names}, tuple(names)


def _windows(segment: Segment, size: int) -> Iterator[tuple[int, int, str]]:
    """Runs of ``size`` words separated by white space only: (start, end, folded text)."""
    found = list(words(segment.masked))
    for i in range(len(found) - size + 1):
        run = found[i : i + size]
        gaps = (segment.masked[a.end() : b.start()] for a, b in pairwise(run))
        if all(gap.isspace() for gap in gaps):
            folded = " ".join(w.group().casefold() for w in run)
            yield run[0].start(), run[-1].end(), folded


def _glossary_runs(segment: Segment, ctx: Context) -> Iterator[tuple[int, int, str, str]]:
    _, names = _names(ctx.glossary)
    for size in sorted({name.size for name in names}):
        for start, end, folded in _windows(segment, size):
            yield start, end, folded, " ".join(segment.text[start:end].split())


def glossary_case(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """A glossary name in the wrong case (``bawaslu``); all capitals (``BAWASLU``) is a style."""
    by_fold, _ = _names(ctx.glossary)
    for start, end, folded, written in _glossary_runs(segment, ctx):
        name = by_fold.get(folded)
        if name is None or written == name.text or (written.isupper() and len(written) > 1):
            continue
        yield Hit(start, end, {"found": written, "name": name.text}, name.text)


def glossary_near_miss(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """One edit away from a glossary name (``Bawalu``, ``Bawasllu``), written as a name.

    Only capitalised words count, and only against names of five letters or
    more: ``damai`` is a word, not a misspelt ``Dumai``.
    """
    by_fold, names = _names(ctx.glossary)
    for start, end, folded, written in _glossary_runs(segment, ctx):
        if folded in by_fold or not written[:1].isupper():
            continue
        for name in names:
            if len(name.folded) >= NEAR_MISS_MIN_LENGTH and one_edit_apart(folded, name.folded):
                yield Hit(start, end, {"found": written, "name": name.text}, name.text)
                break


def one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        if len(diff) != 2:
            return False
        i, j = diff
        return j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


@cache
def _spellings(
    pairs: tuple[tuple[str, str], ...], lang: str
) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Folded wrong form -> standard form, and a pattern for the forms that are not one word.

    One-word forms (nearly all) are looked up word by word, which is much faster
    than one pattern of forty alternatives tried at every position.
    """
    table = dict(DEFAULT_SPELLINGS) if lang.startswith("id") else {}
    table.update(pairs)
    table = {" ".join(wrong.casefold().split()): right for wrong, right in table.items()}
    phrases = sorted((f for f in table if not WORD.fullmatch(f)), key=len, reverse=True)
    if not phrases:
        return table, None
    alternatives = "|".join(r"\s+".join(map(re.escape, form.split())) for form in phrases)
    return table, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _spelled(segment: Segment, ctx: Context) -> Iterator[tuple[re.Match[str], str]]:
    table, phrases = _spellings(ctx.spellings, segment.lang)
    if not table.keys().isdisjoint(WORD.findall(segment.masked.casefold())):
        for word in words(segment.masked):
            if (folded := word.group().casefold()) in table:
                yield word, folded
    for match in phrases.finditer(segment.masked) if phrases else ():
        yield match, " ".join(match.group().casefold().split())


def spelling(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """A non-standard spelling from the built-in list or ``check.spellings``."""
    table, _ = _spellings(ctx.spellings, segment.lang)
    for match, folded in _spelled(segment, ctx):
        found = segment.text[match.start() : match.end()]
        if folded == "dimana" and _RELATIVE.match(segment.masked, _comma_before(segment, match)):
            continue  # the relative-pronoun rule says more about this one
        standard = table[folded]
        suggestion = standard if standard[:1].isupper() else match_case(found, standard)
        yield Hit(match.start(), match.end(), {"found": found, "standard": suggestion}, suggestion)


def _comma_before(segment: Segment, match: re.Match[str]) -> int:
    before = segment.masked[: match.start()].rstrip()
    return len(before) - 1 if before.endswith(",") else match.start()


def relative_di_mana(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """``…, di mana peserta…``: a calque of English "where"; Indonesian uses "tempat" or "yang"."""
    if not segment.lang.startswith("id"):
        return
    for match in _RELATIVE.finditer(segment.masked):
        found = segment.text[match.start(1) : match.end(1)]
        yield Hit(match.start(1), match.end(1), {"found": found}, "tempat / yang")
