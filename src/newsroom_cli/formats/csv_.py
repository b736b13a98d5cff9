"""CSV: every field of every article, one row each, for spreadsheets and scripts.

Tags are joined by ", " in one cell (tag names cannot contain commas), so a
sheet stays one row per article and the file reads back with ``import``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsroom_cli.models import RECORD_FIELDS

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext
    from newsroom_cli.models import Article


def export_csv(articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(RECORD_FIELDS), lineterminator="\n")
    writer.writeheader()
    for article in articles:
        record = article.record()
        record["tags"] = ", ".join(article.tags)
        writer.writerow(record)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
