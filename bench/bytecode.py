"""Bytecode in place before timing, as pip leaves an installed package.

The libraries a benchmark compares against have their ``.pyc`` files; an editable
checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the development machine)
would otherwise compile newsroom's modules again in every timed process.
"""

from __future__ import annotations

import compileall
from pathlib import Path


def compile_package() -> None:
    import newsroom_cli

    compileall.compile_dir(Path(newsroom_cli.__file__).parent, quiet=1)
