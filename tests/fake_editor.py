"""A fake ``$EDITOR`` for tests: ``EDITOR="<python> tests/fake_editor.py"``.

The file to edit is the last argument. What it does is chosen by environment
variables, which the CLI passes through to the editor:

``FAKE_EDITOR_MODE``
    ``noop``        leave the file as it is (the default)
    ``replace``     replace the file with the content of ``$FAKE_EDITOR_CONTENT`` (a path)
    ``sub``         replace the text ``$FAKE_EDITOR_OLD`` with ``$FAKE_EDITOR_NEW``
    ``empty``       truncate the file
    ``fail``        exit with status 3, leaving the file alone
    ``sigint``      send SIGINT to the parent (the CLI), sleep 1 s, exit 0
    ``touch_same``  change the content, then put the original mtime back
``FAKE_EDITOR_WAIT``
    optional path: first write ``<path>.ready``, then wait (up to 30 s) until
    ``<path>`` exists before doing the mode, as if the editor were left open
    while another command runs.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path


def wait_for(gate: Path) -> None:
    Path(f"{gate}.ready").write_text("ready", encoding="utf-8")
    deadline = time.monotonic() + 30
    while not gate.exists():
        if time.monotonic() > deadline:
            sys.exit(f"fake_editor: {gate} did not appear within 30 s")
        time.sleep(0.02)


def main() -> int:
    target = Path(sys.argv[-1])
    if gate := os.environ.get("FAKE_EDITOR_WAIT"):
        wait_for(Path(gate))
    mode = os.environ.get("FAKE_EDITOR_MODE", "noop")
    if mode == "noop":
        pass
    elif mode == "replace":
        content = Path(os.environ["FAKE_EDITOR_CONTENT"]).read_bytes()
        target.write_bytes(content)
    elif mode == "sub":
        text = target.read_text(encoding="utf-8")
        old, new = os.environ["FAKE_EDITOR_OLD"], os.environ["FAKE_EDITOR_NEW"]
        if old not in text:
            sys.exit(f"fake_editor: {old!r} not found in {target}")
        target.write_text(text.replace(old, new), encoding="utf-8")
    elif mode == "empty":
        target.write_bytes(b"")
    elif mode == "fail":
        return 3
    elif mode == "sigint":
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(1)
    elif mode == "touch_same":
        before = target.stat()
        text = target.read_text(encoding="utf-8")
        target.write_text(text.rstrip("\n") + "\n\nOne more line.\n", encoding="utf-8")
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    else:
        sys.exit(f"fake_editor: unknown FAKE_EDITOR_MODE {mode!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
