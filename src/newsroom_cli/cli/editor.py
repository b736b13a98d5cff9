"""Running ``$VISUAL``/``$EDITOR`` on a file that outlives a failed session.

The file is created in the recovery folder next to the database and deleted
only after the database has the text. If the editor fails, is interrupted, or
the save fails (database busy, disk full), the text stays on disk and the
error names the file.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from newsroom_cli import dates
from newsroom_cli.errors import EditAborted, InvalidInput, NewsroomError


def editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        if value := os.environ.get(variable, "").strip():
            return shlex.split(value)
    for fallback in ("sensible-editor", "nano", "vi"):
        if found := shutil.which(fallback):
            return [found]
    raise InvalidInput("no editor found: set $VISUAL or $EDITOR, e.g. EDITOR=nano")


def recovery_dir(db_path: Path) -> Path:
    folder = db_path.parent / "recovery"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "newsroom-recovery"
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback


class EditSession:
    """One file handed to the editor; ``kept()`` wording for every failure."""

    def __init__(self, db_path: Path, name: str, text: str, zone_name: str) -> None:
        # The office's clock, as everything else the desk reads (not the machine's UTC).
        stamp = dates.now(dates.zone(zone_name)).strftime("%Y%m%d-%H%M%S")
        fd, raw = tempfile.mkstemp(
            prefix=f"{name}-{stamp}-", suffix=".md", dir=recovery_dir(db_path)
        )
        self.path = Path(raw)
        self.initial = text
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)

    def kept(self) -> str:
        return f"your text is kept in {self.path}"

    def run(self) -> str:
        """The text after the editor closed; raises ``EditAborted`` on any failure."""
        command = [*editor_command(), str(self.path)]
        try:
            returncode = subprocess.run(command, check=False).returncode
        except KeyboardInterrupt:
            raise EditAborted(f"editing was interrupted; nothing changed; {self.kept()}") from None
        except OSError as exc:
            self.done()  # the file holds only the original text
            raise InvalidInput(f"cannot run the editor {command[0]!r}: {exc.strerror}") from exc
        if returncode != 0:
            raise EditAborted(
                f"the editor exited with status {returncode}; nothing changed; {self.kept()}"
            )
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise EditAborted(
                f"the file is not valid UTF-8 at byte {exc.start}; {self.kept()}"
            ) from exc
        if not text.strip():
            self.path.write_text(self.initial, encoding="utf-8")
            raise EditAborted(f"the file was empty, so nothing changed; {self.kept()}")
        return text

    def fail(self, exc: NewsroomError) -> NewsroomError:
        """The same error, saying where the text is."""
        kept = type(exc)(f"{exc}; {self.kept()}")
        return kept

    def done(self) -> None:
        self.path.unlink(missing_ok=True)
