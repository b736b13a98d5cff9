"""What ``import`` reads: files and folders walked, stdin, each decoded strictly.

A file is read as UTF-8 and nothing else, so that a Latin-1 or UTF-16 file
fails with the byte where it went wrong instead of coming in as mojibake. A
byte order mark is dropped and CRLF (or a lone CR) becomes LF, so that every
reader sees the same text whichever editor saved it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats import EXTENSIONS, IMPORTERS, detect

# Hugo's list pages: front matter for a section, not an article.
_NOT_ARTICLES = {"_index.md"}


@dataclass(frozen=True)
class Source:
    """One input: a file, or stdin when ``path`` is None."""

    path: Path | None

    @property
    def name(self) -> str:
        return "stdin" if self.path is None else str(self.path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def collect(paths: list[str], fmt: str) -> list[Source]:
    """Every input named, folders walked recursively in name order.

    In a folder, ``--format auto`` takes the files whose extension it knows;
    an explicit format takes every file. Hidden files and folders (an export's
    manifest, ``.git``) are never read.
    """
    found: list[Source] = []
    for raw in paths:
        if raw == "-":
            if fmt == "auto":
                raise InvalidInput("reading stdin ('-') needs --format, e.g. --format jsonl")
            found.append(Source(None))
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            found += [
                Source(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not _hidden(p, path)
                and p.name not in _NOT_ARTICLES
                and (fmt != "auto" or p.suffix.lower() in EXTENSIONS)
            ]
        elif path.exists():
            found.append(Source(path))
        else:
            raise InvalidInput(f"{raw}: no such file or folder")
    return found


def decode(data: bytes, name: str) -> str:
    """Strict UTF-8 without its BOM, with LF line ends; an empty file is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(f"{name}: not valid UTF-8 at byte 0 (it is UTF-16; save it as UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: not valid UTF-8 at byte {exc.start}") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InvalidInput(f"{name}: the file is empty")
    return text


def read(source: Source, fmt: str) -> tuple[str, str]:
    """(format, text) of one input; the format found by extension and content under auto."""
    data = sys.stdin.buffer.read() if source.path is None else source.path.read_bytes()
    text = decode(data, source.name)
    if fmt != "auto":
        return fmt, text
    assert source.path is not None  # collect() refuses stdin without --format
    chosen = detect(source.path.suffix, text)
    if chosen is None:
        raise InvalidInput(
            f"{source.name}: unknown file type {source.path.suffix!r}; "
            f"give --format ({', '.join(IMPORTERS)})"
        )
    return chosen, text
