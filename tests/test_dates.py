"""Dates as press officers write them; a hypothesis round trip for every form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from babel.dates import format_date as babel_format
from hypothesis import given
from hypothesis import strategies as st

from newsroom_cli.dates import format_date, parse
from newsroom_cli.errors import InvalidInput

VALID = [
    "2020-06-29",
    "2020-06-29T00:00",
    "29/6/2020",
    "29-06-2020",
    "29.06.2020",
    "29 Juni 2020",
    "29 juni 2020",
    "Senin, 29 Juni 2020",
    "Senin 29 Juni 2020",
    "Senin (29/6/2020)",
    "June 29, 2020",
    "Monday, June 29, 2020",
    "29 Jun 2020",
    " 29\u00a0Juni 2020 ",
]


@pytest.mark.parametrize("text", VALID)
def test_every_form_is_29_june_2020_in_wib(text: str) -> None:
    assert parse(text).isoformat() == "2020-06-29T00:00:00+07:00"


def test_times_and_offsets() -> None:
    assert parse("2020-06-29T09:30").isoformat() == "2020-06-29T09:30:00+07:00"
    assert parse("29/6/2020 09.30").isoformat() == "2020-06-29T09:30:00+07:00"
    assert parse("2020-06-29T02:30:00Z").isoformat() == "2020-06-29T09:30:00+07:00"
    assert parse("2020-06-29", "Asia/Makassar").isoformat() == "2020-06-29T00:00:00+08:00"


def test_day_first_always() -> None:
    assert parse("01/02/2020").date() == date(2020, 2, 1)


@pytest.mark.parametrize(
    "text", ["31/2/2020", "13/13/2020", "", "   ", "Selasa, 29 Juni 2020", "29 Foo 2020", "besok"]
)
def test_invalid_dates_quote_the_input(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(text)
    assert repr(text) in str(caught.value)


def test_format_in_the_articles_language() -> None:
    moment = parse("29/6/2020")
    assert format_date(moment, "id") == "Senin, 29 Juni 2020"
    assert format_date(moment, "en") == "Monday, June 29, 2020"
    assert format_date("2020-06-29T00:00:00+07:00") == "Senin, 29 Juni 2020"


FORMS: dict[str, Callable[[date], str]] = {
    "iso": lambda d: d.isoformat(),
    "slash": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dash": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "long_id": lambda d: babel_format(d, "d MMMM y", locale="id"),
    "weekday_id": lambda d: babel_format(d, "EEEE, d MMMM y", locale="id"),
    "paren_id": lambda d: babel_format(d, "EEEE", locale="id") + f" ({d.day}/{d.month}/{d.year})",
    "long_en": lambda d: babel_format(d, "MMMM d, y", locale="en"),
    "weekday_en": lambda d: babel_format(d, "EEEE, MMMM d, y", locale="en"),
    "abbr_id": lambda d: babel_format(d, "d MMM y", locale="id"),
}


@pytest.mark.parametrize("form", sorted(FORMS))
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_round_trip_every_form(form: str, day: date) -> None:
    assert parse(FORMS[form](day)).date() == day


@given(st.text(max_size=40))
def test_parse_raises_only_invalid_input(text: str) -> None:
    try:
        result = parse(text)
    except InvalidInput:
        return
    assert isinstance(result, datetime)
    assert result.tzinfo is not None


ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


@given(
    # (before 1964 the zones had local mean times with seconds, rounded on reading)
    moment=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2999, 12, 31)),
    label=st.sampled_from(sorted(ZONES)),
    lang=st.sampled_from(["id", "en"]),
)
def test_every_date_the_tool_prints_reads_back(moment: datetime, label: str, lang: str) -> None:
    """The embargo banner printed "Senin, 7 Desember 2026 pukul 09.00 WIB", which
    `edit --embargo-until` refused (first-day issue, item 4)."""
    from zoneinfo import ZoneInfo

    local = moment.replace(second=0, microsecond=0, tzinfo=ZoneInfo(ZONES[label]))
    day = format_date(local, lang)
    printed = [
        f"{day} pukul {local:%H.%M} {label}",  # the Indonesian banner
        f"{day} at {local:%H:%M} {label}",  # the English banner
        f"{day} jam {local:%H:%M} {label}",
        f"{day} {local:%H:%M}",  # show's embargo row, in the site's zone
    ]
    for text in printed[:3]:
        assert parse(text, "Asia/Jakarta") == local, text
    assert parse(printed[3], ZONES[label]) == local
    assert parse(day, "Asia/Jakarta").date() == local.date()
