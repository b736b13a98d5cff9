"""Rules about marks and characters: quotations, brackets, spacing, garbled text.

Each rule is a small pure function from a segment (a field or one body
paragraph) to the spans it objects to. A quotation or a bracket must close in
the paragraph that opens it: that is where a reader notices it does not.
Single quotation marks are left alone, because ``’`` is also the apostrophe
(``agency’s``, ``Jum’at``) and cannot be told apart from a closing mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from newsroom_cli.lint.text import Context, Hit, Segment

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
TYPOGRAPHIC_PAIR = "“…”"
_BEFORE_OPENING = "([{—–-/"  # an opening mark may follow these as well as a space
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_QUOTE_MARKS = re.compile('[“”"]')
_BRACKET_MARKS = re.compile(r"[()\[\]{}]")
# "a)", "2)", "iv)" in an enumeration close nothing.
_ENUMERATOR = re.compile(r"(?:^|(?<=\s))(?:[A-Za-z]|\d{1,2}|[ivxIVX]{2,4})\)$")


@dataclass(frozen=True)
class QuoteProblem:
    kind: str  # "unclosed", "unopened" or "mismatched"
    offset: int
    opened_with: str
    closed_with: str = ""


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in _BEFORE_OPENING) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return not before.isspace()


@lru_cache(maxsize=512)  # the paragraphs of one release, not of all 10,000 in `check --all`
def quote_problems(masked: str) -> tuple[QuoteProblem, ...]:
    """Walk the double quotation marks of one paragraph and pair them.

    A straight ``"`` opens or closes according to what is open and what stands
    around it; one right after a digit with nothing open is an inch mark.
    Cached, because three rules read the same walk of each paragraph.
    """
    problems: list[QuoteProblem] = []
    open_at: int | None = None
    open_mark = ""
    for mark in _QUOTE_MARKS.finditer(masked):
        i, char = mark.start(), mark.group()
        if char == OPENING or (char == STRAIGHT and open_mark == OPENING and _opens(masked, i)):
            if open_at is not None:
                problems.append(QuoteProblem("unclosed", open_at, open_mark))
            open_at, open_mark = i, char
        elif open_at is not None:
            if char != (CLOSING if open_mark == OPENING else STRAIGHT):
                problems.append(QuoteProblem("mismatched", i, open_mark, char))
            open_at, open_mark = None, ""
        elif char == CLOSING or (_closes(masked, i) and not _opens(masked, i)):
            if not (char == STRAIGHT and masked[i - 1].isdigit()):
                problems.append(QuoteProblem("unopened", i, "", char))
        else:
            open_at, open_mark = i, char
    if open_at is not None:
        problems.append(QuoteProblem("unclosed", open_at, open_mark))
    return tuple(problems)


def unclosed_quote(segment: Segment, ctx: Context) -> Iterator[Hit]:
    for problem in quote_problems(segment.masked):
        if problem.kind == "unclosed":
            yield Hit(problem.offset, problem.offset + 1, {"mark": problem.opened_with})


def mismatched_quote(segment: Segment, ctx: Context) -> Iterator[Hit]:
    for problem in quote_problems(segment.masked):
        if problem.kind == "mismatched":
            params = {"opened": problem.opened_with, "closed": problem.closed_with}
            yield Hit(problem.offset, problem.offset + 1, params, TYPOGRAPHIC_PAIR)


def unopened_quote(segment: Segment, ctx: Context) -> Iterator[Hit]:
    for problem in quote_problems(segment.masked):
        if problem.kind == "unopened":
            yield Hit(problem.offset, problem.offset + 1, {"mark": problem.closed_with})


def unbalanced_bracket(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """Brackets and parentheses: each closes the one opened last, in the same paragraph."""
    text = segment.masked
    stack: list[tuple[int, str]] = []
    for mark in _BRACKET_MARKS.finditer(text):
        i, char = mark.start(), mark.group()
        if char in "([{":
            stack.append((i, char))
        elif char in _BRACKETS:
            if not stack:
                if not _ENUMERATOR.search(text, max(0, i - 5), i + 1):
                    yield Hit(i, i + 1, {"mark": char}, variant="stray")
                continue
            _, opened = stack.pop()
            if opened != _BRACKETS[char]:
                yield Hit(i, i + 1, {"mark": opened, "closed": char}, variant="mismatch")
    for opened_at, opened in stack:
        yield Hit(opened_at, opened_at + 1, {"mark": opened})


# UTF-8 read as Windows-1252 or Latin-1: each lead byte (Â..ô) is followed by as
# many continuation bytes as it announces, shown as C1 controls, cp1252
# punctuation or Latin-1 symbols (bytes 0x80-0xBF). "â€" alone is a curly quote
# or dash whose last byte was dropped as a control character.
_CONTINUATION = "[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    f"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}|â€"
)


def _repair(garbled: str) -> str | None:
    """The text ``garbled`` was before the wrong decoding, if it decodes back cleanly."""
    # C1 controls stand for the five bytes cp1252 leaves undefined.
    data = b"".join(
        bytes([ord(char)]) if "\x80" <= char <= "\x9f" else char.encode("cp1252")
        for char in garbled
    )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def mojibake(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """``â€œ`` for ``“``, ``Ã©`` for ``é``: text that went through the wrong encoding."""
    text = segment.text
    for match in _MOJIBAKE.finditer(text):
        garbled = match.group()
        repaired = _repair(garbled)
        if repaired is not None or garbled == "â€":
            yield Hit(match.start(), match.end(), {"text": garbled}, repaired)
    for match in re.finditer("\ufffd+", text):
        yield Hit(match.start(), match.end(), {"text": match.group()}, variant="replacement")


_DOUBLED_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=[\w”’)\]]) +([,.;:!?])(?![.\w])")
_LAST_WORD = re.compile(r"\S+$")
_FIRST_WORD = re.compile(r"\S+")


def doubled_space(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """Two or more spaces between words (indentation and line-end breaks are not checked)."""
    for match in _DOUBLED_SPACE.finditer(segment.masked):
        left, right = _neighbours(segment.text, match.start(), match.end())
        yield Hit(match.start(), match.end(), suggestion=f"{left} {right}")


def space_before_punctuation(segment: Segment, ctx: Context) -> Iterator[Hit]:
    """``kata ,`` for ``kata,``; an ellipsis and ``.com``-like runs are left alone."""
    for match in _SPACE_BEFORE.finditer(segment.masked):
        mark = match.group(1)
        left, _ = _neighbours(segment.text, match.start(), match.start(1))
        yield Hit(match.start(), match.end(), {"mark": mark}, f"{left}{mark}")


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The runs of non-space characters just before ``start`` and just after ``end``."""
    left = _LAST_WORD.search(text, max(0, start - 40), start)
    right = _FIRST_WORD.match(text, end)
    return (left.group() if left else ""), (right.group() if right else "")
