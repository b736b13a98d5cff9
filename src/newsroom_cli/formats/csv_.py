"""CSV: every field of every article, one row each, for spreadsheets and scripts.

Tags are joined by ", " in one cell (tag names cannot contain commas), so a
sheet stays one row per article and the file reads back with ``import``. A
cell is text: an empty one means an empty field (``published_at``, ``slug``,
``status`` and ``lang`` then take their defaults), as in ``formats.records``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.records import KNOWN, Incoming, from_record
from newsroom_cli.models import SHEET_FIELDS

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext
    from newsroom_cli.models import Article


def export_csv(articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SHEET_FIELDS), lineterminator="\n")
    writer.writeheader()
    for article in articles:
        record = article.record(list(SHEET_FIELDS))
        record["tags"] = ", ".join(article.tags)
        writer.writerow(record)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _delimiter(header: str) -> str:
    """Comma, or what a spreadsheet in a comma-decimal locale writes instead (``;``, tab)."""
    counts = {mark: header.count(mark) for mark in (",", ";", "\t")}
    return max(counts, key=lambda mark: (counts[mark], mark == ","))


def read_csv(text: str, name: str) -> list[Incoming]:
    """This tool's CSV export, or a sheet with only some of its columns (``title`` at least).

    Column names are compared without regard to case or surrounding spaces.
    A file without a ``title`` column, with a column this tool does not know,
    or with a row longer or shorter than the header fails as a whole.
    """
    # A body of megabytes is one cell; the csv module's default cap is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(header_line), strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        if "title" not in header:
            raise InvalidInput(
                f"{name}:1: the header has no 'title' column (found: {', '.join(header)})"
            )
        unknown = [column for column in header if column not in KNOWN]
        if unknown:
            raise InvalidInput(
                f"{name}:1: unknown column {unknown[0]!r}; known: {', '.join(SHEET_FIELDS)}"
            )
        found = []
        start = reader.line_num + 1
        for row in reader:
            where = f"{name}:{start}"
            start = reader.line_num + 1
            if not row:
                continue
            if len(row) != len(header):
                raise InvalidInput(
                    f"{where}: the row has {len(row)} cells; the header has {len(header)}"
                )
            found.append(from_record(dict(zip(header, row, strict=True)), where))
    except csv.Error as exc:
        raise InvalidInput(f"{name}:{reader.line_num}: not valid CSV ({exc})") from exc
    return found
