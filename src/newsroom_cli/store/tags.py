"""Queries and writes for tags: one tag whatever its case, its first spelling kept."""

from __future__ import annotations

from newsroom_cli.store.db import Store


def tag_id(store: Store, name: str) -> int | None:
    row = store.conn.execute("SELECT id FROM tags WHERE key = ?", [name.casefold()]).fetchone()
    return int(row[0]) if row else None


def find_tag(store: Store, name: str) -> tuple[int, str] | None:
    """(id, stored spelling) of the tag named ``name`` in any case."""
    row = store.conn.execute(
        "SELECT id, name FROM tags WHERE key = ?", [name.casefold()]
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def ensure_tag(store: Store, name: str, slug: str) -> int:
    """The id of the tag, created with this spelling if it does not exist yet."""
    found = tag_id(store, name)
    if found is not None:
        return found
    cursor = store.conn.execute(
        "INSERT INTO tags (name, key, slug) VALUES (?, ?, ?)", [name, name.casefold(), slug]
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def tag_slug_taken(store: Store, slug: str) -> bool:
    return store.conn.execute("SELECT 1 FROM tags WHERE slug = ?", [slug]).fetchone() is not None


def link_tags(store: Store, article_id: int, tag_ids: list[int]) -> None:
    store.conn.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
    store.conn.executemany(
        "INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)",
        [(article_id, tid, position) for position, tid in enumerate(tag_ids)],
    )


def tag_counts(store: Store) -> list[tuple[str, str, int]]:
    sql = (
        "SELECT t.name, t.slug, count(a.id) FROM tags t "
        "LEFT JOIN article_tags at ON at.tag_id = t.id "
        "LEFT JOIN articles a ON a.id = at.article_id AND a.deleted_at IS NULL "
        "GROUP BY t.id ORDER BY count(a.id) DESC, t.name COLLATE NOCASE"
    )
    return [(name, slug, int(n)) for name, slug, n in store.conn.execute(sql)]


def tag_name(store: Store, name: str) -> str | None:
    row = store.conn.execute("SELECT name FROM tags WHERE key = ?", [name.casefold()]).fetchone()
    return str(row[0]) if row else None


def articles_with_tag(store: Store, tag: int) -> list[int]:
    rows = store.conn.execute("SELECT article_id FROM article_tags WHERE tag_id = ?", [tag])
    return [int(r[0]) for r in rows]


def delete_tag(store: Store, tag: int) -> None:
    store.conn.execute("DELETE FROM tags WHERE id = ?", [tag])


def rename_tag(store: Store, tag: int, name: str, slug: str | None) -> None:
    store.conn.execute(
        "UPDATE tags SET name = ?, key = ?, slug = coalesce(?, slug) WHERE id = ?",
        [name, name.casefold(), slug, tag],
    )


def unused_tags_purge(store: Store) -> None:
    store.conn.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")


# Full-text index ------------------------------------------------------------
