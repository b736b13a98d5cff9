"""Checking an original photo and making its web renditions, from bytes to values.

Nothing here touches the database, the command line or the file system: the photo
commands read a file, hand its bytes here and store what comes back. That keeps the
rules that protect the desk in one testable place:

* A picture is judged by its content, never its file name: an SVG renamed ``.jpg`` is
  still refused (it can carry script), a JPEG cut short in an upload is refused before
  it reaches a page, and a small file that claims to be huge (a decompression bomb) is
  refused from its header, before a single pixel is decoded.
* The original is never changed (it is what the desk keeps and can send on), but no
  rendition carries any of its metadata: photos from phones hold GPS positions, camera
  serial numbers and owners' names, which must not leave the press office by accident.
* Renditions are sRGB without an embedded profile, which every browser and social
  network shows as intended; phones shoot Display P3, which looks dull when a viewer
  ignores the profile, so colours are converted rather than tagged.

Pillow is imported at the top on purpose: only the photo commands import this module,
so the start-up time of every other command is unaffected.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import os
import re
import struct
import unicodedata
import warnings
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal
from xml.etree import ElementTree

from PIL import ExifTags, Image, ImageCms, ImageFile, IptcImagePlugin, UnidentifiedImageError

from newsroom_cli.errors import InvalidInput
from newsroom_cli.media.plan import CROPS, WIDTHS, crop_size, ratio_box, width_sizes

__all__ = [
    "CROPS",
    "JPEG_QUALITY",
    "MAX_PIXELS",
    "WEBP_METHOD",
    "WEBP_QUALITY",
    "WIDTHS",
    "PhotoInfo",
    "Rendition",
    "inspect",
    "renditions",
]

#: Larger originals are refused. 50 megapixels is more than any phone or press camera
#: writes by default (a 45 MP full-frame body is the largest in common use) and keeps a
#: decoded picture under 200 MB of memory.
MAX_PIXELS = 50_000_000

# The widths and crops (``WIDTHS``, ``CROPS``) and their sizes are the plan in
# ``media/plan.py``, which pages read without loading Pillow.

# Encoder settings, chosen with bench/photos.py: every rendition of a 12-megapixel JPEG
# must take at most 0.5 s on the project's 2-core machine, and WebP is most of the work.
# WebP method 2 encodes a 1600 x 1200 picture in half the time of libwebp's default
# method 4 (85 ms against 175 ms) for files 0-4 % larger; methods 3 and up add the slow
# rate-distortion search. WebP quality 80 is libwebp's default. JPEG quality 82 is
# the usual web-photo setting (the sample photos use it too); "optimize" fits the
# Huffman tables to the picture (-3 % for 9 ms), and progressive (another -3 % for
# 16 ms at 1600 px) shows a whole, blurry picture first on a slow mobile connection.
JPEG_QUALITY = 82
WEBP_QUALITY = 80
WEBP_METHOD = 2

# What the message for an unreadable file lists, and what Pillow may try: nothing else
# is even looked at, so a PostScript or a Photoshop file never reaches a decoder.
_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF", "GIF", "TIFF")
_MEDIA_TYPES = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # a phone's JPEG with a second picture (depth map, preview) after it
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "TIFF": "image/tiff",
}
# ftyp brands of HEIF files whose pictures are HEVC-coded: these are "HEIC".
_HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})

# What Pillow and its plugins raise on a damaged file (its own fuzzing tests expect
# these); anything else is a bug to see, not bad input to report.
_READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    EOFError,
    ZeroDivisionError,
    struct.error,
    RuntimeError,  # pillow_heif, from libheif
)

# The EXIF orientation flag: how to turn the stored pixels to show them upright
# (the same table as PIL.ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# Metadata text longer than this is cut: IPTC's own limit for a caption, and a bound on
# what a hostile file can put into the database through a pre-filled field.
_MAX_TEXT = 2000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufeff\s]+")
# What cameras write into EXIF ImageDescription when nobody typed a caption.
_CAMERA_PLACEHOLDERS = frozenset(
    {
        "olympus digital camera",
        "sony dsc",
        "digital camera",
        "konica minolta digital camera",
        "samsung camera pictures",
        "default",
    }
)

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_IPTC_CORE = "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}"
_EXIF_XMP = "{http://ns.adobe.com/exif/1.0/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_Field = Literal["caption", "credit", "copyright", "alt"]
_IPTC_DATASETS: tuple[tuple[_Field, tuple[int, int]], ...] = (
    ("caption", (2, 120)),  # Caption-Abstract
    ("credit", (2, 80)),  # By-line
    ("copyright", (2, 116)),  # Copyright Notice
)
_XMP_PROPERTIES: tuple[tuple[_Field, str], ...] = (
    ("caption", f"{_DC}description"),
    ("credit", f"{_DC}creator"),
    ("copyright", f"{_DC}rights"),
    ("alt", f"{_IPTC_CORE}AltTextAccessibility"),
)


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    """What an original is, and what it says about itself.

    ``width`` and ``height`` are as the picture is shown, after its orientation flag;
    ``caption``, ``credit``, ``copyright`` and ``alt`` are suggestions read from its own
    metadata (IPTC first, then XMP, then EXIF), for a person to confirm.
    """

    media_type: str
    width: int
    height: int
    byte_size: int
    sha256: str
    #: The EXIF orientation flag the file carries, 1 (upright) to 8; 1 when it has none.
    orientation: int
    #: More than one frame (an animation, a multi-page TIFF): only the first is used.
    animated: bool
    #: The original holds a GPS position (it is kept; renditions never carry it).
    has_gps: bool
    #: The description of the embedded colour profile ("Display P3"), or None.
    icc_profile_name: str | None
    caption: str | None
    credit: str | None
    copyright: str | None
    #: Only from XMP's IPTC "Alt Text (Accessibility)": a caption is not alt text.
    alt: str | None


@dataclass(frozen=True, slots=True)
class Rendition:
    """One derived picture, ready to be stored and served as it is."""

    #: Unique within one photo and usable as a file name: "w960.webp", "social.jpg".
    name: str
    kind: Literal["width", "social", "crop"]
    width: int
    height: int
    content_type: str
    data: bytes = field(repr=False)


def inspect(data: bytes, *, name: str = "", decode: bool = True) -> PhotoInfo:
    """Check that ``data`` is a picture newsroom accepts, and describe it.

    The first frame is decoded in full (a JPEG at a reduced scale, which still reads
    every byte of it), so a file cut short is refused here rather than found broken on
    a published page. ``name`` only names the file in error messages.
    """
    label = _label(name)
    image = _open(data, label)
    with image:
        media_type = _media_type(image, data)
        pending = _pending_orientation(image)
        width, height = _shown_size(image.size, pending)
        original = image.info.get("original_orientation")  # pillow_heif turned it already
        orientation = original if isinstance(original, int) and 1 <= original <= 8 else pending
        if decode:  # ``decode=False``: the caller decodes every byte next (renditions)
            with _reading(label):
                if image.format in ("JPEG", "MPO"):
                    # DCT scaling at 1/8 skips most of the inverse transform, not the reading.
                    image.draft(None, (1, 1))
                image.load()
        with _quiet():  # damaged metadata is skipped, with no warning printed
            texts, has_gps = _prefill(image)
            profile = _icc_profile(image)
            animated = _is_animated(image)
    return PhotoInfo(
        media_type=media_type,
        width=width,
        height=height,
        byte_size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        orientation=orientation,
        animated=animated,
        has_gps=has_gps,
        icc_profile_name=_profile_name(profile),
        caption=texts.get("caption"),
        credit=texts.get("credit"),
        copyright=texts.get("copyright"),
        alt=texts.get("alt"),
    )


def renditions(
    data: bytes, *, focus: tuple[float, float] | None = None, name: str = ""
) -> list[Rendition]:
    """Every derived picture of an original, made once when the photo is added.

    In order: the responsive widths from narrowest to widest (each as WebP, then
    JPEG), then "social", "16x9", "4x3" and "1x1" (JPEG, which every social network
    and search engine reads). Nothing is ever enlarged: an original narrower than
    1600 px gets the standard widths below its own and one rendition at its own width
    (700 px wide gives w480 and w700), and a crop of an original too small for it is
    the largest crop of that ratio the original holds.

    ``focus`` is the point to keep in the crops, as fractions (x across, y down) of
    the upright picture; crops are centred on it as far as the picture allows, and
    on the centre without it. ``name`` only names the file in error messages.
    """
    fx, fy = _check_focus(focus)
    label = _label(name)
    image = _open(data, label)
    with image:
        pending = _pending_orientation(image)
        width, height = _shown_size(image.size, pending)
        with _reading(label):
            if image.format in ("JPEG", "MPO"):
                # Decode at 1/2, 1/4 or 1/8 scale when even the largest rendition needs
                # no more: a 12 MP photo then costs a quarter of the time and memory.
                wanted = _needed_scale(width, height)
                request = (math.ceil(width * wanted) + 1, math.ceil(height * wanted) + 1)
                image.draft(None, request[::-1] if pending in (5, 6, 7, 8) else request)
            image.load()
            base, profile = _upright(image, pending)
    base.info = {}  # nothing of the original's metadata may follow into a rendition

    sizes = width_sizes(width, height)
    widest = base if base.size == sizes[-1] else _resize(base, sizes[-1])
    widest = _to_srgb(widest, profile)
    scaled = {sizes[-1][0]: widest}
    previous = widest
    for size in reversed(sizes[:-1]):  # each from the one before: less work, no visible loss
        previous = _resize(previous, size)
        scaled[size[0]] = previous
    # One job per picture: Image.save keeps its options on the image object itself
    # (encoderinfo), so two threads must never save the same image at once.
    jobs: list[Callable[[], list[Rendition]]] = []
    for w, _h in sizes:
        jobs.append(functools.partial(_widths_of, w, scaled[w]))

    for crop_name, across, down, target in CROPS:
        box_w, box_h = ratio_box(width, height, across, down)
        out_w, out_h = crop_size(width, height, across, down, target)
        fraction = (box_w / width, box_h / height)
        kind: Literal["social", "crop"] = "social" if crop_name == "social" else "crop"
        # Cut from the widest width rendition when it has pixels enough (a third of the
        # work of cutting from the decoded original), else from the original.
        if widest.width * fraction[0] >= out_w and widest.height * fraction[1] >= out_h:
            source, convert = widest, None
        else:
            source, convert = base, profile
        jobs.append(
            functools.partial(
                _cropped,
                f"{crop_name}.jpg",
                kind,
                source,
                convert,
                fraction,
                (fx, fy),
                (out_w, out_h),
            )
        )
    # Encoding is most of the work, and Pillow's encoders and resampling release the
    # GIL: the renditions are made on threads, one per core (2 on the desk's machine:
    # a 12 MP portrait went from 0.81 s to about half of that).
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        return [rendition for made in pool.map(lambda job: job(), jobs) for rendition in made]


def _widths_of(width: int, picture: Image.Image) -> list[Rendition]:
    return [
        _rendition(f"w{width}.webp", "width", picture, "WEBP"),
        _rendition(f"w{width}.jpg", "width", picture, "JPEG"),
    ]


def _cropped(
    name: str,
    kind: Literal["social", "crop"],
    source: Image.Image,
    profile: ImageCms.ImageCmsProfile | None,
    fraction: tuple[float, float],
    focus: tuple[float, float],
    size: tuple[int, int],
) -> list[Rendition]:
    picture = _crop(source, fraction, focus, size)
    if profile is not None:
        picture = _to_srgb(picture, profile)
    if picture is source:  # an uncut crop is the source itself, which others read
        picture = picture.copy()
    return [_rendition(name, kind, picture, "JPEG")]


# --- opening and checking ---------------------------------------------------------------


def _label(name: str) -> str:
    return name or "The picture"


def _too_large(label: str) -> str:
    return f"{label} is larger than 50 megapixels, the most newsroom accepts; make it smaller"


@contextmanager
def _quiet() -> Iterator[None]:
    """Pillow's warnings silenced (odd EXIF, say): a file either reads or is refused, and
    nothing else belongs on the user's terminal. Its decompression-bomb warning becomes
    an error instead, for _reading to report; its limit is above ours, so it only fires
    on files ours refuses anyway."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


