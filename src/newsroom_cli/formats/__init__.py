"""Formats articles go in and out in; one module per format.

``EXPORTERS`` and ``IMPORTERS`` map a format name to the function that does
the work, and give ``export --format`` and ``import --format`` their choices.
Entries name their module rather than import it, so that the CLI can list the
formats without loading Jinja2, markdown-it or YAML at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
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
class ExportContext:
    """What exporters may know besides the articles: settings and the clock."""

    settings: dict[str, str]
    now: str  # ISO 8601 in the site's zone
    lang: str = "id"


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
# folder exporters: (articles, context) -> Iterator[OutputFile], written into --out.
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

IMPORTERS: dict[str, Entry] = {
    "jsonl": Entry("jsonl", "read_jsonl", "this tool's JSON Lines", "reader"),
    "json": Entry("jsonl", "read_json", "this tool's JSON", "reader"),
}
EXTENSIONS: dict[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


def stream(name: str, articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    chunks: Iterator[str] = EXPORTERS[name].load()(articles, context)
    return chunks


def read(name: str, text: str, source: str) -> list[Incoming]:
    items: list[Incoming] = IMPORTERS[name].load()(text, source)
    return items
