"""Typed settings kept in the database, so the whole desk shares them.

Every known key is declared once in ``SETTINGS`` with its default, its help
text and its validation; anything else is refused with the list of known keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsroom_cli.errors import InvalidInput
from newsroom_cli.models import clean_lang, clean_line
from newsroom_cli.store import settings as settings_table
from newsroom_cli.store.db import Store


def _text(key: str) -> Callable[[str], str]:
    return lambda value: clean_line(value, key)


def _web_url(key: str, allow_relative: bool = False) -> Callable[[str], str]:
    """Only http(s) URLs: anything else could become a ``javascript:`` link on the site."""

    def check(value: str) -> str:
        url = clean_line(value, key)
        if not url:
            return url
        parts = urlsplit(url)
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return url.rstrip("/") if key == "site.base_url" else url
        if allow_relative and not parts.scheme and not parts.netloc and ":" not in url:
            return url
        raise InvalidInput(f"{key} must be an http:// or https:// URL, not {value!r}")

    return check


def _page_size(value: str) -> str:
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise InvalidInput(f"site.page_size must be a number from 1 to 1000, not {value!r}")
    return str(int(text))


def _timezone(value: str) -> str:
    from newsroom_cli.services.dates import zone

    zone(value.strip())
    return value.strip()


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    help: str
    validate: Callable[[str], str]


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("site.title", "Newsroom", "Name of the website", _text("site.title")),
        Setting(
            "site.organization",
            "",
            "Organization publishing the releases",
            _text("site.organization"),
        ),
        Setting(
            "site.description", "", "One-line description of the site", _text("site.description")
        ),
        Setting(
            "site.base_url",
            "",
            "Public address of the site (http/https)",
            _web_url("site.base_url"),
        ),
        Setting(
            "site.logo",
            "",
            "Logo: an http(s) URL or a path on the site",
            _web_url("site.logo", True),
        ),
        Setting("site.page_size", "10", "Articles per page of the website", _page_size),
        Setting("defaults.author", "", "Author of new articles", _text("defaults.author")),
        Setting(
            "defaults.category", "Berita", "Category of new articles", _text("defaults.category")
        ),
        Setting(
            "defaults.dateline", "", "Dateline city of new articles", _text("defaults.dateline")
        ),
        Setting("defaults.lang", "id", "Language of new articles", clean_lang),
        Setting("timezone", "Asia/Jakarta", "Time zone of dates without one", _timezone),
    )
}


def setting(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        known = ", ".join(SETTINGS)
        raise InvalidInput(f"unknown setting {key!r}; known settings: {known}") from None


class Config:
    """Settings with their defaults filled in; read once per command."""

    def __init__(self, stored: dict[str, Any]) -> None:
        self.stored = stored

    def get(self, key: str) -> str:
        value = self.stored.get(key)
        return str(value) if value is not None else setting(key).default

    @property
    def timezone(self) -> str:
        return self.get("timezone")

    @property
    def default_lang(self) -> str:
        return self.get("defaults.lang")

    @property
    def default_category(self) -> str:
        return self.get("defaults.category")

    @property
    def default_author(self) -> str:
        return self.get("defaults.author")

    @property
    def default_dateline(self) -> str:
        return self.get("defaults.dateline")


def load(store: Store) -> Config:
    return Config(settings_table.load(store))


def set_value(store: Store, key: str, value: str) -> str:
    cleaned = setting(key).validate(value)
    with store.write():
        settings_table.save(store, key, cleaned)
    return cleaned


def unset(store: Store, key: str) -> None:
    setting(key)
    with store.write():
        settings_table.remove(store, key)
