"""Photo benchmark: inspect() and renditions() on a 12-megapixel JPEG.

Target: every rendition of a 4000 x 3000 JPEG (what most phones write) in at most
0.5 s, median, on the project's 2-core machine. Run by hand, from a checkout with the
project and Pillow importable:

    PYTHONPATH=src python bench/photos.py --runs 10

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
import sys
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
    args = parser.parse_args()

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
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
