"""The photo store: originals kept byte-for-byte, and their renditions, on disk.

Decision (photos issue): files in a folder beside the database
(``newsroom.db-photos/``), not BLOBs inside it. A desk adds a few hundred
megabytes of photos a year; in the database they would make every backup,
``VACUUM`` and page read of the archive carry them, and a site export could not
hard-link a rendition into the site (the export must cost 1.2x of one without
photos). Files keep the database small and fast; the price is that the two must
be kept consistent, which is what the rules below do:

* Content-addressed: an original lives at ``originals/ab/abcd...`` (its SHA-256),
  so the same picture added twice is stored once, and a name never changes
  meaning. Renditions live at ``renditions/ab/abcd.../w960.webp``.
* Files first, rows second: a photo is written (to a temporary name, flushed,
  then renamed into place) before the database row that names it is committed.
  A kill -9 at any moment leaves either the whole photo with its row, or a file
  that no row names, which ``db check --fix`` sweeps; never a row without its file.
* Nothing here is ever overwritten: a file already in place is the same bytes
  (same hash), and only the sweep removes anything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsroom_cli.errors import DatabaseError

ORIGINALS = "originals"
RENDITIONS = "renditions"
TEMPORARY = "tmp"


class PhotoStore:
    """The folder of one database's photos; made on first write."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def original(self, sha: str) -> Path:
        return self.root / ORIGINALS / sha[:2] / sha

    def renditions_folder(self, sha: str) -> Path:
        return self.root / RENDITIONS / sha[:2] / sha

    def rendition(self, sha: str, name: str) -> Path:
        return self.renditions_folder(sha) / name

    def has_renditions(self, sha: str) -> bool:
        return self.renditions_folder(sha).is_dir()

    def _temporary(self) -> Path:
        folder = self.root / TEMPORARY
        folder.mkdir(parents=True, exist_ok=True)
        return folder / uuid.uuid4().hex

    def put_original(self, data: bytes, sha: str) -> Path:
        """Keep ``data`` under its hash, unless it is there already; returns its path."""
        target = self.original(sha)
        if target.is_file() and target.stat().st_size == len(data):
            return target
        try:
            temp = self._temporary()
            with open(temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, target)
            _sync_folder(target.parent)
        except OSError as exc:
            raise DatabaseError(
                f"cannot write to the photo store {self.root}: {exc.strerror}"
            ) from exc
        return target

    def put_renditions(self, sha: str, files: Iterable[tuple[str, bytes]]) -> None:
        """Write a photo's renditions as one folder, renamed into place whole."""
        target = self.renditions_folder(sha)
        if target.is_dir():
            return
        try:
            temp = self._temporary()
            temp.mkdir()
            for name, data in files:
                with open(temp / name, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(temp, target)
            except OSError:
                if not target.is_dir():  # not another process having won the race
                    raise
                shutil.rmtree(temp, ignore_errors=True)
            _sync_folder(target.parent)
        except OSError as exc:
            raise DatabaseError(
                f"cannot write to the photo store {self.root}: {exc.strerror}"
            ) from exc

    def _failed(self, exc: OSError) -> DatabaseError:
        return DatabaseError(f"cannot write to the photo store {self.root}: {exc.strerror}")

    def originals(self) -> Iterator[str]:
        """The hash of every original kept, in no particular order."""
        folder = self.root / ORIGINALS
        if not folder.is_dir():
            return
        for prefix in sorted(os.listdir(folder)):
            yield from sorted(os.listdir(folder / prefix))

    def verify(self, sha: str) -> str | None:
        """None when the original is there and hashes to ``sha``; else what is wrong."""
        path = self.original(sha)
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            return f"unreadable ({exc.strerror})"
        return (
            None
            if digest.hexdigest() == sha
            else "damaged (its content no longer matches its hash)"
        )

    def remove(self, sha: str) -> None:
        """Remove an original no one needs and its renditions: the sweep's job only."""
        self.original(sha).unlink(missing_ok=True)
        shutil.rmtree(self.renditions_folder(sha), ignore_errors=True)

    def clear_temporary(self) -> int:
        """Files a killed `photo add` left half-written; returns how many went."""
        folder = self.root / TEMPORARY
        if not folder.is_dir():
            return 0
        count = 0
        for entry in os.listdir(folder):
            path = folder / entry
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            count += 1
        return count

    def copy_to(self, dest: Path, shas: Iterable[str]) -> int:
        """Copy these originals and their renditions into another store (a backup)."""
        other = PhotoStore(dest)
        copied = 0
        for sha in shas:
            source = self.original(sha)
            if not source.is_file():
                continue
            target = other.original(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            if self.has_renditions(sha):
                shutil.copytree(
                    self.renditions_folder(sha), other.renditions_folder(sha), dirs_exist_ok=True
                )
            copied += 1
        return copied


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: the folder's entry is on disk before the row commits."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
