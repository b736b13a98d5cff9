"""Rules about a release's photos: what a reader, a photographer and a preview need.

A photo without alternative text is a hole in the page for a reader who cannot
see it, and one without a credit is a photo nobody can say whose it is: both
are warnings, to fix before the photo goes out. A featured photo narrower than
1200 px is what Facebook, X and WhatsApp stretch into a blurred preview, and an
original that recorded where it was taken is worth knowing about even though no
rendition carries the position: both are notes (info).

Each finding names its photo by its place (``photo 2``), the number the photo
commands take, and suggests the command that fixes it.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsroom_cli.lint.text import Context, Document, Hit

FIELD = "photo"  # findings are placed at "photo 2", the number `photo edit` takes
PREVIEW_WIDTH = 1200  # px: the width of the 1200 x 630 picture a shared link shows


def place(number: int) -> str:
    return f"{FIELD} {number}"


def _edit(doc: Document, number: int, option: str) -> str | None:
    if doc.source != "article":
        return None  # a draft's photos are described in the file it came from
    return f'newsroom photo edit {doc.ref} {number} {option} "…"'


def missing_alt(doc: Document, ctx: Context) -> Iterator[Hit]:
    for number, photo in enumerate(doc.photos, start=1):
        if not photo.alt.strip():
            yield Hit(
                params={"number": number},
                field=place(number),
                suggestion=_edit(doc, number, "--alt"),
            )


def missing_credit(doc: Document, ctx: Context) -> Iterator[Hit]:
    for number, photo in enumerate(doc.photos, start=1):
        if not photo.credit.strip():
            yield Hit(
                params={"number": number},
                field=place(number),
                suggestion=_edit(doc, number, "--credit"),
            )


def small_featured(doc: Document, ctx: Context) -> Iterator[Hit]:
    """The featured photo under 1200 px wide; the fix is a wider photo to feature."""
    number = doc.featured
    if number is None:
        return
    width = doc.photos[number - 1].width
    if width >= PREVIEW_WIDTH:
        return
    wider = next((n for n, p in enumerate(doc.photos, start=1) if p.width >= PREVIEW_WIDTH), None)
    suggestion = None
    if doc.source == "article":
        suggestion = (
            f"newsroom photo edit {doc.ref} {wider} --featured"
            if wider
            else f"newsroom photo add {doc.ref} … --featured"
        )
    yield Hit(
        params={"number": number, "width": width, "minimum": PREVIEW_WIDTH},
        field=place(number),
        suggestion=suggestion,
    )


def gps_location(doc: Document, ctx: Context) -> Iterator[Hit]:
    for number, photo in enumerate(doc.photos, start=1):
        if photo.has_gps:
            yield Hit(params={"number": number}, field=place(number))
