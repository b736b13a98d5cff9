"""Getting articles in and out: `import` and `export`."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import (
    FilterAuthorOpt,
    FilterCategoryOpt,
    FilterTagOpt,
    SinceOpt,
    StatusOpt,
    UntilOpt,
)
from newsroom_cli.errors import InvalidInput, NewsroomError
from newsroom_cli.formats import EXPORTERS, EXTENSIONS, FOLDER_DEFAULTS, IMPORTERS, read

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


def _files(paths: list[str], fmt: str) -> list[Path | None]:
    """Every file to read, folders walked recursively; None stands for stdin."""
    found: list[Path | None] = []
    for raw in paths:
        if raw == "-":
            if fmt == "auto":
                raise InvalidInput("reading stdin ('-') needs --format, e.g. --format jsonl")
            found.append(None)
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS
            )
        elif path.exists():
            found.append(path)
        else:
            raise InvalidInput(f"{raw}: no such file or folder")
    return found


def _read(path: Path | None, fmt: str) -> tuple[str, str, str]:
    """(name, format, text) of one input, decoded strictly as UTF-8."""
    name = "stdin" if path is None else str(path)
    data = sys.stdin.buffer.read() if path is None else path.read_bytes()
    chosen = fmt
    if fmt == "auto":
        assert path is not None
        chosen = EXTENSIONS.get(path.suffix.lower(), "")
        if not chosen:
            raise InvalidInput(f"{name}: unknown file type; give --format ({', '.join(IMPORTERS)})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: not valid UTF-8 at byte {exc.start}") from exc
    return name, chosen, text.replace("\r\n", "\n")


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files or folders ('-' = stdin).")],
    fmt: Annotated[
        ImportFormat, typer.Option("--format", "-f", help="Input format; auto goes by extension.")
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
    """Import articles from files: this tool's own JSON and JSON Lines.

    Each file goes in whole or not at all; a bad file is reported and the others
    still go in. Exits 1 if any file failed.

    \b
    Examples:
      newsroom import data/
      newsroom list --format jsonl | newsroom import - --format jsonl
    """
    from newsroom_cli.services import importing

    app_state = state(ctx)
    store, cfg = app_state.store, app_state.config
    total = importing.Tally()
    for path in _files(paths, fmt.value):
        name = "stdin" if path is None else str(path)
        try:
            name, chosen, text = _read(path, fmt.value)
            items = read(chosen, text, name)
            tally = importing.import_items(
                store,
                cfg,
                items,
                on_duplicate=on_duplicate.value,
                status=status.value if status else None,
                dry_run=dry_run,
            )
        except NewsroomError as exc:
            total.failed.append((name, str(exc)))
            continue
        except OSError as exc:
            total.failed.append((name, exc.strerror or str(exc)))
            continue
        total.add(tally)
    prefix = "Dry run: would have " if dry_run else ""
    output.info(
        f"{prefix}created {total.created}, updated {total.updated}, "
        f"skipped {total.skipped}, failed {len(total.failed)}"
    )
    for name, reason in total.failed:
        output.error(reason if reason.startswith(name) else f"{name}: {reason}")
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
        Path | None,
        typer.Option(
            "--out", "-o", help="A folder for folder formats; a file (default stdout) otherwise."
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
      newsroom export --format csv --tag Berita --since 1/1/2024 > berita-2024.csv
    """
    from newsroom_cli.cli.articles import build_filter
    from newsroom_cli.formats.folder import write_file_atomically
    from newsroom_cli.services import exporting

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
        folder = out or Path(FOLDER_DEFAULTS[name])
        with output.progress(f"Exporting {name}") as step:
            summary = exporting.export_folder(
                store, cfg, name, flt, folder, force=force, templates=templates, progress=step
            )
        output.info(
            f"Exported to {folder}: {summary.written} written, {summary.unchanged} unchanged, "
            f"{summary.removed} removed"
        )
        return
    chunks = exporting.export_stream(store, cfg, name, flt)
    if out is None:
        for chunk in chunks:
            output.write(chunk)
        return
    write_file_atomically(out, chunks)
    output.info(f"Exported to {out}")
