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
- A file that already exists elsewhere (a photo's rendition in the photo store)
  is placed with ``place_file``: hard-linked where the file system allows, else
  copied, through the staging folder like any other file. Its manifest entry
  holds a hash the caller vouches for instead of one of its bytes, so an
  unchanged photo costs two ``stat`` calls, never a read. Links are safe for the
  store because nothing here ever writes into an existing file: every file is
  replaced by a rename, and a stale one is unlinked.
- A folder this tool did not create is refused unless it is empty or
  ``--force`` is given; the root of the file system and the home folder always.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
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
    """The SHA-256 of the sorted paths joined by newlines, fed a path at a time: a site
    with photos lists 100,000 files, and the joined text would be one more copy."""
    found = hashlib.sha256()
    newline = b""
    for path in sorted(paths):
        found.update(newline + path.encode("utf-8"))
        newline = b"\n"
    return found.hexdigest()


# The paths exporters ask for nearly always look like this (slugs, hashes, file names):
# ASCII letters, digits, "-", "_" and inner dots, no part hidden, every part far below
# NAME_MAX. One regular expression recognises them; anything else is checked part by part.
_PLAIN_PART = r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}"
_PLAIN_PATH = re.compile(rf"{_PLAIN_PART}(?:/{_PLAIN_PART})*")


def check_relative(path: str) -> list[str]:
    """A path an exporter asked for, as parts: relative, no '..', no hidden parts, short names."""
    parts = path.split("/")
    if _PLAIN_PATH.fullmatch(path):
        return parts
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


# Why a hard link may fail where a copy works: another file system, one without hard
# links (FAT, some network shares), too many links to the file, or a kernel that lets
# only a file's owner link to it (fs.protected_hardlinks).
_CANNOT_LINK = frozenset(
    {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES,
     errno.ENOSYS}
)  # fmt: skip


def _same_file(target: str, source: os.stat_result) -> bool:
    """``target`` is a regular file that is ``source`` (a link) or a copy of it."""
    try:
        found = os.lstat(target)
    except OSError:
        return False
    if not stat.S_ISREG(found.st_mode):
        return False
    if (found.st_dev, found.st_ino) == (source.st_dev, source.st_ino):
        return True
    return found.st_size == source.st_size and found.st_mtime_ns == source.st_mtime_ns


def _copy(source: str, temp: str, expected: os.stat_result) -> None:
    """Copy without following a symlink put in the source's place, keeping its mtime
    (so that the next export recognises the copy as unchanged)."""
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as reader:
        info = os.fstat(reader.fileno())
        if (info.st_dev, info.st_ino) != (expected.st_dev, expected.st_ino):
            raise NewsroomError(f"{source} changed while it was exported; export again")
        with open(temp, "wb") as writer:
            shutil.copyfileobj(reader, writer, 1 << 20)
    os.utime(temp, ns=(info.st_atime_ns, info.st_mtime_ns))


def link_or_copy(source: str, temp: str, expected: os.stat_result) -> bool:
    """Make ``temp`` the file ``expected`` describes at ``source``; True if linked.

    The link is made without following a symlink, then checked to be that very
    regular file: a symlink swapped in after the ``stat`` is never published.
    """
    try:
        os.link(source, temp, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in _CANNOT_LINK:
            raise
        _copy(source, temp, expected)
        return False
    _check_linked(source, temp, expected)
    return True


def _check_linked(source: str, linked_at: str, expected: os.stat_result) -> None:
    """The link is the file that was looked at, not one swapped in meanwhile."""
    linked = os.lstat(linked_at)
    if not stat.S_ISREG(linked.st_mode) or (linked.st_dev, linked.st_ino) != (
        expected.st_dev,
        expected.st_ino,
    ):
        os.unlink(linked_at)
        raise NewsroomError(f"{source} changed while it was exported; export again")


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
        self._placed: dict[str, dict[str, str]] = {}  # see _record_placed
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
            return stat.S_ISREG(os.lstat(f"{self._root}/{path}").st_mode)
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

    def place_file(self, path: str, source: str | os.PathLike[str], sha: str) -> bool:
        """Put the regular file ``source`` at ``path``: a hard link, or a copy.

        ``sha`` stands for its content in the manifest (for a photo's rendition,
        the original's hash: the path names the rendition): with the same ``sha``
        and a regular file still at ``path``, nothing is done (the caller vouches
        that the source never changes under the same ``sha``: the photo store
        never rewrites a file). A symlink or anything but a regular file as
        ``source`` is refused. Returns whether the file was linked or copied.

        A file new to the export is linked straight to its name: a link appears
        whole or not at all, so no temporary name is needed (a site with a photo on
        each of 10,000 releases places 100,000 files). Anything else goes through
        the staging folder and a rename, like every other file.
        """
        entry = self._old_files.get(path)
        if entry is not None and entry.get("sha256") == sha and self._is_file(path):
            # Unchanged, as ``fresh`` judges a page: the store never rewrites a file, so
            # the same name is the same bytes. One lstat, not three calls, per file.
            self._record_placed(path, sha, False)
            return False
        source = os.fspath(source)
        slot = self.slot(path)
        try:
            info = os.stat(source, follow_symlinks=False)
        except FileNotFoundError:
            raise NewsroomError(f"{source} is missing; the export needs it") from None
        if not stat.S_ISREG(info.st_mode):
            raise NewsroomError(f"{source} is not a regular file; refusing to export it")
        if slot.old_sha == sha and _same_file(slot.target, info):
            self._record_placed(path, sha, False)
            return False
        if slot.old_sha is None and self._link_new(source, slot.target, info):
            self._record_placed(path, sha, True)
            return True
        self._temps += 1
        temp = f"{self.staging}/{self._temps}.tmp"
        link_or_copy(source, temp, info)
        os.replace(temp, slot.target)
        self._record_placed(path, sha, True)
        return True

    def _link_new(self, source: str, target: str, expected: os.stat_result) -> bool:
        """Link ``source`` at ``target`` if nothing is there; False to take the long way
        (a stray file in the way, or a file system that cannot link)."""
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError as exc:
            if isinstance(exc, FileExistsError) or exc.errno in _CANNOT_LINK:
                return False
            raise
        _check_linked(source, target, expected)
        return True

    def _record_placed(self, path: str, sha: str, written: bool) -> None:
        """Like ``record``; the ten renditions of a photo share one manifest entry object."""
        entry = self._placed.get(sha)
        if entry is None:
            entry = self._placed[sha] = {"sha256": sha, "key": ""}
        self.files[path] = entry
        if written:
            self.summary.written += 1
        else:
            self.summary.unchanged += 1

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
        temp = self.staging / f"manifest-{uuid.uuid4().hex}"
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n")
            # The same text as one json.dumps of the list, written a few thousand
            # entries at a time: with photos a site lists 100,000 files, and the
            # whole text (and its encoded copy) would cost 30 MB of peak memory.
            items = sorted(self.files.items())
            handle.write("{")
            for start in range(0, len(items), 4096):
                chunk = dict(items[start : start + 4096])
                text = json.dumps(chunk, ensure_ascii=False, sort_keys=True)[1:-1]
                handle.write((", " if start else "") + text)
            handle.write("}\n")
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
