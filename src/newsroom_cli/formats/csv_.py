"""CSV: every field of every article, one row each, for spreadsheets and scripts.

Tags are joined by ", " in one cell (tag names cannot contain commas), so a
sheet stays one row per article and the file reads back with ``import``. A
cell is text: an empty one means an empty field (``published_at``, ``slug``,
``status`` and ``lang`` then take their defaults), as in ``formats.records``.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a
tab, CR or LF) as a formula: ``=HYPERLINK(...)`` in a headline would be a link
to anywhere in the desk's own sheet. As OWASP's CSV-injection guidance says,
such a cell is written with a ``'`` in front (the spreadsheet's mark for
"text"), and every cell is quoted, so that a ``;`` or a tab inside one cannot
start a new cell in a sheet that splits on them. ``import`` takes the ``'`` off
again: a cell that already began with ``'`` before one of those characters (or
before another ``'``) gets one more on the way out, so the round trip is exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.records import KNOWN, Incoming, from_record
from newsroom_cli.models import SHEET_FIELDS

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext
    from newsroom_cli.models import Article


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def to_cell(value: Any) -> Any:
    """A value as a spreadsheet must get it: never a formula (see the module's notes)."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA) or (value.startswith("'") and value[1:2] in (*_FORMULA, "'"))
    ):
        return "'" + value
    return value


def from_cell(value: str) -> str:
    """``to_cell`` undone: the ``'`` it put in front taken off."""
    if value.startswith("'") and value[1:2] in (*_FORMULA, "'"):
        return value[1:]
    return value


def sheet_writer(handle: Any, fields: list[str]) -> Any:
    """A ``DictWriter`` for a sheet: every cell quoted, one row per line."""
    return csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_ALL)


def export_csv(articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    buffer = io.StringIO()
    writer = sheet_writer(buffer, list(SHEET_FIELDS))
    writer.writeheader()
    for article in articles:
        record = article.record(list(SHEET_FIELDS))
        record["tags"] = ", ".join(article.tags)
        writer.writerow({name: to_cell(value) for name, value in record.items()})
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
            cells = (from_cell(cell) for cell in row)
            found.append(from_record(dict(zip(header, cells, strict=True)), where))
    except csv.Error as exc:
        raise InvalidInput(f"{name}:{reader.line_num}: not valid CSV ({exc})") from exc
    return found
