"""Where a command finds its database and settings: opened once, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from newsroom_cli import config
from newsroom_cli.store import open_store

if TYPE_CHECKING:
    from newsroom_cli.config import Config
    from newsroom_cli.store import Store


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsroom", appauthor=False)) / "newsroom.db"


@dataclass
class AppState:
    """What the root callback learned (``--db``), and the store once opened."""

    db_option: Path | None = None
    _store: Store | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        """``--db``, else ``$NEWSROOM_DB``, else the user data dir."""
        if self.db_option is not None:
            return self.db_option.expanduser()
        if env := os.environ.get("NEWSROOM_DB"):
            return Path(env).expanduser()
        return default_db_path()

    @property
    def store(self) -> Store:
        return self.open()

    def open(self, *, auto_migrate: bool = True) -> Store:
        """Open the database once; the default location's folder is made on first use."""
        if self._store is None:
            path = self.db_path
            if self.db_option is None and "NEWSROOM_DB" not in os.environ:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._store = open_store(path, auto_migrate=auto_migrate)
        return self._store

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = config.load(self.store)
        return self._config

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def state(ctx: typer.Context) -> AppState:
    """The state the root callback put on the context (a fresh one in direct calls)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
        root.call_on_close(root.obj.close)
    return root.obj
