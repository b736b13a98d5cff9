"""Fuzz the date parser: any text is a date or an InvalidInput, never a crash."""

import atheris

with atheris.instrument_imports():
    from newsroom_cli.dates import format_date, parse

from _harness import run


def target(text: str) -> None:
    moment = parse(text)
    # what it read must format and read back as the same day
    assert parse(format_date(moment, "id")).date() == moment.date()


if __name__ == "__main__":
    run(target)
