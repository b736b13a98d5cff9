"""Invariants every reliability check ends with."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def check_invariants(db: Path) -> None:
    """integrity ok; every article at its newest saved revision; the search index in step."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        behind = conn.execute(
            "SELECT a.id FROM articles a WHERE a.revision != (SELECT max(r.revision) "
            "FROM revisions r WHERE r.article_id = a.id AND r.kind = 'edit')"
        ).fetchall()
        assert behind == [], f"articles not at their newest revision: {behind}"
        indexed = {
            row[0]: row[1:]
            for row in conn.execute("SELECT rowid, title, body, tags FROM articles_fts")
        }
        for article_id, title, body in conn.execute("SELECT id, title, body FROM articles"):
            tags = "\n".join(
                name
                for (name,) in conn.execute(
                    "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
                    "WHERE at.article_id = ? ORDER BY at.position",
                    [article_id],
                )
            )
            assert indexed.get(article_id) == (title, body, tags), (
                f"FTS out of step for {article_id}"
            )
        assert len(indexed) == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