@contextmanager
def _reading(label: str) -> Iterator[None]:
    """Turn what Pillow raises on a bad file into one sentence for the user."""
    with _quiet():
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise InvalidInput(_too_large(label)) from exc
        except UnidentifiedImageError as exc:
            raise InvalidInput(_not_a_picture(label)) from exc
        except _READ_ERRORS as exc:
            raise InvalidInput(_damaged(label)) from exc


def _damaged(label: str) -> str:
    return f"{label} is damaged or cut short and cannot be read"


def _not_a_picture(label: str) -> str:
    return f"{label} is not a picture newsroom can read (JPEG, PNG, WebP, HEIC, GIF, TIFF)"


def _open(data: bytes, label: str) -> ImageFile.ImageFile:
    """The picture in ``data`` with its header read and checked, no pixel decoded yet."""
    if not data:
        raise InvalidInput(f"{label} is empty")
    if _looks_like_svg(data):
        where = label if label != "The picture" else "the picture"
        raise InvalidInput(
            f"SVG is not accepted: it can carry script; export {where} as PNG or JPEG"
        )
    formats: tuple[str, ...] = _FORMATS
    if data[4:8] == b"ftyp":  # an ISO media file (HEIC, AVIF...): libheif is needed
        _register_heif()
    else:  # Pillow cannot be asked for a format whose plugin is not loaded
        formats = tuple(f for f in _FORMATS if f != "HEIF")
    with _reading(label):
        try:
            image = Image.open(io.BytesIO(data), formats=formats)
        except UnidentifiedImageError as exc:
            if _starts_like_ours(data):  # a header cut short or broken: "damaged" says why
                raise InvalidInput(_damaged(label)) from exc
            raise InvalidInput(_not_a_picture(label)) from exc
    if image.format != "HEIF" and image.format not in _MEDIA_TYPES:
        image.close()
        raise InvalidInput(_not_a_picture(label))
    width, height = image.size
    if width < 1 or height < 1:
        image.close()
        raise InvalidInput(_damaged(label))
    if width * height > MAX_PIXELS:
        image.close()
        raise InvalidInput(_too_large(label))
    if image.format == "HEIF" and not _boxes_complete(data):
        # libheif decodes some cut files without a word, padding what is missing.
        image.close()
        raise InvalidInput(_damaged(label))
    return image


