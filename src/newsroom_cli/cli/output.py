"""All terminal output: Rich tables and panels for people, plain formats for scripts.

User text is always wrapped in ``rich.text.Text`` so that a headline such as
``[bold]x[/]`` is shown literally and never read as markup. When stdout is not
a terminal, tables are printed at their natural width so that piped output is
never cut mid-word, and Rich emits no ANSI codes.

Rich is imported by the functions that draw with it, not here: importing it
costs a command 35 ms, and status lines, errors, JSON and a re-export that
finds nothing to do need none of it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from newsroom_cli import prose
from newsroom_cli.formats.csv_ import sheet_writer, to_cell
from newsroom_cli.models import SHEET_FIELDS

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from newsroom_cli.models import Article, Finding
    from newsroom_cli.services.search import Hit

TABLE_FIELDS = ("id", "date", "status", "title", "tags", "words")


def _console(*, stderr: bool = False, width: int | None = None) -> Console:
    from rich.console import Console

    # Strings given to Rich are never read as markup or :emoji: codes: article text
    # must show literally, and the emoji table alone costs a start-up 2 ms to load.
    return Console(stderr=stderr, width=width, highlight=False, markup=False, emoji=False)


def console() -> Console:
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return _console()
    # Piped: no terminal width to respect, so never wrap or truncate a row.
    return _console(width=100_000)


def err_console() -> Console:
    if sys.stderr.isatty() or os.environ.get("COLUMNS"):
        return _console(stderr=True)
    # Redirected: like stdout, never wrap a finding's message mid-word.
    return _console(stderr=True, width=100_000)


def error(message: str) -> None:
    """One line on stderr: the contract for every failure."""
    line = " ".join(printable(message).split())
    sys.stderr.write(f"Error: {line}\n")
    sys.stderr.flush()


# The second line of defence against terminal escapes: values are cleaned where
# they enter (models.clean_line), and nothing printed here may carry a control
# character but a newline or a tab, whatever path a value took. ESC (0x1b) and the
# C1 controls would let a stored value move the cursor, clear a colleague's screen
# or retitle the terminal; the others are dropped too (bell, backspace, CR...).
_UNPRINTED = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    # A search finds what the table would drop, ten times faster than dropping it
    # from 20 MB of JSON that has none.
    return text.translate(_UNPRINTED) if _CONTROL.search(text) else text


def _text(value: str, **style: Any) -> Text:
    """Rich ``Text`` of a value with no control character in it: Rich itself drops
    only a few (bell, backspace...), not ESC, which would reach the terminal raw."""
    from rich.text import Text

    return Text(printable(value), **style)


def traceback(exc: BaseException) -> None:
    """A traceback on stderr (``NEWSROOM_DEBUG=1``), frames and lines only, never locals:
    for a bug met in one file of an import, which goes on with the next file."""
    import traceback as tb

    sys.stderr.write(printable("".join(tb.format_exception(exc))))
    sys.stderr.flush()


def info(message: str) -> None:
    """A status line for people (stderr, so it never pollutes piped data)."""
    sys.stderr.write(printable(message) + "\n")
    sys.stderr.flush()


def say(message: str) -> None:
    sys.stdout.write(printable(message) + "\n")


def write(text: str) -> None:
    sys.stdout.write(printable(text))


def write_file_bytes(data: bytes) -> None:
    """A whole file (an .eml message) to stdout byte for byte, CRLF line ends
    included: for a pipe into another program, as the format requires."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _date(article: Article) -> str:
    """The release date; none for an undated draft (its creation date is not one)."""
    return (article.published_at or "")[:10]


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
    from rich import box
    from rich.table import Table

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
        table.add_row(*(_text(_cell(article, name)) for name in names))
    return table


