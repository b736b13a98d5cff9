"""JSON and JSON Lines: this tool's own ``list``/``export`` output read back."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.records import Incoming, from_record, unreadable

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext
    from newsroom_cli.models import Article, Photo


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (``splitlines`` would copy all of it at once)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def read_jsonl(text: str, name: str) -> Iterator[Incoming]:
    return read_jsonl_lines(_lines(text), name)


def read_jsonl_lines(lines: Iterable[str], name: str) -> Iterator[Incoming]:
    """Records as they are read: an import of 100,000 never holds them all."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _record(line, f"{name}:{number}")


def _record(line: str, where: str) -> Incoming:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{where}: not valid JSON ({exc.msg})") from exc
    except ValueError as exc:
        raise InvalidInput(f"{where}: {unreadable(exc)}") from exc
    except RecursionError as exc:
        raise InvalidInput(f"{where}: JSON nested too deeply") from exc
    return from_record(record, where)


def photo_records(lines: Iterable[str], name: str) -> Iterator[tuple[str, Photo]]:
    """The photos a JSON Lines file's records name, with where each is: what an import
    must find before its transaction. Only lines that mention a ``sha256`` are
    parsed; a record with photos always does, so this costs little on the rest.
    """
    for number, line in enumerate(lines, start=1):
        if '"sha256"' not in line:
            continue
        where = f"{name}:{number}"
        for photo in _record(line, where).changes.photos or []:
            yield where, photo


def read_json(text: str, name: str) -> list[Incoming]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    except ValueError as exc:
        raise InvalidInput(f"{name}: {unreadable(exc)}") from exc
    except RecursionError as exc:
        raise InvalidInput(f"{name}: JSON nested too deeply") from exc
    records = data if isinstance(data, list) else [data]
    return [from_record(record, f"{name}[{i}]") for i, record in enumerate(records)]


def export_jsonl(articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    for article in articles:
        yield json.dumps(article.record(), ensure_ascii=False) + "\n"


def export_json(articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    """A JSON array written record by record, so 100,000 articles never sit in memory."""
    yield "["
    for number, article in enumerate(articles):
        text = json.dumps(article.record(), ensure_ascii=False, indent=2)
        yield ("\n" if number == 0 else ",\n") + "  " + text.replace("\n", "\n  ")
    yield "\n]\n"
