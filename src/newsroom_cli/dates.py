"""Dates as press officers write them, and as readers expect to see them.

Accepted: ISO 8601 (``2020-06-29``, ``2020-06-29T09:30``, with or without an
offset), day-first numeric dates (``29/6/2020``, ``29-06-2020``) and long forms
in Indonesian or English with an optional weekday (``Senin, 29 Juni 2020``,
``Senin (29/6/2020)``, ``June 29, 2020``). A weekday that contradicts the date
is an error, because it usually means the date itself is wrong.

Month and day names come from Babel's CLDR data, imported only when a date is
parsed or formatted, so commands that never touch dates start fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache, lru_cache

from newsroom_cli import clock
from newsroom_cli.errors import InvalidInput

ACCEPTED_FORMS = (
    "2020-06-29, 2020-06-29T09:30, 29/6/2020, 29-06-2020, 29 Juni 2020, "
    "Senin, 29 Juni 2020, June 29, 2020"
)
DEFAULT_ZONE = "Asia/Jakarta"

# Spellings seen in real releases that CLDR does not list.
_EXTRA_MONTHS = {"pebruari": 2, "nopember": 11, "agt": 8, "sept": 9, "peb": 2, "nop": 11}
_EXTRA_WEEKDAYS = {"jum'at": 4, "jum’at": 4, "ahad": 6}

_TIME = r"(?:[ T]+(?:pukul\s+|jam\s+|at\s+)?(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?::(?P<ss>\d{2}))?)?"
_NUMERIC = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})" + _TIME + r"$")
_DAY_MONTH_YEAR = re.compile(
    r"^(?P<d>\d{1,2})\s+(?P<month>[^\W\d]+)\.?\s+(?P<y>\d{4})" + _TIME + "$"
)
_MONTH_DAY_YEAR = re.compile(
    r"^(?P<month>[^\W\d]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})" + _TIME + "$"
)
_WEEKDAY_PREFIX = re.compile(r"^(?P<wd>[^\W\d]+(?:['’][^\W\d]+)?)\s*(?:,\s*|\s+|\((?=.*\)$))")


def zone(name: str) -> tzinfo:
    """The site's time zone; a bad name is the user's input error.

    zoneinfo is imported here, its one accessor: it loads sysconfig to find the
    zone files, a cost that `newsroom list` without dates should not pay.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"unknown time zone {name!r}; use a name such as 'Asia/Jakarta'"
        ) from exc


# The years a release may be dated in. Narrower than Python's 1-9999 on purpose:
# a year past 9999 cannot be stored, one near it overflows as soon as it moves to
# another zone, and a capture's typo ("31 Desember 9999") once made `stats` count
# months without end. Nothing a press office dates lies outside these.
YEAR_MIN, YEAR_MAX = 1900, 2999


def _in_range(moment: datetime, text: str) -> datetime:
    if not YEAR_MIN <= moment.year <= YEAR_MAX:
        raise _bad(text, f"the year must be from {YEAR_MIN} to {YEAR_MAX}")
    return _whole_minutes(moment)


def _whole_minutes(moment: datetime) -> datetime:
    """Before 1924 the zone database gives Jakarta its local mean time, +07:07:12; an
    offset with seconds makes Atom, RSS and JSON-LD dates invalid, so it is rounded
    to the minute (+07:07)."""
    offset = moment.utcoffset()
    if offset is None or not offset.seconds % 60:
        return moment
    minutes = round(offset.total_seconds() / 60)
    return moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def now(tz: tzinfo) -> datetime:
    return clock.now().astimezone(tz).replace(microsecond=0)


def to_iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@cache
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names in Indonesian and English, lower-cased -> number."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = dict(_EXTRA_MONTHS)
    weekdays: dict[str, int] = dict(_EXTRA_WEEKDAYS)
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                months[name.lower().rstrip(".")] = number
            for number, name in get_day_names(width, locale=locale).items():
                weekdays[name.lower().rstrip(".")] = number
    return months, weekdays


