"""`newsroom check` and the publish gate: which releases, which rules, what blocks.

The linter (``lint/``) is pure; this module brings it documents (articles from
the store, drafts from text) and options (the desk's settings and the command
line), and decides what a finding means for publishing: an error refuses,
unless forced; a warning is shown and lets the release through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from newsroom_cli import config
from newsroom_cli.errors import ChecksFailed
from newsroom_cli.lint import Options, lint
from newsroom_cli.lint.rules import selected_codes
from newsroom_cli.lint.sources import Defaults, from_article, from_draft
from newsroom_cli.models import Article, ArticleFilter, Finding
from newsroom_cli.services import lookup, workflow
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
    return [f for article in found for f in lint(from_article(article), opts)], len(found)


def check_draft(cfg: config.Config, opts: Options, text: str, name: str) -> list[Finding]:
    """A draft file checked as the article it would become once imported."""
    defaults = Defaults(cfg.default_lang, cfg.default_category, cfg.default_dateline)
    return lint(from_draft(text, name, defaults), opts)


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
    may be wrong is shown.
    """
    opts = options(cfg)
    with store.write():
        article = lookup.get(store, ref)
        findings = [f for f in lint(from_article(article), opts) if f.severity != "info"]
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
