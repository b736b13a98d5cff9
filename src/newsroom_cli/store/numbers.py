"""Queries for official release numbers."""

from __future__ import annotations

from newsroom_cli.store.db import Store


def max_seq(store: Store, year: int) -> int:
    row = store.conn.execute(
        "SELECT coalesce(max(number_seq), 0) FROM articles WHERE number_year = ?", [year]
    ).fetchone()
    return int(row[0])


def used_by(store: Store, number: str, except_id: int | None) -> int | None:
    row = store.conn.execute(
        "SELECT id FROM articles WHERE number = ? AND id IS NOT ? LIMIT 1", [number, except_id]
    ).fetchone()
    return int(row[0]) if row else None


def all_numbers(
    store: Store, year: int | None
) -> list[tuple[str, int, str, int | None, int | None]]:
    sql = (
        "SELECT number, id, title, number_year, number_seq FROM articles "
        "WHERE number != '' AND deleted_at IS NULL"
    )
    params: list[int] = []
    if year is not None:
        sql += " AND number_year = ?"
        params.append(year)
    sql += " ORDER BY number_year IS NULL, number_year, number_seq IS NULL, number_seq, number"
    return [(str(n), int(i), str(t), y, s) for n, i, t, y, s in store.conn.execute(sql, params)]
