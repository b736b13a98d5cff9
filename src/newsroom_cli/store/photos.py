"""Queries and writes of the ``photos`` table: each release's pictures, in order.

A row describes one photo of one article (its place, caption, credit, alt text,
focal point and the SHA-256 of its original); the bytes are in the photo store
(``media/store.py``). Every write runs inside the caller's ``Store.write()``,
with the article's revision, so a photo change is an edit like any other.
"""

from __future__ import annotations

import sys

from newsroom_cli.models import Photo
from newsroom_cli.store.db import Store

_COLUMNS = (
    "article_id, sha256, filename, media_type, width, height, size, caption, credit, alt, "
    "featured, focus_x, focus_y, has_gps"
)


def _photo(row: tuple[object, ...]) -> Photo:
    (_, sha, filename, media_type, width, height, size, caption, credit, alt, featured,
     focus_x, focus_y, has_gps) = row  # fmt: skip
    focus = (float(focus_x), float(focus_y)) if focus_x is not None else None  # type: ignore[arg-type]
    return Photo(
        str(sha),
        str(filename),
        str(media_type),
        int(width),  # type: ignore[call-overload]
        int(height),  # type: ignore[call-overload]
        int(size),  # type: ignore[call-overload]
        str(caption),
        str(credit),
        str(alt),
        bool(featured),
        focus,
        bool(has_gps),
    )


def photos_of(store: Store, ids: list[int]) -> dict[int, list[Photo]]:
    """Each article's photos in their order; a batch of articles in one query each 500."""
    found: dict[int, list[Photo]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT {_COLUMNS} FROM photos WHERE article_id IN ({marks}) "
            "ORDER BY article_id, position"
        )
        for row in store.conn.execute(sql, chunk):
            found[int(row[0])].append(_photo(row))
    return found


def index_photos(store: Store, ids: list[int]) -> dict[int, list[Photo]]:
    """What a site export's index needs of each article's photos: hash, size, alt
    text and which is featured, for its thumbnails, its files and its page keys.

    No caption or credit (a page that shows them loads the whole article), and
    one string per repeated hash: 100,000 releases keep this small.
    """
    found: dict[int, list[Photo]] = {}
    wanted = set(ids)
    sql = (
        "SELECT article_id, sha256, filename, media_type, width, height, alt, featured "
        "FROM photos ORDER BY article_id, position"
    )
    same = sys.intern
    for article_id, sha, filename, media_type, width, height, alt, featured in store.conn.execute(
        sql
    ):
        if article_id in wanted:
            photo = Photo(same(sha), filename, same(media_type), width, height, 0, alt=alt)
            photo.featured = bool(featured)
            found.setdefault(article_id, []).append(photo)
    return found


def replace_photos(store: Store, article_id: int, photos: list[Photo]) -> None:
    """The article's photos become ``photos``, in that order (positions 1, 2, ...)."""
    store.conn.execute("DELETE FROM photos WHERE article_id = ?", [article_id])
    store.conn.executemany(
        f"INSERT INTO photos (position, {_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                position,
                article_id,
                p.sha256,
                p.filename,
                p.media_type,
                p.width,
                p.height,
                p.size,
                p.caption,
                p.credit,
                p.alt,
                int(p.featured),
                p.focus[0] if p.focus else None,
                p.focus[1] if p.focus else None,
                int(p.has_gps),
            )
            for position, p in enumerate(photos, start=1)
        ],
    )


def referenced(store: Store) -> set[str]:
    """Every original any article or any revision still needs: what the store keeps.

    Revisions count because ``revert`` may bring a removed photo back.
    """
    found = {str(sha) for (sha,) in store.conn.execute("SELECT DISTINCT sha256 FROM photos")}
    sql = (
        "SELECT json_extract(value, '$.sha256') FROM revisions, "
        "json_each(revisions.snapshot, '$.photos') "
        "WHERE json_type(revisions.snapshot, '$.photos') = 'array'"
    )
    found |= {str(sha) for (sha,) in store.conn.execute(sql) if sha}
    return found


def all_photos(store: Store) -> list[tuple[int, int, str]]:
    """(article id, position, sha256) of every photo row, for `db check`."""
    sql = "SELECT article_id, position, sha256 FROM photos ORDER BY article_id, position"
    return [(int(a), int(p), str(s)) for a, p, s in store.conn.execute(sql)]
