"""Check 19: control characters and Rich markup in the data, on a real terminal and in pipes.

Hostile text goes in through argv and through `import` (the only way to carry
NUL). Single-line fields lose their control characters; bodies keep lines but
lose the rest. On a pseudo-terminal (where Rich styles its output) every
command shows the brackets literally, loses no text, never raises
``MarkupError`` and never lets an escape sequence from the data through; piped
output carries no escape code at all; the feeds still parse.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest

from conftest import run_cli
from reliability.conftest import check_invariants

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal"),
]

SGR = re.compile(rb"\x1b\[[0-9;]*m")  # Rich's own colours and bold
TITLE = "[bold red]Awas[/] [/] [id] \\[x] :smile: \x1b[2J\x1b]0;judul\x07 akhir\x0b judul"
TITLE_SHOWN = "[bold red]Awas[/] [/] [id] \\[x] :smile: [2J]0;judul akhir judul"
BODY = (
    "[i]miring[/i] \x1b[31mmerah\x1b[0m [/] [link=https://contoh.id]tautan[/link]\n\nBaris @click"
)
BODY_SHOWN = "[i]miring[/i] [31mmerah[0m [/] [link=https://contoh.id]tautan[/link]"
IMPORTED = {
    "title": "Impor\u0000 dengan NUL\u001b[2J dan [red]markup[/red]",
    "summary": "Ringkas\u0000an [b]tebal[/b]\u000b",
    "body": "Isi\u0000 \u001b]8;;https://jahat.example\u0007tautan\u001b]8;;\u0007 [/]\n",
    "tags": ["[/b]", "Tag\u0000Nol"],
    "author": "[/author]\u0008",
    "status": "published",
    "published_at": "2020-06-28T09:00:00+07:00",
}
COMMANDS: list[tuple[str, ...]] = [
    ("list",),
    ("show", "1"),
    ("show", "2"),
    ("search", "miring"),
    ("search", "markup"),
    ("tags",),
    ("history", "1"),
    ("diff", "1"),
    ("stats",),
]
DATA_ESCAPES = (b"\x1b[2J", b"\x1b]", b"\x07", b"\x00", b"\x0b", b"\x08", b"[31m\x1b", b"\x1b[31m")


@pytest.fixture
def hostile(db_path: Path, tmp_path: Path) -> Path:
    added = run_cli(
        "add", "--title", TITLE, "--body", BODY, "--dateline", "[link=x]Kota[/link]\x1b[1m",
        "-t", "[b]tag[/b]", "-t", "[/]", "--summary", "[red]ringkas\x1b]0;x\x07",
        "--status", "published", "--date", "29/6/2020", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["title"] == TITLE_SHOWN
    assert run_cli("edit", "1", "--body", BODY + "\n\nParagraf kedua.").returncode == 0
    records = tmp_path / "impor.jsonl"
    records.write_text(json.dumps(IMPORTED) + "\n", encoding="utf-8")
    imported = run_cli("import", str(records))
    assert imported.returncode == 0, imported.stderr
    return db_path


def in_terminal(*args: str, columns: int = 250) -> tuple[int, bytes]:
    """Run the CLI on a pseudo-terminal (stdout and stderr) of ``columns`` columns."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns)}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", *args], stdout=child, stderr=child, env=env
    )
    os.close(child)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the child side closed
            break
        if not data:
            break
        chunks.append(data)
    code = proc.wait(timeout=30)
    os.close(main)
    return code, b"".join(chunks)


def test_hostile_fields_are_stored_clean(hostile: Path) -> None:
    records = json.loads(run_cli("list", "--format", "json").stdout)
    imported = next(r for r in records if r["title"].startswith("Impor"))
    assert imported["title"] == "Impor dengan NUL[2J dan [red]markup[/red]"
    assert imported["summary"] == "Ringkasan [b]tebal[/b]"
    assert imported["author"] == "[/author]"
    assert imported["tags"] == ["[/b]", "TagNol"]
    assert imported["body"] == "Isi ]8;;https://jahat.exampletautan]8;; [/]\n"
    controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    for record in records:
        for value in (*record.values(), *record["tags"]):
            assert not (isinstance(value, str) and controls.search(value)), (value, record)
    check_invariants(hostile)


def test_on_a_terminal_markup_is_literal_and_no_data_escape_gets_through(hostile: Path) -> None:
    for args in COMMANDS:
        code, screen = in_terminal(*args)
        assert code == 0, (args, screen)
        assert b"Traceback" not in screen, args
        assert b"MarkupError" not in screen, args
        assert SGR.search(screen), f"{args}: no styles on a terminal, so this test proves nothing"
        plain = SGR.sub(b"", screen)
        for escape in DATA_ESCAPES:
            assert escape not in plain, (args, escape, plain)
        assert b"\x1b" not in plain, (args, plain)  # nothing but Rich's own styles
        shown(args, plain.decode().replace("\r\n", "\n"))


def shown(args: tuple[str, ...], text: str) -> None:
    """The hostile values, whole and literal, in what ``args`` printed."""
    if args in (("list",), ("show", "1")):
        assert TITLE_SHOWN in text, (args, text)
        assert "[b]tag[/b]" in text, (args, text)
    if args == ("show", "1"):
        assert BODY_SHOWN in text, text
        assert "[link=x]Kota[/link][1m" in text, text
        assert "[red]ringkas]0;x" in text, text
    if args == ("show", "2"):
        assert "Impor dengan NUL[2J dan [red]markup[/red]" in text, text
        assert "[/author]" in text, text
    if args[0] == "tags":
        for name in ("[b]tag[/b]", "[/]", "[/b]", "TagNol"):
            assert re.search(rf"^{re.escape(name)}\s", text, re.M), (name, text)


def test_import_summary_on_a_terminal_names_markup_files_literally(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "[bold]rilis"
    folder.mkdir()
    for number in range(4):
        (folder / f"[red]{number}.jsonl").write_text(
            json.dumps({"title": f"[u]Rilis[/u] {number}"}) + "\n", encoding="utf-8"
        )
    (folder / "[link=x]rusak[red].md").write_bytes(b"\xff\xfe")
    code, screen = in_terminal("import", str(folder))
    assert code == 1
    plain = SGR.sub(b"", screen).decode()
    assert "Traceback" not in plain
    assert "MarkupError" not in plain
    assert "[link=x]rusak[red].md" in plain


def test_piped_output_has_no_escape_codes(hostile: Path) -> None:
    for args in COMMANDS:
        result = run_cli(*args, env={"NO_COLOR": "", "TERM": "xterm-256color"})
        assert result.returncode == 0, (args, result.stderr)
        assert b"\x1b" not in result.stdout + result.stderr, args
        assert b"\x07" not in result.stdout, args
        shown(args, result.stdout.decode())


def test_feeds_parse_with_the_hostile_data(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "situs"
    exported = run_cli("export", "--format", "html", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    streams: dict[str, bytes] = {}
    for fmt in ("atom", "rss"):
        done = run_cli("export", "--format", fmt)
        assert done.returncode == 0, done.stderr
        streams[fmt] = done.stdout
    sources: list[Path | bytes] = [out / "feed.xml", out / "rss.xml", *streams.values()]
    for source in sources:
        data = source.read_bytes() if isinstance(source, Path) else source
        ET.fromstring(data)  # well-formed XML: no control character slipped through
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        titles = {entry.title for entry in parsed.entries}
        assert TITLE_SHOWN in titles
        assert "Impor dengan NUL[2J dan [red]markup[/red]" in titles