def weekday_names() -> dict[str, int]:
    """Weekday names in Indonesian and English, lower-cased -> 0 (Monday) to 6.

    Full and short names, and the spellings ``Jum'at`` and ``Ahad``: the same
    names ``parse`` accepts, for checks that read dates out of running text.
    """
    return dict(_names()[1])


def _bad(text: str, why: str = "") -> InvalidInput:
    reason = f" ({why})" if why else ""
    return InvalidInput(
        f"cannot read the date {text!r}{reason}; use a form such as {ACCEPTED_FORMS}"
    )


def _build(text: str, y: str, m: int, d: str, match: re.Match[str], tz: tzinfo) -> datetime:
    hh, mm, ss = match.group("hh"), match.group("mm"), match.group("ss")
    try:
        day = date(int(y), m, int(d))
        clock = time(int(hh), int(mm), int(ss or 0)) if hh else time(0, 0)
    except ValueError as exc:
        raise _bad(text, str(exc)) from exc
    return datetime.combine(day, clock, tzinfo=tz)


# Jekyll writes "2020-06-29 09:30:00 +0700"; fromisoformat (3.10) wants "+07:00".
_LOOSE_OFFSET = re.compile(r"(\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*([+-]\d{2}):?(\d{2})$")


def _parse_iso(text: str, tz: tzinfo) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    text = _LOOSE_OFFSET.sub(r"\1\2:\3", text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError as exc:
        raise _bad(text, str(exc)) from exc
    if not YEAR_MIN <= moment.year <= YEAR_MAX:  # before moving it, which may overflow
        raise _bad(text, f"the year must be from {YEAR_MIN} to {YEAR_MAX}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def _parse_plain(text: str, tz: tzinfo) -> datetime | None:
    months, _ = _names()
    if match := _NUMERIC.match(text):
        return _build(text, match["y"], int(match["m"]), match["d"], match, tz)
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        if match := pattern.match(text):
            month = months.get(match["month"].lower())
            if month is None:
                raise _bad(text, f"unknown month {match['month']!r}")
            return _build(text, match["y"], month, match["d"], match, tz)
    return None


def parse(text: str, tz: tzinfo | str = DEFAULT_ZONE) -> datetime:
    """Read a date as a user typed it; naive times are in the site's zone."""
    if isinstance(tz, str):
        tz = zone(tz)
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    if not cleaned:
        raise _bad(text, "empty")
    # "... pukul 09.00 WIB", as the embargo banner prints it: the word names the zone.
    if (named := _ZONE_SUFFIX.search(cleaned)) is not None:
        tz = zone(_ZONE_WORDS[named.group(1).lower()])
        cleaned = cleaned[: named.start()]
    if (found := _parse_iso(cleaned, tz)) is not None:
        return _in_range(found, text)
    weekday: int | None = None
    if (match := _WEEKDAY_PREFIX.match(cleaned)) and not cleaned[0].isdigit():
        _, weekdays = _names()
        weekday = weekdays.get(match["wd"].lower())
        if weekday is not None:
            rest = cleaned[match.end() :].strip()
            cleaned = rest[:-1].strip() if match.group(0).endswith("(") else rest
    found = _parse_plain(cleaned, tz)
    if found is None:
        raise _bad(text)
    found = _in_range(found, text)
    if weekday is not None and found.weekday() != weekday:
        raise _wrong_weekday(text, found)
    return found


def _wrong_weekday(text: str, found: datetime) -> InvalidInput:
    return InvalidInput(
        f"the date {text!r} names the wrong weekday: {found.date().isoformat()} "
        f"is a {format_date(found, 'id', 'EEEE')} ({format_date(found, 'en', 'EEEE')})"
    )


# A time written after a date names its zone in Indonesian text: "pukul 10.00 WITA".
_ZONE_WORDS = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}
_ZONE_SUFFIX = re.compile(r"(?<=\d)\s+(WIB|WITA|WIT)$", re.IGNORECASE)


@dataclass(frozen=True)
class TextDate:
    """A date found inside running text, and where: ``value`` is ISO 8601.

    ``value`` has no offset (``2020-06-29``, ``2020-06-29T09:30``), to be read
    in the site's zone, unless the text named one (``pukul 10.00 WITA``).
    """

    value: str
    start: int
    end: int


@cache
def _in_text() -> re.Pattern[str]:
    months, weekdays = _names()

    def either(names: dict[str, int]) -> str:
        return "|".join(sorted(map(re.escape, names), key=len, reverse=True))

    day = rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}|\d{{1,2}}\s+(?:{either(months)})\.?\s+\d{{4}}"
    return re.compile(
        rf"(?<!\w)(?:(?P<wd>{either(weekdays)})\.?\s*,?\s*)?(?P<open>\(\s*)?"
        rf"(?P<day>{day})(?!\d)(?(open)\s*\))"
        r"(?:\s*[,|–—-]?\s*(?:pukul\s+|jam\s+)?(?P<hh>\d{1,2})[.:](?P<mm>\d{2})(?![\d.:])"
        r"(?:\s*(?P<zone>WIB|WITA|WIT)\b)?)?",
        re.IGNORECASE,
    )


