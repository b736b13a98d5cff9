"""Start-up benchmark: common commands against the cost of importing their libraries.

Target (issue 2): on a database of 10,000 articles, `newsroom list --limit 20`,
`newsroom show ID` and `newsroom --help` each take no longer than
`python -c "import typer, rich.table, sqlite_utils, slugify"` on the same
machine in the same run (median of 20 runs each). Run by hand:

    python bench/startup.py --articles 10000 --runs 20
    python bench/startup.py --against ../before    # another checkout, side by side

It builds the database once (from bench/generate_corpus.py) in a temporary
folder, then times each command as a fresh process and prints the medians and
the ratios to the baseline. Numbers go in closing notes, not in tests.

Bytecode is compiled first, as pip does on install (see harness.py).
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # harness

from harness import compile_package, medians  # noqa: E402

BASELINE = [sys.executable, "-c", "import typer, rich.table, sqlite_utils, slugify"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout of newsroom (e.g. a git worktree of an older commit), "
        "whose commands are timed in the same run, for before/after tables",
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        db = Path(folder) / "bench.db"
        env = {**os.environ, "NEWSROOM_DB": str(db), "NO_COLOR": "1"}
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_corpus.py"),
                str(args.articles),
                "--out",
                str(corpus),
            ],
            check=True,
        )
        compile_package()
        start = time.perf_counter()
        newsroom = [sys.executable, "-m", "newsroom_cli"]
        subprocess.run([*newsroom, "import", str(corpus)], env=env, check=True)
        print(f"imported {args.articles} articles in {time.perf_counter() - start:.1f} s")
        middle = str(args.articles // 2)
        commands = {
            "baseline (import typer, rich.table, sqlite_utils, slugify)": BASELINE,
            "newsroom list --limit 20": [*newsroom, "list", "--limit", "20"],
            f"newsroom show {middle}": [*newsroom, "show", middle],
            "newsroom --help": [*newsroom, "--help"],
        }
        if args.against is not None:
            other = args.against.resolve() / "src"
            compileall.compile_dir(other / "newsroom_cli", quiet=1)
            here = Path(__file__).resolve().parent.parent / "src"
            for name, command in list(commands.items())[1:]:
                commands[name] = ["env", f"PYTHONPATH={here}", *command]
                commands[f"{name} [{args.against}]"] = ["env", f"PYTHONPATH={other}", *command]
        results = medians(commands, args.runs, env)
        print(f"load average after: {os.getloadavg()}")
    base = next(iter(results.values()))
    for name, seconds in results.items():
        print(f"{seconds * 1000:8.1f} ms  {seconds / base:5.2f}x  {name}")


if __name__ == "__main__":
    main()
