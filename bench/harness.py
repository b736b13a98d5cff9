"""What the benchmarks share: bytecode in place, and commands timed side by side."""

from __future__ import annotations

import compileall
import statistics
import subprocess
import time
from pathlib import Path


def compile_package() -> None:
    """Bytecode in place before timing, as pip leaves an installed package.

    The libraries a benchmark compares against have their ``.pyc`` files; an
    editable checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the
    development machine) would otherwise compile newsroom's modules again in
    every timed process.
    """
    import newsroom_cli

    compileall.compile_dir(Path(newsroom_cli.__file__).parent, quiet=1)


def medians(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns run by run so that
    all of them see the same machine (after one untimed run each, to warm the file cache)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}
