"""Horizontal bar charts for `stats`, drawn with Rich and readable without colour.

A bar is made of full blocks (``█``) and one eighth-block for the remainder, so
its length is exact to an eighth of a character; every bar carries its number,
so the chart says the same thing in a terminal, with ``NO_COLOR`` and in a pipe.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from newsroom_cli.cli import output

if TYPE_CHECKING:
    from newsroom_cli.services.stats import Stats

BAR_WIDTH = 40  # characters for the longest bar, less in a narrow terminal
BAR_STYLE = "cyan"
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A bar of ``value`` on a scale where ``largest`` fills ``width`` characters.

    Any value above zero shows at least an eighth, so a quiet month is not
    mistaken for an empty one.
    """
    if value <= 0 or largest <= 0:
        return ""
    eighths = max(1, round(value * width * 8 / largest))
    full, rest = divmod(eighths, 8)
    return "█" * full + EIGHTHS[rest]


def bar_chart(title: str, rows: Sequence[tuple[str, int]], width: int = BAR_WIDTH) -> Text:
    """One line per row: label, number (right-aligned) and bar."""
    largest = max((value for _, value in rows), default=0)
    label_width = max((len(label) for label, _ in rows), default=0)
    number_width = max((len(str(value)) for _, value in rows), default=1)
    chart = Text(title, style="bold")
    for label, value in rows:
        chart.append(f"\n{label:<{label_width}}  {value:>{number_width}}")
        drawn = bar(value, largest, width)
        if drawn:  # no trailing spaces after an empty month
            chart.append("  ")
            chart.append(drawn, style=BAR_STYLE)
    return chart


def _bar_width(console: Console, stats: Stats) -> int:
    # Month label (7) + two gaps + the widest number, then the bar.
    number = len(str(max((m.words for m in stats.months), default=0)))
    return max(10, min(BAR_WIDTH, console.width - 7 - 4 - number))


def _counts(header: str, rows: Sequence[tuple[str, int]]) -> Table:
    table = output.simple_table((header, "Articles"), [(name, str(n)) for name, n in rows])
    table.columns[1].justify = "right"
    return table


def stats_view(stats: Stats, console: Console) -> RenderableType:
    """Totals, the two monthly charts, then articles by status, tag and author."""
    width = _bar_width(console, stats)
    articles = [(m.month, m.articles) for m in stats.months]
    words = [(m.month, m.words) for m in stats.months]
    parts: list[RenderableType] = [
        Text(f"{stats.articles} articles, {stats.words} words"),
        Text(""),
        bar_chart("Articles per month", articles, width),
        Text(""),
        bar_chart("Words per month", words, width),
        Text(""),
        _counts("Status", list(stats.statuses.items())),
        Text(""),
        _counts("Tag", stats.tags or [("(no tags)", 0)]),
        Text(""),
        _counts("Author", [(name or "(no author)", n) for name, n in stats.authors]),
    ]
    return Group(*parts)


def print_stats(stats: Stats) -> None:
    console = output.console()
    console.print(stats_view(stats, console))
