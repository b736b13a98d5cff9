"""JSON and JSON Lines: this tool's own ``list``/``export`` output read back."""

from __future__ import annotations

import json

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.records import Incoming, from_record


def read_jsonl(text: str, name: str) -> list[Incoming]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{name}:{number}: not valid JSON ({exc.msg})") from exc
        found.append(from_record(record, f"{name}:{number}"))
    return found


def read_json(text: str, name: str) -> list[Incoming]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    records = data if isinstance(data, list) else [data]
    return [from_record(record, f"{name}[{i}]") for i, record in enumerate(records)]
