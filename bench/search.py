"""Search benchmark: `newsroom search WORD --limit 20` side by side with `newsroom list --limit 20`.

Target (issue 5): on 100,000 articles, a search for a common word takes at most
1.2x the time of `newsroom list --limit 20` on the same database. Run by hand,
from a checkout with the project importable:

    PYTHONPATH=src python bench/search.py --articles 100000 --runs 15

The database is built once, in-process, from bench/generate_corpus.py through the
project's own editing service (the path `import` takes, minus its per-file
duplicate checks) in one transaction, which is far quicker than `newsroom
import`. Keep it with `--db PATH` to time again without rebuilding. Each command
then runs as a fresh process, interleaved run by run so that both see the same
machine, and the medians, their ratio and each word's number of hits are
printed, followed by the queries alone timed in-process (what the start-up time
of a process hides). Numbers go in closing notes, not in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # generate_corpus, harness

from harness import compile_package, medians  # noqa: E402

# Words of the generated corpus by how many articles hold them: nearly all
# (~98%), a common one (~40%) and a rarer one (~5%).
DEFAULT_WORDS = ("pengawasan", "kampanye", "sengketa")


def build(db: Path, articles: int, seed: int) -> float:
    """A database of ``articles`` generated releases; returns the seconds it took."""
    from generate_corpus import generate

    from newsroom_cli import config
    from newsroom_cli.formats.records import from_record
    from newsroom_cli.services import editing
    from newsroom_cli.store import open_store

    start = time.perf_counter()
    store = open_store(db)
    try:
        cfg = config.load(store)
        with store.write():
            for number, record in enumerate(generate(articles, seed)):
                item = from_record(record, f"record {number}")
                editing.create(store, cfg, item.changes, item.status)
    finally:
        store.close()
    return time.perf_counter() - start


def newsroom(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsroom_cli", *args]


def count(db: Path, env: dict[str, str], *args: str) -> int:
    done = subprocess.run(
        newsroom(*args, "--format", "count"), env=env, capture_output=True, check=True, text=True
    )
    return int(done.stdout)


def query_times(db: Path, words: list[str], runs: int) -> dict[str, float]:
    """Median seconds of the queries alone, in-process: what start-up hides."""
    from newsroom_cli import config
    from newsroom_cli.models import ArticleFilter
    from newsroom_cli.services import search
    from newsroom_cli.store import articles, open_store

    store = open_store(db)
    window = int(config.load(store).get("search.window"))
    calls = {"list": lambda: articles.select(store, ArticleFilter(limit=20))}
    for word in words:
        calls[f"search {word}"] = lambda w=word: search.find(
            store, ArticleFilter(limit=20), w, window
        )
        calls[f"search {word}, every match ranked"] = lambda w=word: search.find(
            store, ArticleFilter(limit=20), w, 0
        )
    times: dict[str, list[float]] = {name: [] for name in calls}
    try:
        for _ in range(runs):
            for name, call in calls.items():
                start = time.perf_counter()
                call()
                times[name].append(time.perf_counter() - start)
    finally:
        store.close()
    return {name: statistics.median(found) for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--db", type=Path, help="keep the database here (reused if present)")
    parser.add_argument("--word", action="append", help=f"default: {', '.join(DEFAULT_WORDS)}")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "search-bench.db"
        env = {**os.environ, "NEWSROOM_DB": str(db), "NO_COLOR": "1"}
        built = None
        if not db.exists():
            built = build(db, args.articles, args.seed)
        compile_package()
        total = count(db, env, "list")
        words = args.word or list(DEFAULT_WORDS)
        hits = {word: count(db, env, "search", word) for word in words}
        commands = {"newsroom list --limit 20": newsroom("list", "--limit", "20")}
        commands |= {
            f"newsroom search {word} --limit 20": newsroom("search", word, "--limit", "20")
            for word in words
        }
        found = medians(commands, args.runs, env)
        queries = query_times(db, words, args.runs)
        size = db.stat().st_size

    base = found["newsroom list --limit 20"]
    if args.json:
        summary = {"articles": total, "bytes": size, "hits": hits}
        print(json.dumps(summary | {"medians_s": found, "query_medians_s": queries}))
        return
    made = f", built in {built:.0f} s" if built is not None else ""
    print(f"database: {total} articles, {size / 1e6:.1f} MB{made}")
    print(f"median of {args.runs} runs, each a fresh process:")
    for name, seconds in found.items():
        word = name.split()[2] if name.startswith("newsroom search") else None
        note = f"  ({hits[word]} hits, {hits[word] / max(total, 1):.0%})" if word else ""
        print(f"{seconds * 1000:8.1f} ms  {seconds / base:5.2f}x  {name}{note}")
    print(f"median of {args.runs} runs of the query alone, in-process (limit 20):")
    for name, seconds in queries.items():
        print(f"{seconds * 1000:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
