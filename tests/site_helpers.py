"""Helpers for website tests: load a fixture, export, walk and parse the pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "fixtures" / "site.jsonl"


def pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".newsroom" not in str(p))


class Page(HTMLParser):
    """Everything a test asks of a page: links, meta tags, scripts, attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: list[tuple[str, str]] = []
        self.scripts: list[tuple[str, str]] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.html_lang = ""
        self.text_parts: list[str] = []
        self._script_type: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            self.attrs.append((tag, name, value))
        if tag == "html":
            self.html_lang = values.get("lang", "")
        if tag in ("a", "link") and "href" in values:
            self.links.append(values["href"])
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta.append(
                (values.get("property") or values.get("name", ""), values.get("content", ""))
            )
        if tag == "script":
            self._script_type = values.get("type", "")
            self.scripts.append((self._script_type, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_type = None

    def handle_data(self, data: str) -> None:
        if self._script_type is not None:
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def metas(self, name: str) -> list[str]:
        return [content for key, content in self.meta if key == name]

    def json_ld(self) -> dict[str, Any]:
        blocks = [body for kind, body in self.scripts if kind == "application/ld+json"]
        assert len(blocks) == 1
        data: dict[str, Any] = json.loads(blocks[0])
        return data


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


VOLATILE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}"  # ISO 8601 (created/updated)
    r"|\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"  # RFC 822 (RSS)
)


def normalise(text: str) -> str:
    """Timestamps of when the test ran become <TIME>; everything else must match."""
    return VOLATILE.sub("<TIME>", text)
