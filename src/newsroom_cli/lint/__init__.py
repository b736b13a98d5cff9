"""The press-release linter: rules over one release, findings with their places.

Pure: a ``Document`` and ``Options`` in, ``Finding``s out, no I/O. Imported
only by the commands that lint (`check`, `publish`), never at start-up.
``services/checking.py`` brings the documents (from the database or a file)
and the options (from the settings and the command line).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsroom_cli.lint import photos
from newsroom_cli.lint.rules import RULES, Rule
from newsroom_cli.lint.text import FIELD_ORDER, Context, Document, Hit, Segment, excerpt
from newsroom_cli.models import Article, Finding

__all__ = ["RULES", "Document", "Options", "document", "lint"]


def document(
    article: Article,
    ref: int | str | None = None,
    source: str = "article",
    lines: tuple[int, ...] = (),
) -> Document:
    """The release under check. A draft file's article has no ID: ``ref`` names it
    (its path), ``source`` says what it was read from and ``lines`` where each
    body line stands in that file, so that places point into the file."""
    featured = article.featured_photo
    number = next((n for n, p in enumerate(article.photos, 1) if p is featured), None)
    return Document(
        title=article.title,
        body=article.body,
        ref=article.id if ref is None else ref,
        summary=article.summary,
        dateline=article.dateline,
        date=article.published_at,
        category=article.category,
        tags=tuple(article.tags),
        lang=article.lang,
        source=source,
        lines=lines,
        photos=tuple(article.photos),
        featured=number,
    )


@dataclass(frozen=True)
class Options:
    """Which rules run, the language of their messages, and the desk's word lists."""

    codes: frozenset[str] = frozenset(RULES)
    lang: str = "en"
    glossary: tuple[str, ...] = ()
    spellings: tuple[tuple[str, str], ...] = ()


def lint(doc: Document, options: Options) -> list[Finding]:
    """Every finding of the chosen rules, fields first, then the body in reading order."""
    ctx = Context(options.glossary, options.spellings)
    lang = "id" if options.lang.startswith("id") else "en"
    segments = doc.segments()
    found: list[Finding] = []
    for rule in RULES.values():
        if rule.code not in options.codes:
            continue
        if rule.whole_document:
            found += [_finding(rule, doc, None, hit, lang) for hit in rule.check(doc, ctx)]
        else:
            found += [
                _finding(rule, doc, segment, hit, lang)
                for segment in segments
                for hit in rule.check(segment, ctx)
            ]
    return sorted(found, key=_reading_order)


def _finding(rule: Rule, doc: Document, segment: Segment | None, hit: Hit, lang: str) -> Finding:
    message = rule.message(hit.variant, lang, hit.params)
    if segment is None or hit.start is None:
        where = hit.field or (segment.field if segment else None)
        return Finding(rule.code, rule.severity, message, doc.ref, where, suggestion=hit.suggestion)
    line, column = segment.position(hit.start)
    end = hit.start if hit.end is None else hit.end
    return Finding(
        rule.code,
        rule.severity,
        message,
        doc.ref,
        segment.field,
        segment.paragraph,
        line,
        column,
        excerpt(segment.text, hit.start, end),
        hit.suggestion,
    )


def _reading_order(finding: Finding) -> tuple[int, int, int, str]:
    """Fields in their order, the body by line and column, then the photos by number."""
    field = finding.field or ""
    if field.startswith(f"{photos.FIELD} "):
        return len(FIELD_ORDER) + 1, int(field.split()[1]), 0, finding.code
    place = FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)
    return place, finding.line or 0, finding.column or 0, finding.code