@functools.cache
def _register_heif() -> None:
    """Teach Pillow HEIC (iPhones' default), once, the first time one is opened (loading
    libheif costs 25 ms that a JPEG does not need)."""
    import pillow_heif  # noqa: PLC0415 (libheif loads only for a picture, once)

    pillow_heif.register_heif_opener()


def _looks_like_svg(data: bytes) -> bool:
    """SVG or gzipped SVG (.svgz), told from its first bytes whatever it is called."""
    head = data[:4096]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 4096)
        except zlib.error:
            return False
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and b"<svg" in head


def _starts_like_ours(data: bytes) -> bool:
    """Whether ``data`` starts as a JPEG, PNG, GIF, WebP, TIFF or HEIF file does."""
    return (
        data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a"))
        or data.startswith((b"II*\x00", b"MM\x00*"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (data[4:8] == b"ftyp" and data[8:12] in _HEVC_BRANDS | {b"mif1", b"msf1"})
    )


def _boxes_complete(data: bytes) -> bool:
    """Whether the top-level boxes of an ISO media file (HEIF) are all there."""
    offset, end = 0, len(data)
    while offset < end:
        if end - offset < 8:
            return False
        size = int.from_bytes(data[offset : offset + 4], "big")
        if size == 0:  # the last box, running to the end of the file
            return True
        if size == 1:  # a 64-bit size follows the type
            if end - offset < 16:
                return False
            size = int.from_bytes(data[offset + 8 : offset + 16], "big")
        if size < 8 or offset + size > end:
            return False
        offset += size
    return True


def _media_type(image: ImageFile.ImageFile, data: bytes) -> str:
    if image.format == "HEIF":
        return "image/heic" if data[8:12] in _HEVC_BRANDS else "image/heif"
    return _MEDIA_TYPES[str(image.format)]


def _is_animated(image: ImageFile.ImageFile) -> bool:
    try:
        return bool(getattr(image, "is_animated", False))
    except _READ_ERRORS:
        return False  # a damaged second frame: the first is all that is used anyway


# --- orientation, colour and size -------------------------------------------------------


def _pending_orientation(image: Image.Image) -> int:
    """The orientation still to apply to the decoded pixels, 1 when none.

    Read where ImageOps.exif_transpose reads it (EXIF, else XMP's tiff:Orientation);
    pillow_heif has applied HEIF's own rotation already and reports 1. An unreadable
    or out-of-range flag means upright, as in exif_transpose.
    """
    try:
        with _quiet():
            value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except _READ_ERRORS:
        return 1
    return value if isinstance(value, int) and value in _TRANSPOSE else 1


def _shown_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _upright(
    image: Image.Image, orientation: int
) -> tuple[Image.Image, ImageCms.ImageCmsProfile | None]:
    """The loaded first frame turned upright and ready for resizing, with the colour
    profile still to apply to it (None when its pixels are sRGB already).

    Ready for resizing means RGB, or premultiplied RGBa when some pixel is see-through
    (resizing it leaves no dark fringes), or CMYK or grey until their profile turns them
    into RGB. The profile is applied by _to_srgb after the first reduction: LittleCMS
    takes 16 ms a megapixel, 0.19 s for a whole 12 MP portrait that ends up 3.4 MP.
    """
    profile = _icc_profile(image)
    picture: Image.Image = image
    if picture.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit grey: Pillow's own conversion would clip everything above 255 to white.
        picture = picture.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif picture.mode == "F":
        picture = picture.convert("L")
    if profile is not None:
        space = profile.profile.xcolor_space.strip()
        fits = space == "RGB" or (space, picture.mode) in (("CMYK", "CMYK"), ("GRAY", "L"))
        if _is_srgb(profile) or not fits:  # a profile for other pixels: colours as stored
            profile = None
    if picture.mode not in ("CMYK", "L") or profile is None:
        picture = _to_rgb(picture)
    if orientation in _TRANSPOSE:
        picture = picture.transpose(_TRANSPOSE[orientation])
    if picture.mode == "RGBA":
        picture = picture.convert("RGBa")
    return picture, profile


def _to_srgb(picture: Image.Image, profile: ImageCms.ImageCmsProfile | None) -> Image.Image:
    """Pixels from _upright (resized or not) converted from ``profile`` to sRGB, in the
    same RGB or RGBa mode as every other picture here.

    A profile LittleCMS cannot use is ignored and the colours kept as stored: a slightly
    off colour beats a refused photo.
    """
    if profile is None:
        return picture
    premultiplied = picture.mode == "RGBa"
    source = picture.convert("RGBA") if premultiplied else picture
    try:
        converted = ImageCms.profileToProfile(
            source, profile, _srgb(), outputMode="RGBA" if premultiplied else "RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        converted = None
    if converted is None:
        return picture if picture.mode in ("RGB", "RGBa") else picture.convert("RGB")
    converted.info = {}
    return converted.convert("RGBa") if premultiplied else converted


def _to_rgb(picture: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is see-through (an opaque alpha is dropped)."""
    if picture.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in picture.info:
        picture = picture.convert("RGBA")
        low, _high = picture.getchannel("A").getextrema()
        return picture.convert("RGB") if low == 255 else picture
    return picture if picture.mode == "RGB" else picture.convert("RGB")


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _icc_profile(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    icc = image.info.get("icc_profile")
    if not isinstance(icc, bytes) or not icc:
        return None
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # an unreadable profile: treated as none (the pixels are sRGB)


def _profile_name(profile: ImageCms.ImageCmsProfile | None) -> str | None:
    if profile is None:
        return None
    return _clean(profile.profile.profile_description or "")


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    """sRGB already ("sRGB IEC61966-2.1", "sRGB built-in", ...): nothing to convert."""
    return "srgb" in (profile.profile.profile_description or "").lower()


def _check_focus(focus: tuple[float, float] | None) -> tuple[float, float]:
    if focus is None:
        return 0.5, 0.5
    x, y = (float(value) for value in focus)
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):  # also refuses NaN
        raise InvalidInput(
            f"the focal point must be two fractions from 0 to 1 (across, down), not {focus}"
        )
    return x, y


def _needed_scale(width: int, height: int) -> float:
    """The smallest fraction of the original that still makes every rendition at its
    full size (1 when any of them needs the original's own pixels)."""
    scale = min(1.0, WIDTHS[-1] / width)
    for _name, across, down, target in CROPS:
        box_w, _box_h = ratio_box(width, height, across, down)
        scale = max(scale, min(1.0, target / box_w))
    return scale


def _resize(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    # reducing_gap: shrink by a whole factor with reduce() first, then Lanczos for the
    # rest; indistinguishable from Lanczos all the way at a fraction of the time.
    return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _crop(
    base: Image.Image,
    fraction: tuple[float, float],
    focus: tuple[float, float],
    size: tuple[int, int],
) -> Image.Image:
    """A box of ``fraction`` of the picture's width and height, centred on ``focus`` as
    far as the edges allow, scaled to ``size``."""
    box_w, box_h = base.width * fraction[0], base.height * fraction[1]
    left = min(max(focus[0] * base.width - box_w / 2, 0.0), base.width - box_w)
    top = min(max(focus[1] * base.height - box_h / 2, 0.0), base.height - box_h)
    if (round(box_w), round(box_h)) == size:  # same scale: cut, do not resample
        left_px, top_px = round(left), round(top)
        return base.crop((left_px, top_px, left_px + size[0], top_px + size[1]))
    box = (left, top, left + box_w, top + box_h)
    return base.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


# --- encoding ---------------------------------------------------------------------------


def _rendition(
    name: str, kind: Literal["width", "social", "crop"], picture: Image.Image, fmt: str
) -> Rendition:
    """Encode with no metadata at all: no EXIF, XMP, IPTC, ICC profile or comment."""
    out = io.BytesIO()
    if fmt == "JPEG":
        flat = _flatten(picture)
        flat.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        content_type = "image/jpeg"
    else:
        ready = picture.convert("RGBA") if picture.mode == "RGBa" else picture
        ready.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        content_type = "image/webp"
    return Rendition(name, kind, picture.width, picture.height, content_type, out.getvalue())


def _flatten(picture: Image.Image) -> Image.Image:
    """RGB, see-through parts laid on white (JPEG has no alpha; pages are white)."""
    if picture.mode == "RGB":
        return picture
    rgba = picture.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


# --- metadata ---------------------------------------------------------------------------


def _prefill(image: ImageFile.ImageFile) -> tuple[dict[_Field, str], bool]:
    """Caption, credit, copyright and alt text suggested by the photo's own metadata,
    and whether it holds a GPS position.

    Each field comes from the first source that has it: IPTC, then XMP, then EXIF.
    IPTC is what agencies and photo desks (Photo Mechanic, Lightroom) write on purpose
    for publication; EXIF's description and artist are often set by the camera itself.
    Metadata that cannot be read is skipped: it never makes a photo unacceptable.
    """
    found: dict[_Field, str] = {}
    xmp_texts, xmp_gps = _xmp(image)
    exif_texts, exif_gps = _exif(image)
    for source in (_iptc(image), xmp_texts, exif_texts):
        for key, value in source.items():
            found.setdefault(key, value)
    return found, xmp_gps or exif_gps


def _clean(text: str) -> str | None:
    """One line of text: control characters and runs of white space become one space."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return text[:_MAX_TEXT].rstrip() or None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _iptc(image: ImageFile.ImageFile) -> dict[_Field, str]:
    """IPTC IIM (in a JPEG's Photoshop block or a TIFF tag): 2:120 Caption-Abstract,
    2:80 By-line and 2:116 Copyright Notice; a repeated By-line is joined with commas."""
    try:
        records = IptcImagePlugin.getiptcinfo(image)
    except _READ_ERRORS:
        return {}
    texts: dict[_Field, str] = {}
    if not records:
        return texts
    for key, dataset in _IPTC_DATASETS:
        value = records.get(dataset)
        values = value if isinstance(value, list) else [value] if value else []
        parts = [text for raw in values if (text := _clean(_decode(raw)))]
        if parts:
            texts[key] = ", ".join(parts)
    return texts


def _xmp(image: Image.Image) -> tuple[dict[_Field, str], bool]:
    """XMP: dc:description, dc:creator, dc:rights and Iptc4xmpCore:AltTextAccessibility,
    and whether exif:GPSLatitude and exif:GPSLongitude are present.

    Parsed here rather than with Image.getxmp(), which needs defusedxml; a packet with
    a DOCTYPE (the way to entity-expansion attacks) is not parsed at all, and without
    one the standard library's parser expands nothing and fetches nothing.
    """
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if isinstance(packet, bytes):
        if packet.startswith((b"\xff\xfe", b"\xfe\xff")):
            packet = packet.decode("utf-16", "replace")
        else:
            packet = packet.decode("utf-8", "replace")
    if not isinstance(packet, str) or "<!DOCTYPE" in packet or "<!ENTITY" in packet:
        return {}, False
    try:
        root = ElementTree.fromstring(packet.strip("\x00 \t\r\n"))
    except (ElementTree.ParseError, ValueError):
        return {}, False
    texts: dict[_Field, str] = {}
    for key, tag in _XMP_PROPERTIES:
        if text := _xmp_property(root, tag):
            texts[key] = text
    has_gps = all(
        _xmp_property(root, f"{_EXIF_XMP}{name}") for name in ("GPSLatitude", "GPSLongitude")
    )
    return texts, has_gps


def _xmp_property(root: ElementTree.Element, tag: str) -> str | None:
    """A property's text: from rdf:Alt the x-default item (else the first), from rdf:Seq
    or rdf:Bag all items joined with commas, else the element's or attribute's text."""
    for element in root.iter(tag):
        alternatives = element.find(f"{_RDF}Alt")
        if alternatives is not None:
            items = alternatives.findall(f"{_RDF}li")
            items.sort(key=lambda item: item.get(_XML_LANG) != "x-default")
            texts = [text for item in items[:1] if (text := _clean(item.text or ""))]
        else:
            items = element.findall(f"{_RDF}Seq/{_RDF}li") + element.findall(f"{_RDF}Bag/{_RDF}li")
            texts = [text for item in items if (text := _clean(item.text or ""))]
            if not items and (text := _clean(element.text or "")):
                texts = [text]
        if texts:
            return ", ".join(texts)
    for description in root.iter(f"{_RDF}Description"):
        value = description.get(tag)
        if value and (text := _clean(value)):
            return text
    return None


def _exif(image: Image.Image) -> tuple[dict[_Field, str], bool]:
    """EXIF: ImageDescription (unless a camera's placeholder), Artist and Copyright, and
    whether its GPS block holds a latitude and a longitude."""
    try:
        exif = image.getexif()
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except _READ_ERRORS:
        return {}, False
    has_gps = bool(gps.get(ExifTags.GPS.GPSLatitude)) and bool(gps.get(ExifTags.GPS.GPSLongitude))
    texts: dict[_Field, str] = {}
    caption = _exif_text(exif.get(ExifTags.Base.ImageDescription))
    if caption and caption.lower() not in _CAMERA_PLACEHOLDERS:
        texts["caption"] = caption
    if credit := _exif_text(exif.get(ExifTags.Base.Artist)):
        texts["credit"] = credit
    # The EXIF Copyright field is "photographer NUL editor"; either may be empty.
    raw = exif.get(ExifTags.Base.Copyright)
    parts: list[str] | list[bytes] = (
        raw.split("\x00")
        if isinstance(raw, str)
        else raw.split(b"\x00")
        if isinstance(raw, bytes)
        else []
    )
    if found := [text for part in parts if (text := _exif_text(part))]:
        texts["copyright"] = "; ".join(found)
    return texts, has_gps


def _exif_text(value: object) -> str | None:
    """An EXIF string. Pillow reads them as Latin-1, which can be undone; phones write
    UTF-8, so the bytes are decoded again as UTF-8 where they are valid UTF-8."""
    if isinstance(value, str):
        try:
            return _clean(_decode(value.encode("latin-1")))
        except UnicodeEncodeError:
            return _clean(value)
    if isinstance(value, bytes):
        return _clean(_decode(value))
    return None
