"""Fuzz Markdown -> HTML -> nh3: nothing executable may come out, whatever goes in."""

import re

import atheris

with atheris.instrument_imports():
    from newsroom_cli.formats.rendering import render_markdown

from _harness import run

EXECUTABLE = re.compile(
    r"<script|<iframe|<object|<embed|\son\w+\s*=|(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):",
    re.IGNORECASE,
)


def target(text: str) -> None:
    html = render_markdown(text)
    assert not EXECUTABLE.search(html), html


if __name__ == "__main__":
    run(target, "# Judul\n\n*isi* [tautan](https://example.go.id) <b>x</b>")
