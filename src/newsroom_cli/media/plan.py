"""Which renditions a photo has, and their sizes, from its width and height alone.

``images.renditions`` makes the files with Pillow when a photo is added; pages
that show a photo need the same names and sizes (``srcset``, ``width`` and
``height``) for thousands of photos without opening one, and without loading
Pillow. Both read the plan here, so a page can never announce a size that the
file does not have.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

#: Widths of the responsive renditions (``srcset``), each as WebP and JPEG.
WIDTHS = (480, 960, 1600)

#: The cropped renditions: name, ratio (across, down) and the width wanted. "social" is
#: the 1200 x 630 picture Facebook, X and WhatsApp show for a shared link; the other
#: three are the 16:9, 4:3 and 1:1 images Google asks for in NewsArticle structured data.
CROPS: tuple[tuple[str, int, int, int], ...] = (
    ("social", 40, 21, 1200),
    ("16x9", 16, 9, 1200),
    ("4x3", 4, 3, 1200),
    ("1x1", 1, 1, 1200),
)


class Size(NamedTuple):
    """One rendition: its name in the store (``w960.webp``) and its pixels."""

    name: str
    width: int
    height: int


def widths(width: int) -> list[int]:
    """The standard widths below the original's, and its own width if it is narrower
    than the widest: no picture is ever enlarged, and the sharpest one is kept."""
    chosen = [w for w in WIDTHS if w <= width]
    if width < WIDTHS[-1] and width not in chosen:
        chosen.append(width)
    return chosen


def width_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """(width, height) of each width rendition, narrowest first."""
    return [(w, max(1, round(w * height / width))) for w in widths(width)]


@lru_cache(maxsize=4096)
def by_width(width: int, height: int, extension: str) -> tuple[Size, ...]:
    """The width renditions in one format (``"webp"`` or ``"jpg"``), narrowest first.

    Cached: a site asks this of every thumbnail on every list page, and photos come
    in a few shapes (a camera's, a phone's).
    """
    return tuple(Size(f"w{w}.{extension}", w, h) for w, h in width_sizes(width, height))


def ratio_box(width: int, height: int, across: int, down: int) -> tuple[float, float]:
    """The largest box of ratio across:down inside width x height."""
    if width * down >= height * across:
        return height * across / down, float(height)
    return float(width), width * down / across


def crop_size(width: int, height: int, across: int, down: int, target: int) -> tuple[int, int]:
    """The pixels of a crop: ``target`` wide when the picture holds it, else the
    largest box of that ratio it does hold."""
    box_w, box_h = ratio_box(width, height, across, down)
    out_w = max(1, min(target, math.floor(box_w)))
    out_h = max(1, min(round(out_w * down / across), math.floor(box_h)))
    return out_w, out_h


def crop(width: int, height: int, name: str) -> Size:
    """The crop called ``name`` ("social", "16x9", "4x3" or "1x1") of a picture."""
    for crop_name, across, down, target in CROPS:
        if crop_name == name:
            return Size(f"{name}.jpg", *crop_size(width, height, across, down, target))
    raise KeyError(name)
