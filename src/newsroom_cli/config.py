"""Typed settings kept in the database, so the whole desk shares them.

Every known key is declared once in ``SETTINGS`` with its default, its help
text and its validation; anything else is refused with the list of known keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsroom_cli.errors import InvalidInput
from newsroom_cli.models import clean_body, clean_lang, clean_line
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
            # A browser reads "\" as "/" and drops spaces around a URL: "\\evil.example/x.png"
            # or " //evil.example" would load from another host, not from the site.
            if "\\" in url or url != url.strip() or url.startswith("//"):
                raise InvalidInput(
                    f"{key} must be a path on the site (such as logo.png or /img/logo.png, "
                    f"with '/') or an http:// or https:// URL, not {value!r}"
                )
            return url
        raise InvalidInput(f"{key} must be an http:// or https:// URL, not {value!r}")

    return check


def _whole(key: str, low: int, high: int, *, zero: bool = False) -> Callable[[str], str]:
    """A whole number from ``low`` to ``high`` in ASCII digits (or 0, if ``zero``)."""
    span = f"{'0 or ' if zero else ''}a number from {low} to {high}"

    def check(value: str) -> str:
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise InvalidInput(f"{key} must be {span}, not {value!r}")
        number = int(text)
        if not (low <= number <= high or (zero and number == 0)):
            raise InvalidInput(f"{key} must be {span}, not {value!r}")
        return str(number)

    return check


def _block(key: str) -> Callable[[str], str]:
    """Several lines of text (a contact block, a boilerplate paragraph)."""

    def check(value: str) -> str:
        text = clean_body(value.replace("\\n", "\n"), key).strip()
        if len(text) > 5000:
            raise InvalidInput(f"{key} is {len(text)} characters long; the limit is 5000")
        return text

    return check


def _pattern(value: str) -> str:
    from newsroom_cli.number_pattern import check_pattern  # noqa: PLC0415 (see _timezone)

    return check_pattern(value.strip())


def _email(value: str) -> str:
    # Only setting site.email pays for the e-mail package, not every command's settings.
    from email.headerregistry import Address  # noqa: PLC0415
    from email.utils import parseaddr  # noqa: PLC0415

    text = clean_line(value, "site.email")
    if not text:
        return text
    name, address = parseaddr(text)
    try:
        Address(display_name=name, addr_spec=address)
    except (ValueError, IndexError) as exc:
        raise InvalidInput(
            f"site.email must be an address such as humas@example.go.id, not {value!r}"
        ) from exc
    if "@" not in address:
        raise InvalidInput(
            f"site.email must be an address such as humas@example.go.id, not {value!r}"
        )
    return text


def _timezone(value: str) -> str:
    # Validators run when a setting is set, never when one is read: every command
    # reads the settings, and these modules would add to each one's start-up.
    from newsroom_cli.dates import zone  # noqa: PLC0415

    zone(value.strip())
    return value.strip()


def _json(text: str, key: str, example: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{key} is not valid JSON ({exc.msg}); {example}") from None


def _text_list(value: str, key: str, example: str) -> list[str]:
    """``a, b, c``, or a JSON list for items that contain a comma."""
    text = value.strip()
    if not text.startswith(("[", "{")):
        return [part for part in text.split(",") if part.strip()]
    data = _json(text, key, example)
    if isinstance(data, list) and all(isinstance(item, str) for item in data):
        return data
    raise InvalidInput(f"{key} must be a JSON list of text; {example}")


def _text_pairs(value: str, key: str, example: str) -> dict[str, str]:
    """``a=b, c=d``, or a JSON object for sides that contain a comma or an equals sign."""
    text = value.strip()
    if text.startswith(("[", "{")):
        data = _json(text, key, example)
        if isinstance(data, dict) and all(isinstance(side, str) for side in data.values()):
            return data
        raise InvalidInput(f"{key} must be a JSON object of text; {example}")
    pairs: dict[str, str] = {}
    for item in (part for part in text.split(",") if part.strip()):
        wrong, equals, right = item.partition("=")
        if not equals:
            raise InvalidInput(f"{key}: {item.strip()!r} is not 'wrong=right'; {example}")
        pairs[wrong] = right
    return pairs


_GLOSSARY_EXAMPLE = 'write names such as "Bawaslu, KPU, Bengkalis" or a JSON list'
_SPELLINGS_EXAMPLE = 'write pairs such as "tehnologi=teknologi, perduli=peduli" or a JSON object'


def parse_glossary(value: str) -> list[str]:
    """Proper names for `check`, each once (whatever its case), in the order given."""
    names: dict[str, str] = {}
    for item in _text_list(value, "check.glossary", _GLOSSARY_EXAMPLE):
        name = clean_line(item, "check.glossary")
        if not any(char.isalpha() for char in name):
            raise InvalidInput(f"check.glossary: {item!r} is not a name; {_GLOSSARY_EXAMPLE}")
        names.setdefault(name.casefold(), name)
    return list(names.values())


def parse_spellings(value: str) -> dict[str, str]:
    """Non-standard spelling -> standard form, added to the linter's built-in list."""
    pairs: dict[str, str] = {}
    for raw_wrong, raw_right in _text_pairs(value, "check.spellings", _SPELLINGS_EXAMPLE).items():
        wrong = clean_line(raw_wrong, "check.spellings")
        right = clean_line(raw_right, "check.spellings")
        if not wrong or not right:
            raise InvalidInput(
                f"check.spellings: {raw_wrong}={raw_right} needs both sides; {_SPELLINGS_EXAMPLE}"
            )
        if wrong.casefold() == right.casefold():
            raise InvalidInput(
                f"check.spellings: {wrong!r} and {right!r} differ only in case; "
                "put proper names in check.glossary instead"
            )
        pairs[wrong] = right
    return pairs


