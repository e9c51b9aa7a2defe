"""Open an event file: WAL, foreign keys, a busy timeout, schema migrated.

A `Database` made by `connect` belongs to the thread that opened it; screens run their
database work in worker threads and borrow connections from one `ConnectionPool`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

from db import presence
from db.identity import (
    FileIdentity,
    ensure_same_file,
    identity_of,
    is_replaced,
    let_go_of_old_file,
)
from db.schema import check_is_event_file, ensure_schema
from floor.domain.errors import EventFileMissing, EventFileReplaced

BUSY_TIMEOUT_MS = 15_000

# Filesystems where SQLite's locking cannot be trusted (the SQLite FAQ says never put a
# database that several processes write on a network share).
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afs", "9p",
                       "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "glusterfs",
                       "ceph", "fuse.rclone"}


class NetworkFilesystemWarning(UserWarning):
    pass


def filesystem_type(path: Path) -> str | None:
    """The type of the mount that holds `path`, from /proc/mounts (Linux), or None."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    best, best_type = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
                or mount_point == "/") and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def warn_if_network_filesystem(path: Path) -> None:
    fs = filesystem_type(path.parent)
    if fs in NETWORK_FILESYSTEMS:
        warnings.warn(
            f"{path} is on a network filesystem ({fs}): SQLite's locking is not safe "
            "there and the event file can be corrupted. Keep it on this laptop's own "
            "disk and let other stations connect to this laptop instead.",
            NetworkFilesystemWarning,
            stacklevel=3,
        )


class EventConnection(sqlite3.Connection):
    """A connection that knows which file it opened (db.identity: every write checks
    that the path still names it) and holds this process's share of the presence lock
    (db.presence: an import or a restore waits for no station)."""

    event_path: Path | None = None
    opened_identity: FileIdentity | None = None
    presence: presence.Presence | None = None

    def close(self) -> None:
        try:
            if is_replaced(self):  # SQLite would leave its -wal beside the new file
                if self.in_transaction:
                    self.execute("ROLLBACK")
                let_go_of_old_file(self)
        except sqlite3.ProgrammingError:  # closed already
            pass
        super().close()
        if self.presence is not None:
            self.presence.release()

    def __del__(self) -> None:  # a connection dropped without close() lets go too
        if self.presence is not None:
            self.presence.release()


OPEN_ATTEMPTS = 3  # the path replaced while we opened it: open what it names now


def connect(path: str | Path, *, create: bool = False, readonly: bool = False,
            migrate: bool = True, shareable: bool = False,
            hold_presence: bool = True) -> sqlite_utils.Database:
    """Open the event file at `path` with the pragmas every process must use.

    `create=False` refuses a missing file rather than making an empty one.
    `readonly=True` opens it read-only (query_only) for the projector.
    `shareable=True` lets the connection move between threads (one at a time: see
    ConnectionPool); otherwise it belongs to the thread that opened it.
    `hold_presence=False`: a file only this process knows of (an import's temporary
    file) takes no presence lock.
    """
    path = Path(path)
    if path == Path(":memory:"):
        conn = _open(path, shareable)
    else:
        if not create and not path.exists():
            raise EventFileMissing(f"no event file at {path} (make one with `floor import` "
                                   "or `floor demo`)")
        warn_if_network_filesystem(path.absolute())
        conn = _open_event_file(path, create=create, readonly=readonly, shareable=shareable,
                                hold_presence=hold_presence)
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal" and path != Path(":memory:"):
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # a committed check-in survives a power cut
    db = sqlite_utils.Database(conn)
    if migrate and not readonly:
        ensure_schema(db)
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    return db


def _open(path: Path, shareable: bool) -> EventConnection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=not shareable, factory=EventConnection)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _open_event_file(path: Path, *, create: bool, readonly: bool, shareable: bool,
                     hold_presence: bool) -> EventConnection:
    """Open, check it is an event file (before anything is written, even a lock file),
    take the presence lock, and make sure the file opened is the one the path names
    once the lock is held (an import may have swapped it in between)."""
    for _ in range(OPEN_ATTEMPTS):
        before = identity_of(path)
        conn = _open(path, shareable)
        try:
            check_is_event_file(conn, empty_ok=not readonly)
            if hold_presence:
                conn.presence = presence.hold(path)
        except BaseException:
            conn.close()
            raise
        after = identity_of(path)
        if after is not None and (before is None or before == after):
            conn.event_path, conn.opened_identity = path.absolute(), after
            return conn
        conn.close()
    raise EventFileReplaced(detail=f"{path} kept changing while it was opened")


def ensure_still_same_file(db: sqlite_utils.Database) -> None:
    """Raise EventFileReplaced if the path `db` opened no longer names its file (and
    fold its -wal into the file it opened: see db.identity.let_go_of_old_file)."""
    try:
        ensure_same_file(db.conn)
    except EventFileReplaced:
        if not db.conn.in_transaction:
            let_go_of_old_file(db.conn)
        raise


class ConnectionPool:
    """Connections lent to worker threads one at a time. Textual starts a new thread for
    each thread worker, so a connection per thread would leak; a borrowed connection is
    used by one thread at a time and goes back to the pool."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self._idle: list[sqlite_utils.Database] = []
        self._all: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()
        self._give_back(self._open())  # open (and migrate) now: failures surface early

    def _open(self) -> sqlite_utils.Database:
        db = connect(self.path, readonly=self.readonly, shareable=True)
        with self._lock:
            self._all.append(db)
        return db

    def _give_back(self, db: sqlite_utils.Database) -> None:
        with self._lock:
            self._idle.append(db)

    @contextmanager
    def borrow(self) -> Iterator[sqlite_utils.Database]:
        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = self._open()
        try:
            yield db
        finally:
            if db.conn.in_transaction:  # a worker died mid-transaction: never lend it so
                db.conn.execute("ROLLBACK")
            self._give_back(db)

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                db.conn.close()
            self._all.clear()
            self._idle.clear()


def fold_wal(db: sqlite_utils.Database) -> None:
    """Checkpoint the WAL into the main file and leave WAL mode, so the file can be
    moved or copied on its own (the next `connect` turns WAL back on)."""
    db.conn.execute("PRAGMA journal_mode = DELETE")
