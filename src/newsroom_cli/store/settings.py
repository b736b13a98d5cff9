"""The ``settings`` table: one JSON value per key, shared by the whole desk."""

from __future__ import annotations

import json
from typing import Any

from newsroom_cli.store.db import Store


def load(store: Store) -> dict[str, Any]:
    rows = store.conn.execute("SELECT key, value FROM settings")
    return {key: json.loads(value) for key, value in rows}


def save(store: Store, key: str, value: Any) -> None:
    store.conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )


def remove(store: Store, key: str) -> None:
    store.conn.execute("DELETE FROM settings WHERE key = ?", [key])
