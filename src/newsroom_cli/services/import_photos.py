"""The photos an imported file brings: found beside it, checked, stored, then attached.

Each picture goes through ``photos.prepare`` (content check, renditions, the
photo store) before the file's transaction begins, so the write lock is never
held while pictures are decoded, and the rows committed later always find
their files (files first, rows second, as everywhere in the photo store).

Where pictures are looked for, and what happens when one is not right:

- Records (``json``, ``jsonl``) name their photos by SHA-256. A photo already
  in this newsroom's store needs no file; otherwise it is looked for beside the
  imported file as ``photos/<sha256>.<ext>`` (what ``export --out DIR``
  writes), then by its file name in ``photos/`` and beside the file. It must
  be that very picture (its hash is checked). Missing or wrong, **the file
  fails** with the reason: an archive that comes back without its photos is
  not a round trip, and the press officer must know before relying on it.
- This tool's Markdown (a ``photos:`` list) is held to the same rule.
- Pictures found on a page written by people (a Markdown body's images,
  ``image:``/``cover:`` front matter, a saved page's ``<img>``) are looked for
  relative to the file (``/images/x.jpg`` from the imported folder, or its
  ``static/`` folder, as Hugo and Jekyll serve them). A missing, unreadable or
  refused one (an SVG logo, a damaged JPEG) **is skipped and reported**: the
  article comes in with its text and its other photos, its body keeps the
  image as written, and the summary names the picture and why. An old site
  always has some broken pictures; a migration that stopped at each would
  never end, and each can be added later with ``newsroom photo add``.
- A path never leads outside the imported folder (the folder named on the
  command line, or a named file's own folder): ``../../etc/passwd`` or a
  symlink pointing out is refused, and nothing outside is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats import photo_files
from newsroom_cli.formats.pictures import Picture, Pictures, apply
from newsroom_cli.formats.records import Incoming
from newsroom_cli.media.store import PhotoStore
from newsroom_cli.models import PHOTO_TEXT_MAX, Photo, clean_line
from newsroom_cli.services import photos as photo_service
from newsroom_cli.services.photos import Description
from newsroom_cli.services.sources import Source


@dataclass
class Notes:
    """What one file's pictures came to, counted once the file is in."""

    remote: int = 0  # remote images kept as links
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, "picture: reason")


class Finder:
    """Files beside one imported file, never outside the imported folder."""

    def __init__(self, source: Source) -> None:
        self.file = source.path
        root = source.root or (source.path.parent if source.path else None)
        self.root = os.path.realpath(root) if root is not None else None
        self.shown = str(root)  # as the user named it, for messages
        self._listings: dict[str, dict[str, str]] = {}

    def _inside(self, path: Path) -> str | None:
        """The real path if it is inside the imported folder, else None."""
        assert self.root is not None
        real = os.path.realpath(path)
        return real if real.startswith(self.root + os.sep) else None

    def picture(self, src: str) -> Path:
        """The file a page's picture names; ``InvalidInput`` says why there is none."""
        if self.file is None or self.root is None:
            raise InvalidInput("read from stdin: there is no folder to find it in")
        if src.startswith("/"):  # from the site's root, as Hugo and Jekyll serve it
            relative = src.lstrip("/")
            candidates = [Path(self.root) / relative, Path(self.root) / "static" / relative]
        else:
            candidates = [self.file.parent / src]
        outside = False
        for candidate in candidates:
            real = self._inside(candidate)
            if real is None:
                outside = True
            elif os.path.isfile(real):
                return Path(real)
        if outside and len(candidates) == 1:
            raise InvalidInput(f"outside the imported folder {self.shown}; not read")
        if src.startswith("/"):
            raise InvalidInput(
                f"no such file in {self.shown} or its static/ folder "
                "(a path from the site's root: import the site's own folder)"
            )
        raise InvalidInput(f"no such file in {self.shown}")

    def _listing(self, folder: Path) -> dict[str, str]:
        """A folder's files by name and by stem (``<sha256>`` of ``<sha256>.jpg``)."""
        key = str(folder)
        if key not in self._listings:
            found: dict[str, str] = {}
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                names = []
            for name in names:
                found.setdefault(name, name)
                found.setdefault(name.split(".", 1)[0], name)
            self._listings[key] = found
        return self._listings[key]

    def original(self, photo: Photo) -> Path | None:
        """A record's photo beside the imported file: by its hash, then by its name."""
        if self.file is None or self.root is None:
            return None
        folder = self.file.parent
        stored = folder / photo_files.FOLDER
        name = Path(photo.filename).name
        candidates = []
        by_hash = self._listing(stored).get(photo.sha256)
        if by_hash:
            candidates.append(stored / by_hash)
        if name and name not in (".", ".."):
            candidates += [stored / name, folder / name]
        for candidate in candidates:
            real = self._inside(candidate)
            if real is not None and os.path.isfile(real):
                return Path(real)
        return None


