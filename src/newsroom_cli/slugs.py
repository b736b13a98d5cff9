"""Slugs: the part of an article's URL that must never change once published.

python-slugify does the transliteration; this module adds the rules of the
newsroom: never empty, bounded, checked when a person types one, and unique.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsroom_cli.errors import InvalidInput

SLUG_MAX = 80
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FALLBACK = "rilis"  # Indonesian for "release": the slug of a title with no letters


def make_slug(text: str) -> str:
    """A lowercase ASCII slug of at most ``SLUG_MAX`` characters, cut at a word."""
    from slugify import slugify

    slug = slugify(text, max_length=SLUG_MAX, word_boundary=True, lowercase=True)
    slug = slug.strip("-")
    if not slug:
        # A single word longer than the limit is cut rather than dropped.
        slug = slugify(text, max_length=SLUG_MAX, lowercase=True).strip("-")
    return slug or FALLBACK


def check_slug(slug: str) -> str:
    """A slug typed by a person must already be one: it becomes a file name."""
    if len(slug) > SLUG_MAX or not SLUG_RE.match(slug):
        raise InvalidInput(
            f"invalid slug {slug!r}: use lowercase letters, digits and single hyphens, "
            f"at most {SLUG_MAX} characters (for example 'rapat-koordinasi-2024')"
        )
    return slug


def unique_slug(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, else ``base-2``, ``base-3``... keeping the result within the limit."""
    if not taken(base):
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if not taken(candidate):
            return candidate
        number += 1
