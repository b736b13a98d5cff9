"""Fuzz every importer (md, json, jsonl, csv, text, html) and what import prepares from it.

The first byte picks the format; the rest is the file. Whatever a reader
returns is prepared as ``import`` prepares it (fields cleaned, dates read),
without a database, so a crash anywhere before the write shows here.
"""

import atheris

with atheris.instrument_imports():
    from newsroom_cli import config
    from newsroom_cli.formats import IMPORTERS, read
    from newsroom_cli.services import editing

from _harness import run

FORMATS = sorted(IMPORTERS)
CONFIG = config.Config({})


def target(text: str) -> None:
    if not text:
        return
    fmt = FORMATS[ord(text[0]) % len(FORMATS)]
    for item in read(fmt, text[1:], "fuzz"):
        editing.new_article(CONFIG, item.changes, item.status, "2024-01-10T00:00:00+07:00")


if __name__ == "__main__":
    run(target, "\x04Berita\nBawaslu Bengkalis Gelar Rapat\n\nBengkalis – Senin (29/6/2020).\n")
