"""Where an archive export puts a photo's original, so that ``import`` finds it again.

An export that carries photos (``md`` always; ``json`` and ``jsonl`` when ``--out``
is a folder) writes each original once, byte for byte, as
``photos/<sha256><ext>``: the name is the content's hash, so two articles sharing
a picture share one file, a re-export never renames a file, and ``import`` can
tell a damaged or substituted file from the right one. The extension follows
the picture's media type (what the file is), never the name a person gave it.
"""

from __future__ import annotations

import re

from newsroom_cli.models import Photo

FOLDER = "photos"
SHA_NAME = re.compile(r"^(?P<sha>[0-9a-f]{64})(?:\.[A-Za-z0-9]{1,5})?$")
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "image/heif": ".heif",
}


def extension(media_type: str) -> str:
    return _EXTENSIONS.get(media_type, "")


def export_path(photo: Photo) -> str:
    """``photos/<sha256><ext>``: the original's place in an export, relative to it."""
    return f"{FOLDER}/{photo.sha256}{extension(photo.media_type)}"


def sha_of_name(name: str) -> str | None:
    """The SHA-256 a file name like ``photos/<sha256>.jpg`` claims, if it claims one."""
    found = SHA_NAME.match(name.rsplit("/", 1)[-1])
    return found["sha"] if found else None