def parse_rule_codes(value: str) -> list[str]:
    """Rule codes or prefixes (``NR403``, ``NR4``), upper-cased, each known to the linter."""
    codes = [part.upper() for part in value.replace(",", " ").split()]
    for code in codes:
        # The rule registry compiles every rule (18 ms): only a check.ignore being
        # set pays for it, not every command that reads the settings.
        from newsroom_cli.lint.rules import matching_codes  # noqa: PLC0415

        matching_codes(code)  # raises for a code no rule has
    return list(dict.fromkeys(codes))


def _glossary(value: str) -> str:
    names = parse_glossary(value)
    if any("," in name for name in names):
        return json.dumps(names, ensure_ascii=False)
    return ", ".join(names)


def _spellings(value: str) -> str:
    pairs = parse_spellings(value)
    if any("," in side or "=" in side for pair in pairs.items() for side in pair):
        return json.dumps(pairs, ensure_ascii=False)
    return ", ".join(f"{wrong}={right}" for wrong, right in pairs.items())


def _rule_codes(value: str) -> str:
    return ", ".join(parse_rule_codes(value))


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
        Setting(
            "site.page_size",
            "10",
            "Articles per page of the website",
            _whole("site.page_size", 1, 1000),
        ),
        Setting(
            "site.org_code",
            "HUMAS",
            "Short code of the office, {org} in numbers",
            _text("site.org_code"),
        ),
        Setting("site.email", "", "Sender of e-mailed releases: Humas <humas@...>", _email),
        Setting(
            "site.contact", "", "Media contact block under every release", _block("site.contact")
        ),
        Setting(
            "site.boilerplate",
            "",
            "About the organization, under every release",
            _block("site.boilerplate"),
        ),
        Setting(
            "numbering.pattern",
            "{seq:03d}/{org}/{month_roman}/{year}",
            "Official release numbers: {seq} {year} {month} {month_roman} {org}",
            _pattern,
        ),
        Setting(
            "search.window",
            "5000",
            "Search ranks the newest N of more matches (0 = rank every match)",
            _whole("search.window", 100, 10_000_000, zero=True),
        ),
        Setting(
            "render.whatsapp_length",
            "1000",
            "Most characters of a WhatsApp text",
            _whole("render.whatsapp_length", 100, 65536),
        ),
        Setting("defaults.author", "", "Author of new articles", _text("defaults.author")),
        Setting(
            "defaults.category", "Berita", "Category of new articles", _text("defaults.category")
        ),
        Setting(
            "defaults.dateline", "", "Dateline city of new articles", _text("defaults.dateline")
        ),
        Setting("defaults.lang", "id", "Language of new articles", clean_lang),
        Setting("timezone", "Asia/Jakarta", "Time zone of dates without one", _timezone),
        Setting(
            "check.glossary",
            "",
            "Proper names `check` holds to their spelling: Bawaslu, KPU, Bengkalis",
            _glossary,
        ),
        Setting(
            "check.spellings",
            "",
            "More non-standard spellings for `check`: tehnologi=teknologi, ...",
            _spellings,
        ),
        Setting(
            "check.ignore", "", "Rule codes `check` and `publish` skip: NR403, NR4", _rule_codes
        ),
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

    @property
    def glossary(self) -> list[str]:
        return parse_glossary(self.get("check.glossary"))

    @property
    def spellings(self) -> dict[str, str]:
        return parse_spellings(self.get("check.spellings"))

    @property
    def numbering_pattern(self) -> str:
        return self.get("numbering.pattern")

    @property
    def org_code(self) -> str:
        return self.get("site.org_code")

    @property
    def check_ignore(self) -> list[str]:
        return self.get("check.ignore").replace(",", " ").split()


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
