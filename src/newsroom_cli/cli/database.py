"""`newsroom db path|backup|check|migrate|reindex`: the database file itself."""

from pathlib import Path
from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import ReportFormat, ReportFormatOpt
from newsroom_cli.errors import DatabaseDamaged
from newsroom_cli.services import maintenance
from newsroom_cli.store import migrations
from newsroom_cli.store.db import damaged

db_app = typer.Typer(no_args_is_help=True)


@db_app.callback()
def db() -> None:
    """The database file: where it is, backups, checks and migrations.

    \b
    Examples:
      newsroom db path
      newsroom db check
    """


@db_app.command()
def path(ctx: typer.Context) -> None:
    """Print the path of the database in use (without opening it).

    \b
    Example:
      newsroom db path
    """
    output.write(f"{state(ctx).db_path}\n")


@db_app.command()
def backup(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(help="Backup file, or a folder to put it in.")],
) -> None:
    """Write a consistent copy of the database, safe while others are writing.

    \b
    Example:
      newsroom db backup ~/cadangan/newsroom-2026-11-26.db
    """
    app_state = state(ctx)
    written = maintenance.backup(app_state.store, dest.expanduser(), app_state.config.timezone)
    output.say(f"Backed up to {written}")


@db_app.command()
def check(
    ctx: typer.Context,
    fmt: ReportFormatOpt = ReportFormat.table,
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Remove photo files that nothing needs (a killed `photo add`)."),
    ] = False,
) -> None:
    """Check the database: integrity, schema, journal mode, search index, photos.

    Every photo is read back and compared with its hash. Exits 1 when a problem
    is found.

    \b
    Examples:
      newsroom db check
      newsroom db check --fix
      newsroom db check --format json
    """
    app_state = state(ctx)
    try:
        report = maintenance.check(app_state.store, fix=fix)
    except DatabaseDamaged:  # so damaged that SQLite cannot even list the damage
        raise damaged(app_state.db_path, checking=True) from None
    if fmt is ReportFormat.json:
        output.print_json(report.as_dict())
    else:
        problems = [p for p in report.integrity if p != "ok"] + report.foreign_keys
        problems += report.fts_problems + report.photo_problems
        output.console().print(
            output.meta_grid(
                [
                    ("Database", report.path),
                    ("SQLite", report.sqlite_version),
                    ("Journal mode", f"{report.journal_mode} ({report.journal_reason})"),
                    (
                        "Schema",
                        f"{report.schema_version} (this newsroom: {report.code_schema_version})",
                    ),
                    ("Articles", str(report.articles)),
                    ("Integrity", "ok" if report.integrity == ["ok"] else "PROBLEMS"),
                    ("Search index", "in step" if not report.fts_problems else "OUT OF STEP"),
                    ("Photos", _photos_line(report)),
                    ("Problems", "\n".join(problems[:50])),
                ]
            )
        )
        if report.integrity != ["ok"]:
            output.say(
                "The database is damaged: restore a backup, or save what SQLite can still "
                f"read with `sqlite3 {report.path} .recover`."
            )
        elif report.fts_problems:
            output.say("Rebuild the search index with `newsroom db reindex`.")
    if not report.ok:
        raise typer.Exit(1)


def _photos_line(report: maintenance.CheckReport) -> str:
    line = f"{report.photos} checked" + (", PROBLEMS" if report.photo_problems else ", all whole")
    if report.swept:
        line += f"; {report.swept} unused file(s) removed"
    elif report.unused_photos:
        line += f"; {len(report.unused_photos)} unused (remove with --fix)"
    return line


@db_app.command()
def migrate(ctx: typer.Context) -> None:
    """Apply pending schema migrations (they also run automatically).

    \b
    Example:
      newsroom db migrate
    """
    applied = migrations.migrate(state(ctx).open(auto_migrate=False))
    done = f"applied {', '.join(applied)}" if applied else "nothing to apply"
    output.say(f"The database is at schema version {migrations.CURRENT_VERSION} ({done}).")


@db_app.command()
def reindex(ctx: typer.Context) -> None:
    """Rebuild the full-text search index from the articles.

    \b
    Example:
      newsroom db reindex
    """
    total = maintenance.reindex(state(ctx).store)
    output.say(f"Re-indexed {total} article(s).")
