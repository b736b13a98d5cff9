"""Shared set-up: decode bytes as a parser would see them, and the one allowed error."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

import atheris

with atheris.instrument_imports():
    from newsroom_cli.errors import NewsroomError


def run(target: Callable[[str], object], warm_up: str = "Senin, 29 Juni 2020") -> None:
    """Fuzz ``target``. One warm-up call first loads the parser's lazy imports
    (markdown-it, YAML, Babel), so that ``instrument_all`` covers them too."""
    with contextlib.suppress(NewsroomError):
        target(warm_up)
    atheris.instrument_all()

    def test_one(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        # The contract: bad input is a NewsroomError, and nothing else.
        with contextlib.suppress(NewsroomError):
            target(text)

    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
