"""BEGIN IMMEDIATE write transactions that wait for the lock instead of failing.

Several processes (manager, doors, projector) share one file. WAL lets readers go on
while one writer writes; a writer that finds the lock taken waits (busy timeout), and if
SQLite still answers SQLITE_BUSY we retry, so "database is locked" never reaches a user.
Every write also checks, under the lock and again just before COMMIT, that the path still
names the file this connection opened (db.identity): a station whose file was replaced
or deleted writes nothing, anywhere, and says so (EventFileReplaced).
"""

from __future__ import annotations

import random
import sqlite3
import time
from contextlib import contextmanager
from typing import Iterator

import sqlite_utils

from db.identity import ensure_same_file, let_go_of_old_file
from floor.domain.errors import DatabaseBusy, EventFileReplaced

BEGIN_RETRY_SECONDS = 60.0


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def begin_immediate(conn: sqlite3.Connection) -> None:
    deadline = time.monotonic() + BEGIN_RETRY_SECONDS
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() > deadline:
                if _is_busy(error):
                    raise DatabaseBusy(
                        "another floor process has held the event file for over a "
                        "minute; is one stuck? (the file is unchanged)"
                    ) from error
                raise
            time.sleep(random.uniform(0.005, 0.05))


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One BEGIN IMMEDIATE transaction: all of it commits, or none of it; none of it if
    the event file was replaced or deleted meanwhile."""
    conn = db.conn
    if conn.in_transaction:
        raise RuntimeError("write_transaction does not nest: a transaction is already open")
    begin_immediate(conn)
    try:
        ensure_same_file(conn)
        yield db
        ensure_same_file(conn)  # replaced while this ran: commit nothing into the old file
    except BaseException as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(error, EventFileReplaced):
            let_go_of_old_file(conn)
        raise
    else:
        conn.execute("COMMIT")
