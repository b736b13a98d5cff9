"""Rendering many pages on every core, in worker processes.

Markdown and templates are pure CPU work; on a full export of 10,000
releases they are nearly all of the time. Workers are *spawned* (never forked
with the database connection open), ignore Ctrl-C (the main process handles
it, so no worker prints a traceback), and get a bounded window of work so
that bodies are never all in memory at once. The main process loads bodies
from the database and plans where each page goes (``FolderWriter.slot``: its
folders made real, its previous hash); a worker renders the page and puts it in
place itself, through the staging folder, and the main process records what
was written. Pages never travel back through a pipe, and the main process,
which would otherwise write all 15,000 files, keeps the workers fed.
Small jobs stay in-process: starting workers costs about 0.2 s.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom_cli.files.folder import digest, place
from newsroom_cli.formats.site import builder  # a module: builder imports this one too
from newsroom_cli.models import Article

if TYPE_CHECKING:
    from newsroom_cli.files.folder import Slot
    from newsroom_cli.formats.site.builder import Loader, Sink, Site

BATCH = 100  # articles per job
LIST_BATCH = 50  # list pages per job
PARALLEL_FROM = 400  # pages; below this the workers' start-up is not worth it

Rendered = list[tuple[str, bytes, str, str]]  # path, bytes, key, sha256 (hashed by the worker)
Placed = list[tuple[str, str, str, bool]]  # path, key, sha256, whether the file was written


@dataclass(frozen=True)
class ListPage:
    heading: str
    folder: str
    page: int
    pages: int
    items: list[Article]
    key: str


@dataclass(frozen=True)
class SiteParams:
    """Enough to rebuild the ``Site`` in a worker without the index."""

    settings: dict[str, str]
    lang: str
    page_size: int
    tag_slugs: dict[str, str]
    category_slugs: dict[str, str]
    templates: Path | None

    def site(self) -> Site:
        return builder.Site(
            settings=self.settings,
            lang=self.lang,
            page_size=self.page_size,
            index=[],
            tag_slugs=self.tag_slugs,
            templates=self.templates,
            category_slugs=dict(self.category_slugs),
        )


Job = tuple[list[tuple[Article, str]], list[ListPage]]
PlacedJob = tuple[Job, list["Slot"]]  # and where each of its pages goes, in order

_WORKER_SITE: Site | None = None
_WORKER_STAGING = ""
_WORKER_TEMPS = 0
_WORKER_PARENT = 0


def _start_worker(params: SiteParams, parent: int, staging: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    global _WORKER_SITE, _WORKER_STAGING, _WORKER_PARENT
    _WORKER_SITE = params.site()
    _WORKER_STAGING = staging
    _WORKER_PARENT = parent


def _exit_with_parent(parent: int) -> None:
    """If the main process is killed (kill -9), stop too instead of waiting forever.

    A spawned worker holds both ends of its task queue, so it never sees the
    parent's end close; without this it would linger, and so would its
    semaphores in /dev/shm. ``parent`` is the main process's pid, passed in:
    the main process may already be gone when the worker starts.
    """
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _render(site: Site, job: Job) -> Rendered:
    articles, lists = job
    done: Rendered = []
    for article, key in articles:
        html = site.render_article(article)
        done.append((site.article_path(article), html, key, digest(html)))
    for page in lists:
        section = builder.Section(page.heading, page.folder)
        html = site.render_list(section, page.page, page.pages, page.items)
        done.append((section.path(page.page), html, page.key, digest(html)))
    return done


def _render_in_worker(placed_job: PlacedJob) -> Placed:
    """Render a job's pages and put each where the main process planned it."""
    global _WORKER_TEMPS
    assert _WORKER_SITE is not None
    job, slots = placed_job
    done: Placed = []
    for (path, data, key, sha), slot in zip(_render(_WORKER_SITE, job), slots, strict=True):
        if os.getppid() != _WORKER_PARENT:
            # The export was killed: write nothing more. A new export may already be
            # writing this folder, and an old page must never land after its new one.
            os._exit(1)
        _WORKER_TEMPS += 1
        temp = f"{_WORKER_STAGING}/{os.getpid()}-{_WORKER_TEMPS}.tmp"
        done.append((path, key, sha, place(slot, data, sha, temp)))
    return done


def _paths(site: Site, job: Job) -> list[str]:
    """The paths of a job's pages, in the order ``_render`` renders them."""
    articles, lists = job
    paths = [site.article_path(article) for article, _ in articles]
    return paths + [builder.Section(p.heading, p.folder).path(p.page) for p in lists]


def _jobs(stale: list[tuple[Article, str]], lists: list[ListPage], load: Loader) -> Iterator[Job]:
    for start in range(0, len(stale), BATCH):
        batch = stale[start : start + BATCH]
        keys = {a.id: key for a, key in batch}
        full = load([a.id for a, _ in batch if a.id is not None])
        yield [(a, keys[a.id]) for a in full], []
    for start in range(0, len(lists), LIST_BATCH):
        yield [], lists[start : start + LIST_BATCH]


def workers(pages: int) -> int:
    """How many processes: ``$NEWSROOM_WORKERS``, else every core for big jobs."""
    wanted = os.environ.get("NEWSROOM_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return (os.cpu_count() or 1) if pages >= PARALLEL_FROM else 1


def render_all(
    site: Site,
    stale: list[tuple[Article, str]],
    lists: list[ListPage],
    load: Loader,
    sink: Sink,
    progress: Callable[[int], None] | None,
    before: Callable[[Job], None] = lambda job: None,
) -> None:
    """Render every stale page; ``before(job)`` runs in this process just before a
    job's pages are rendered or sent to a worker (the builder places photos there)."""

    def deliver(rendered: Rendered) -> None:
        for path, data, key, sha in rendered:
            sink.write(path, data, key, sha)
            if progress and path.startswith("articles/"):
                progress(1)

    count = workers(len(stale) + len(lists))
    if count <= 1:
        for job in _jobs(stale, lists, load):
            before(job)
            deliver(_render(site, job))
        return
    params = SiteParams(
        site.settings,
        site.lang,
        site.page_size,
        site.tag_slugs,
        site.category_slugs,
        site.templates,
    )
    pending: deque[Future[Placed]] = deque()

    def record(placed: Placed) -> None:
        for path, key, sha, written in placed:
            sink.record(path, key, sha, written)
            if progress and path.startswith("articles/"):
                progress(1)

    with ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(params, os.getpid(), str(sink.staging)),
    ) as pool:
        try:
            for job in _jobs(stale, lists, load):
                before(job)
                slots = [sink.slot(path) for path in _paths(site, job)]
                pending.append(pool.submit(_render_in_worker, (job, slots)))
                if len(pending) >= 2 * count:
                    record(pending.popleft().result())
            while pending:
                record(pending.popleft().result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise
