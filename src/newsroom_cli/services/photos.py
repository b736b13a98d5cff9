"""A release's photos: added from files, described, ordered, removed; each change a revision.

Adding a photo is two steps in a fixed order. First the file is read, checked by
its content and turned into its renditions, and both are written to the photo
store, with no lock on the database (making renditions takes a moment). Then one
write transaction attaches the photo to the article as a new revision. A kill
between the two leaves files that no row names, which ``db check --fix`` sweeps;
never a row without its file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsroom_cli import config
from newsroom_cli.errors import InvalidInput, NotFound
from newsroom_cli.files.protected import photo_store
from newsroom_cli.media.store import PhotoStore
from newsroom_cli.models import PHOTO_TEXT_MAX, Article, Changes, Photo, clean_line
from newsroom_cli.services import editing
from newsroom_cli.store import Store

# Larger files are refused before they are read whole: a 50-megapixel JPEG from a
# press camera is 20-30 MB, a HEIC far less; /dev/zero would otherwise never end.
FILE_MAX = 64 * 1024 * 1024


@dataclass(frozen=True)
class Description:
    """What a person says about a photo; ``None`` leaves a value as it is (or, for a
    new photo, takes what the picture's own metadata says)."""

    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    featured: bool = False
    focus: tuple[float, float] | None = None


def store_of(store: Store) -> PhotoStore:
    return PhotoStore(photo_store(store.path))


def read_file(path: Path) -> bytes:
    """A photo file's bytes: a regular file, readable, of at most ``FILE_MAX``."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {name}: {exc.strerror}") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise InvalidInput(f"{name} is {kind}; give a photo file")
    if info.st_size > FILE_MAX:
        raise InvalidInput(
            f"{name} is {info.st_size / 1_048_576:.0f} MB; the most a photo may be is "
            f"{FILE_MAX // 1_048_576} MB"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(FILE_MAX + 1)
    except OSError as exc:
        raise InvalidInput(f"cannot read {name}: {exc.strerror}") from exc
    if len(data) > FILE_MAX:
        raise InvalidInput(f"{name} grew past {FILE_MAX // 1_048_576} MB while being read")
    return data


def _text(value: str | None, what: str) -> str:
    return clean_line(value or "", what, PHOTO_TEXT_MAX)


def prepare(
    photos: PhotoStore,
    path: Path,
    said: Description,
    *,
    sha256: str | None = None,
    keep: bool = True,
) -> Photo:
    """Check one file, keep it and its renditions in the store, and describe it.

    Caption and credit come from the options, else from the photo's own IPTC,
    XMP or EXIF fields (what the photographer's camera or editor wrote).
    ``sha256``: the picture the file must be (an archive's record names it); any
    other is refused before anything is stored. ``keep=False`` (a dry run)
    checks the file and stores nothing.
    """
    from newsroom_cli.media import images  # noqa: PLC0415 (Pillow: photo work only)

    data = read_file(path)
    making = keep and not photos.has_renditions(hashlib.sha256(data).hexdigest())
    # Making renditions decodes every byte of the picture (a file cut short fails
    # there), so the check need not decode it a first time: 50 ms of a 12 MP add.
    info = images.inspect(data, name=path.name, decode=not making)
    if sha256 is not None and info.sha256 != sha256:
        raise InvalidInput(
            f"{path} is not the picture named: its SHA-256 begins {info.sha256[:12]}, "
            f"not {sha256[:12]} (a damaged or substituted file)"
        )
    if making:
        made = images.renditions(data, focus=said.focus, name=path.name)
        photos.put_renditions(info.sha256, [(r.name, r.data) for r in made])
    if keep:
        photos.put_original(data, info.sha256)
    credit = info.credit or info.copyright
    return Photo(
        sha256=info.sha256,
        filename=_text(path.name, "file name"),
        media_type=info.media_type,
        width=info.width,
        height=info.height,
        size=len(data),
        caption=_text(said.caption if said.caption is not None else info.caption, "caption"),
        credit=_text(said.credit if said.credit is not None else credit, "credit"),
        alt=_text(said.alt if said.alt is not None else info.alt, "alt text"),
        featured=said.featured,
        focus=said.focus,
        has_gps=info.has_gps,
    )


def prepare_all(store: Store, paths: Sequence[Path], said: Description) -> list[Photo]:
    """Every file checked and stored before any article changes: one bad file, no change."""
    photos = store_of(store)
    prepared = []
    for index, path in enumerate(paths):
        # --featured names one photo: the first of the files given with it.
        prepared.append(prepare(photos, path, replace(said, featured=said.featured and not index)))
    return prepared


def add(
    store: Store, cfg: config.Config, ref: str, paths: Sequence[Path], said: Description
) -> tuple[Article, list[Photo]]:
    """``newsroom photo add``: the files become the article's last photos."""
    prepared = prepare_all(store, paths, said)
    note = f"{len(prepared)} photo{'' if len(prepared) == 1 else 's'} added"
    article = _change(
        store, cfg, ref, note, lambda a: editing.apply(store, cfg, a, Changes(add_photos=prepared))
    )
    return article, prepared


def _numbered(article: Article, number: int, ref: str) -> Photo:
    if not 1 <= number <= len(article.photos):
        have = len(article.photos)
        held = "no photos" if not have else f"photos 1 to {have}" if have > 1 else "photo 1 only"
        raise NotFound(f"article {ref} has no photo {number}: it has {held}")
    return article.photos[number - 1]


def _change(
    store: Store, cfg: config.Config, ref: str, note: str, mutate: Callable[[Article], None]
) -> Article:
    article, _ = editing.change(store, cfg, ref, mutate, note)
    return article


def edit(store: Store, cfg: config.Config, ref: str, number: int, said: Description) -> Article:
    """``newsroom photo edit``: caption, credit, alt text, featured, focal point."""

    def mutate(article: Article) -> None:
        photo = _numbered(article, number, ref)
        if said.caption is not None:
            photo.caption = _text(said.caption, "caption")
        if said.credit is not None:
            photo.credit = _text(said.credit, "credit")
        if said.alt is not None:
            photo.alt = _text(said.alt, "alt text")
        if said.focus is not None:
            photo.focus = said.focus
        if said.featured:
            for other in article.photos:
                other.featured = other is photo

    return _change(store, cfg, ref, f"photo {number} edited", mutate)


def remove(store: Store, cfg: config.Config, ref: str, number: int) -> Article:
    """``newsroom photo remove``: off the article; the file stays while a revision needs it."""

    def mutate(article: Article) -> None:
        article.photos.remove(_numbered(article, number, ref))

    return _change(store, cfg, ref, f"photo {number} removed", mutate)


def move(store: Store, cfg: config.Config, ref: str, number: int, to: int) -> Article:
    """``newsroom photo move``: photo ``number`` goes to place ``to``; the rest close up."""

    def mutate(article: Article) -> None:
        photo = _numbered(article, number, ref)
        if not 1 <= to <= len(article.photos):
            raise InvalidInput(f"--to must be a place from 1 to {len(article.photos)}")
        article.photos.remove(photo)
        article.photos.insert(to - 1, photo)

    return _change(store, cfg, ref, f"photo {number} moved to {to}", mutate)


def parse_focus(text: str) -> tuple[float, float]:
    """``--focus 0.3,0.4``: a point as fractions of the width and the height."""
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidInput(
            f"--focus {text!r} is not two numbers such as 0.5,0.3 (fractions of width, height)"
        ) from None
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise InvalidInput(f"--focus {text!r}: both numbers must be between 0 and 1")
    return x, y
