"""Is the path a connection opened still the file it opened?

An event file can be deleted, moved, or replaced (an import, a restore, a copy) under a
running station. SQLite goes on reading and writing the file it opened, which nobody
reads any more; so every write (db.transaction) and every screen's poll compares the
path's (st_dev, st_ino) now with what they were at open. The cost is one stat (measured
at 10-25 µs on a busy two-core VM, against milliseconds for a scan's transaction)."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import NamedTuple

from floor.domain.errors import EventFileReplaced

log = logging.getLogger("floor.db")


class FileIdentity(NamedTuple):  # a tuple: made and compared in no time
    device: int
    inode: int


def identity_of(path: str | Path) -> FileIdentity | None:
    """Which file `path` names now; None if it names none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return FileIdentity(st.st_dev, st.st_ino)


def what_happened(path: str | Path, opened: FileIdentity) -> str | None:
    """None while `path` still names the file opened; else what became of it, in words."""
    now = identity_of(path)
    if now == opened:
        return None
    return "deleted or moved away" if now is None else "replaced by another file"


def is_replaced(conn) -> bool:
    opened = getattr(conn, "opened_identity", None)
    return opened is not None and what_happened(conn.event_path, opened) is not None


def let_go_of_old_file(conn: sqlite3.Connection) -> None:
    """The path names another file (or none) now. The -wal beside it is still the old
    file's, and SQLite closing a moved file neither folds nor removes it: the next
    process to open the path would replay those pages into the new file. So fold them
    into the file this connection opened (what was committed stays there) and leave the
    -wal empty. Outside a transaction; a failure is logged, never raised."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        log.exception("the old event file's -wal could not be folded in")


def ensure_same_file(conn) -> None:
    """Raise EventFileReplaced if the path `conn` opened no longer names that file.
    Connections that were not opened by db.connection.connect (or `:memory:`) pass."""
    opened = getattr(conn, "opened_identity", None)
    if opened is None:
        return
    change = what_happened(conn.event_path, opened)
    if change is not None:
        raise EventFileReplaced(detail=f"{conn.event_path} was {change} after this process "
                                       "opened it; nothing was written")
