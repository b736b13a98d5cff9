"""The publish gate: `publish` runs the checks; an error refuses it unless --force, a warning
is shown and does not block, and a refused publish changes nothing."""

from __future__ import annotations

from conftest import Cli

COMPLETE = (
    "--dateline", "Bengkalis", "--date", "29/6/2020", "--category", "Berita", "-t", "Berita"
)  # fmt: skip


def status_and_revision(cli: Cli, ref: str = "1") -> tuple[str, int]:
    record = cli.json("show", ref, "--format", "json")
    return record["status"], record["revision"]


def test_an_error_refuses_the_publish_and_changes_nothing(cli: Cli) -> None:
    cli.add("Rapat Pleno", "--body", "Ketua berkata, “Kami siap.\n\nSelesai.", *COMPLETE)
    before = status_and_revision(cli)
    result = cli("publish", "1", code=1)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == (
        "Error: article 1 was not published: `newsroom check` found 1 error; "
        "fix it, or publish anyway with --force"
    )
    assert "NR101" in result.stderr
    assert "tanda petik pembuka “ tidak ditutup dalam paragraf ini" in result.stderr
    assert status_and_revision(cli) == before
    assert len(cli.json("history", "1", "--format", "json")) == 1


def test_several_errors_are_counted_and_scheduling_is_refused_too(cli: Cli) -> None:
    cli.add("Rapat Pleno", "--body", "Kutipan “tanpa penutup (dan kurung.", *COMPLETE)
    result = cli("publish", "1", "--at", "2099-01-01T09:00", code=1)
    assert "found 2 errors; fix them, or publish anyway with --force" in result.stderr
    assert status_and_revision(cli)[0] == "draft"


def test_force_publishes_and_still_shows_the_findings(cli: Cli) -> None:
    cli.add("Rapat Pleno", "--body", "Ketua berkata, “Kami siap.", *COMPLETE)
    result = cli("publish", "1", "--force")
    assert result.stdout == "Article 1 (rapat-pleno) is now published.\n"
    assert "NR101" in result.stderr
    assert "Error:" not in result.stderr
    assert status_and_revision(cli)[0] == "published"


def test_a_warning_alone_does_not_block(cli: Cli) -> None:
    cli.add("Rapat Pleno", "--body", "Pengawas yang yang hadir mencatat.", "--date", "29/6/2020")
    result = cli("publish", "1")
    assert result.stdout == "Article 1 (rapat-pleno) is now published.\n"
    assert "NR201" in result.stderr  # the doubled word
    assert "NR303" in result.stderr  # no dateline
    assert "Error:" not in result.stderr
    assert status_and_revision(cli)[0] == "published"


def test_a_clean_release_publishes_quietly_and_info_is_left_to_check(cli: Cli) -> None:
    cli.add("Rapat Pleno", "--body", "Rapat  dimulai pukul 09.00 .", *COMPLETE)
    result = cli("publish", "1")
    assert (result.stdout, result.stderr) == ("Article 1 (rapat-pleno) is now published.\n", "")
    assert [f["code"] for f in cli.json("check", "1", "--format", "json")] == ["NR403", "NR404"]


def test_the_desk_can_turn_a_rule_off_for_the_gate(cli: Cli) -> None:
    cli.add("Rapat Pleno", "--body", "Ketua berkata, “Kami siap.", *COMPLETE)
    cli("config", "check.ignore", "NR101")
    result = cli("publish", "1")
    assert (result.stdout, result.stderr) == ("Article 1 (rapat-pleno) is now published.\n", "")


def test_the_gate_reads_the_glossary(cli: Cli) -> None:
    cli("config", "check.glossary", "Bawaslu")
    cli.add("Rapat Pleno", "--body", "Kantor bawaslu dibuka.", *COMPLETE)
    result = cli("publish", "1")
    assert "“bawaslu” seharusnya ditulis “Bawaslu”" in result.stderr