def _why(src: str, exc: InvalidInput) -> str:
    """``src: reason``, without naming the file twice when the reason begins with it."""
    reason = str(exc)
    name = Path(src).name
    if name and reason.startswith(f"{name} "):
        return f"{src}{reason[len(name) :]}"
    return f"{src}: {reason}"


def _text(value: str | None, what: str) -> str | None:
    return None if value is None else clean_line(value, what, PHOTO_TEXT_MAX)


class Bringer:
    """Brings the pictures of an import's files into the photo store, file by file.

    A picture used twice (a post's ``cover:`` and its first image, a file
    shared by several posts) is read and checked once per import.
    """

    def __init__(self, store: PhotoStore, *, dry_run: bool) -> None:
        self.store = store
        self.keep = not dry_run
        self._seen: dict[tuple[str, tuple[float, float] | None], Photo] = {}
        # Every photo checked so far: in the store, or (a dry run) found good.
        self.ready: set[str] = set()

    def _prepare(self, path: Path, focus: tuple[float, float] | None, sha: str | None) -> Photo:
        key = (str(path), focus)
        if key not in self._seen:
            said = Description(focus=focus)
            self._seen[key] = photo_service.prepare(
                self.store, path, said, sha256=sha, keep=self.keep
            )
            self.ready.add(self._seen[key].sha256)
        photo = self._seen[key]
        if sha is not None and photo.sha256 != sha:
            raise InvalidInput(
                f"{path} is not the picture named: its SHA-256 begins {photo.sha256[:12]}, "
                f"not {sha[:12]}"
            )
        return replace(photo)

    def records(self, source: Source, named: Iterable[tuple[str, Photo]]) -> set[str]:
        """Every photo records name, in the store. Strict. Returns ``ready``."""
        finder = Finder(source)
        for where, photo in named:
            sha = photo.sha256
            if sha in self.ready or self.store.original(sha).is_file():
                self.ready.add(sha)
                continue
            path = finder.original(photo)
            if path is None:
                missing = f"{where}: photo {photo.filename} ({sha[:12]}) is not in the photo store"
                if source.path is None:
                    raise InvalidInput(
                        f"{missing}, and stdin has no folder beside it; import the export's "
                        "folder instead"
                    )
                raise InvalidInput(
                    f"{missing}, and no {photo_files.export_path(photo)} is beside the file; "
                    "import the export's folder with its photos"
                )
            try:
                self._prepare(path, photo.focus, sha)
            except InvalidInput as exc:
                raise InvalidInput(f"{where}: photo {photo.filename}: {exc}") from None
            self.ready.add(sha)
        return self.ready

    def pictures(self, source: Source, items: list[Incoming], notes: Notes) -> list[Incoming]:
        """The pages' pictures brought in: each item with its photos and its body's
        images pointing at them."""
        finder = Finder(source)
        done = []
        for item in items:
            notes.remote += item.pictures.remote
            done.append(self._item(finder, source, item, notes) if item.pictures.items else item)
        return done

    def _item(self, finder: Finder, source: Source, item: Incoming, notes: Notes) -> Incoming:
        where = f"{item.where}: " if item.where else ""
        found: list[Photo] = []
        numbers: dict[int, int] = {}  # picture index -> photo number (1, 2, ...)
        by_sha: dict[str, int] = {}
        for index, picture in enumerate(item.pictures.items):
            try:
                photo = self._described(finder.picture(picture.src), picture)
            except InvalidInput as exc:
                if picture.strict:
                    raise InvalidInput(f"{where}photo {_why(picture.src, exc)}") from None
                notes.skipped.append((source.name, f"{where}{_why(picture.src, exc)}"))
                continue
            if photo.sha256 in by_sha:  # the same picture twice: one photo
                number = by_sha[photo.sha256]
                found[number - 1].featured = found[number - 1].featured or photo.featured
            else:
                found.append(photo)
                number = by_sha[photo.sha256] = len(found)
            numbers[index] = number
        featured = next((p for p in found if p.featured), None)
        for photo in found:
            photo.featured = photo is featured
        body = item.changes.body
        if body is not None and item.pictures.edits:
            body = apply(body, item.pictures.edits, numbers)
        changes = replace(item.changes, body=body, photos=found or item.changes.photos)
        return replace(item, changes=changes, pictures=Pictures())

    def _described(self, path: Path, picture: Picture) -> Photo:
        """The stored photo with what the page says about it (else its own metadata)."""
        photo = self._prepare(path, picture.focus, picture.sha256)
        for name, what in (("caption", "caption"), ("credit", "credit"), ("alt", "alt text")):
            said = _text(getattr(picture, name), what)
            if said is not None:
                setattr(photo, name, said)
        if picture.filename:
            photo.filename = clean_line(picture.filename, "file name", PHOTO_TEXT_MAX)
        photo.featured = picture.featured
        photo.focus = picture.focus
        return photo


def photos_of(items: Iterable[Incoming]) -> Iterator[tuple[str, Photo]]:
    """The photos the records of a file name, with where each record is."""
    for item in items:
        for photo in item.changes.photos or []:
            yield item.where, photo
