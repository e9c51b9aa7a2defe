"""Consistent copies of a live event file with SQLite's online backup API."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from db.identity import ensure_same_file
from floor.domain.errors import FileProblem


class BackupFailed(FileProblem):
    pass


def backup_to(db: sqlite_utils.Database, dest: str | Path) -> Path:
    """Copy the open database to `dest` (safe while other processes write), then check
    the copy with PRAGMA integrity_check. Writes to a temporary name first, so `dest`
    is either the old file or a whole checked copy. A station whose event file was
    replaced copies nothing (EventFileReplaced)."""
    ensure_same_file(db.conn)
    return copy_checked(db.conn, dest)


def copy_checked(source: sqlite3.Connection, dest: str | Path) -> Path:
    """`backup_to` for any open SQLite connection (no identity to check)."""
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(str(tmp))
    try:
        source.backup(target, pages=1024)
        result = target.execute("PRAGMA integrity_check").fetchall()
        target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    except BaseException:
        target.close()
        tmp.unlink(missing_ok=True)
        raise
    target.close()
    if [r[0] for r in result] != ["ok"]:
        tmp.unlink(missing_ok=True)
        raise BackupFailed(f"integrity check of the copy failed: {result[:5]}")
    tmp.replace(dest)
    return dest


def backup_folder(event_file: str | Path) -> Path:
    event_file = Path(event_file)
    return event_file.with_name(event_file.stem + "-backups")


def stamp_of(now: datetime | None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def rolling_backup(db: sqlite_utils.Database, event_file: str | Path, *, keep: int = 12,
                   now: datetime | None = None) -> Path:
    """A timestamped backup into the folder beside the event file, keeping the last `keep`
    of these (the copies kept by an import or a restore, `…-before-import.db`, stay)."""
    folder = backup_folder(event_file)
    folder.mkdir(exist_ok=True)
    stem = Path(event_file).stem
    dest = backup_to(db, folder / f"{stem}-{stamp_of(now)}.db")
    rolling = re.compile(re.escape(stem) + r"-\d{8}-\d{6}\.db")
    backups = sorted(p for p in folder.glob(f"{stem}-*.db") if rolling.fullmatch(p.name))
    for old in backups[:-keep]:
        old.unlink(missing_ok=True)
    return dest
