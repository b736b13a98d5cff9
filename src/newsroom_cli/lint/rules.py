"""The registry of rules: each one's stable code, severity, and message in two languages.

Codes never change meaning once released, so that ``--ignore NR403`` and
``check.ignore`` keep working: NR1xx marks and characters, NR2xx words, NR3xx
the release's fields and facts, NR4xx length and spacing, NR5xx the photos.
Messages are in
English, or in Indonesian when the site's language (``defaults.lang``) is
``id``; ``{placeholders}`` are filled from what the rule found.

``publish`` shows what may be wrong (errors and warnings) and leaves info notes
to ``check``; a rule marked ``at_publish`` is a note the desk must see at that
moment all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from string import Formatter

from newsroom_cli.errors import InvalidInput
from newsroom_cli.lint import fields, marks, photos, words
from newsroom_cli.lint.text import Hit

# (Segment, Context) -> hits, or (Document, Context) -> hits for whole-document rules
Check = Callable[..., Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    check: Check
    en: str
    id: str
    whole_document: bool = False  # runs once on the document, not on each segment
    variants: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # (en, id)
    at_publish: bool = False  # an info note that `publish` shows too

    def message(self, variant: str, lang: str, params: Mapping[str, object]) -> str:
        en, id_ = self.variants.get(variant, (self.en, self.id))
        return (id_ if lang.startswith("id") else en).format(**params)

    def outline(self, lang: str) -> str:
        """The message with its blanks shown as "…", to describe the rule in a list."""
        template = self.id if lang.startswith("id") else self.en
        names = {name for _, name, _, _ in Formatter().parse(template) if name}
        return template.format(**dict.fromkeys(names, "…"))


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


RULES: dict[str, Rule] = _rules(
    Rule(
        "NR101", "unclosed-quote", "error", marks.unclosed_quote,
        "opening quotation mark {mark} is not closed in this paragraph",
        "tanda petik pembuka {mark} tidak ditutup dalam paragraf ini",
    ),
    Rule(
        "NR102", "mismatched-quote", "warning", marks.mismatched_quote,
        "quotation opened with {opened} is closed with {closed}",
        "kutipan dibuka dengan {opened} tetapi ditutup dengan {closed}",
    ),
    Rule(
        "NR103", "unopened-quote", "error", marks.unopened_quote,
        "closing quotation mark {mark} has no opening mark before it in this paragraph",
        "tanda petik penutup {mark} tidak didahului tanda petik pembuka dalam paragraf ini",
    ),
    Rule(
        "NR104", "unbalanced-bracket", "error", marks.unbalanced_bracket,
        "bracket {mark} is not closed in this paragraph",
        "tanda kurung {mark} tidak ditutup dalam paragraf ini",
        variants={
            "stray": (
                "closing bracket {mark} has no opening bracket before it",
                "tanda kurung tutup {mark} tidak didahului tanda kurung buka",
            ),
            "mismatch": (
                "bracket {mark} is closed with {closed}",
                "tanda kurung {mark} ditutup dengan {closed}",
            ),
        },
    ),
    Rule(
        "NR105", "garbled-characters", "error", marks.mojibake,
        "garbled characters {text}: text decoded with the wrong encoding",
        "karakter rusak {text}: teks terbaca dengan pengodean yang salah",
        variants={
            "replacement": (
                "replacement character {text}: characters were lost in a wrong conversion",
                "karakter pengganti {text}: ada huruf yang hilang karena konversi yang salah",
            )
        },
    ),
    Rule(
        "NR201", "doubled-word", "warning", words.doubled_word,
        "doubled word “{word}”",
        "kata ganda “{word}”",
    ),
    Rule(
        "NR202", "glossary-case", "warning", words.glossary_case,
        "“{found}” is written “{name}”",
        "“{found}” seharusnya ditulis “{name}”",
    ),
    Rule(
        "NR203", "glossary-near-miss", "warning", words.glossary_near_miss,
        "“{found}” looks like a misspelling of “{name}”",
        "“{found}” tampaknya salah tulis dari “{name}”",
    ),
    Rule(
        "NR204", "non-standard-spelling", "warning", words.spelling,
        "non-standard spelling “{found}”; the standard form is “{standard}”",
        "ejaan tidak baku “{found}”; bentuk bakunya “{standard}”",
    ),
    Rule(
        "NR205", "relative-di-mana", "warning", words.relative_di_mana,
        "“{found}” used as a relative pronoun (English “where”); write “tempat” or “yang”",
        "“{found}” dipakai sebagai kata penghubung (terjemahan “where”); "
        "gunakan “tempat” atau “yang”",
    ),
    Rule(
        "NR301", "missing-headline", "error", fields.missing_headline,
        "the release has no headline",
        "rilis belum memiliki judul",
        whole_document=True,
    ),
    Rule(
        "NR302", "missing-body", "error", fields.missing_body,
        "the release has no body text",
        "rilis belum memiliki isi berita",
        whole_document=True,
    ),
    Rule(
        "NR303", "missing-dateline", "warning", fields.missing_dateline,
        "no dateline (the city the release comes from)",
        "belum ada dateline (kota asal rilis)",
        whole_document=True,
    ),
    Rule(
        "NR304", "missing-date", "warning", fields.missing_date,
        "no release date",
        "belum ada tanggal rilis",
        whole_document=True,
    ),
    Rule(
        "NR305", "missing-category", "warning", fields.missing_category,
        "no category (such as Berita or Siaran Pers)",
        "belum ada kategori (misalnya Berita atau Siaran Pers)",
        whole_document=True,
    ),
    Rule(
        "NR306", "missing-tags", "warning", fields.missing_tags,
        "no tag",
        "belum ada tag",
        whole_document=True,
    ),
    Rule(
        "NR307", "wrong-weekday", "warning", fields.wrong_weekday,
        "“{weekday}” does not match {date}, which is a {actual_en}",
        "“{weekday}” tidak cocok dengan {date}, yang jatuh pada hari {actual_id}",
    ),
    Rule(
        "NR401", "long-headline", "info", fields.long_headline,
        "headline is {length} characters long; keep it within {limit}",
        "judul sepanjang {length} karakter; sebaiknya paling banyak {limit}",
    ),
    Rule(
        "NR402", "long-paragraph", "info", fields.long_paragraph,
        "paragraph of {words} words; consider splitting it (over {limit})",
        "paragraf ini {words} kata; pertimbangkan untuk memecahnya (lebih dari {limit})",
    ),
    Rule(
        "NR403", "doubled-space", "info", marks.doubled_space,
        "doubled space",
        "spasi ganda",
    ),
    Rule(
        "NR404", "space-before-punctuation", "info", marks.space_before_punctuation,
        "space before “{mark}”",
        "spasi sebelum “{mark}”",
    ),
    Rule(
        "NR501", "photo-without-alt", "warning", photos.missing_alt,
        "photo {number} has no alternative text (alt) for readers who cannot see it",
        "foto {number} belum punya teks alternatif (alt)",
        whole_document=True,
    ),
    Rule(
        "NR502", "photo-without-credit", "warning", photos.missing_credit,
        "photo {number} has no credit: whose photo is it?",
        "foto {number} belum punya kredit: siapa pemilik foto ini?",
        whole_document=True,
    ),
    Rule(
        "NR503", "small-featured-photo", "info", photos.small_featured,
        "the featured photo (photo {number}) is {width} px wide; under {minimum} px, "
        "link previews on social media look blurred",
        "foto utama (foto {number}) hanya selebar {width} px; di bawah {minimum} px, "
        "pratinjau tautan di media sosial tampak buram",
        whole_document=True,
    ),
    Rule(
        "NR504", "photo-gps-location", "info", photos.gps_location,
        "the original of photo {number} records where it was taken (GPS); the location is "
        "removed from everything newsroom publishes and stays only in the kept original",
        "file asli foto {number} menyimpan lokasi pemotretan (GPS); lokasi itu dihapus dari "
        "semua yang diterbitkan newsroom dan hanya tersimpan di file asli",
        whole_document=True,
        at_publish=True,
    ),
)  # fmt: skip


def matching_codes(prefix: str) -> list[str]:
    """Codes that ``prefix`` names (``NR101``, or ``NR1`` for all of NR1xx); none is an error."""
    wanted = prefix.strip().upper()
    found = [code for code in RULES if wanted and code.startswith(wanted)]
    if not found:
        raise InvalidInput(
            f"no rule has the code {prefix!r}; the codes are {', '.join(RULES)} "
            "(see `newsroom check --rules`)"
        )
    return found


def selected_codes(
    select: Iterable[str] = (), ignore: Iterable[str] = (), configured: Iterable[str] = ()
) -> frozenset[str]:
    """The rules to run: ``select`` (all when empty), minus ``ignore`` and ``check.ignore``.

    A code named in full in ``select`` runs even when ``check.ignore`` skips it,
    so one can still ask for a rule the desk turned off.
    """
    chosen = list(select)
    codes = {code for item in chosen for code in matching_codes(item)} if chosen else set(RULES)
    explicit = {item.strip().upper() for item in chosen}
    codes -= {code for item in ignore for code in matching_codes(item)}
    codes -= {code for item in configured for code in matching_codes(item) if code not in explicit}
    return frozenset(codes)
