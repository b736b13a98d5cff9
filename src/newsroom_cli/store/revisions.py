"""Queries and writes for revisions: every saved state of an article, as JSON snapshots."""

from __future__ import annotations

import json
from typing import Any

from newsroom_cli.models import Revision
from newsroom_cli.store.db import Store


def add_revision(store: Store, revision: Revision) -> None:
    store.conn.execute(
        "INSERT INTO revisions (article_id, revision, saved_at, author, snapshot, note, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            revision.article_id,
            revision.revision,
            revision.saved_at,
            revision.author,
            json.dumps(revision.snapshot, ensure_ascii=False),
            revision.note,
            revision.kind,
        ],
    )


def next_revision(store: Store, article_id: int) -> int:
    row = store.conn.execute(
        "SELECT coalesce(max(revision), 0) FROM revisions WHERE article_id = ?", [article_id]
    ).fetchone()
    return int(row[0]) + 1


def _revision(row: dict[str, Any]) -> Revision:
    return Revision(
        article_id=row["article_id"],
        revision=row["revision"],
        saved_at=row["saved_at"],
        author=row["author"],
        snapshot=json.loads(row["snapshot"]),
        note=row["note"],
        kind=row["kind"],
    )


# Revisions are read by `history`, `diff` and `revert`, none of them start-up
# critical: sqlite-utils' table API reads them.
def revisions(store: Store, article_id: int) -> list[Revision]:
    table = store.db.table("revisions")
    rows = table.rows_where("article_id = ?", [article_id], order_by="revision")
    return [_revision(row) for row in rows]


def revision(store: Store, article_id: int, number: int) -> Revision | None:
    table = store.db.table("revisions")
    rows = list(table.rows_where("article_id = ? AND revision = ?", [article_id, number]))
    return _revision(rows[0]) if rows else None
