"""`newsroom check`: the press-release linter, before a release goes out."""

from typing import TYPE_CHECKING, Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import ReportFormat, ReportFormatOpt, read_body_file
from newsroom_cli.errors import InvalidInput
from newsroom_cli.lint import RULES
from newsroom_cli.services import checking

if TYPE_CHECKING:
    from newsroom_cli.models import Finding

TABLE_MOST = 500

app = typer.Typer()

_CODES_HELP = "Rule codes or prefixes (NR101, NR4), comma-separated or repeated."


def _codes(values: list[str] | None) -> list[str]:
    return [code for value in values or [] for code in value.replace(",", " ").split()]


@app.command()
def check(
    ctx: typer.Context,
    articles: Annotated[
        list[str] | None,
        typer.Argument(help="Article IDs or slugs.", show_default=False, metavar="[ARTICLE]..."),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Check every article (not those in the trash).")
    ] = False,
    files: Annotated[
        list[str] | None,
        typer.Option(
            "--file",
            help="A draft not yet imported: Markdown with front matter, or plain text "
            "('-' = stdin). Repeatable.",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    fmt: ReportFormatOpt = ReportFormat.table,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help=f"Only these rules. {_CODES_HELP}", metavar="CODES"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help=f"Skip these rules. {_CODES_HELP}", metavar="CODES"),
    ] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List the rules and exit.")] = False,
) -> None:
    """Check releases for the slips proofreading misses, before they go out.

    Unclosed quotations and brackets, doubled words, names from check.glossary
    in the wrong case or misspelt, non-standard spellings, a weekday that
    contradicts its date, missing fields, garbled characters, and more (see
    --rules). Each finding has a code, a severity, a place (paragraph and
    line:column in the body, or the field) and a message in the site's
    language. Errors are what stop `newsroom publish`.

    Exits 1 if any finding is an error, 0 otherwise.

    \b
    Examples:
      newsroom check 12 bawaslu-bengkalis-gelar-rapat-koordinasi
      newsroom check --all --ignore NR4
      newsroom check --file rilis.md --format json
      newsroom check --all --select NR202,NR203
      newsroom check --rules
    """
    app_state = state(ctx)
    if rules:
        _list_rules(app_state.config.default_lang, fmt)
        return
    if everything and articles:
        raise InvalidInput("name articles or give --all, not both")
    if not (everything or articles or files):
        raise InvalidInput("name the articles to check, or give --all or --file PATH")
    cfg = app_state.config
    opts = checking.options(cfg, _codes(select), _codes(ignore))
    findings: list[Finding] = []
    checked = 0
    if everything or articles:
        findings, checked = checking.check_articles(
            app_state.store, opts, articles or [], everything=everything
        )
    for path in files or []:
        name = "stdin" if path == "-" else path
        findings += checking.check_draft(cfg, opts, read_body_file(path), name)
        checked += 1
    if fmt is ReportFormat.json:
        output.print_json([finding.record() for finding in findings])
    else:
        # A table of tens of thousands of findings (a pasted text that doubles every
        # word) takes Rich most of a minute and no one reads it: the first ones, and
        # where to find the rest.
        output.print_findings(findings[:TABLE_MOST])
        if len(findings) > TABLE_MOST:
            output.info(f"the first {TABLE_MOST} of {len(findings):,} findings are shown; "
                        "--format json gives them all")  # fmt: skip
        output.info(output.findings_summary(findings, checked))
    if checking.errors(findings):
        raise typer.Exit(1)


def _list_rules(lang: str, fmt: ReportFormat) -> None:
    listed = [(r.code, r.severity, r.name, r.outline(lang)) for r in RULES.values()]
    if fmt is ReportFormat.json:
        keys = ("code", "severity", "name", "message")
        output.print_json([dict(zip(keys, row, strict=True)) for row in listed])
    else:
        output.print_table(("Code", "Severity", "Name", "Message"), listed)
