"""What changed between revisions, in the words and the layout a person edits."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from newsroom_cli.errors import NotFound
from newsroom_cli.formats.markdown_fm import to_markdown
from newsroom_cli.models import RELEASE_FIELDS, Article, Photo, Revision
from newsroom_cli.services import lookup
from newsroom_cli.store import Store
from newsroom_cli.store import revisions as revision_rows


@dataclass
class HistoryEntry:
    revision: Revision
    changed: list[str]


def _changed(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    if before is None:
        return []
    return [name for name in after if before.get(name) != after.get(name)]


def history(store: Store, ref: str) -> tuple[Article, list[HistoryEntry]]:
    article = lookup.get(store, ref, trashed_ok=True)
    assert article.id is not None
    entries: list[HistoryEntry] = []
    previous: dict[str, Any] | None = None
    for revision in revision_rows.revisions(store, article.id):
        entries.append(HistoryEntry(revision, _changed(previous, revision.snapshot)))
        if revision.kind == "edit":
            previous = revision.snapshot
    return article, entries


def _document(article: Article, snapshot: dict[str, Any]) -> str:
    shown = Article(title="")
    for name, value in snapshot.items():
        if name in ("title", "slug", "summary", "body", "dateline", "category", "author", "lang"):
            setattr(shown, name, value)
    shown.published_at = snapshot.get("published_at")
    shown.tags = list(snapshot.get("tags", []))
    shown.status = snapshot.get("status", article.status)
    return to_markdown(shown) + _release_text(snapshot) + _photos_text(snapshot.get("photos", []))


def _release_text(snapshot: dict[str, Any]) -> str:
    """What the editor's document does not hold, but a revision changes: the status,
    the official number and the press kit's fields (history lists them as changed;
    diff must show them too)."""
    lines = ["", "<!-- release -->"]
    for name in ("status", *RELEASE_FIELDS):
        value = snapshot.get(name)
        if value not in (None, ""):
            lines.append(f"{name}: " + str(value).replace("\n", "\n  "))
    return "\n".join(lines) + "\n"


def _photos_text(photos: list[dict[str, Any]]) -> str:
    """The photos as lines a diff can compare: place, file, hash, and every field."""
    if not photos:
        return ""
    lines = ["", "<!-- photos -->"]
    for number, record in enumerate(photos, start=1):
        photo = Photo.from_record(record)
        focus = f"{photo.focus[0]:g},{photo.focus[1]:g}" if photo.focus else ""
        lines.append(f"{number}. {photo.filename} ({photo.sha256[:12]})")
        for label, value in (
            ("caption", photo.caption),
            ("credit", photo.credit),
            ("alt", photo.alt),
            ("featured", "yes" if photo.featured else ""),
            ("focus", focus),
        ):
            if value:
                lines.append(f"   {label}: {value}")
    return "\n".join(lines) + "\n"


def diff(
    store: Store, ref: str, old: int | None = None, new: int | None = None
) -> tuple[str, str, list[str]]:
    """A unified diff: no revision = previous vs current; one = it vs current."""
    article = lookup.get(store, ref, trashed_ok=True)
    assert article.id is not None

    def snapshot(number: int) -> dict[str, Any]:
        found = revision_rows.revision(store, article.id or 0, number)
        if found is None:
            raise NotFound(
                f"article {ref!r} has no revision {number}; see `newsroom history {ref}`"
            )
        return found.snapshot

    if old is None:
        old = max(article.revision - 1, 1)
    if new is None:
        new_label = f"current (revision {article.revision})"
        new_text = _document(article, article.snapshot())
    else:
        new_label, new_text = f"revision {new}", _document(article, snapshot(new))
    old_text = _document(article, snapshot(old))
    lines = list(
        difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"revision {old}",
            tofile=new_label,
        )
    )
    return f"revision {old}", new_label, lines
