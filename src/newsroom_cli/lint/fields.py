"""Rules about the release as a whole: required fields, lengths, and dates in the text.

A release needs a headline and a body to be published at all (errors); a
dateline, a date, a category and a tag are what the desk expects of every
release (warnings). Suggestions say how to add what is missing, in the form
the source takes: a `newsroom` command for an article, a front matter line
for a Markdown draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache

from newsroom_cli import dates
from newsroom_cli.errors import InvalidInput
from newsroom_cli.lint.text import Context, Document, Hit, Segment, match_case, paragraphs

HEADLINE_MAX = 100  # characters
PARAGRAPH_MAX = 120  # words

# A weekday, then a date written next to it: "Senin (29/6/2020)", "Rabu, 15 Juli 2020",
# "Monday, 25 November 2024", "Monday, November 25, 2024".
_DATE_AFTER = (
    r"(?:\s*\(\s*|\s*,\s*|\s+)"
    r"(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
    r"|\d{1,2}\s+[^\W\d_]+\.?\s+\d{4}"
    r"|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:\s*\))?"  # "Senin (29/6/2020)" is whole with its closing parenthesis
)
_YEAR = re.compile(r"\d{4}")
_LIST_OR_TABLE = re.compile(r"^\s*(?:[-*+|]\s|\d{1,3}[.)]\s|\|)")
_OPTIONS = {
    "title": "--title",
    "dateline": "--dateline",
    "date": "--date",
    "category": "--category",
}


def _fix(doc: Document, name: str, value: str = "…") -> str | None:
    """How to add the missing field ``name``, in the form the source takes."""
    if doc.source == "article":
        if name == "tags":
            return f"newsroom tag {doc.ref} {value}"
        if name == "body":
            return f"newsroom edit {doc.ref}"
        return f"newsroom edit {doc.ref} {_OPTIONS[name]} {value}"
    if doc.source == "markdown" and name != "body":
        return f"tags: [{value}]" if name == "tags" else f"{name}: {value}"
    return None


def missing_headline(doc: Document, ctx: Context) -> Iterator[Hit]:
    if not doc.title.strip():
        yield Hit(field="title", suggestion=_fix(doc, "title"))


def missing_body(doc: Document, ctx: Context) -> Iterator[Hit]:
    if not doc.body.strip():
        yield Hit(field="body", suggestion=_fix(doc, "body"))


def missing_dateline(doc: Document, ctx: Context) -> Iterator[Hit]:
    if "dateline" in doc.carries and not doc.dateline.strip():
        yield Hit(field="dateline", suggestion=_fix(doc, "dateline"))


def missing_date(doc: Document, ctx: Context) -> Iterator[Hit]:
    """No release date; the suggestion offers the first date the body names, if any."""
    if "date" not in doc.carries or doc.date:
        return
    named = next(
        (moment for segment in paragraphs(doc.body) for _, _, moment in dated_weekdays(segment)),
        None,
    )
    value = named.date().isoformat() if named else "…"
    yield Hit(field="date", suggestion=_fix(doc, "date", value))


def missing_category(doc: Document, ctx: Context) -> Iterator[Hit]:
    if "category" in doc.carries and not doc.category.strip():
        yield Hit(field="category", suggestion=_fix(doc, "category"))


def missing_tags(doc: Document, ctx: Context) -> Iterator[Hit]:
    if "tags" in doc.carries and not doc.tags:
        yield Hit(field="tags", suggestion=_fix(doc, "tags"))


@cache
def _dated_weekday() -> tuple[re.Pattern[str], dict[str, int]]:
    """The weekday names services.dates reads (Babel's), as one pattern, built on first use."""
    names = dates.weekday_names()
    words = "|".join(
        re.escape(n).replace("'", "['’]") for n in sorted(names, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<![\w'’])(?P<weekday>{words})\.?(?![\w'’]){_DATE_AFTER}", re.I)
    return pattern, names


def dated_weekdays(segment: Segment) -> Iterator[tuple[re.Match[str], int, datetime]]:
    """Each weekday written next to a date in ``segment``: (match, weekday named, date)."""
    if not _YEAR.search(segment.masked):
        return  # every date this reads has a year
    pattern, names = _dated_weekday()
    for match in pattern.finditer(segment.masked):
        weekday = names[match["weekday"].lower()]
        try:
            moment = dates.parse(match["date"])
        except InvalidInput:
            continue  # not a date this tool reads (29/2/2021, 6/29/2020): nothing to compare
        yield match, weekday, moment


def wrong_weekday(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """``Senin (30/6/2020)`` when 30 June 2020 was a Tuesday."""
    for match, weekday, moment in dated_weekdays(segment):
        if moment.weekday() == weekday:
            continue
        written = segment.text[match.start("weekday") : match.end("weekday")]
        actual = match_case(written, dates.format_date(moment, segment.lang, "EEEE"))
        params = {
            "weekday": written,
            "date": match["date"],
            "actual_en": dates.format_date(moment, "en", "EEEE"),
            "actual_id": dates.format_date(moment, "id", "EEEE"),
        }
        rest = segment.text[match.end("weekday") : match.end()]
        yield Hit(match.start(), match.end(), params, actual + rest)


def long_headline(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """Over 100 characters: cut on phones and in search results. Placed where it overflows."""
    length = len(segment.text)
    if segment.field == "title" and length > HEADLINE_MAX:
        yield Hit(HEADLINE_MAX, length, {"length": length, "limit": HEADLINE_MAX})


def long_paragraph(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """A prose paragraph of over 120 words; lists and tables may be as long as they need."""
    if segment.field != "body" or _LIST_OR_TABLE.match(segment.text):
        return
    count = len(segment.masked.split())
    if count > PARAGRAPH_MAX:
        yield Hit(0, 0, {"words": count, "limit": PARAGRAPH_MAX})
