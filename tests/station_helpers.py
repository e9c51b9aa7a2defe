"""Stations in processes of their own, for the tests of the event file's identity, of
import --force and of restore: a door that scans what it is sent, and what a file holds."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from helpers import ROOT, big_event

from db import journal, read_event, scans
from db.backup import copy_checked
from db.connection import connect

MORNING = datetime(2026, 11, 26, 9, 0)


def event_with_badges(folder: Path) -> tuple[Path, list[str]]:
    """`event.db` in `folder`: six participants, each with a badge; their tokens."""
    path = folder / "event.db"
    return path, big_event(path, 6)


# A door in a process of its own: scans what comes on stdin, says what happened.
DOOR = """
import sys
from datetime import datetime
from db.connection import connect
from floor.domain.clock import FixedClock
from floor.ops.door import scan_badge
db = connect(sys.argv[1])
if len(sys.argv) > 3:
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")  # what it commits stays in the -wal
print("open", flush=True)
for line in sys.stdin:
    try:
        answer = scan_badge(db, line.strip(), station="door 1",
                            clock=FixedClock(datetime.fromisoformat(sys.argv[2])))
        print("answer", answer.verdict, flush=True)
    except Exception as error:
        print("refused", type(error).__name__, error, flush=True)
"""


class DoorProcess:
    def __init__(self, path: Path, *, keep_wal: bool = False):
        args = [sys.executable, "-c", DOOR, str(path), MORNING.isoformat()]
        self.proc = subprocess.Popen(args + (["keep-wal"] if keep_wal else []), cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.said() == "open"

    def said(self) -> str:
        return self.proc.stdout.readline().strip()

    def scan(self, token: str) -> str:
        self.proc.stdin.write(token + "\n")
        self.proc.stdin.flush()
        return self.said()

    def quit(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)


def facts(path: Path) -> dict:
    """What a file holds, read by a connection of its own (closed again)."""
    db = connect(path, readonly=True)
    try:
        return {"last_entry": journal.last_id(db), "scans": len(scans.scans(db)),
                "rejections": len(journal.rejections(db)),
                "checked_in": read_event.counts(db)["checked_in"]}
    finally:
        db.conn.close()


def copy_of(path: Path, dest: Path) -> Path:
    """A checked copy, as `floor backup` makes one, its connection closed."""
    db = connect(path, readonly=True)
    try:
        return copy_checked(db.conn, dest)
    finally:
        db.conn.close()
