"""Writing a folder export (website, Markdown, ninjs) so that nothing is ever half-done.

- Every file is written to a hidden staging folder and moved into place with
  ``os.replace``: a reader, a crash or Ctrl-C sees the old or the new version
  of each file, never a truncated one.
- A manifest (``.newsroom-manifest.json``) lists what this tool wrote, with a
  content hash and the caller's *key* (a hash of the inputs of a page). A file
  whose bytes did not change is not rewritten (its mtime stays), and a page
  whose key did not change is not even rendered again. It is two JSON lines: a
  short header (format, fingerprint, pending removals, a digest of the file
  list), which is all a re-export with nothing to do reads, then the file list.
- Files of a previous export that are no longer produced are removed only
  after every new file is in place, and only if the manifest lists them. They
  are first recorded as pending removal, so a crash in between never leaves the
  manifest naming a file that is gone, and the next run finishes the job.
- Every path stays inside ``--out``: names are checked, and symlinks planted
  inside the folder are replaced rather than followed.
- A folder this tool did not create is refused unless it is empty or
  ``--force`` is given; the root of the file system and the home folder always.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from newsroom_cli.errors import InvalidInput, NewsroomError
from newsroom_cli.files.protected import Protected

if sys.platform != "win32":
    import fcntl

MANIFEST = ".newsroom-manifest.json"
STAGING = ".newsroom-staging"
NAME_MAX = 255


@dataclass
class WriteSummary:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _object(line: bytes) -> dict[str, Any]:
    found = json.loads(line)
    if not isinstance(found, dict):
        raise ValueError("not a JSON object")
    return found


def damaged(path: Path) -> NewsroomError:
    return NewsroomError(f"{path} is damaged; remove it and export again with --force")


def read_manifest(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, str]] | None]:
    """The header and, if the file is in the older one-line form, the file list too.

    ``ValueError`` if it is not a manifest of ours.
    """
    with open(path, "rb") as handle:
        header = _object(handle.readline())
    files = header.pop("files", None)
    if files is not None and not isinstance(files, dict):
        raise ValueError("the file list is not a JSON object")
    return header, files


def read_manifest_files(path: Path) -> dict[str, dict[str, str]]:
    """The manifest's file list (its second line); ``ValueError`` if it is damaged."""
    with open(path, "rb") as handle:
        first = _object(handle.readline())
        files = first["files"] if "files" in first else _object(handle.readline())
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        raise ValueError("the file list is not a JSON object of objects")
    return files


