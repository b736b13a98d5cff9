"""IPTC ninjs 2.2 ("News in JSON"): one JSON file per article, for news agencies' systems.

ninjs has no keywords: tags become ``subjects``, the category a subject with
``rel: "category"``, the dateline city ``located``. A published release is
``usable``; anything else is ``withheld``. Bodies are given twice, as sanitised
HTML and as the Markdown source.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newsroom_cli.formats import OutputFile
from newsroom_cli.formats.feeds import entry_id
from newsroom_cli.formats.rendering import render_markdown

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext, OutputFile
    from newsroom_cli.models import Article

PROFILE = "newsroom-cli-release"


def item(article: Article, settings: dict[str, str]) -> dict[str, Any]:
    subjects: list[dict[str, str]] = [{"name": tag, "rel": "tag"} for tag in article.tags]
    if article.category:
        subjects.insert(0, {"name": article.category, "rel": "category"})
    data: dict[str, Any] = {
        "uri": entry_id(settings, article),
        "type": "text",
        "profile": PROFILE,
        "version": str(article.revision),
        "language": article.lang,
        "pubstatus": "usable" if article.status == "published" else "withheld",
        "slugline": article.slug,
        "headlines": [{"value": article.title, "role": "main"}],
        "bodies": [
            {"value": render_markdown(article.body), "contenttype": "text/html", "role": "main"},
            {"value": article.body, "contenttype": "text/markdown", "role": "source"},
        ],
        "altids": [{"role": "newsroom-id", "value": str(article.id)}],
    }
    if article.number:
        data["altids"].append({"role": "release-number", "value": article.number})
    if article.embargo_until:
        data["embargoed"] = article.embargo_until
    if article.created_at:
        data["firstcreated"] = article.created_at
    if article.updated_at:
        data["versioncreated"] = article.updated_at
    if article.published_at:
        data["contentcreated"] = article.published_at
    if article.summary:
        data["descriptions"] = [{"value": article.summary, "role": "summary"}]
    if article.author:
        data["by"] = article.author
    if article.dateline:
        data["located"] = article.dateline
    if subjects:
        data["subjects"] = subjects
    if settings.get("site.organization"):
        data["copyrightholder"] = settings["site.organization"]
    return data


def export_ninjs(articles: Iterable[Article], context: ExportContext) -> Iterator[OutputFile]:
    for article in articles:
        text = json.dumps(item(article, context.settings), ensure_ascii=False, indent=2) + "\n"
        yield OutputFile(f"{article.slug}.json", text.encode("utf-8"))
