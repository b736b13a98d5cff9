"""Bringing records in: each file whole or not at all, duplicates handled as asked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from newsroom_cli import config
from newsroom_cli.formats.records import Incoming
from newsroom_cli.services import dates, editing
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows

ON_DUPLICATE = ("skip", "update", "new")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.created += other.created
        self.updated += other.updated
        self.skipped += other.skipped
        self.failed += other.failed


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction."""


def _duplicate(store: Store, cfg: config.Config, item: Incoming) -> int | None:
    """Same slug, or same headline and same release day."""
    changes = item.changes
    day = None
    if changes.date:
        day = dates.to_iso(dates.parse(changes.date, cfg.timezone))[:10]
    return rows.find_duplicate(store, changes.slug, (changes.title or "").strip(), day)


def import_items(
    store: Store,
    cfg: config.Config,
    items: list[Incoming],
    *,
    on_duplicate: str = "skip",
    status: str | None = None,
    dry_run: bool = False,
) -> Tally:
    """One file's records in one transaction; any error leaves none of them."""
    tally = Tally()
    try:
        with store.write():
            for item in items:
                wanted = status or item.status
                existing = _duplicate(store, cfg, item)
                if existing is not None and on_duplicate == "skip":
                    tally.skipped += 1
                elif existing is not None and on_duplicate == "update":
                    changes = replace(item.changes, slug=None)
                    editing.update(store, cfg, str(existing), changes)
                    tally.updated += 1
                else:
                    changes = item.changes
                    if existing is not None or (
                        changes.slug and rows.slug_taken(store, changes.slug)
                    ):
                        changes = replace(changes, slug=None)
                    editing.create(store, cfg, changes, wanted)
                    tally.created += 1
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return tally
