"""Where a search matched in a body: a short window of words, matched words marked.

FTS5's own ``snippet()`` takes time with the square of the hits in one column: a
500 KB body that repeats the searched word made every search for it take a
minute. This is the same idea, linear in the text: the text is split into words
the way the index's ``unicode61 remove_diacritics 2`` tokenizer splits it (letters
and digits; case and accents folded), the first place where a searched word or
phrase matches is found, and a window of words around it is returned with every
match inside it marked. Only the hits shown on a page are ever looked at.

Pure: strings in, a string out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from typing import NamedTuple

from newsroom_cli.services.search_query import Query

WINDOW = 24  # words in a snippet, as FTS5's snippet() was asked for
BEFORE = 4  # words of context shown before the first match
ELLIPSIS = "…"
# Letters and digits (Python's \w less the underscore): the words the index holds.
_WORD = re.compile(r"[^\W_]+")


class Needle(NamedTuple):
    """A searched word or phrase, folded; ``prefix`` when its last word may go on."""

    words: tuple[str, ...]
    prefix: bool


@cache
def fold(word: str) -> str:
    """Case and accents folded, as the index folds them (``Pémilu`` -> ``pemilu``)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def needles(query: Query) -> list[Needle]:
    """What to mark: every included word or phrase of the query (never an excluded one)."""
    found = []
    for group in query.groups:
        for term in group:
            words = tuple(fold(word) for word in _WORD.findall(term.text))
            if words:
                found.append(Needle(words, term.prefix))
    return found


def _matches(needle: Needle, words: Sequence[str], at: int) -> bool:
    size = len(needle.words)
    if at + size > len(words):
        return False
    for offset, wanted in enumerate(needle.words):
        word = words[at + offset]
        last = offset == size - 1
        if not (word == wanted or (last and needle.prefix and word.startswith(wanted))):
            return False
    return True


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _WORD.finditer(text)


def snippet(text: str, found: Sequence[Needle], opening: str, closing: str) -> str | None:
    """The window of ``text`` around its first match, matches marked; None if none.

    Linear: each word is folded once and compared with each needle's first word.
    """
    if not text:
        return None
    tokens: list[re.Match[str]] = []
    words: list[str] = []
    first: int | None = None
    longest = max((len(n.words) for n in found), default=1)
    for token in _tokens(text):
        tokens.append(token)
        words.append(fold(token.group()))
        if first is None:
            # a needle of k words ending here started k-1 words ago
            for start in range(max(0, len(words) - longest), len(words)):
                if any(_matches(n, words, start) for n in found):
                    first = start
                    break
        if first is not None and len(tokens) > max(first, BEFORE) + WINDOW:
            break  # the window and one word past it are known: enough
    if first is None:
        return None
    start = max(0, min(first - BEFORE, len(tokens) - WINDOW))
    return _window(text, tokens, words, start, found, opening, closing)


def opening_words(text: str) -> str:
    """The first words of ``text`` (a hit on the headline shows how the body begins)."""
    tokens = []
    for token in _tokens(text):
        tokens.append(token)
        if len(tokens) > WINDOW:
            break
    if not tokens:
        return text.strip()
    end = tokens[min(WINDOW, len(tokens)) - 1].end()
    more = len(tokens) > WINDOW
    return text[:end].strip() + (ELLIPSIS if more else _tail(text, end))


def _tail(text: str, end: int) -> str:
    """Closing punctuation right after the last word ("digelar." keeps its full stop)."""
    rest = text[end:]
    return rest[: len(rest) - len(rest.lstrip(".,;:!?)”’\"'"))]


def _window(
    text: str,
    tokens: list[re.Match[str]],
    words: list[str],
    start: int,
    found: Sequence[Needle],
    opening: str,
    closing: str,
) -> str:
    end = min(start + WINDOW, len(tokens))
    marked: set[int] = set()
    at = start
    while at < end:
        hit = next((n for n in found if _matches(n, words, at)), None)
        if hit is None:
            at += 1
            continue
        marked.update(range(at, min(at + len(hit.words), end)))
        at += len(hit.words)
    out: list[str] = [ELLIPSIS] if start > 0 else []
    position = tokens[start].start()
    for index in range(start, end):
        token = tokens[index]
        out.append(text[position : token.start()])
        word = token.group()
        out.append(f"{opening}{word}{closing}" if index in marked else word)
        position = token.end()
    more = end < len(tokens)
    out.append(ELLIPSIS if more else _tail(text, position))
    return "".join(out).strip()
