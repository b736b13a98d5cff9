"""Getting articles in and out: `import` and `export`."""

import os
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._errors import debug
from newsroom_cli.cli._options import (
    FilterAuthorOpt,
    FilterCategoryOpt,
    FilterTagOpt,
    SinceOpt,
    StatusOpt,
    UntilOpt,
    build_filter,
)
from newsroom_cli.errors import InvalidInput
from newsroom_cli.files.folder import write_file_atomically
from newsroom_cli.files.protected import protected
from newsroom_cli.formats import ARCHIVE_FILES, EXPORTERS, FOLDER_DEFAULTS, IMPORTERS
from newsroom_cli.services import exporting, importing, sources

app = typer.Typer()

ImportFormat = Enum("ImportFormat", {name: name for name in ("auto", *IMPORTERS)}, type=str)  # type: ignore[misc]
ExportFormat = Enum("ExportFormat", {name: name for name in EXPORTERS}, type=str)  # type: ignore[misc]


class OnDuplicate(str, Enum):
    skip = "skip"
    update = "update"
    new = "new"


class ImportStatus(str, Enum):
    draft = "draft"
    review = "review"
    published = "published"


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files or folders ('-' = stdin).")],
    fmt: Annotated[
        ImportFormat,
        typer.Option(
            "--format",
            "-f",
            help="Input format; auto goes by extension, then content: "
            + ", ".join(f"{name} ({entry.help})" for name, entry in IMPORTERS.items())
            + ".",
        ),
    ] = ImportFormat.auto,  # type: ignore[attr-defined]
    on_duplicate: Annotated[
        OnDuplicate,
        typer.Option(
            "--on-duplicate", help="Same slug, or same headline and date: skip, update or add anew."
        ),
    ] = OnDuplicate.skip,
    status: Annotated[
        ImportStatus | None,
        typer.Option("--status", help="Give every imported article this status."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; write nothing.")
    ] = False,
) -> None:
    """Import articles: Markdown, this tool's JSON/JSONL/CSV, text captures, saved pages.

    Folders are read recursively. Each file goes in whole or not at all; a bad
    file is reported with its reason and the others still go in. Ends with a
    summary (created, updated, skipped, failed); exits 1 if any file failed.

    \b
    Examples:
      newsroom import data/
      newsroom import arsip/*.md --status draft
      newsroom import tangkapan.txt --dry-run
      newsroom list --format jsonl | newsroom import - --format jsonl
    """
    app_state = state(ctx)
    store, cfg = app_state.store, app_state.config
    inputs = sources.collect(paths, fmt.value)
    total = importing.Tally()
    # A bar only for more than a few files: one file is over before a bar could help.
    bar = output.progress("Importing") if len(inputs) > 3 else nullcontext(None)
    try:
        with bar as step:
            importing.import_sources(
                store,
                cfg,
                inputs,
                fmt.value,
                total,
                on_duplicate=on_duplicate.value,
                status=status.value if status else None,
                dry_run=dry_run,
                progress=step,
                on_bug=output.traceback if debug() else None,
            )
    finally:  # Ctrl-C too: say what went in before "Aborted!"
        counts = {"created": total.created, "updated": total.updated, "skipped": total.skipped}
        output.import_summary(counts, total.failed, dry_run)
        output.not_read_summary(total.not_read)
        output.photo_summary(total.photos, total.remote_images, total.photos_skipped, dry_run)
    if total.failed:
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="What to write: " + ", ".join(EXPORTERS) + "."),
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="A folder for folder formats; a file (default stdout) otherwise. "
            "json, jsonl: a folder (existing, or ending in '/') takes the photos too.",
        ),
    ] = None,
    include_drafts: Annotated[
        bool, typer.Option("--include-drafts", help="Also drafts, reviews and scheduled ones.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder newsroom did not create.")
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates", help="html: a folder of templates overriding the built-in ones."
        ),
    ] = None,
    tag: FilterTagOpt = None,
    status: StatusOpt = None,
    category: FilterCategoryOpt = None,
    author: FilterAuthorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Export articles: published ones whose time has come, narrowed by the filters of list.

    Folder formats re-export safely: unchanged files are not rewritten, pages of
    articles no longer exported are removed, and a crash leaves the previous export.

    \b
    Examples:
      newsroom export --format html
      newsroom export --format html --tag Berita --out situs/ --templates tema/
      newsroom export --format md --out artikel/
      newsroom export --format jsonl --include-drafts --out arsip.jsonl
      newsroom export --format jsonl --include-drafts --out arsip/
      newsroom export --format csv --tag Berita --since 1/1/2024 > berita-2024.csv
    """
    app_state = state(ctx)
    store, cfg = app_state.store, app_state.config
    flt = build_filter(
        app_state,
        tag=tag,
        status=status.value if status else None,
        category=category,
        author=author,
        since=since,
        until=until,
        limit=0,
    )
    flt = exporting.selection(flt, include_drafts)
    name = fmt.value
    if EXPORTERS[name].kind in ("folder", "site"):
        folder = Path(out or FOLDER_DEFAULTS[name]).expanduser()  # a quoted '~' too
        with output.progress(f"Exporting {name}") as step:
            summary = exporting.export_folder(
                store, cfg, name, flt, folder, force=force, templates=templates, progress=step
            )
        output.info(
            f"Exported to {folder}: {summary.written} written, {summary.unchanged} unchanged, "
            f"{summary.removed} removed"
        )
        return
    as_folder = out is not None and (out.endswith(("/", os.sep)) or Path(out).expanduser().is_dir())
    if out is not None and as_folder:
        if name not in ARCHIVE_FILES:
            raise InvalidInput(f"--out {out} is a folder; {name} is written to a file: name one")
        folder = Path(out).expanduser()
        summary, photos = exporting.export_archive(store, cfg, name, flt, folder, force=force)
        output.info(
            f"Exported to {folder}: {ARCHIVE_FILES[name]} and {photos} "
            f"photo{'' if photos == 1 else 's'}; {summary.written} written, "
            f"{summary.unchanged} unchanged, {summary.removed} removed"
        )
        return
    carried = exporting.Carried()
    chunks = exporting.export_stream(store, cfg, name, flt, carried)
    if out is None:
        for chunk in chunks:
            output.write(chunk)
    else:
        write_file_atomically(Path(out), chunks, protected(app_state.db_path))
        output.info(f"Exported to {out}")
    if carried.photos:
        count = len(carried.photos)
        output.info(
            f"{count} photo{' was' if count == 1 else 's were'} not written: the records "
            "name them; use --out with a folder (such as arsip/) to carry them"
        )
