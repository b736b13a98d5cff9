"""`newsroom show`: one article, as a panel, text, Markdown, JSON or HTML."""

from typing import TYPE_CHECKING, Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import AppState, state
from newsroom_cli.cli._options import (
    ArticleArg,
    ShowFormat,
)
from newsroom_cli.models import Article
from newsroom_cli.services import lookup
from newsroom_cli.store import articles as rows

if TYPE_CHECKING:
    from newsroom_cli.models import Article

app = typer.Typer()


def _release_rows(app_state: AppState, article: "Article") -> list[tuple[str, str]]:
    """The press kit's fields for `show`; the site's defaults marked as such."""
    cfg = app_state.config
    embargo = ""
    if article.embargo_until:
        from newsroom_cli import dates  # noqa: PLC0415 (see show: only what is shown loads)

        embargo = dates.format_date(article.embargo_until, article.lang) + (
            f" {article.embargo_until[11:16]}"
        )
    rows = [("Number", article.number), ("Embargo until", embargo)]
    for label, own, key in (
        ("Contact", article.contact, "site.contact"),
        ("Boilerplate", article.boilerplate, "site.boilerplate"),
    ):
        default = cfg.get(key)
        rows.append((label, own or (f"{default} (site default)" if default else "")))
    rows.append(("Photos", photo_lines(article)))
    return rows


def photo_lines(article: "Article") -> str:
    """One line per photo: place, file, pixels, caption, credit; the featured one marked."""
    featured = article.featured_photo
    lines = []
    for number, photo in enumerate(article.photos, start=1):
        parts = [f"{number}. {photo.filename} ({photo.width}x{photo.height})"]
        parts += [
            text
            for text in (photo.caption, f"Foto: {photo.credit}" if photo.credit else "")
            if text
        ]
        lines.append(" - ".join(parts) + (" [featured]" if photo is featured else ""))
    return "\n".join(lines)


def _date_text(app_state: AppState, article: "Article") -> str:
    return rows.stored_date_text(app_state.store, article)


@app.command()
def show(
    ctx: typer.Context,
    article: ArticleArg,
    fmt: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="panel (default), text, md, json or html.")
    ] = ShowFormat.panel,
) -> None:
    """Show one article: its metadata and its body.

    \b
    Examples:
      newsroom show 12
      newsroom show rapat-koordinasi --format md
    """
    found = lookup.get(state(ctx).store, article, trashed_ok=True)
    if fmt is ShowFormat.panel:
        extra = _release_rows(state(ctx), found)
        output.console().print(output.article_panel(found, _date_text(state(ctx), found), extra))
    elif fmt is ShowFormat.json:
        output.print_json(found.record())
    # Each format's converter loads when that format is asked for: the panel, which
    # people read most, pays for none of them (`show` is an everyday command).
    elif fmt is ShowFormat.md:
        from newsroom_cli.formats.markdown_fm import to_markdown  # noqa: PLC0415

        output.write(to_markdown(found))
    elif fmt is ShowFormat.html:
        from newsroom_cli.formats.rendering import article_fragment  # noqa: PLC0415

        output.write(article_fragment(found, _date_text(state(ctx), found)))
    else:
        lines = [found.title, ""]
        lines += [
            f"{label}:\n  " + value.replace("\n", "\n  ") if "\n" in value else f"{label}: {value}"
            for label, value in (
                ("Date", _date_text(state(ctx), found)),
                ("Dateline", found.dateline),
                ("Category", found.category),
                ("Author", found.author),
                ("Status", found.status),
                ("Tags", ", ".join(found.tags)),
                ("Summary", found.summary),
                *_release_rows(state(ctx), found),
            )
            if value
        ]
        output.write("\n".join(lines) + "\n\n" + found.body.rstrip() + "\n")