def print_articles(articles: Sequence[Article], fmt: str, fields: Sequence[str] | None) -> None:
    """Write ``articles`` in a list format: table, json, jsonl, csv or ids."""
    if fmt == "table":
        console().print(articles_table(articles, fields))
    elif fmt == "ids":
        write(" ".join(str(a.id) for a in articles) + "\n")
    else:
        # A sheet has no cell for a list of photo records; json and jsonl carry them.
        names = list(fields) if fields else list(SHEET_FIELDS) if fmt == "csv" else None
        write_records([a.record(names) for a in articles], fmt)


def write_records(records: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for record in records:
            write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        if not records:
            return
        # Spreadsheets run a cell starting with = + - @ as a formula: formats.csv_ says how not.
        writer = sheet_writer(sys.stdout, list(records[0]))
        writer.writeheader()
        for record in records:
            if isinstance(record.get("tags"), list):
                record = {**record, "tags": ", ".join(record["tags"])}
            writer.writerow({name: to_cell(value) for name, value in record.items()})
    else:  # pragma: no cover - the CLI's choices stop other values
        raise ValueError(fmt)


def meta_grid(rows: Iterable[tuple[str, str]]) -> Table:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value:
            grid.add_row(_text(label), _text(value))
    return grid


def body_renderable(body: str) -> RenderableType:
    """The body as Rich renders Markdown; plain prose skips the Markdown parser."""
    from rich.console import Group
    from rich.text import Text

    found = prose.paragraphs(body)
    if found is None:
        from rich.markdown import Markdown

        return Markdown(body)
    parts: list[RenderableType] = []
    for lines in found:
        if parts:
            parts.append(Text())
        parts.append(_text(" ".join(lines), justify="left"))
    return Group(*parts)


def article_panel(article: Article, date_text: str, extra: Sequence[tuple[str, str]] = ()) -> Panel:
    from rich.console import Group
    from rich.panel import Panel
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
            *extra,
            ("Revision", str(article.revision)),
        ]
    )
    parts: list[RenderableType] = [meta]
    if article.body.strip():
        parts += [Rule(style="dim"), body_renderable(article.body)]
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 100)
    return Panel(Group(*parts), title=_text(article.title, style="bold"), width=width)


def simple_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(_text(cell) for cell in row))
    return table


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    console().print(simple_table(headers, rows))


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def finding_place(finding: Finding) -> str:
    """``¶2 5:12`` in the body (paragraph, line:column), ``title col 45`` or ``dateline``."""
    if finding.paragraph is not None:
        return f"¶{finding.paragraph} {finding.line}:{finding.column}"
    if finding.column is not None:
        return f"{finding.field} col {finding.column}"
    return finding.field or ""


