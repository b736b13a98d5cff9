"""All terminal output: Rich tables and panels for people, plain formats for scripts.

User text is always wrapped in ``rich.text.Text`` so that a headline such as
``[bold]x[/]`` is shown literally and never read as markup. When stdout is not
a terminal, tables are printed at their natural width so that piped output is
never cut mid-word, and Rich emits no ANSI codes.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from newsroom_cli.models import Article
    from newsroom_cli.services.search import Hit

TABLE_FIELDS = ("id", "date", "status", "title", "tags", "words")


def console() -> Console:
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return Console(highlight=False)
    # Piped: no terminal width to respect, so never wrap or truncate a row.
    return Console(highlight=False, width=100_000)


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def error(message: str) -> None:
    """One line on stderr: the contract for every failure."""
    line = " ".join(message.split())
    sys.stderr.write(f"Error: {line}\n")
    sys.stderr.flush()


def info(message: str) -> None:
    """A status line for people (stderr, so it never pollutes piped data)."""
    err_console().print(Text(message))


def say(message: str) -> None:
    console().print(Text(message), soft_wrap=True)


def write(text: str) -> None:
    sys.stdout.write(text)


def _date(article: Article) -> str:
    return (article.published_at or article.created_at or "")[:10]


def _cell(article: Article, name: str) -> str:
    if name == "date":
        return _date(article)
    if name == "tags":
        return ", ".join(article.tags)
    if name == "words":
        return str(article.words)
    value = getattr(article, name)
    return "" if value is None else str(value)


def articles_table(articles: Sequence[Article], fields: Sequence[str] | None = None) -> Table:
    names = list(fields or TABLE_FIELDS)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in names:
        numeric = name in ("id", "words", "revision")
        table.add_column(
            name.replace("_", " ").title() if name != "id" else "ID",
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=numeric or name in ("date", "status"),
            ratio=3 if name in ("title", "body", "summary") else None,
        )
    for article in articles:
        table.add_row(*(Text(_cell(article, name)) for name in names))
    return table


def print_articles(articles: Sequence[Article], fmt: str, fields: Sequence[str] | None) -> None:
    """Write ``articles`` in a list format: table, json, jsonl, csv or ids."""
    if fmt == "table":
        console().print(articles_table(articles, fields))
    elif fmt == "ids":
        write(" ".join(str(a.id) for a in articles) + "\n")
    else:
        write_records([a.record(list(fields) if fields else None) for a in articles], fmt)


def write_records(records: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for record in records:
            write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        if not records:
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        for record in records:
            if isinstance(record.get("tags"), list):
                record = {**record, "tags": ", ".join(record["tags"])}
            writer.writerow(record)
    else:  # pragma: no cover - the CLI's choices stop other values
        raise ValueError(fmt)


def meta_grid(rows: Iterable[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value:
            grid.add_row(Text(label), Text(value))
    return grid


def article_panel(article: Article, date_text: str) -> Panel:
    from rich.markdown import Markdown
    from rich.rule import Rule

    meta = meta_grid(
        [
            ("ID", str(article.id)),
            ("Slug", article.slug),
            ("Status", article.status + (" (in trash)" if article.deleted_at else "")),
            ("Date", date_text),
            ("Dateline", article.dateline),
            ("Category", article.category),
            ("Author", article.author),
            ("Tags", ", ".join(article.tags)),
            ("Summary", article.summary),
            ("Revision", str(article.revision)),
        ]
    )
    parts: list[RenderableType] = [meta]
    if article.body.strip():
        parts += [Rule(style="dim"), Markdown(article.body)]
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 100)
    return Panel(Group(*parts), title=Text(article.title, style="bold"), width=width)


def simple_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    console().print(simple_table(headers, rows))


def print_diff(lines: Sequence[str]) -> None:
    out = console()
    for line in lines:
        style = ""
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        out.print(Text(line.rstrip("\n"), style=style), soft_wrap=True)


def print_json(data: Any) -> None:
    write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# Search hits ------------------------------------------------------------------

MATCH_STYLE = "bold yellow"  # without colour (NO_COLOR) still bold


def marked_text(text: str, opening: str, closing: str, style: str = MATCH_STYLE) -> Text:
    """``text`` with the parts between the marks styled; the marks themselves dropped.

    Built with ``Text.append``, so brackets in an article are never read as markup;
    piped output carries no styles, so it is the plain text.
    """
    result = Text()
    inside = False
    for part in text.replace(closing, opening).split(opening):
        if part:
            result.append(part, style=style if inside else None)
        inside = not inside
    return result


def hits_table(hits: Sequence[Hit], fields: Sequence[str] | None, marks: tuple[str, str]) -> Table:
    """The list table (headline marked) with a snippet column for each hit."""
    names = list(fields or TABLE_FIELDS)
    table = articles_table([], names)
    table.add_column("Snippet", overflow="fold", ratio=4)
    for hit in hits:
        cells = [
            marked_text(hit.title, *marks) if name == "title" else Text(_cell(hit.article, name))
            for name in names
        ]
        table.add_row(*cells, marked_text(hit.snippet, *marks))
    return table


def print_hits(
    hits: Sequence[Hit], fmt: str, fields: Sequence[str] | None, marks: tuple[str, str]
) -> None:
    """Write search hits in a list format; json, jsonl and csv add rank and snippet."""
    if fmt == "table":
        console().print(hits_table(hits, fields, marks))
    elif fmt == "ids":
        write(" ".join(str(hit.article.id) for hit in hits) + "\n")
    else:
        write_records([hit.record(list(fields) if fields else None) for hit in hits], fmt)
