"""What ``import`` reads: files and folders walked, stdin, each decoded strictly.

A file is read as UTF-8 and nothing else, so that a Latin-1 or UTF-16 file
fails with the byte where it went wrong instead of coming in as mojibake. A
byte order mark is dropped and CRLF (or a lone CR) becomes LF, so that every
reader sees the same text whichever editor saved it.

What a folder holds is read only if it is a regular file of that folder: a
symlink leading out of it (``rilis.txt -> /etc/passwd``), a named pipe, a
device or a socket is passed over with its reason. A file named on the
command line is read whatever it is (``import <(curl ...)`` is a pipe), but
never past ``FILE_MAX`` of its format: ``import /dev/zero`` stops there.
"""

from __future__ import annotations

import codecs
import os
import stat
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
    skip: str = ""  # why a file of a folder is not read (a link leading out, a pipe)

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
            inside = os.path.realpath(path)
            for p in sorted(path.rglob("*")):
                if (
                    not _hidden(p, path)
                    and p.name not in _NOT_ARTICLES
                    and (fmt != "auto" or p.suffix.lower() in EXTENSIONS)
                    and p.suffix.lower() not in PICTURE_EXTENSIONS
                    and not _saved_page_files(p, path)
                ):
                    reason = _not_readable(p, inside)
                    if reason is None:
                        found.append(Source(p, path))
                    elif reason:  # reported, and counted nowhere else
                        found.append(Source(p, path, reason))
        elif path.exists():
            found.append(Source(path, path.parent))
        else:
            raise InvalidInput(f"{raw}: no such file or folder")
    return found


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def _not_readable(path: Path, inside: str) -> str | None:
    """Why a folder's entry is not read as a file: "" to pass over it silently (a
    folder, read in its turn), None to read it, else the reason to report.

    A symlink is followed only to a place inside the folder (``inside``, its real
    path): a folder handed over for import is not a door to the rest of the disk.
    A link to a folder is never followed (``rglob`` does not), as before.
    """
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(path)
            if not target.startswith(inside + os.sep):
                return f"a link to {target}, outside the folder: not followed"
            info = os.stat(path)
    except FileNotFoundError:
        return "a link to nothing"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return ""
    if stat.S_ISREG(info.st_mode):
        return None
    return f"not a regular file: {_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')}"


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


# The most import reads of one file, by format. A release's body is at most 1 MB
# (models.BODY_MAX): a file holding one article (Markdown, a text capture) has
# room for that and its front matter or the page's chrome four times over; a saved
# page carries scripts, styles and inline pictures besides. json and csv are read
# whole, so an archive of thousands of releases is bounded by memory: past 256 MB,
# JSON Lines read from a file has no limit at all, a line at a time (LINE_MAX each).
MB = 1 << 20
FILE_MAX = {"md": 4 * MB, "text": 4 * MB, "html": 16 * MB}
FILE_MAX |= {"json": 256 * MB, "jsonl": 256 * MB, "csv": 256 * MB}
LINE_MAX = 8 * MB  # one record of a JSON Lines file: a 1 MB body, escaped, and its photos


def _limit(source: Source, fmt: str) -> tuple[int, str | None]:
    """The most to read, and the format it is the limit of, before the content is seen.

    Under auto, ``.json`` may turn out to be JSON Lines and ``.txt`` (or a file
    without an extension) a saved page or JSON: those get the largest limit,
    and the format found is held to its own once the text is read.
    """
    if fmt != "auto":
        return FILE_MAX[fmt], fmt
    guess = EXTENSIONS.get(source.path.suffix.lower(), "") if source.path else ""
    if guess in ("md", "html", "csv", "jsonl"):
        return FILE_MAX[guess], guess
    return max(FILE_MAX.values()), None


_NAMES = {"md": "Markdown", "text": "text", "html": "HTML", "json": "JSON", "csv": "CSV"}
_NAMES["jsonl"] = "JSON Lines from a pipe"


def too_large(name: str, limit: int, fmt: str | None, size: int | None = None) -> InvalidInput:
    what = _NAMES.get(fmt or "", "one file")
    told = f"it is {size / MB:,.1f} MB" if size is not None else "it holds more"
    hint = ""
    if fmt in ("json", "jsonl", "csv"):
        hint = "; a larger archive goes in as a JSON Lines file, read a line at a time"
    return InvalidInput(f"{name}: import reads at most {limit // MB} MB of {what}; {told}{hint}")


def _read_bytes(source: Source, most: int, fmt: str | None) -> bytes:
    """The input's bytes, never more than ``most`` + 1 of them: a device or a pipe
    (``/dev/zero``) is read no further, and a regular file too large is not read."""
    if source.path is None:
        return sys.stdin.buffer.read(most + 1)
    with source.path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > most:
            raise too_large(source.name, most, fmt, info.st_size)
        return handle.read(most + 1)


def read(source: Source, fmt: str) -> tuple[str, str]:
    """(format, text) of one input; the format found by extension and content under auto."""
    most, limited = _limit(source, fmt)
    data = _read_bytes(source, most, limited)
    if len(data) > most:
        raise too_large(source.name, most, limited)
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
    if len(data) > FILE_MAX[chosen]:
        raise too_large(source.name, FILE_MAX[chosen], chosen, len(data))
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
    """What ``decode`` checks, a block at a time: UTF-8 throughout, and not empty; and
    no line longer than ``LINE_MAX`` (a file of zeros, sparse or not, has one line)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0  # bytes handed to the decoder so far
    content = False
    line, run = 1, 0  # the line being read, and its bytes so far
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            first = block.find(b"\n")
            # Lines wholly inside a block are shorter than a block, itself under LINE_MAX.
            run += len(block) if first < 0 else first
            if run > LINE_MAX:
                raise InvalidInput(
                    f"{name}:{line}: the line is longer than {LINE_MAX // MB} MB; "
                    "a record of this tool is never that long"
                )
            if first >= 0:
                line += block.count(b"\n")
                run = len(block) - block.rfind(b"\n") - 1
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