def findings_table(findings: Sequence[Finding]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in ("Article", "Place", "Severity", "Code"):
        table.add_column(header, no_wrap=True)
    table.add_column("Message", overflow="fold", ratio=1)
    for finding in findings:
        message = _text(finding.message)
        if finding.excerpt:
            message.append("\n" + finding.excerpt, style="dim")
        if finding.suggestion:
            message.append("\n→ " + finding.suggestion, style="green")
        table.add_row(
            _text("" if finding.article is None else str(finding.article)),
            _text(finding_place(finding)),
            _text(finding.severity, style=_SEVERITY_STYLE.get(finding.severity, "")),
            _text(finding.code),
            message,
        )
    return table


def print_findings(findings: Sequence[Finding], *, stderr: bool = False) -> None:
    """Findings as a table: on stdout for `check`, on stderr when `publish` shows them."""
    if findings:
        (err_console() if stderr else console()).print(findings_table(findings))


def findings_summary(findings: Sequence[Finding], checked: int, what: str = "release") -> str:
    """``2 errors, 1 warning, 0 info in 3 articles``, or that nothing was found."""
    noun = what if checked == 1 else f"{what}s"
    if not findings:
        return f"No problems found in {checked} {noun}."
    counts = [sum(f.severity == s for f in findings) for s in ("error", "warning", "info")]
    errors = f"{counts[0]} error{'' if counts[0] == 1 else 's'}"
    warnings = f"{counts[1]} warning{'' if counts[1] == 1 else 's'}"
    return f"{errors}, {warnings}, {counts[2]} info in {checked} {noun}."


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
        out.print(_text(line.rstrip("\n"), style=style), soft_wrap=True)


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


# Search hits ------------------------------------------------------------------

MATCH_STYLE = "bold yellow"  # without colour (NO_COLOR) still bold


def marked_text(text: str, opening: str, closing: str, style: str = MATCH_STYLE) -> Text:
    """``text`` with the parts between the marks styled; the marks themselves dropped.

    Built with ``Text.append``, so brackets in an article are never read as markup;
    piped output carries no styles, so it is the plain text.
    """
    from rich.text import Text

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
            marked_text(hit.title, *marks) if name == "title" else _text(_cell(hit.article, name))
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


def _reason(name: str, message: str) -> str:
    """A failure's message without the file name the table already shows."""
    if message.startswith(f"{name}: "):
        return message[len(name) + 2 :]
    if message.startswith(f"{name}:") and message[len(name) + 1 : len(name) + 2].isdigit():
        line, _, rest = message[len(name) + 1 :].partition(": ")
        return f"line {line}: {rest}" if line.isdigit() else message[len(name) + 1 :]
    return message


def import_summary(counts: dict[str, int], failures: list[tuple[str, str]], dry_run: bool) -> None:
    """What an import did, on stderr: a table for people, stable lines for scripts.

    Piped, the first line is always ``created N, updated N, skipped N,
    failed N`` (after ``Dry run: would have `` in a dry run), then one
    ``Error: FILE: REASON`` line per failed file.
    """
    totals = {**counts, "failed": len(failures)}
    if not sys.stderr.isatty():
        prefix = "Dry run: would have " if dry_run else ""
        info(prefix + ", ".join(f"{key} {value}" for key, value in totals.items()))
        for name, reason in failures:
            error(reason if reason.startswith(name) else f"{name}: {reason}")
        return
    from rich import box
    from rich.table import Table

    out = err_console()
    title = "Dry run: nothing was written" if dry_run else "Import summary"
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
    for key in totals:
        table.add_column(key.title(), justify="right")
    table.add_row(*(_text(str(value)) for value in totals.values()))
    out.print(table)
    if failures:
        failed = simple_table(["Failed file", "Reason"], [(n, _reason(n, r)) for n, r in failures])
        out.print(failed)


def not_read_summary(passed: list[tuple[str, str]]) -> None:
    """The files of a folder an import passed over, after its summary: piped, one
    ``Not read: FILE: REASON`` line each; on a terminal, a table. They are not
    failures (the exit code stays 0): a link out of the folder is never followed."""
    if not passed:
        return
    if not sys.stderr.isatty():
        for name, reason in passed:
            info(f"Not read: {name}: {reason}")
        return
    err_console().print(simple_table(["File not read", "Reason"], passed))


def photo_summary(
    imported: int, remote: int, skipped: list[tuple[str, str]], dry_run: bool = False
) -> None:
    """The photos an import brought, after its summary, when there were pictures at all.

    One line, ``photos: N imported, N not imported, N remote images kept as
    links``, then (piped) one ``Photo not imported: FILE: PICTURE: REASON`` line
    each, or (on a terminal) a table of them.
    """
    if not (imported or remote or skipped):
        return
    parts = [f"{imported} imported"]
    if skipped:
        parts.append(f"{len(skipped)} not imported")
    if remote:
        kept = "1 remote image kept as a link" if remote == 1 else "remote images kept as links"
        parts.append(kept if remote == 1 else f"{remote} {kept}")
    info(("Dry run: " if dry_run else "") + "photos: " + ", ".join(parts))
    if not sys.stderr.isatty():
        for name, what in skipped:
            info(f"Photo not imported: {name}: {what}")
        return
    if skipped:
        err_console().print(simple_table(["File", "Photo not imported"], skipped))
