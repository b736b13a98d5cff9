"""The error boundary: every failure becomes one ``Error:`` line and an exit code.

Installed once on every registered command (see ``cli/__init__.py``), so a new
command cannot forget it. ``NEWSROOM_DEBUG=1`` lets exceptions through with
their traceback; local variables are never printed.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import AppState
from newsroom_cli.errors import NewsroomError
from newsroom_cli.store.db import translate


def debug() -> bool:
    return os.environ.get("NEWSROOM_DEBUG", "") not in ("", "0")


def _db_path(kwargs: dict[str, Any]) -> Path | str:
    for value in kwargs.values():
        find_root = getattr(value, "find_root", None)  # the command's (Click) context
        if find_root is not None:
            root = find_root()
            if isinstance(root.obj, AppState):
                return root.obj.db_path
    return "the database"


def broken_pipe() -> None:
    """The reader went away (``| head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(1)


def message_for(exc: BaseException, db_path: Path | str) -> tuple[str, int] | None:
    """The one table from exception type to message and exit code."""
    if isinstance(exc, NewsroomError):
        return str(exc), exc.exit_code
    if isinstance(exc, sqlite3.Error):
        mapped = translate(exc, db_path)
        return str(mapped), mapped.exit_code
    if isinstance(exc, UnicodeDecodeError):
        return f"input is not valid UTF-8 at byte {exc.start}", 2
    if isinstance(exc, UnicodeEncodeError):
        # An argument with bytes that are not UTF-8 arrives as lone surrogates.
        return "an argument is not valid UTF-8 text; check the terminal's encoding", 2
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return f"{where}the disk is full", 1
        return f"{where}{exc.strerror or exc}", 1
    return None


def boundary(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            raise typer.Abort() from None  # Click's "Aborted!", exit 1
        except BrokenPipeError:
            broken_pipe()
        except Exception as exc:  # the boundary: map or report, never swallow
            if debug():
                raise
            found = message_for(exc, _db_path(kwargs))
            if found is None:
                found = (
                    f"unexpected {type(exc).__name__}: {exc} "
                    "(this is a bug; NEWSROOM_DEBUG=1 shows the traceback)",
                    1,
                )
            message, code = found
            output.error(message)
            raise typer.Exit(code) from None

    return wrapper
