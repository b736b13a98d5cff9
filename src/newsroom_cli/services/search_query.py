"""What a typed search means: any text becomes a safe SQLite FTS5 MATCH expression.

People type into a search box the way they type into a web search engine, not in
FTS5's query language, where a stray quote, ``AND`` at the end, ``NEAR(`` or a
colon is a syntax error. So the rules are few and forgiving:

- words match as words; case and accents are ignored (the index's ``unicode61
  remove_diacritics 2`` tokenizer folds both);
- ``word*`` matches every word that begins with ``word`` (``pengawas*`` finds
  ``pengawasan``);
- ``"exact phrase"`` matches those words next to each other, in that order;
- ``-word`` or ``-"a phrase"`` leaves out the articles that contain it;
- ``OR`` (in capitals) between two words or phrases matches either of them;
  everything else must all be present;
- anything else is literal text: an unbalanced quote, ``AND`` or ``OR`` where it
  cannot be an operator, ``NEAR(``, ``a:b``, ``2024-05``, ``don't``, ``@x``.

Every word or phrase reaches FTS5 as a double-quoted string, so none of FTS5's own
operators (column filters, ``NEAR``, ``AND``/``NOT``, ``^``, ``+``) can be
triggered by accident; inside the string the tokenizer splits ``2024-05`` into
the phrase "2024 05", exactly as it split the articles when they were indexed.

Pure: no database, no I/O. The store runs the expression.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from newsroom_cli.errors import InvalidInput

OR = "OR"


def is_word_char(char: str) -> bool:
    """Letters, digits and private-use characters: what ``unicode61`` indexes.

    These are the tokenizer's default categories ("L* N* Co"); punctuation,
    symbols and emoji separate words and are never in the index.
    """
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def has_word(text: str) -> bool:
    return any(is_word_char(char) for char in text)


# Value types are NamedTuples, not dataclasses: a frozen dataclass costs about a
# millisecond to define, and every search pays the import.


class Term(NamedTuple):
    """A word or a phrase, as typed; ``prefix`` when it ended with ``*``."""

    text: str
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted


class Query(NamedTuple):
    """Every group must match (any one term of a group will do); no exclusion may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def fts(self) -> str:
        """The FTS5 expression; parenthesised so that FTS5's precedence never matters."""
        included = " AND ".join(
            group[0].fts() if len(group) == 1 else "(" + " OR ".join(t.fts() for t in group) + ")"
            for group in self.groups
        )
        if not self.excluded:
            return included
        return f"({included}) NOT ({' OR '.join(t.fts() for t in self.excluded)})"


class _Item(NamedTuple):
    """One thing the scanner found: a term (maybe excluded) or the ``OR`` operator."""

    term: Term | None
    excluded: bool = False


def _clean(text: str) -> str:
    # Control characters end an FTS5 string early ("unterminated string") and lone
    # surrogates (undecodable bytes in argv) cannot be encoded for SQLite at all;
    # neither can be part of a word, so they become spaces.
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _scan(text: str) -> list[_Item]:
    items: list[_Item] = []
    i, end = 0, len(text)
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        excluded = text[i] == "-" and i + 1 < end and not text[i + 1].isspace()
        if excluded:
            i += 1
        if text[i] == '"':
            close = text.find('"', i + 1)
            if close != -1:  # a phrase; an unbalanced quote is read as part of a word
                phrase = text[i + 1 : close]
                i = close + 1
                stars = len(text[i:]) - len(text[i:].lstrip("*"))
                i += stars
                items.append(_Item(Term(phrase, bool(stars) and has_word(phrase)), excluded))
                continue
        start = i
        while i < end and not text[i].isspace():
            i += 1
        word = text[start:i]
        if word == OR and not excluded:
            items.append(_Item(None))
            continue
        stem = word.rstrip("*")
        if stem != word and has_word(stem):
            items.append(_Item(Term(stem, prefix=True), excluded))
        else:
            items.append(_Item(Term(word), excluded))
    return items


def _included(item: _Item | None) -> bool:
    return item is not None and item.term is not None and not item.excluded


def parse(text: str) -> Query:
    """Read a typed query; raise ``InvalidInput`` when there is nothing to look for.

    ``OR`` is an operator only between two included terms (``a OR b``); at
    either end, next to an exclusion or next to another ``OR`` it is the word
    "or". Terms without a letter or digit (``*``, ``@``, an emoji) cannot match
    anything in the index and are dropped.
    """
    items = _scan(_clean(text))
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for index, item in enumerate(items):
        term = item.term
        if term is None:
            before = items[index - 1] if index > 0 else None
            after = items[index + 1] if index + 1 < len(items) else None
            if _included(before) and _included(after):
                join_next = True
                continue
            term = Term(OR)  # not between two words: the word itself
        if item.excluded:
            excluded.append(term)
        elif join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    kept = [tuple(t for t in group if has_word(t.text)) for group in groups]
    query = Query(
        tuple(group for group in kept if group), tuple(t for t in excluded if has_word(t.text))
    )
    if not query.groups:
        if query.excluded:
            raise InvalidInput(
                f"the search {text!r} only excludes words (-word); add a word to look for, "
                'e.g. "pemilu -hoaks"'
            )
        raise InvalidInput(
            f"nothing to search for in {text!r}: give at least one word (letters or digits)"
        )
    return query


def to_match(text: str) -> str:
    """The FTS5 MATCH expression for what a person typed (``InvalidInput`` if empty)."""
    return parse(text).fts()
