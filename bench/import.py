"""Import benchmark: N generated releases through `newsroom import`, as a fresh process.

Target (issue 4): 10,000 JSONL articles import in under 5 s on the 2-core
development machine. Run by hand:

    python bench/import.py --articles 10000 --runs 3

Each run imports the corpus into a new, empty database (the whole command,
start-up included, timed from outside), then the script checks what must
still hold after a bulk import: every article stored, `db check` clean
(integrity, foreign keys, search index in step) and one revision per article.
A second timing imports the same file again into the filled database, where
every record is a duplicate and is skipped. `--format md` times a folder of
Markdown files instead (one transaction per file). Numbers go in closing
notes, not in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEWSROOM = [sys.executable, "-m", "newsroom_cli"]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stderr.splitlines()[0] if done.stderr else ""


def check(db: Path, env: dict[str, str], expected: int) -> None:
    """The invariants of the single-article path, after a bulk import."""
    report = subprocess.run(
        [*NEWSROOM, "db", "check", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(report.stdout)
    conn = sqlite3.connect(db)
    revisions, bad = conn.execute(
        "SELECT count(*), sum(a.revision != 1) FROM revisions r "
        "JOIN articles a ON a.id = r.article_id"
    ).fetchone()
    conn.close()
    problems = []
    if data["articles"] != expected:
        problems.append(f"{data['articles']} articles stored, expected {expected}")
    if not data["ok"]:
        problems.append(f"db check not ok: {data['fts_problems'][:3]} {data['integrity'][:3]}")
    if revisions != expected or bad:
        problems.append(f"{revisions} revisions, {bad} articles not at revision 1")
    if problems:
        sys.exit("; ".join(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=("jsonl", "md"), default="jsonl")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / ("corpus.jsonl" if args.format == "jsonl" else "corpus")
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_corpus.py"),
                str(args.articles),
                "--format",
                args.format,
                "--status",
                "mixed",
                "--out",
                str(corpus),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        fresh: list[float] = []
        again: list[float] = []
        for run in range(args.runs):
            db = Path(folder) / f"run{run}.db"
            env = {**os.environ, "NEWSROOM_DB": str(db), "NO_COLOR": "1"}
            seconds, summary = timed([*NEWSROOM, "import", str(corpus)], env)
            fresh.append(seconds)
            print(f"run {run + 1}: {seconds:6.2f} s  empty database   ({summary})")
            check(db, env, args.articles)
            seconds, summary = timed([*NEWSROOM, "import", str(corpus)], env)
            again.append(seconds)
            print(f"run {run + 1}: {seconds:6.2f} s  same file again  ({summary})")
        print(
            f"median of {args.runs}: {statistics.median(fresh):.2f} s into an empty database, "
            f"{statistics.median(again):.2f} s re-importing "
            f"({args.articles} {args.format} articles)"
        )


if __name__ == "__main__":
    main()
