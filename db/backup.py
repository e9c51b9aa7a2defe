"""Consistent copies of a live event file with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from floor.domain.errors import FileProblem


class BackupFailed(FileProblem):
    pass


def backup_to(db: sqlite_utils.Database, dest: str | Path) -> Path:
    """Copy the open database to `dest` (safe while other processes write), then check
    the copy with PRAGMA integrity_check. Writes to a temporary name first, so `dest`
    is either the old file or a whole checked copy."""
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(target, pages=1024)
        result = target.execute("PRAGMA integrity_check").fetchall()
        target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    finally:
        target.close()
    if [r[0] for r in result] != ["ok"]:
        tmp.unlink(missing_ok=True)
        raise BackupFailed(f"integrity check of the copy failed: {result[:5]}")
    tmp.replace(dest)
    return dest


def backup_folder(event_file: str | Path) -> Path:
    event_file = Path(event_file)
    return event_file.with_name(event_file.stem + "-backups")


def rolling_backup(db: sqlite_utils.Database, event_file: str | Path, *, keep: int = 12,
                   now: datetime | None = None) -> Path:
    """A timestamped backup into the folder beside the event file, keeping the last `keep`."""
    folder = backup_folder(event_file)
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = backup_to(db, folder / f"{Path(event_file).stem}-{stamp}.db")
    backups = sorted(folder.glob(f"{Path(event_file).stem}-*.db"))
    for old in backups[:-keep]:
        old.unlink(missing_ok=True)
    return dest
