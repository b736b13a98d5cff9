"""The `photo` group: a release's pictures, with captions, credits and alt text."""

from pathlib import Path
from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import MAX_COUNT, ArticleArg, ReportFormat, ReportFormatOpt
from newsroom_cli.models import Article
from newsroom_cli.services import lookup, photos

app = typer.Typer(no_args_is_help=True)

CaptionOpt = Annotated[
    str | None,
    typer.Option("--caption", help="What the photo shows (default: the photo's own caption)."),
]
CreditOpt = Annotated[
    str | None,
    typer.Option(
        "--credit", help="Whose photo it is, e.g. 'Humas Bawaslu Bengkalis' (default: its own)."
    ),
]
AltOpt = Annotated[
    str | None,
    typer.Option("--alt", help="Alt text: the photo described for readers who cannot see it."),
]
FeaturedOpt = Annotated[
    bool, typer.Option("--featured", help="Head the release with this photo (default: the first).")
]
FocusOpt = Annotated[
    str | None,
    typer.Option(
        "--focus",
        metavar="X,Y",
        help="The point crops keep in view, as fractions of width and height (0.5,0.3).",
    ),
]
NumberArg = Annotated[
    int,
    typer.Argument(min=1, max=MAX_COUNT, help="The photo's place, as in `photo list` (1, 2, ...)."),
]


@app.callback()
def photo() -> None:
    """A release's photos: add, list, describe, order and remove them.

    \b
    Examples:
      newsroom photo add 12 rapat.jpg --caption "Rapat koordinasi" --credit "Humas Bawaslu"
      newsroom photo list 12
    """


def _description(
    caption: str | None, credit: str | None, alt: str | None, featured: bool, focus: str | None
) -> photos.Description:
    return photos.Description(
        caption, credit, alt, featured, photos.parse_focus(focus) if focus is not None else None
    )


def _summary(article: Article, verb: str) -> None:
    count = len(article.photos)
    output.say(
        f"{verb}: article {article.id} ({article.slug}) has {count} photo"
        f"{'' if count == 1 else 's'}, revision {article.revision}"
    )


@app.command()
def add(
    ctx: typer.Context,
    article: ArticleArg,
    files: Annotated[list[Path], typer.Argument(help="Photo files: JPEG, PNG, WebP, HEIC...")],
    caption: CaptionOpt = None,
    credit: CreditOpt = None,
    alt: AltOpt = None,
    featured: FeaturedOpt = False,
    focus: FocusOpt = None,
) -> None:
    """Add photos to a release, after the ones it has.

    Each file is checked by its content (not its name), kept byte-for-byte, and
    made into web renditions without its metadata (no GPS position, camera serial
    or owner's name is ever published). Caption and credit default to what the
    photo itself carries. Options apply to every file given.

    \b
    Examples:
      newsroom photo add 12 rapat.jpg --caption "Rapat koordinasi" --credit "Humas Bawaslu"
      newsroom photo add 12 IMG_0001.HEIC IMG_0002.HEIC --credit "Humas Bawaslu Bengkalis"
      newsroom photo add 12 spanduk.jpg --featured --focus 0.5,0.3
    """
    app_state = state(ctx)
    said = _description(caption, credit, alt, featured, focus)
    found, _ = photos.add(app_state.store, app_state.config, article, files, said)
    _summary(found, f"Added {len(files)} photo{'' if len(files) == 1 else 's'}")


@app.command("list")
def list_(
    ctx: typer.Context, article: ArticleArg, fmt: ReportFormatOpt = ReportFormat.table
) -> None:
    """List a release's photos: place, file, size, caption, credit, alt text.

    \b
    Examples:
      newsroom photo list 12
      newsroom photo list 12 --format json
    """
    found = lookup.get(state(ctx).store, article, trashed_ok=True)
    featured = found.featured_photo
    if fmt is ReportFormat.json:
        output.print_json(
            [
                {"position": n, **p.record(), "featured": p is featured}
                for n, p in enumerate(found.photos, 1)
            ]
        )
        return
    if not found.photos:
        output.say(f"Article {found.id} has no photos yet; add one with `newsroom photo add`.")
        return
    output.print_table(
        ("#", "File", "Pixels", "Bytes", "Caption", "Credit", "Alt", "Featured"),
        [
            (
                str(n),
                p.filename,
                f"{p.width}x{p.height}",
                f"{p.size:,}",
                p.caption,
                p.credit,
                p.alt,
                "yes" if p is featured else "",
            )
            for n, p in enumerate(found.photos, 1)
        ],
    )


@app.command()
def edit(
    ctx: typer.Context,
    article: ArticleArg,
    number: NumberArg,
    caption: CaptionOpt = None,
    credit: CreditOpt = None,
    alt: AltOpt = None,
    featured: FeaturedOpt = False,
    focus: FocusOpt = None,
) -> None:
    """Change a photo's caption, credit, alt text, focal point, or make it the featured one.

    \b
    Examples:
      newsroom photo edit 12 2 --caption "Peserta rapat koordinasi" --alt "Peserta duduk"
      newsroom photo edit 12 3 --featured
    """
    app_state = state(ctx)
    said = _description(caption, credit, alt, featured, focus)
    found = photos.edit(app_state.store, app_state.config, article, number, said)
    _summary(found, f"Photo {number} edited")


@app.command()
def remove(ctx: typer.Context, article: ArticleArg, number: NumberArg) -> None:
    """Take a photo off a release (`newsroom revert` brings it back).

    \b
    Example:
      newsroom photo remove 12 2
    """
    app_state = state(ctx)
    found = photos.remove(app_state.store, app_state.config, article, number)
    _summary(found, f"Photo {number} removed")


@app.command()
def move(
    ctx: typer.Context,
    article: ArticleArg,
    number: NumberArg,
    to: Annotated[
        int, typer.Option("--to", min=1, max=MAX_COUNT, help="Its new place (1 = first).")
    ],
) -> None:
    """Move a photo to another place in the release's order.

    \b
    Example:
      newsroom photo move 12 3 --to 1
    """
    app_state = state(ctx)
    found = photos.move(app_state.store, app_state.config, article, number, to)
    _summary(found, f"Photo {number} moved to {to}")
