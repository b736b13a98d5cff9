"""Check 3: kill -9 in the middle of a write, again and again; nothing is ever half-done."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Cli
from reliability.conftest import check_invariants

pytestmark = [pytest.mark.slow, pytest.mark.reliability]
TRIALS = int(os.environ.get("NEWSROOM_CRASH_TRIALS", "12"))  # 50 by hand


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def kill_soon(proc: subprocess.Popen[bytes], rng: random.Random, low: float, high: float) -> bool:
    """SIGKILL after a random delay; True if it was still running (really killed)."""
    time.sleep(rng.uniform(low, high))
    alive = proc.poll() is None
    if alive:
        proc.kill()
    proc.wait(timeout=60)
    return alive


def test_kill_during_add_and_edit(cli: Cli, db_path: Path) -> None:
    rng = random.Random(3)
    cli.add("Artikel awal", "-t", "Berita", "--body", "isi " * 2000)
    acknowledged: list[str] = []
    for trial in range(TRIALS):
        title = f"Tambah {trial}"
        proc = start(
            "add", "--title", title, "-t", "Berita", "-t", f"T{trial}", "--body", "kata " * 5000
        )
        if not kill_soon(proc, rng, 0.05, 0.4) and proc.returncode == 0:
            acknowledged.append(title)
        proc = start("edit", "1", "--title", f"Judul {trial}", "--body", f"isi {trial} " * 3000)
        kill_soon(proc, rng, 0.05, 0.4)
        check_invariants(db_path)
    titles = {r["title"] for r in cli.json("list", "--format", "json", "--limit", "0")}
    assert set(acknowledged) <= titles  # every acknowledged commit is there


def test_kill_during_tag_rename(cli: Cli, db_path: Path) -> None:
    rng = random.Random(4)
    for number in range(150):
        cli.add(f"Rilis {number}", "-t", "Lama", "-t", "Berita")
    names = ["Lama", "Baru"]
    for _ in range(TRIALS):
        old, new = names
        proc = start("tags", "rename", old, new)
        kill_soon(proc, rng, 0.1, 0.8)
        check_invariants(db_path)
        tags = {t["name"]: t["articles"] for t in cli.json("tags", "--format", "json")}
        # all or nothing: every article carries exactly one of the two spellings
        assert tags.get("Lama", 0) + tags.get("Baru", 0) == 150
        assert 150 in (tags.get("Lama", 0), tags.get("Baru", 0))
        if tags.get(new) == 150:
            names = [new, old]


def wait_for_first_file(db: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.01)
            try:
                if conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
                    return
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # busy committing: look again
        time.sleep(0.002)


def test_kill_during_import_of_many_files(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    rng = random.Random(5)
    folder = tmp_path / "impor"
    folder.mkdir()
    for number in range(200):
        records = [
            {"title": f"Berkas {number} artikel {k}", "tags": [f"berkas-{number}"], "body": "isi"}
            for k in range(3)
        ]
        (folder / f"{number:03d}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
        )
    cli("list")  # the schema exists: every trial starts with the same empty database
    empty = db_path.read_bytes()
    partial = 0
    for _ in range(TRIALS):
        db_path.write_bytes(empty)  # a fresh start, or later imports would only skip
        proc = start("import", str(folder))
        wait_for_first_file(db_path, proc)  # the whole import takes about half a second
        kill_soon(proc, rng, 0.0, 0.3)
        check_invariants(db_path)
        conn = sqlite3.connect(db_path)
        counts = conn.execute(
            "SELECT t.name, count(*) FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            "WHERE t.name LIKE 'berkas-%' GROUP BY t.name"
        ).fetchall()
        conn.close()
        assert all(count == 3 for _, count in counts), "a file went in partly"
        partial += 0 < len(counts) < 200
    assert partial >= TRIALS // 2, f"only {partial} of {TRIALS} kills landed mid-import"


def _photo(path: Path, seed: int) -> Path:
    """A distinct JPEG each trial (the same one would find its renditions made already)."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.effect_noise((2400, 1800), 60).convert("RGB")
    image.paste((rng.randrange(256), rng.randrange(256), 90), (0, 0, 1200, 900))
    image.save(path, "JPEG", quality=90)
    return path


def test_kill_during_photo_add(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    """kill -9 at any moment of `photo add`: the photo is whole (file, renditions, row,
    revision) or absent; a file no row names is only ever swept, never a row without
    its file. `db check` stays clean throughout, and `--fix` leaves nothing stray."""
    rng = random.Random(12)
    cli.add("Rapat Koordinasi Pengawasan", "--body", "Isi rilis.")
    store = Path(f"{db_path}-photos")
    acknowledged = 0
    landed_mid_way = 0
    for trial in range(TRIALS):
        photo = _photo(tmp_path / f"foto-{trial}.jpg", trial)
        proc = start("photo", "add", "1", str(photo), "--caption", f"Foto {trial}")
        if trial % 2:
            killed = kill_soon(proc, rng, 0.05, 0.9)  # anywhere in the command
        else:  # aimed: once its files start to appear, before or after the row commits
            tmp = store / "tmp"
            deadline = time.monotonic() + 30
            while (
                proc.poll() is None
                and time.monotonic() < deadline
                and not (tmp.is_dir() and any(tmp.iterdir()))
            ):
                time.sleep(0.001)
            killed = kill_soon(proc, rng, 0.0, 0.03)
        if not killed and proc.returncode == 0:
            acknowledged += 1
        check_invariants(db_path)
        report = cli.json("db", "check", "--format", "json")
        assert report["ok"] is True, report
        assert report["photo_problems"] == []  # no row ever names a missing or partial file
        rows = cli.json("photo", "list", "1", "--format", "json")
        shas = {p["sha256"] for p in rows}
        for sha in shas:  # every photo in the article has its original and renditions
            assert (store / "originals" / sha[:2] / sha).is_file()
            assert (store / "renditions" / sha[:2] / sha / "w480.jpg").is_file()
        leftovers = (store / "tmp").is_dir() and any((store / "tmp").iterdir())
        if killed and (report["unused_photos"] or leftovers):
            landed_mid_way += 1  # files written, row not committed: swept below
        assert cli.json("db", "check", "--fix", "--format", "json")["ok"] is True
        assert cli.json("photo", "list", "1", "--format", "json") == rows  # the sweep kept them
    assert len(cli.json("photo", "list", "1", "--format", "json")) >= acknowledged
    swept = cli.json("db", "check", "--fix", "--format", "json")
    assert swept["ok"] is True
    after = cli.json("db", "check", "--format", "json")
    assert after["unused_photos"] == []
    assert not (store / "tmp").exists() or not any((store / "tmp").iterdir())
    assert landed_mid_way >= 1, "no kill landed between the files and the row"
