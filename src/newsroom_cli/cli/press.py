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
from newsroom_cli.files.protected import protected
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
        found, _ = press.assign_number(store, cfg, article)
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
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="print: also print to this PDF (Chromium).")
    ] = None,
) -> None:
    """One release for another channel: WhatsApp, social media, e-mail, or print (A4).

    Embargoed releases carry a banner until their embargo ends.

    \b
    Examples:
      newsroom render 12 --to whatsapp
      newsroom render 12 --to social
      newsroom render 12 --to email --format eml --out rilis.eml
      newsroom render 12 --to print --out rilis.html --pdf rilis.pdf
    """
    if fmt is RenderFormat.eml and to is not Channel.email:
        raise InvalidInput("--format eml is for --to email")
    if pdf is not None and to is not Channel.print:
        raise InvalidInput("--pdf is for --to print")
    app_state = state(ctx)
    guard = protected(app_state.db_path)
    for target in (out, pdf):
        if target is not None:
            guard.check(target)  # before anything is rendered
    data = press.render(
        app_state.store, app_state.config, article, to.value, fmt is RenderFormat.eml
    )
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
