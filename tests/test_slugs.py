"""Slugs: always a valid file name, bounded, unique."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsroom_cli.slugs import SLUG_MAX, make_slug, unique_slug

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@given(st.text())
def test_make_slug_is_always_valid(text: str) -> None:
    slug = make_slug(text)
    assert SLUG.match(slug), slug
    assert len(slug) <= SLUG_MAX


def test_examples() -> None:
    assert make_slug("Bawaslu Bengkalis Gelar Rapat") == "bawaslu-bengkalis-gelar-rapat"
    assert make_slug("Pemilu 2024: “Jujur & Adil”") == "pemilu-2024-jujur-adil"
    assert make_slug("ǅemo Ünïcödé") == "dzemo-unicode"
    assert make_slug("!!!") == "rilis"
    long_title = "kata " * 40
    slug = make_slug(long_title)
    assert len(slug) <= SLUG_MAX
    assert not slug.endswith("-")
    assert slug.endswith("kata")  # cut at a word boundary
    assert len(make_slug("a" * 200)) == SLUG_MAX


@given(st.text(min_size=1), st.integers(min_value=0, max_value=30))
def test_unique_slug_stays_valid(text: str, taken_count: int) -> None:
    base = make_slug(text)
    taken = {base} | {f"{base}-{n}" for n in range(2, taken_count + 2)}
    slug = unique_slug(base, taken.__contains__)
    assert slug not in taken
    assert SLUG.match(slug)
    assert len(slug) <= SLUG_MAX
