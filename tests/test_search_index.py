"""The search index stays true to the articles, and `db check` / `db reindex` see and mend it."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli
from newsroom_cli.cli import app

WORDS = ["pemilu", "logistik", "Pengawasan", "hoaks", "sengketa"]
TAGS = ["Berita", "berita", "Humas", "Pilkada", "Logistik"]

refs = st.integers(1, 5).map(str)
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
tag_names = st.sampled_from(TAGS)
records = st.fixed_dictionaries(
    {"title": texts, "body": texts, "tags": st.lists(tag_names, max_size=2)},
    optional={"slug": st.sampled_from(["rilis-a", "rilis-b"]), "summary": texts},
)

operations = st.one_of(
    st.tuples(texts, texts, st.lists(tag_names, max_size=2)).map(
        lambda a: ["add", "--title", a[0], "--body", a[1], *[x for t in a[2] for x in ("-t", t)]]
    ),
    st.tuples(refs, st.sampled_from(["--title", "--body", "--summary"]), texts).map(
        lambda a: ["edit", a[0], a[1], a[2]]
    ),
    st.tuples(refs, st.lists(tag_names, min_size=1, max_size=2)).map(
        lambda a: ["edit", a[0], *[x for t in a[1] for x in ("--tag", t)]]
    ),
    st.tuples(refs, tag_names).map(lambda a: ["tag", a[0], a[1]]),
    st.tuples(refs, tag_names).map(lambda a: ["tag", a[0], a[1], "--remove"]),
    st.tuples(tag_names, st.sampled_from([*TAGS, "Kabar"])).map(
        lambda a: ["tags", "rename", a[0], a[1]]  # into an existing tag: a merge
    ),
    tag_names.map(lambda t: ["tags", "delete", t]),
    refs.map(lambda r: ["delete", r]),
    refs.map(lambda r: ["restore", r]),
    refs.map(lambda r: ["delete", r, "--purge", "--yes"]),
    refs.map(lambda r: ["publish", r]),
    st.tuples(refs, st.integers(1, 3)).map(lambda a: ["revert", a[0], str(a[1])]),
    st.tuples(
        st.lists(records, min_size=1, max_size=3), st.sampled_from(["skip", "update", "new"])
    ).map(lambda a: ["import", a[0], "--on-duplicate", a[1]]),
)


def _invoke(cli: Cli, db: Path, args: list[Any]) -> str:
    if args[0] == "import":  # the records go to a file first
        source = db.parent / "import.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in args[1]), encoding="utf-8")
        args = ["import", str(source), *args[2:]]
    result = cli.runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code in (0, 1), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), args
    return str(result.stdout)


def _index_rows(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT rowid, title, summary, body, tags FROM articles_fts ORDER BY rowid"
        ).fetchall()


def _article_rows(db: Path) -> list[tuple[Any, ...]]:
    """What the index must hold: every article, trashed ones too (search filters them out)."""
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT id, title, summary, body FROM articles ORDER BY id")
        tags = conn.execute(
            "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            "ORDER BY at.article_id, at.position"
        ).fetchall()
        return [
            (*row, "\n".join(name for owner, name in tags if owner == row[0])) for row in articles
        ]


def _answers(cli: Cli, db: Path) -> dict[str, Any]:
    """What searches return: read from the word lists, not from the stored text."""
    found = {}
    for word in [*WORDS, "berita", "pengawas*"]:
        hits = json.loads(_invoke(cli, db, ["search", word, "--limit", "0", "--format", "json"]))
        listed = _invoke(cli, db, ["list", "--search", word, "--limit", "0", "--format", "ids"])
        found[word] = ([(h["id"], h["rank"]) for h in hits], sorted(map(int, listed.split())))
    return found


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operations, min_size=1, max_size=10))
def test_the_index_matches_a_fresh_rebuild_after_any_changes(
    cli: Cli, steps: list[list[Any]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "newsroom.db"
        _invoke(cli, db, ["add", "--title", "pemilu pertama", "-t", "Berita"])
        for step in steps:
            _invoke(cli, db, step)

        assert _index_rows(db) == _article_rows(db)
        report = json.loads(_invoke(cli, db, ["db", "check", "--format", "json"]))
        assert report["fts_problems"] == []
        assert report["ok"] is True
        with sqlite3.connect(db) as conn:
            trashed = {r[0] for r in conn.execute("SELECT id FROM articles WHERE deleted_at")}

        before = _answers(cli, db)
        assert _invoke(cli, db, ["db", "reindex"]).startswith("Re-indexed ")
        assert _index_rows(db) == _article_rows(db)
        assert _answers(cli, db) == before
        for hits, listed in before.values():
            assert not trashed & ({i for i, _ in hits} | set(listed))
            assert sorted(i for i, _ in hits) == listed


def test_a_tag_typed_in_another_case_is_indexed_in_its_first_spelling(
    cli: Cli, db_path: Path
) -> None:
    cli.add("Satu", "-t", "Berita", "-t", "Humas")
    assert cli.add("Dua", "-t", "berita")["tags"] == ["Berita"]
    cli("edit", "1", "--set-tags", "HUMAS", "--set-tags", "berita")
    cli("tag", "2", "humas")
    assert cli.json("db", "check", "--format", "json")["fts_problems"] == []
    with sqlite3.connect(db_path) as conn:
        kept = [json.loads(r[0])["tags"] for r in conn.execute("SELECT snapshot FROM revisions")]
    assert kept == [["Berita", "Humas"], ["Berita"], ["Humas", "Berita"], ["Berita", "Humas"]]


# Damage that the row comparison alone cannot see ----------------------------------------


def test_stale_word_lists_are_reported_and_rebuilt(sample_db: Cli, db_path: Path) -> None:
    """The stored text agrees with the article, but the word lists still hold the old title."""
    cli = sample_db
    assert cli("search", "zamrud", "--format", "ids").stdout == "\n"
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE articles SET title = 'Zamrud Khatulistiwa' WHERE id = 3")
        conn.execute("UPDATE articles_fts_content SET c0 = 'Zamrud Khatulistiwa' WHERE id = 3")
    assert cli("search", "zamrud", "--format", "ids").stdout == "\n"  # the words are stale
    result = cli("db", "check", "--format", "json", code=1)
    report = json.loads(result.stdout)
    assert report["fts_problems"] == ["the search index's word lists do not match its text"]
    assert "OUT OF STEP" in cli("db", "check", code=1).stdout
    assert cli("db", "reindex").stdout == "Re-indexed 14 article(s).\n"
    assert cli.json("db", "check", "--format", "json")["ok"] is True
    assert cli("search", "zamrud", "--format", "ids").stdout == "3\n"


def test_a_damaged_index_can_still_be_rebuilt(sample_db: Cli, db_path: Path) -> None:
    """Emptying a damaged FTS5 index with DELETE fails; `db reindex` makes it anew."""
    cli = sample_db
    expected = cli("search", "pengawasan", "--format", "ids", "--limit", "0").stdout
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE articles_fts_data SET block = zeroblob(length(block)) WHERE id = "
            "(SELECT id FROM articles_fts_data ORDER BY length(block) DESC LIMIT 1)"
        )
    result = cli("db", "check", "--format", "json", code=1)
    assert "the search index's word lists do not match its text" in result.stdout
    assert cli("db", "reindex").stdout == "Re-indexed 14 article(s).\n"
    assert cli.json("db", "check", "--format", "json")["ok"] is True
    assert cli("search", "pengawasan", "--format", "ids", "--limit", "0").stdout == expected
    assert cli.json("search", "pengawasan", "--format", "json")[0]["snippet"]