def _check_root(root: Path, force: bool, fmt: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    resolved = root.resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        raise InvalidInput(f"refusing to export into {root}: choose a folder of its own")
    if resolved.exists() and not resolved.is_dir():
        raise InvalidInput(f"{root} exists and is not a folder")
    manifest_path = resolved / MANIFEST
    if manifest_path.is_file() and not manifest_path.is_symlink():
        try:
            header, files = read_manifest(manifest_path)
        except (ValueError, OSError) as exc:
            raise damaged(manifest_path) from exc
        if header.get("format") != fmt and not force:
            raise InvalidInput(
                f"{root} holds an export in format {header.get('format')!r}; "
                "use another --out, or --force to replace it"
            )
        return header, files
    if resolved.exists() and any(resolved.iterdir()) and not force:
        raise InvalidInput(
            f"{root} is not empty and was not written by newsroom; "
            "use an empty folder, or --force to write into it anyway"
        )
    return {}, {}


def listing_digest(paths: Iterable[str]) -> str:
    return digest("\n".join(sorted(paths)).encode("utf-8"))


def check_relative(path: str) -> list[str]:
    """A path an exporter asked for, as parts: relative, no '..', no hidden parts, short names."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        raise NewsroomError(f"refusing to write outside the export folder: {path!r}")
    for part in parts:
        if not part or part in (".", "..") or part.startswith("."):
            raise NewsroomError(f"refusing to write outside the export folder: {path!r}")
        if len(part.encode("utf-8")) > NAME_MAX:
            raise NewsroomError(f"file name too long in the export: {part[:40]!r}...")
    return parts


class Slot(NamedTuple):
    """A file to write: its real path, and the SHA-256 of what the manifest says is there."""

    target: str
    old_sha: str | None


def _in_place(slot: Slot, sha: str, size: int) -> bool:
    """The manifest says ``slot`` holds ``sha``, and a regular file of that size is there."""
    if slot.old_sha != sha:
        return False
    try:
        info = os.lstat(slot.target)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == size


def place(slot: Slot, data: bytes, sha: str, temp: str) -> bool:
    """Put ``data`` at ``slot.target`` through ``temp``, unless it is there already.

    Returns whether it wrote. An unchanged file keeps its mtime; a changed one is
    replaced whole (``os.replace``), never truncated in place.
    """
    if _in_place(slot, sha, len(data)):
        return False
    with open(temp, "wb") as handle:
        handle.write(data)
    os.replace(temp, slot.target)
    return True


class FolderWriter:
    """Writes one export into ``root``; call ``finish()`` once everything is written."""

    def __init__(self, root: Path, fmt: str, guard: Protected, *, force: bool = False) -> None:
        guard.check(root)
        self._lock = _hold(root)
        try:
            self.old, self._loaded_files = _check_root(root, force, fmt)
        except BaseException:
            self._unlock()
            raise
        # The database, its journal files or its photos, if --out holds them: never
        # written, never removed, whatever a page or a (tampered) manifest names.
        self._protected = guard.inside(root)
        self.root = root.resolve()
        self.fmt = fmt
        self.files: dict[str, dict[str, str]] = {}
        self.summary = WriteSummary()
        self._folders: set[str] = set()  # folders already checked to be real folders
        self._root = str(self.root)
        self._temps = 0
        self.fingerprint = ""  # a digest of every input of the export, set by the caller
        self._unchanged = False
        self.root.mkdir(parents=True, exist_ok=True)
        self._finish_pending_removals()
        self.staging = self.root / STAGING
        shutil.rmtree(self.staging, ignore_errors=True)  # leftovers of a killed run
        self.staging.mkdir()

    @property
    def _old_files(self) -> dict[str, dict[str, str]]:
        """The previous export's files, read from the manifest only when needed."""
        if self._loaded_files is None:
            try:
                self._loaded_files = read_manifest_files(self.root / MANIFEST)
            except (ValueError, OSError) as exc:
                raise damaged(self.root / MANIFEST) from exc
        return self._loaded_files

    def _finish_pending_removals(self) -> None:
        if not self.old.get("remove"):
            return
        pending = [p for p in self.old.get("remove", []) if p not in self._old_files]
        for path in pending:
            self._remove(path)

    def _target(self, path: str) -> str:
        """The real path for ``path``, with every folder on the way a real folder.

        Plain strings and ``os`` calls: on 15,000 files pathlib alone costs a second.
        """
        parts = check_relative(path)
        folder = self._root
        for part in parts[:-1]:
            folder = f"{folder}/{part}"
            if folder in self._folders:
                continue
            if os.path.islink(folder) or (os.path.exists(folder) and not os.path.isdir(folder)):
                os.unlink(folder)  # a planted symlink or a stray file: replace, never follow
            if not os.path.exists(folder):
                os.mkdir(folder)
            self._folders.add(folder)
        return f"{folder}/{parts[-1]}"

    def fresh(self, path: str, key: str) -> bool:
        """True if ``path`` was written from the same inputs and is still there."""
        entry = self._old_files.get(path)
        if not entry or entry.get("key") != key:
            return False
        if not self._is_file(path):
            return False
        self.files[path] = entry
        self.summary.unchanged += 1
        return True

    def _is_file(self, path: str) -> bool:
        """A regular file, not a symlink planted in its place, nor a folder."""
        try:
            return stat.S_ISREG(os.lstat(os.path.join(self.root, path)).st_mode)
        except OSError:
            return False

    def _regular_files(self) -> set[str]:
        """Every regular file under the root, by relative path, without following links.

        One ``scandir`` per folder reads the file types from the directory itself,
        far cheaper than a ``stat`` per file on a site of 15,000 pages.
        """
        found: set[str] = set()
        folders = [("", str(self.root))]
        while folders:
            prefix, folder = folders.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = f"{prefix}{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((f"{name}/", entry.path))
                    elif entry.is_file(follow_symlinks=False):
                        found.add(name)
        return found

    def unchanged_since(self, fingerprint: str) -> bool:
        """Nothing to do: the same inputs as last time, and every file still in place.

        The common case, the folder holding exactly the files of the manifest,
        is recognised from the header's digest of the file list, without reading
        the list itself.
        """
        if not fingerprint or self.old.get("fingerprint") != fingerprint or self.old.get("remove"):
            return False
        present = self._regular_files()
        present.discard(MANIFEST)
        exactly_ours = self.old.get("listing") == listing_digest(present)
        if not exactly_ours and not all(path in present for path in self._old_files):
            return False
        self._unchanged = True
        self.fingerprint = fingerprint
        self.summary.unchanged = (
            len(present) if self._loaded_files is None else len(self._old_files)
        )
        return True

    def write(self, path: str, data: bytes, key: str = "", sha: str | None = None) -> None:
        """Write ``data`` at ``path`` unless the file there already holds exactly it."""
        sha = sha or digest(data)
        written = place(self.slot(path), data, sha, self._temp())
        self.record(path, key, sha, written)

    def _temp(self) -> str:
        self._temps += 1
        return f"{self.staging}/{self._temps}.tmp"

    def write_stream(self, path: str, chunks: Iterable[str | bytes], key: str = "") -> None:
        """Write ``path`` from chunks (an archive's records), never all in memory.

        Streamed into the staging folder while hashed; put in place only if it
        differs from what the manifest says is there.
        """
        slot = self.slot(path)
        temp = self._temp()
        hashed = hashlib.sha256()
        size = 0
        with open(temp, "wb") as handle:
            for chunk in chunks:
                data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
                handle.write(data)
                hashed.update(data)
                size += len(data)
        sha = hashed.hexdigest()
        written = not _in_place(slot, sha, size)
        if written:
            os.replace(temp, slot.target)
        else:
            os.unlink(temp)
        self.record(path, key, sha, written)

    def copy(self, path: str, source: Path, sha: str) -> None:
        """Copy the file ``source``, whose content must hash to ``sha``, to ``path``.

        A file the manifest already lists with that hash and size is left alone
        without being read (a re-export of an archive copies only new photos);
        a copy whose bytes do not hash to ``sha`` fails (``ValueError``), and
        nothing of it is left.
        """
        slot = self.slot(path)
        if _in_place(slot, sha, os.stat(source).st_size):
            self.record(path, "", sha, False)
            return
        temp = self._temp()
        hashed = hashlib.sha256()
        with open(source, "rb") as reader, open(temp, "wb") as writer:
            while block := reader.read(1 << 20):
                hashed.update(block)
                writer.write(block)
        if hashed.hexdigest() != sha:
            os.unlink(temp)
            raise ValueError(f"{source} does not hash to {sha[:12]}")
        os.replace(temp, slot.target)
        self.record(path, "", sha, True)

    def slot(self, path: str) -> Slot:
        """Where ``path`` goes (its folders made real) and the hash it had last time.

        Enough for a worker process to ``place`` the file itself; the writer is
        then told with ``record``.
        """
        self._refuse_protected(path)
        entry = self._old_files.get(path)
        return Slot(self._target(path), entry.get("sha256") if entry else None)

    def _refuse_protected(self, path: str) -> None:
        for name, what in self._protected.items():
            if path == name or name.startswith(path + "/") or path.startswith(name + "/"):
                raise InvalidInput(
                    f"the export would write {path} in {self.root}, which is {what}; "
                    "choose another --out"
                )

    def record(self, path: str, key: str, sha: str, written: bool) -> None:
        self.files[path] = {"sha256": sha, "key": key}
        if written:
            self.summary.written += 1
        else:
            self.summary.unchanged += 1

    def _save_manifest(self, remove: list[str]) -> None:
        header = {
            "format": self.fmt,
            "version": 2,
            "fingerprint": self.fingerprint,
            "remove": remove,
            "listing": listing_digest(self.files),
        }
        lines = [json.dumps(header, ensure_ascii=False, sort_keys=True)]
        lines.append(json.dumps(self.files, ensure_ascii=False, sort_keys=True))
        temp = self.staging / f"manifest-{uuid.uuid4().hex}"
        temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(temp, self.root / MANIFEST)

    def _remove(self, path: str) -> bool:
        """Delete a stale file of ours, never following a symlink on the way to it."""
        try:
            parts = check_relative(path)
            self._refuse_protected(path)
        except NewsroomError:
            return False
        folder = self.root
        for part in parts[:-1]:  # a parent swapped for a symlink would lead outside --out
            folder = folder / part
            if folder.is_symlink():
                folder.unlink()  # the link goes, never what it points to
                return False
            if not folder.is_dir():
                return False
        target = folder / parts[-1]
        try:
            mode = target.lstat().st_mode
        except FileNotFoundError:
            return False
        if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
            target.unlink()
            parent = target.parent
            while parent != self.root and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
            return True
        return False

    def finish(self) -> WriteSummary:
        """Record the new manifest, then remove what is no longer exported."""
        if self._unchanged:
            shutil.rmtree(self.staging, ignore_errors=True)
            self._unlock()
            return self.summary
        stale = sorted(set(self._old_files) - set(self.files))
        if stale:
            self._save_manifest(remove=stale)
            for path in stale:
                if self._remove(path):
                    self.summary.removed += 1
        changed = self.files != self._old_files or self.old.get("remove")
        if stale or changed or self.old.get("fingerprint") != self.fingerprint:
            self._save_manifest(remove=[])
        shutil.rmtree(self.staging, ignore_errors=True)
        self._unlock()
        return self.summary

    def abandon(self) -> None:
        """After a failure: the old files stay; only our staging folder goes.

        A first export into the folder records what it did write (without a
        fingerprint, so nothing counts as up to date): otherwise the next export,
        once the template or the disk is fixed, would refuse the folder as "not
        written by newsroom".
        """
        if self.files and not (self.root / MANIFEST).exists():
            self.fingerprint = ""
            self._save_manifest(remove=[])
        shutil.rmtree(self.staging, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _hold(root: Path) -> int | None:
    """The folder itself locked (``flock``) for the length of one export.

    A second export into the same folder at the same time would take the first
    one's half-written folder for a stranger's, or empty its staging folder
    under it. The lock is on the folder, so no lock file is ever left in it; it
    goes with the process (a kill included). Made first if need be: an empty
    folder of our making. None where there is no ``flock`` (another system) or
    the file system has none.
    """
    resolved = root.resolve()
    if resolved.exists() and not resolved.is_dir():
        raise InvalidInput(f"{root} exists and is not a folder")
    resolved.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":  # pragma: no cover
        return None
    handle = os.open(resolved, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise NewsroomError(
            f"another export is running into {root}; wait for it to finish and export again"
        ) from None
    except OSError:  # a file system without locks: go on as before
        os.close(handle)
        return None
    return handle


def write_file_atomically(path: Path, chunks: Iterable[str | bytes], guard: Protected) -> int:
    """Stream text (or bytes) into ``path`` through a temporary file beside it; returns
    what was written. A crash or an error leaves the previous file as it was, and a
    path that is the database or one of its files is refused before anything runs.
    """
    path = path.expanduser()
    guard.check(path)
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name for this format")
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    size = 0
    try:
        with temp.open("wb") as handle:
            for chunk in chunks:
                data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
                handle.write(data)
                size += len(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return size