def find_in_text(text: str, start: int = 0, *, anchored: bool = False) -> TextDate | None:
    """The first date written in ``text`` as press releases write them, or None.

    ``Senin (29/6/2020)``, ``pada hari rabu, 5 agustus 2020``, ``Senin, 29 Juni
    2020 pukul 09.30 WIB``, ``(12/12/2020)``. ``anchored``: only at ``start``.
    A weekday that contradicts the date, or a day that does not exist, is an
    error quoting the text, as everywhere else.
    """
    pattern = _in_text()
    match = pattern.match(text, start) if anchored else pattern.search(text, start)
    if match is None:
        return None
    snippet = match.group(0)
    zone_word = (match["zone"] or "").lower()
    tz = zone(_ZONE_WORDS.get(zone_word, DEFAULT_ZONE))
    clock = f" {match['hh']}:{match['mm']}" if match["hh"] else ""
    try:
        moment = parse(match["day"] + clock, tz)
    except InvalidInput as exc:
        raise InvalidInput(f"cannot read the date {snippet!r}: {exc}") from exc
    if match["wd"]:
        _, weekdays = _names()
        if weekdays.get(match["wd"].lower()) != moment.weekday():
            raise _wrong_weekday(snippet, moment)
    if zone_word:
        value = to_iso(moment)
    elif clock:
        value = moment.strftime("%Y-%m-%dT%H:%M")
    else:
        value = moment.date().isoformat()
    return TextDate(value, match.start(), match.end())


def format_date(moment: datetime | str, lang: str = "id", pattern: str | None = None) -> str:
    """A date as the article's readers write it: ``Senin, 29 Juni 2020``."""
    if isinstance(moment, str):
        moment = from_iso(moment)
    return _format_day(moment.date(), lang, pattern)


@lru_cache(maxsize=8192)
def _format_day(day: date, lang: str, pattern: str | None) -> str:
    # A site export formats the same few thousand days tens of thousands of times.
    from babel.dates import format_date as babel_format

    locale = lang.replace("-", "_")
    if pattern is None:
        pattern = "EEEE, MMMM d, y" if locale.startswith("en") else "EEEE, d MMMM y"
    try:
        return str(babel_format(day, pattern, locale=locale))
    except (ValueError, LookupError):
        return str(babel_format(day, pattern, locale="id"))


def start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0)


def end_of_day(moment: datetime) -> datetime:
    """``--until 29/6/2020`` includes the whole of that day."""
    if moment.time() == time(0, 0):
        return moment.replace(hour=23, minute=59, second=59)
    return moment


def day_bound(text: str | None, tz: tzinfo | str, *, end: bool = False) -> datetime | None:
    """``--since``/``--until``: the start of that day, or the end of it."""
    if text is None:
        return None
    moment = parse(text, tz)
    return end_of_day(moment) if end else start_of_day(moment)
