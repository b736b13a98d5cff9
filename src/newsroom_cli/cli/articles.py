"""`newsroom add`, `edit` and `tag`: drafting and changing articles."""

import sqlite3
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import AppState, state
from newsroom_cli.cli._errors import message_for
from newsroom_cli.cli._options import (
    ArticleArg,
    AuthorOpt,
    BodyFileOpt,
    BodyOpt,
    BoilerplateOpt,
    CategoryOpt,
    ContactOpt,
    DatelineOpt,
    DateOpt,
    EmbargoOpt,
    JsonOpt,
    LangOpt,
    NewStatus,
    NumberOpt,
    PhotoFilesOpt,
    SlugOpt,
    SummaryOpt,
    TagsOpt,
    TitleOpt,
    read_body_file,
)
from newsroom_cli.cli.editor import EditSession
from newsroom_cli.errors import Conflict, DatabaseError, InvalidInput, NewsroomError
from newsroom_cli.formats.markdown_fm import parse_markdown, to_markdown
from newsroom_cli.models import Article, Changes, Photo
from newsroom_cli.services import editing, lookup, photos

if TYPE_CHECKING:
    from newsroom_cli.models import Article

app = typer.Typer()


def _body(body: str | None, body_file: str | None) -> str | None:
    if body is not None and body_file is not None:
        raise InvalidInput("give either --body or --body-file, not both")
    return read_body_file(body_file) if body_file is not None else body


def _announce(verb: str, article: "Article", as_json: bool) -> None:
    if as_json:
        output.print_json(article.record())
    else:
        output.say(f"{verb} article {article.id} ({article.slug}), status {article.status}")


def _photos(app_state: AppState, files: list[Path] | None) -> list[Photo] | None:
    """``--photo`` files, checked and kept before the article changes (one bad file: no change)."""
    if not files:
        return None
    return photos.prepare_all(app_state.store, files, photos.Description())


def _edit_in_editor(
    app_state: AppState,
    article: "Article",
    create: bool,
    add_photos: list[Photo] | None = None,
) -> "Article":
    """Hand the article to ``$EDITOR``; save the result or keep the text on disk."""
    session = EditSession(
        app_state.db_path,
        article.slug or "new",
        to_markdown(article, comments=True),
        app_state.config.timezone,
    )
    text = session.run()
    store, cfg = app_state.store, app_state.config
    try:
        fields, body = parse_markdown(text)
        if create:
            changes = Changes(body=body, add_photos=add_photos, **fields)
            created = editing.create(store, cfg, changes, article.status)
            session.done()
            return created
        saved = editing.save_document(store, cfg, str(article.id), fields, body, article.revision)
    except NewsroomError as exc:
        raise session.fail(exc) from exc
    except (OSError, sqlite3.Error) as exc:  # a full disk, a lock held too long: keep the text
        message, _ = message_for(exc, app_state.db_path) or (str(exc), 1)
        raise session.fail(DatabaseError(message)) from exc
    session.done()  # the database has the text now, as an edit or as a conflict revision
    if saved.conflict_revision is not None:
        ref, current, kept = article.id, saved.current_revision, saved.conflict_revision
        raise Conflict(
            f"article {ref} changed while you were editing (it is now at revision {current}); "
            f"nothing was overwritten and your text is kept as revision {kept}: "
            f"see it with `newsroom diff {ref} {current} {kept}` and apply it with "
            f"`newsroom revert {ref} {kept}`"
        )
    if not saved.changed:
        output.say(f"No changes to article {article.id}.")
    return saved.article


