"""The press kit: official release numbers, and one release for every channel."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import ArticleArg, ReportFormat, ReportFormatOpt
from newsroom_cli.dates import YEAR_MAX, YEAR_MIN
from newsroom_cli.errors import InvalidInput
from newsroom_cli.files.folder import write_file_atomically
from newsroom_cli.files.protected import Protected, protected
from newsroom_cli.services import lookup, numbering, press

app = typer.Typer()


class Channel(str, Enum):
    whatsapp = "whatsapp"
    social = "social"
    email = "email"
    print = "print"


class RenderFormat(str, Enum):
    text = "text"
    eml = "eml"


@app.command()
def number(
    ctx: typer.Context,
    article: ArticleArg,
    value: Annotated[
        str | None, typer.Argument(metavar="[NUMBER]", help="Set this number by hand.")
    ] = None,
    next_: Annotated[
        bool, typer.Option("--next", help="Give it the next number of numbering.pattern.")
    ] = False,
) -> None:
    """Show an article's official release number, give it the next one, or set one by hand.

    `publish` gives a number to an article that has none. A number already used by
    another article is refused.

    \b
    Examples:
      newsroom number 12
      newsroom number 12 --next
      newsroom number 12 "007/HM.02/BWSL/VI/2020"
    """
    app_state = state(ctx)
    store, cfg = app_state.store, app_state.config
    if value is not None and next_:
        raise InvalidInput("give a NUMBER or --next, not both")
    if value is not None:
        found, _ = press.set_number(store, cfg, article, value)
    elif next_:
        found, given = press.assign_number(store, cfg, article)
        if not given:  # it silently showed the number it had (first-day issue, item 11)
            output.say(
                f"Article {found.id} already has the number {found.number}; "
                "set another by hand with `newsroom number ID NUMBER`."
            )
            return
    else:
        found = lookup.get(store, article, trashed_ok=True)
        if not found.number:
            output.say(f"Article {found.id} has no number yet; give it one with --next.")
            return
    output.say(f"Article {found.id}: {found.number}")


@app.command()
def numbers(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", min=YEAR_MIN, max=YEAR_MAX, help="Only this year.")
    ] = None,
    fmt: ReportFormatOpt = ReportFormat.table,
) -> None:
    """List the official release numbers, with gaps and duplicates flagged.

    \b
    Examples:
      newsroom numbers
      newsroom numbers --year 2024 --format json
    """
    found = numbering.listing(state(ctx).store, year)
    if fmt is ReportFormat.json:
        output.print_json([vars(row) for row in found])
    elif not found:
        output.say("No numbered releases yet.")
    else:
        output.print_table(
            ("Number", "Article", "Headline", "Notes"),
            [(r.number, str(r.article_id), r.title, "; ".join(r.flags)) for r in found],
        )


@app.command()
def render(
    ctx: typer.Context,
    article: ArticleArg,
    to: Annotated[Channel, typer.Option("--to", help="The channel.")],
    fmt: Annotated[
        RenderFormat, typer.Option("--format", "-f", help="email: text, or eml (a message file).")
    ] = RenderFormat.text,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="email, print: write to this file. whatsapp, social: write the text "
            f"({press.TEXT_NAME}) and the photos into this folder.",
        ),
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="print: also print to this PDF (Chromium).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="whatsapp, social: write into a folder newsroom did not create."
        ),
    ] = False,
) -> None:
    """One release for another channel: WhatsApp, social media, e-mail, or print (A4).

    Embargoed releases carry a banner until their embargo ends. Photos go out
    as JPEG copies without metadata, the featured photo first: attached to an
    .eml (and shown in its HTML), beside the text in a WhatsApp or social
    folder, and on the A4 page.

    \b
    Examples:
      newsroom render 12 --to whatsapp
      newsroom render 12 --to whatsapp --out wa-12
      newsroom render 12 --to social --out sosmed-12
      newsroom render 12 --to email --format eml --out rilis.eml
      newsroom render 12 --to print --out rilis.html --pdf rilis.pdf
    """
    if fmt is RenderFormat.eml and to is not Channel.email:
        raise InvalidInput("--format eml is for --to email")
    if pdf is not None and to is not Channel.print:
        raise InvalidInput("--pdf is for --to print")
    folder = to.value in press.FOLDER_CHANNELS
    if force and not (folder and out is not None):
        raise InvalidInput("--force is for --to whatsapp or social with --out FOLDER")
    app_state = state(ctx)
    guard = protected(app_state.db_path)
    _check_targets(guard, to.value, out, pdf)  # before anything is rendered
    rendered = press.render(
        app_state.store,
        app_state.config,
        article,
        to.value,
        fmt is RenderFormat.eml,
        with_photos=folder and out is not None,
    )
    data = rendered.data
    if folder and out is not None:
        press.write_folder(app_state.store, out, to.value, rendered, force=force)
        size = sum(len(picture.data) for picture in rendered.files)
        photos = f" and {_photos(len(rendered.files))} ({_size(size)})" if rendered.files else ""
        output.info(f"Wrote {out}: {press.TEXT_NAME}{photos}")
        return
    if pdf is not None:
        write_file_atomically(pdf, [press.print_pdf(data)], guard)
        output.info(f"Printed to {pdf}")
    if out is not None:
        write_file_atomically(out, [data], guard)
        output.info(f"Wrote {out}")
    elif pdf is None and fmt is RenderFormat.eml:
        output.write_file_bytes(data)
    elif pdf is None:
        output.write(data.decode("utf-8"))
    if fmt is RenderFormat.eml:
        _eml_notes(rendered)
    elif folder and rendered.photos:
        output.info(
            f"The release has {_photos(rendered.photos)}; --out FOLDER writes them beside the text."
        )


def _check_targets(guard: Protected, channel: str, out: Path | None, pdf: Path | None) -> None:
    """Where the render goes, checked before any work: never a protected file, and
    --out a folder for WhatsApp and social media, a file for the others."""
    for target in (out, pdf):
        if target is not None:
            guard.check(target)
    if out is not None:
        if channel in press.FOLDER_CHANNELS:
            press.check_folder_out(out, channel)
        else:
            press.check_file_out(out, channel)
    if pdf is not None:
        press.check_file_out(pdf, channel, "--pdf")


def _eml_notes(rendered: press.Rendered) -> None:
    """What is attached, and how large the message is, against common mail limits."""
    size = len(rendered.data)
    if rendered.attached:
        output.info(f"{_photos(rendered.attached)} attached, {_size(size)}")
    if size > press.MAIL_LIMIT:
        output.info(
            f"Warning: the message is {_size(size)}; many mail servers refuse messages "
            f"over {press.MAIL_LIMIT // (1024 * 1024)} MB: send fewer photos, "
            "or share them by link"
        )


def _photos(count: int) -> str:
    return f"{count} photo{'' if count == 1 else 's'}"


def _size(size: int) -> str:
    """``1.8 MB`` (of 1,048,576 bytes, as mail limits count), ``350 KB`` under 1 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
