"""The query builder: any typed text becomes a valid FTS5 expression with the documented meaning."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_cli.errors import InvalidInput
from newsroom_cli.services.search_query import Query, Term, parse, to_match
from newsroom_cli.store import open_store


@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        ("pemilu", '"pemilu"'),
        ("Pemilu Bengkalis", '"Pemilu" AND "Bengkalis"'),
        ("pengawas*", '"pengawas"*'),
        ('"rapat koordinasi"', '"rapat koordinasi"'),
        ('"rapat koord"*', '"rapat koord"*'),
        ("budget -tax", '("budget") NOT ("tax")'),
        ('budget -tax -"pajak daerah"', '("budget") NOT ("tax" OR "pajak daerah")'),
        ("pemilu OR pilkada bengkalis", '("pemilu" OR "pilkada") AND "bengkalis"'),
        ("a OR b OR c", '("a" OR "b" OR "c")'),
        # Everything else is literal text, quoted so FTS5 never reads it as syntax.
        ("budget OR", '"budget" AND "OR"'),
        ("OR budget", '"OR" AND "budget"'),
        ("a OR -b", '("a" AND "OR") NOT ("b")'),
        ("a OR OR b", '"a" AND "OR" AND "OR" AND "b"'),
        ("pemilu or pilkada", '"pemilu" AND "or" AND "pilkada"'),
        ("AND", '"AND"'),
        ("NOT pemilu", '"NOT" AND "pemilu"'),
        ("NEAR(", '"NEAR("'),
        ("NEAR(a b)", '"NEAR(a" AND "b)"'),
        ("title:pemilu", '"title:pemilu"'),
        ("a:b", '"a:b"'),
        ("2024-05", '"2024-05"'),
        ("don't", '"don\'t"'),
        ('foo"bar', '"foo""bar"'),
        ('"unbalanced phrase', '"""unbalanced" AND "phrase"'),
        ("@x", '"@x"'),
        ("^pemilu +bawaslu", '"^pemilu" AND "+bawaslu"'),
        ("{title}: x", '"{title}:" AND "x"'),  # no column filters: literal words
        ("pemilu 😀", '"pemilu"'),
        ("pemilu *", '"pemilu"'),
        ("a-b", '"a-b"'),
        ("--x y", '("y") NOT ("-x")'),
        ("tab\there\x00nul", '"tab" AND "here" AND "nul"'),
        ("\udcff pemilu", '"pemilu"'),  # an undecodable byte from the shell
    ],
)
def test_typed_text_becomes_this_expression(typed: str, expression: str) -> None:
    assert to_match(typed) == expression


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "nothing to search for in ''"),
        ("   \t\n", "nothing to search for in '   \\t\\n'"),
        ('"', "nothing to search for in '\"'"),
        ('""', "nothing to search for in '\"\"'"),
        ("*", "nothing to search for in '*'"),
        ("😀 🎉", "nothing to search for in '😀 🎉'"),
        ("-", "nothing to search for in '-'"),
        ("-tax", "the search '-tax' only excludes words (-word)"),
        ('-tax -"pajak daerah"', "the search '-tax -\"pajak daerah\"' only excludes words"),
        ("😀 -tax", "the search '😀 -tax' only excludes words"),
    ],
)
def test_nothing_to_look_for_is_invalid_input_quoting_it(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        to_match(typed)
    assert str(raised.value).startswith(message)
    assert raised.value.exit_code == 2


def test_parse_gives_groups_and_exclusions() -> None:
    assert parse('pemilu OR "pilkada serentak" pengawas* -hoaks') == Query(
        groups=((Term("pemilu"), Term("pilkada serentak")), (Term("pengawas", prefix=True),)),
        excluded=(Term("hoaks"),),
    )


# Against SQLite itself ----------------------------------------------------------------


@pytest.fixture
def fts(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """The real schema's articles_fts (same tokenizer), in a scratch database."""
    store = open_store(tmp_path / "scratch.db")
    yield store.conn
    store.close()


def _matches(conn: sqlite3.Connection, expression: str) -> set[int]:
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    return {row[0] for row in conn.execute(sql, [expression])}


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=60))
def test_any_text_is_refused_cleanly_or_runs(fts: sqlite3.Connection, typed: str) -> None:
    try:
        expression = to_match(typed)
    except InvalidInput as refused:
        message = str(refused)
    else:
        _matches(fts, expression)  # SQLite accepts it: no syntax error, no encoding error
        return
    assert repr(typed) in message


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    typed=st.lists(
        st.sampled_from(['"', "-", "*", "OR", "AND", "NOT", "NEAR(", ")", "(", ":", "^", "+", "x"]),
        max_size=12,
    ).map(" ".join)
)
def test_fts5_syntax_soup_is_refused_cleanly_or_runs(fts: sqlite3.Connection, typed: str) -> None:
    try:
        expression = to_match(typed)
    except InvalidInput:
        return
    _matches(fts, expression)


# The documented meaning, checked against a model -------------------------------------

VOCABULARY = ["Pemilu", "pémilu", "pemilih", "pengawasan", "pengawas", "kampanye", "hoaks", "rapat"]


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


words = st.sampled_from(VOCABULARY)
terms = st.one_of(
    words.map(lambda w: ("word", [w])),
    st.tuples(words, st.integers(3, 6)).map(lambda p: ("prefix", [p[0][: p[1]]])),
    st.lists(words, min_size=2, max_size=3).map(lambda ws: ("phrase", ws)),
)


def _typed(kind: str, parts: list[str]) -> str:
    if kind == "prefix":
        return parts[0] + "*"
    if kind == "phrase":
        return '"' + " ".join(parts) + '"'
    return parts[0]


def _term_matches(kind: str, parts: list[str], tokens: list[str]) -> bool:
    wanted = [_fold(p) for p in parts]
    if kind == "prefix":
        return any(t.startswith(wanted[0]) for t in tokens)
    size = len(wanted)
    return any(tokens[i : i + size] == wanted for i in range(len(tokens) - size + 1))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    documents=st.lists(st.lists(words, max_size=8), min_size=1, max_size=8),
    groups=st.lists(st.lists(terms, min_size=1, max_size=2), min_size=1, max_size=3),
    excluded=st.lists(terms, max_size=2),
)
def test_results_follow_the_documented_meaning(
    fts: sqlite3.Connection,
    documents: list[list[str]],
    groups: list[list[tuple[str, list[str]]]],
    excluded: list[tuple[str, list[str]]],
) -> None:
    """All groups must match (one term of a group is enough); no exclusion may."""
    fts.execute("DELETE FROM articles_fts")
    for rowid, words_of_doc in enumerate(documents, start=1):
        fts.execute(
            "INSERT INTO articles_fts (rowid, title, summary, body, tags) "
            "VALUES (?, '', '', ?, '')",
            [rowid, ", ".join(words_of_doc)],
        )
    typed = " ".join(" OR ".join(_typed(*term) for term in group) for group in groups)
    typed += "".join(" -" + _typed(*term) for term in excluded)
    expected = {
        rowid
        for rowid, words_of_doc in enumerate(documents, start=1)
        if all(any(_term_matches(*t, [_fold(w) for w in words_of_doc]) for t in g) for g in groups)
        and not any(_term_matches(*t, [_fold(w) for w in words_of_doc]) for t in excluded)
    }
    assert _matches(fts, to_match(typed)) == expected, typed
