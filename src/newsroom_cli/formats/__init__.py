"""Formats articles go in and out in; one module per format.

``EXPORTERS`` and ``IMPORTERS`` map a format name to the function that does
the work, and give ``export --format`` and ``import --format`` their choices.
Entries name their module rather than import it, so that the CLI can list the
formats without loading Jinja2, markdown-it or YAML at start-up.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from newsroom_cli.formats.records import Incoming
    from newsroom_cli.models import Article

Reader = Callable[[str, str], "list[Incoming]"]


@dataclass(frozen=True)
class OutputFile:
    """One file of a folder export: a path relative to ``--out`` and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class PlacedFile:
    """A file of a folder export that exists already (a photo's rendition in the photo
    store): linked or copied into ``--out``, never read. ``sha`` stands for its bytes."""

    path: str
    source: Path
    sha: str


@dataclass(frozen=True)
class ExportContext:
    """What exporters may know besides the articles: settings, the clock, and the
    photo store their renditions are read from (None: an export without photos)."""

    settings: dict[str, str]
    now: str  # ISO 8601 in the site's zone
    lang: str = "id"
    photos: Path | None = None


@dataclass(frozen=True)
class Entry:
    """A registered format: where its function lives, loaded on first use."""

    module: str
    function: str
    help: str
    kind: Literal["stream", "folder", "site", "reader"] = "stream"

    def load(self) -> Callable[..., Any]:
        func: Callable[..., Any] = getattr(
            import_module(f"newsroom_cli.formats.{self.module}"), self.function
        )
        return func


# stream exporters: (articles, context) -> Iterator[str], written to a file or stdout.
# folder exporters: (articles, context) -> Iterator[OutputFile | PlacedFile], written into --out.
EXPORTERS: dict[str, Entry] = {
    "json": Entry("jsonl", "export_json", "one JSON array of whole records"),
    "jsonl": Entry("jsonl", "export_jsonl", "JSON Lines: one whole record per line"),
    "csv": Entry("csv_", "export_csv", "CSV: one row per article, tags joined by ', '"),
    "md": Entry("markdown_fm", "export_md", "Markdown files with YAML front matter", "folder"),
    "html": Entry("site.builder", "build", "a static website with feeds", "site"),
    "atom": Entry("feeds", "export_atom", "an Atom 1.0 feed"),
    "rss": Entry("feeds", "export_rss", "an RSS 2.0 feed"),
    "ninjs": Entry("ninjs", "export_ninjs", "IPTC ninjs 2.2 JSON, one file per article", "folder"),
}
FOLDER_DEFAULTS: dict[str, str] = {"md": "./articles", "html": "./site", "ninjs": "./ninjs"}
# Stream formats whose records carry photos: with --out a folder, the records go
# in this file and the photos' originals beside it (formats.photo_files).
ARCHIVE_FILES: dict[str, str] = {"json": "articles.json", "jsonl": "articles.jsonl"}
# Folder formats that carry the photos' originals (the md front matter names them).
PHOTO_FOLDERS = frozenset({"md"})

# readers: (text, source name) -> list[Incoming]; one file, already decoded.
IMPORTERS: dict[str, Entry] = {
    "md": Entry(
        "front_matter", "read_md", "Markdown with Hugo, Jekyll or Pelican front matter", "reader"
    ),
    "json": Entry("jsonl", "read_json", "this tool's JSON", "reader"),
    "jsonl": Entry("jsonl", "read_jsonl", "this tool's JSON Lines", "reader"),
    "csv": Entry("csv_", "read_csv", "this tool's CSV, or a sheet with a title column", "reader"),
    "text": Entry("text_page", "read_text", "a plain-text capture of a news page", "reader"),
    "html": Entry("html_page", "read_html", "a saved article page", "reader"),
}
# --format auto: by extension first; formats.detect looks at the content where
# an extension says little (.txt, .json, none).
EXTENSIONS: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".mkd": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


def stream(name: str, articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    chunks: Iterator[str] = EXPORTERS[name].load()(articles, context)
    return chunks


def read(name: str, text: str, source: str) -> Iterable[Incoming]:
    """A file's records; a reader may give them one at a time (JSON Lines does)."""
    items: Iterable[Incoming] = IMPORTERS[name].load()(text, source)
    return items


def _looks_like_jsonl(text: str) -> bool:
    """JSON Lines saved as ``.json``: several lines, the first a whole object on its own."""
    lines = [line for line in text.strip().split("\n") if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except (ValueError, RecursionError):  # the reader then says what is wrong
        return False


def detect(suffix: str, text: str) -> str | None:
    """The importer for a file under ``--format auto``; None when it cannot be told.

    The extension decides, except where it says little: ``.json`` may hold
    JSON Lines, and a ``.txt`` file or one without an extension may be a saved
    page, Markdown with front matter or JSON rather than a text capture.
    """
    chosen = EXTENSIONS.get(suffix.lower())
    if chosen == "json":
        return "jsonl" if _looks_like_jsonl(text) else "json"
    if chosen not in (None, "text") or (chosen is None and suffix):
        return chosen
    head = text.lstrip()[:1024].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<html" in head and "<body" in head):
        return "html"
    if text.startswith(("---\n", "+++\n")):
        return "md"
    if chosen is None and head.startswith(("{", "[")):
        return "jsonl" if _looks_like_jsonl(text) else "json"
    return "text"
