"""What ``import`` reads: files and folders walked, stdin, each decoded strictly.

A file is read as UTF-8 and nothing else, so that a Latin-1 or UTF-16 file
fails with the byte where it went wrong instead of coming in as mojibake. A
byte order mark is dropped and CRLF (or a lone CR) becomes LF, so that every
reader sees the same text whichever editor saved it.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats import EXTENSIONS, IMPORTERS, detect

# Hugo's list pages: front matter for a section, not an article.
_NOT_ARTICLES = {"_index.md"}
# Pictures are never articles, whatever --format says: an export's photos/ folder,
# a site's images, come in as the photos of the articles that use them.
PICTURE_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".heif", ".avif"}
    | {".bmp", ".svg", ".ico"}
)


@dataclass(frozen=True)
class Source:
    """One input: a file, or stdin when ``path`` is None.

    ``root`` is the folder the input was found in (the folder named on the
    command line, or a named file's own folder): the pictures it uses are
    looked for there and nowhere else.
    """

    path: Path | None
    root: Path | None = None

    @property
    def name(self) -> str:
        return "stdin" if self.path is None else str(self.path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _saved_page_files(path: Path, root: Path) -> bool:
    """Inside the ``page_files/`` folder a browser saves beside ``page.html``: the
    page's pictures and scripts (and the frames it embeds), not articles."""
    for folder in path.relative_to(root).parents:
        if folder.name.endswith("_files"):
            stem = root / folder.parent / folder.name[: -len("_files")]
            if any(stem.with_name(stem.name + ext).is_file() for ext in (".html", ".htm")):
                return True
    return False


def collect(paths: list[str], fmt: str) -> list[Source]:
    """Every input named, folders walked recursively in name order.

    In a folder, ``--format auto`` takes the files whose extension it knows;
    an explicit format takes every file but pictures. Hidden files and folders
    (an export's manifest, ``.git``) and the ``page_files/`` folder of a saved
    ``page.html`` are never read as articles.
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
                Source(p, path)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not _hidden(p, path)
                and p.name not in _NOT_ARTICLES
                and (fmt != "auto" or p.suffix.lower() in EXTENSIONS)
                and p.suffix.lower() not in PICTURE_EXTENSIONS
                and not _saved_page_files(p, path)
            ]
        elif path.exists():
            found.append(Source(path, path.parent))
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
        at = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)  # a byte of the file
        raise InvalidInput(f"{name}: not valid UTF-8 at byte {at}") from exc
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


# Formats read a line at a time, so that a big archive is never all in memory.
_LINE_FORMATS = {"jsonl"}
_BLOCK = 1 << 20


def line_format(source: Source, fmt: str) -> str | None:
    """The format if ``source`` is a file that can be read line by line (JSON Lines).

    Only a regular file: it is read twice (checked, then parsed), and a pipe,
    a FIFO or ``/dev/stdin`` would be empty the second time.
    """
    if source.path is None or not source.path.is_file():
        return None
    if fmt == "auto":
        fmt = EXTENSIONS.get(source.path.suffix.lower(), "")
    return fmt if fmt in _LINE_FORMATS else None


def check(path: Path, name: str) -> None:
    """What ``decode`` checks, a block at a time: UTF-8 throughout, and not empty."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0  # bytes handed to the decoder so far
    content = False
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            if done == 0 and block.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InvalidInput(
                    f"{name}: not valid UTF-8 at byte 0 (it is UTF-16; save it as UTF-8)"
                )
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise InvalidInput(
                    f"{name}: not valid UTF-8 at byte {done - pending + exc.start}"
                ) from exc
            done += len(block)
            content = content or bool(text.lstrip("\ufeff").strip())
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            at = done - len(exc.object) + exc.start
            raise InvalidInput(f"{name}: not valid UTF-8 at byte {at}") from exc
    if not content:
        raise InvalidInput(f"{name}: the file is empty")


def lines(source: Source) -> Iterator[str]:
    """A file's lines, checked and decoded as ``decode`` would check the whole of it.

    The file is read twice, a block at a time: ``check`` first (call it before
    taking the write lock; an encoding error is then reported as such, wherever
    it is), then line by line here. The byte order mark is dropped and CRLF or
    a lone CR is a line end.
    """
    assert source.path is not None
    with source.path.open("rb") as handle:
        for number, raw in enumerate(handle):
            text = raw.decode("utf-8")
            if number == 0:
                text = text.removeprefix("\ufeff")
            yield from text.removesuffix("\n").removesuffix("\r").split("\r")
