"""Formats articles go in and out in; one module per format.

``IMPORTERS`` maps a format name to its reader and gives ``import --format``
its choices; ``EXTENSIONS`` is how ``--format auto`` picks one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsroom_cli.formats.records import Incoming

Reader = Callable[[str, str], "list[Incoming]"]


def _jsonl(text: str, name: str) -> list[Incoming]:
    from newsroom_cli.formats.jsonl import read_jsonl

    return read_jsonl(text, name)


def _json(text: str, name: str) -> list[Incoming]:
    from newsroom_cli.formats.jsonl import read_json

    return read_json(text, name)


IMPORTERS: dict[str, Reader] = {"jsonl": _jsonl, "json": _json}
EXTENSIONS: dict[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
