"""`newsroom check` and the publish gate: which releases, which rules, what blocks.

The linter (``lint/``) is pure; this module brings it documents (articles from
the store, drafts from text) and options (the desk's settings and the command
line), and decides what a finding means for publishing: an error refuses,
unless forced; a warning is shown and lets the release through.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from newsroom_cli import config, formats
from newsroom_cli.errors import ChecksFailed, InvalidInput, NewsroomError
from newsroom_cli.lint import Options, document, lint
from newsroom_cli.lint.rules import RULES, selected_codes
from newsroom_cli.models import Article, ArticleFilter, Finding
from newsroom_cli.services import editing, lookup, workflow
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows


def options(cfg: config.Config, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Options:
    """The rules to run and the desk's word lists; messages in the site's language."""
    return Options(
        codes=selected_codes(select, ignore, cfg.check_ignore),
        lang=cfg.default_lang,
        glossary=tuple(cfg.glossary),
        spellings=tuple(cfg.spellings.items()),
    )


def shown_at_publish(finding: Finding) -> bool:
    return finding.severity != "info" or RULES[finding.code].at_publish


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == "error"]


def check_articles(
    store: Store, opts: Options, refs: Sequence[str] = (), *, everything: bool = False
) -> tuple[list[Finding], int]:
    """Findings for the named articles (or all of them, oldest first) and how many were checked."""
    if everything:
        found = rows.select(store, ArticleFilter(sort="id", reverse=True, limit=0))
    else:
        by_id: dict[int | None, Article] = {}
        for ref in refs:
            article = lookup.get(store, ref)
            by_id.setdefault(article.id, article)
        found = list(by_id.values())
    return [f for article in found for f in lint(document(article), opts)], len(found)


def check_draft(cfg: config.Config, opts: Options, text: str, name: str) -> list[Finding]:
    """A draft file checked as the article it would become once imported.

    It is read by the importer of its format (the one ``import --format auto``
    would choose), and made into an article by the same ``new_article`` that
    ``import`` uses, as a draft: fields it leaves out take the site's defaults,
    and no date is made up for it. So `check --file` and `import` can never read
    a file differently.
    """
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    fmt = formats.detect(PurePath(name).suffix if name != "stdin" else "", text)
    if fmt is None:
        raise InvalidInput(f"{name}: cannot tell the format of this file")
    source = "markdown" if fmt == "md" else "text"
    stamp = editing.now_stamp(cfg)
    found: list[Finding] = []
    try:
        for item in formats.read(fmt, text, name):
            article = editing.new_article(cfg, item.changes, "draft", stamp, untitled=True)
            doc = document(article, item.where or name, source, _file_lines(text, article.body))
            found += lint(doc, opts)
    except NewsroomError as exc:
        if not str(exc).startswith(name):
            raise type(exc)(f"{name}: {exc}") from exc
        raise
    return found


def _file_lines(text: str, body: str) -> tuple[int, ...]:
    """For each line of ``body``, the line of ``text`` it came from, counted from 1.

    Body lines appear in the file in order (an importer drops chrome and splits
    paragraphs, it does not reorder), so a forward search finds them; a line it
    cannot find (rewritten by the importer) follows the one before it. Each
    search is a bisection in the places of that line, so a long file stays linear.
    """
    places: dict[str, list[int]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        places.setdefault(line.strip(), []).append(number)
    found: list[int] = []
    last = 0
    for line in body.split("\n"):
        candidates = places.get(line.strip(), []) if line.strip() else []
        index = bisect.bisect_right(candidates, last)
        if index < len(candidates):
            last = candidates[index]
            found.append(last)
        else:  # a blank line the importer put between paragraphs, or a rewritten one
            found.append(last + 1)
    return tuple(found)


@dataclass
class Publication:
    article: Article
    changed: bool
    findings: list[Finding]  # errors (when forced) and warnings, for the user to see


def publish(
    store: Store, cfg: config.Config, ref: str, at: datetime | None = None, *, force: bool = False
) -> Publication:
    """Check, then publish, in one transaction: what was checked is what goes out.

    Info findings are left to `newsroom check`; at publishing time only what
    may be wrong is shown, and the notes of rules marked ``at_publish`` (an
    original with a GPS position: the desk should know, as the photo goes out,
    that the published copies carry none).
    """
    opts = options(cfg)
    with store.write():
        article = lookup.get(store, ref)
        if at is not None:  # --at is the release date: the gate checks the article with it
            article.published_at = at.isoformat()
        findings = [f for f in lint(document(article), opts) if shown_at_publish(f)]
        blocking = errors(findings)
        if blocking and not force:
            one = len(blocking) == 1
            count = "1 error" if one else f"{len(blocking)} errors"
            raise ChecksFailed(
                f"article {article.id} was not published: `newsroom check` found {count}; "
                f"fix {'it' if one else 'them'}, or publish anyway with --force",
                findings,
            )
        published, changed = workflow.publish(store, cfg, ref, at)
    return Publication(published, changed, findings)
