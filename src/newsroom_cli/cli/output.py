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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from newsroom_cli.models import Article

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
    err_console().print(Text(message), soft_wrap=True)


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


@contextmanager
def progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr for long work, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console(),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