@app.command()
def add(
    ctx: typer.Context,
    title: TitleOpt = None,
    body: BodyOpt = None,
    body_file: BodyFileOpt = None,
    editor: Annotated[bool, typer.Option("--editor", help="Write it in $VISUAL/$EDITOR.")] = False,
    tag: TagsOpt = None,
    category: CategoryOpt = None,
    dateline: DatelineOpt = None,
    date: DateOpt = None,
    author: AuthorOpt = None,
    summary: SummaryOpt = None,
    lang: LangOpt = None,
    status: Annotated[
        NewStatus, typer.Option("--status", help="Initial status.")
    ] = NewStatus.draft,
    slug: SlugOpt = None,
    number: NumberOpt = None,
    embargo_until: EmbargoOpt = None,
    contact: ContactOpt = None,
    boilerplate: BoilerplateOpt = None,
    photo: PhotoFilesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft a new release.

    \b
    Examples:
      newsroom add --title "Bawaslu Bengkalis Gelar Rapat Koordinasi" \\
        -t Berita -t Pengawasan --dateline Bengkalis \\
        --date "Senin, 29 Juni 2020" --body-file rilis.md
      newsroom add --title "Sosialisasi Pengawasan Partisipatif" --photo rapat.jpg
    """
    app_state = state(ctx)
    changes = Changes(
        title=title,
        body=_body(body, body_file),
        summary=summary,
        dateline=dateline,
        category=category,
        author=author,
        lang=lang,
        slug=slug,
        date=date,
        tags=tag or [],
        number=number,
        embargo_until=embargo_until,
        contact=contact,
        boilerplate=boilerplate,
        add_photos=_photos(app_state, photo),
    )
    if editor:
        cfg = app_state.config
        template = Article(
            title=title or "",
            body=changes.body or "",
            summary=summary or "",
            dateline=dateline if dateline is not None else cfg.default_dateline,
            category=category if category is not None else cfg.default_category,
            author=author if author is not None else cfg.default_author,
            lang=lang or cfg.default_lang,
            status=status.value,
            tags=list(tag or []),
        )
        created = _edit_in_editor(app_state, template, create=True, add_photos=changes.add_photos)
        _announce("Created", created, as_json)
        return
    if title is None:
        if not sys.stdin.isatty():
            raise InvalidInput("missing --title (or use --editor)")
        changes = replace(changes, title=typer.prompt("Title"))
    article = editing.create(app_state.store, app_state.config, changes, status.value)
    _announce("Created", article, as_json)


@app.command()
def edit(
    ctx: typer.Context,
    article: ArticleArg,
    title: TitleOpt = None,
    body: BodyOpt = None,
    body_file: BodyFileOpt = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", "--add-tag", help="Add a tag (repeatable), as in `add`."),
    ] = None,
    set_tags: Annotated[
        list[str] | None,
        typer.Option("--set-tags", help="Replace all the tags with these (repeatable)."),
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", help="Remove a tag.")
    ] = None,
    category: CategoryOpt = None,
    dateline: DatelineOpt = None,
    date: DateOpt = None,
    author: AuthorOpt = None,
    summary: SummaryOpt = None,
    lang: LangOpt = None,
    slug: SlugOpt = None,
    number: NumberOpt = None,
    embargo_until: EmbargoOpt = None,
    contact: ContactOpt = None,
    boilerplate: BoilerplateOpt = None,
    photo: PhotoFilesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Change an article; with no field options, edit all of it in $VISUAL/$EDITOR.

    Every change is a new revision (see `newsroom history`).

    \b
    Examples:
      newsroom edit 12 --title "Judul Baru" -t Humas
      newsroom edit 12 --set-tags Berita --set-tags Pengawasan
      newsroom edit 12
    """
    app_state = state(ctx)
    changes = Changes(
        title=title,
        body=_body(body, body_file),
        summary=summary,
        dateline=dateline,
        category=category,
        author=author,
        lang=lang,
        slug=slug,
        date=date,
        tags=set_tags,
        add_tags=tag,
        remove_tags=remove_tag,
        number=number,
        embargo_until=embargo_until,
        contact=contact,
        boilerplate=boilerplate,
        add_photos=_photos(app_state, photo),
    )
    if not changes.any():
        current = lookup.get(app_state.store, article)
        saved = _edit_in_editor(app_state, current, create=False)
        if saved.revision != current.revision:
            _announce("Saved", saved, as_json)
        return
    updated, changed = editing.update(app_state.store, app_state.config, article, changes)
    if changed:
        _announce(f"Saved revision {updated.revision} of", updated, as_json)
    else:
        output.say(f"No changes to article {updated.id}.")


@app.command()
def tag(
    ctx: typer.Context,
    article: ArticleArg,
    tags: Annotated[list[str], typer.Argument(help="Tags to add (or remove with --remove).")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove these tags.")] = False,
) -> None:
    """Add tags to an article, or remove them with --remove.

    Tags are one tag whatever their case and keep their first spelling.

    \b
    Examples:
      newsroom tag 12 Berita Pengawasan
      newsroom tag 12 Humas --remove
    """
    app_state = state(ctx)
    changes = Changes(remove_tags=tags) if remove else Changes(add_tags=tags)
    updated, changed = editing.update(app_state.store, app_state.config, article, changes)
    shown = ", ".join(updated.tags) or "none"
    if changed:
        output.say(f"Article {updated.id} tags: {shown} (revision {updated.revision})")
    else:
        output.say(f"No changes; article {updated.id} tags: {shown}")
