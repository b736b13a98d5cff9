"""Long bodies: `check`, `publish` and `search` on a body at the 1 MB limit.

Target (reliability round two, check 33): every linter rule linear, `check` of a
1 MB body in at most 1 s; a search for a word the body repeats 140,000 times as
fast as any other (FTS5's snippet() took 63 s on 500 KB). Two bodies: a realistic
one (paragraphs of ordinary sentences) and a hostile one (one word, repeated,
in one paragraph: 70,000 doubled-word findings). Run by hand:

    python bench/long_body.py --runs 5

Each command is a fresh process; medians; the load average is printed before and
after. Numbers go in closing notes, not in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BODIES = {
    "realistic": ("Rapat koordinasi pengawasan tahapan pemilu di aula kantor. " * 20 + "\n\n")
    * 850,
    "hostile": "Pemilu " * 140_000,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    newsroom = [sys.executable, "-m", "newsroom_cli"]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "NEWSROOM_DB": str(Path(folder) / "bench.db")}
        for number, (name, body) in enumerate(BODIES.items(), start=1):
            path = Path(folder) / f"{name}.md"
            path.write_text(body, encoding="utf-8")
            subprocess.run([*newsroom, "add", "--title", f"Rilis {name}", "--body-file", str(path)],
                           env=env, check=True, capture_output=True)  # fmt: skip
            print(f"{name}: {len(body.encode()):,} bytes")
            for label, command in (
                ("check (table)", ["check", str(number)]),
                ("check --format json", ["check", str(number), "--format", "json"]),
                ("search pemilu", ["search", "pemilu"]),
                ("search pemilu --format ids", ["search", "pemilu", "--format", "ids"]),
            ):
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    subprocess.run([*newsroom, *command], env=env, capture_output=True, check=False)
                    times.append(time.perf_counter() - start)
                print(f"  {label:<28} median {statistics.median(times):6.3f} s")
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
