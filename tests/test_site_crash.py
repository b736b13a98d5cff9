"""kill -9 in the middle of an export leaves a complete site: old or new, never torn."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import ROOT, Cli
from newsroom_cli.files.folder import MANIFEST, read_manifest, read_manifest_files
from site_helpers import Page

TRIALS = int(os.environ.get("NEWSROOM_CRASH_TRIALS", "12"))  # 50+ by hand


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def assert_complete(out: Path) -> int:
    header, _ = read_manifest(out / MANIFEST)
    manifest = {**header, "files": read_manifest_files(out / MANIFEST)}
    for path in list(manifest["files"]) + list(manifest.get("remove", [])):
        target = out / path
        if path in manifest.get("remove", []) and not target.exists():
            continue  # pending removal, already done
        data = target.read_bytes()
        assert data, f"{path} is empty"
        if path.endswith(".html"):
            text = data.decode("utf-8")
            assert text.rstrip().endswith("</html>"), f"{path} is truncated"
            Page(text)
        elif path.endswith(".xml"):
            ET.fromstring(data)
    return len(manifest["files"])


@pytest.mark.slow
def test_sigkill_during_export(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate_corpus.py"), "300", "--out", str(corpus)],
        check=True,
        capture_output=True,
    )
    cli("import", str(corpus))
    out = tmp_path / "site"
    command = [
        sys.executable,
        "-m",
        "newsroom_cli",
        "export",
        "--format",
        "html",
        "--out",
        str(out),
    ]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    # Kills land anywhere in a full export, however fast this machine makes one.
    latest = max(0.2, 0.9 * (time.monotonic() - started))
    assert assert_complete(out) > 300
    rng = random.Random(20261126)
    killed = 0
    for trial in range(TRIALS):
        cli("config", "site.title", f"Situs percobaan {trial}")  # every page changes
        proc = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # an unread pipe could block a dying worker's last words
            env={**os.environ, "NEWSROOM_WORKERS": "2" if trial % 2 else "1"},
        )
        time.sleep(rng.uniform(0.05, latest))
        workers = children(proc.pid)
        if proc.poll() is None:
            proc.kill()
            killed += 1
        proc.wait(timeout=60)
        assert_complete(out)
        deadline = time.monotonic() + 5
        while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        lingering = [w for w in workers if Path(f"/proc/{w}/stat").exists()]
        assert not lingering, f"worker processes outlived the killed export: {lingering}"
    assert killed >= TRIALS // 2, "the kills should mostly land mid-export"
    result = cli("export", "--format", "html", "--out", str(out))
    assert "Exported to" in result.stderr
    assert not (out / ".newsroom-staging").exists()
    assert f"Situs percobaan {TRIALS - 1}" in (out / "index.html").read_text()
    assert_complete(out)


@pytest.mark.slow
def test_ctrl_c_during_export(cli: Cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate_corpus.py"), "300", "--out", str(corpus)],
        check=True,
        capture_output=True,
    )
    cli("import", str(corpus))
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out))
    cli("config", "site.title", "Judul baru")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", "export", "--format", "html", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20  # signal once the export is under way, not at start-up
    while not (out / ".newsroom-staging").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the export finished before Ctrl-C arrived")
    assert proc.returncode == 1
    assert err.decode().strip().splitlines()[-1] == "Aborted!"
    assert b"Traceback" not in err
    assert_complete(out)
    assert not (out / ".newsroom-staging").exists()


def test_disk_full_keeps_the_previous_site(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import one_error_line
    from newsroom_cli.files.folder import FolderWriter
    from site_helpers import FIXTURE

    cli("import", str(FIXTURE))
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_write = FolderWriter.write
    calls = {"n": 0}

    def failing(self: FolderWriter, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FolderWriter, "write", failing)
    cli("config", "site.title", "Judul yang tidak sempat terbit")
    result = cli("export", "--format", "html", "--out", str(out), code=1)
    assert one_error_line(result.stderr) == "Error: the disk is full"
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert set(after) == set(before)  # nothing removed, no temp file left
    assert after[out / ".newsroom-manifest.json"] == before[out / ".newsroom-manifest.json"]
    assert_complete(out)
