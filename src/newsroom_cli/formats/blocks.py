"""The front matter block of a Markdown file: ``---`` YAML or ``+++`` TOML, and the
body after it. Shared by this tool's own Markdown (``markdown_fm``) and the site
generators' dialects (``front_matter``); YAML and TOML are imported here only,
each in the one function that parses it.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.records import unreadable

_CLOSING = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M),
    "+++": re.compile(r"^\+\+\+[ \t]*$", re.M),
}


def _load_yaml(block: str) -> Any:
    import yaml

    # libyaml's loader when PyYAML has it: ten times faster on a folder of posts.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(block, Loader=loader)  # a safe loader either way
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise InvalidInput(f"the front matter is not valid YAML{where}") from exc
    except ValueError as exc:  # a timestamp that is no date ("date: 2020-02-30"), a huge number
        reason = unreadable(exc)
        if reason == str(exc):
            raise InvalidInput(f"the front matter holds an impossible date ({exc})") from exc
        raise InvalidInput(f"the front matter cannot be read: {reason}") from exc
    except RecursionError as exc:
        raise InvalidInput("the front matter is nested too deeply") from exc


def _load_toml(block: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"the front matter is not valid TOML ({exc})") from exc
    except ValueError as exc:  # tomllib reads numbers with int(): more than 4,300 digits
        raise InvalidInput(f"the front matter cannot be read: {unreadable(exc)}") from exc
    except RecursionError as exc:
        raise InvalidInput("the front matter is nested too deeply") from exc


def split_block(text: str) -> tuple[dict[str, Any], str] | None:
    """A ``---`` (YAML) or ``+++`` (TOML) block and the body after it; None if there is none."""
    fence = text[:3]
    if fence not in _CLOSING or text[3:4] != "\n":
        return None
    closing = _CLOSING[fence].search(text, 4)
    if closing is None:
        raise InvalidInput(f"the front matter is not closed by a '{fence}' line")
    block = text[4 : closing.start()]
    data = _load_yaml(block) if fence == "---" else _load_toml(block)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InvalidInput("the front matter must be a list of 'field: value' lines")
    body = text[closing.end() :].removeprefix("\n")
    return data, body


def dump_yaml(data: dict[str, Any]) -> str:
    """Front matter as this tool writes it: unicode kept, keys in the given order."""
    import yaml

    return str(
        yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
        )
    )
