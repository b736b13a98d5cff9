"""Fuzz the Markdown front matter reader used by the editor and `import --format md`."""

import atheris

with atheris.instrument_imports():
    from newsroom_cli.formats.markdown_fm import parse_markdown

from _harness import run


def target(text: str) -> None:
    fields, body = parse_markdown("---\n" + text)
    assert isinstance(body, str)
    assert all(isinstance(key, str) for key in fields)


if __name__ == "__main__":
    run(target, "title: Rapat\ntags: [Berita]\n---\nIsi.")
