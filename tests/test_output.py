"""Terminal output: piped text is plain and whole; user text is never Rich markup."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Cli, run_cli, run_in_terminal

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
LONG_TITLE = (
    "Bawaslu Kabupaten Bengkalis Menggelar Rapat Koordinasi Pengawasan Tahapan Pemutakhiran "
    "Data Pemilih Bersama Panwaslu Kecamatan Se-Kabupaten"
)


def test_piped_list_has_no_ansi_and_no_cut_words(cli: Cli) -> None:
    cli.add(LONG_TITLE, "-t", "Berita", "-t", "Pengawasan Partisipatif Masyarakat Desa")
    env = {"NO_COLOR": "", "TERM": "xterm-256color"}
    result = run_cli("list", env=env)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert not ANSI.search(out)
    assert LONG_TITLE in out  # the whole headline on one line
    assert "Pengawasan Partisipatif Masyarakat Desa" in out
    assert "…" not in out


def test_markup_in_fields_is_shown_literally(cli: Cli) -> None:
    title = "[bold red]Awas[/] [/] [id] \\[x]"
    cli.add(title, "-t", "[b]tag[/b]", "--dateline", "[link=x]Kota[/link]", "--body", "[i]isi[/i]")
    listed = cli("list").stdout
    assert title in listed
    assert "[b]tag[/b]" in listed
    shown = cli("show", "1").stdout
    assert title in shown
    assert "[link=x]Kota[/link]" in shown
    assert "[i]isi[/i]" in shown


def test_control_characters_are_removed_from_single_line_fields(cli: Cli) -> None:
    record = cli.add("Judul\x1b[2J\x00 dengan\x0b kontrol\nbaris", "--author", "A\x07B")
    assert record["title"] == "Judul[2J dengan kontrol baris"
    assert record["author"] == "AB"
    assert "\x1b" not in cli("list").stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_color_is_honoured_in_a_terminal(cli: Cli, tmp_path: Path) -> None:
    cli.add("Berwarna", "-t", "Berita", "--body", "Isi rilis.")
    cli("publish", "1")

    def in_terminal(no_color: bool) -> str:
        env = {"TERM": "xterm-256color", "COLUMNS": "120", "NO_COLOR": "1" if no_color else ""}
        return run_in_terminal("diff", "1", env=env)[1]

    coloured = in_terminal(no_color=False)
    plain = in_terminal(no_color=True)
    assert ANSI.search(coloured), "a terminal gets colour"
    assert not re.search(r"\x1b\[[0-9;]*3\dm", plain), "NO_COLOR: no colour codes"
    assert "+date: '" in ANSI.sub("", plain)  # publishing set the release date


def test_closed_pipe_is_quiet(cli: Cli) -> None:
    for number in range(60):  # about 180 KB of JSON Lines: more than a pipe buffer
        cli.add(f"Artikel {number}", "--body", "kata " * 600)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", "list", "--format", "jsonl", "--limit", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err
    assert b"BrokenPipe" not in err
