"""Put a new event file where an old one was (an import over it, a restore), keeping the
old one and never leaving its -wal beside the new.

SQLite replays a `-wal` file found beside a database into it, whoever wrote it: a backup
copied over an event file whose old -wal lies beside it is corrupted ("Rowid out of
order"). So the old file is copied whole (its -wal folded in) into the backups folder,
then its -wal, -shm and -journal are removed, and only then is the new file moved into
place. The caller holds `db.presence.exclusive`: no station has the old file open.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from db import journal, presence, read_event
from db.backup import BackupFailed, backup_folder, copy_checked, stamp_of
from db.connection import connect
from db.schema import LATEST, check_is_event_file
from floor.domain.errors import EventFileMissing, NotAnEventFile, Refused, SchemaTooNew

SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Replaced:
    kept: Path | None  # where the old file went; None if there was none
    kept_checked: bool  # a checked copy with its -wal folded in, not the raw file moved
    removed: tuple[str, ...]  # the old file's -wal, -shm, -journal that were beside it


def sidecars(path: Path) -> list[Path]:
    return [Path(str(path) + suffix) for suffix in SIDECARS]


def remove_database(path: Path) -> list[str]:
    """Remove a database file and its sidecars; the names of those that were there."""
    removed = []
    for file in [*sidecars(path), path]:
        try:
            file.unlink()
            removed.append(file.name)
        except FileNotFoundError:
            pass
    return removed


def _free_name(path: Path) -> Path:
    n, candidate = 1, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def keep_aside(dest: Path, why: str, now: datetime | None = None) -> tuple[Path, bool]:
    """Keep `dest` in its backups folder as `<stem>-<stamp>-before-<why>.db`: a checked
    copy with what its -wal holds folded in; a file that cannot be read as a database
    is moved there as it is (with its -wal beside it, so nothing is lost)."""
    folder = backup_folder(dest)
    folder.mkdir(exist_ok=True)
    target = _free_name(folder / f"{dest.stem}-{stamp_of(now)}-before-{why}.db")
    try:
        old = sqlite3.connect(str(dest), isolation_level=None)  # recovers a crashed -wal
        try:
            copy_checked(old, target)
        finally:
            old.close()
        return target, True
    except (sqlite3.DatabaseError, BackupFailed):
        os.replace(dest, target)
        wal = Path(str(dest) + "-wal")
        if wal.exists():
            os.replace(wal, Path(str(target) + "-wal"))
        return target, False


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_event_file(new: Path, dest: Path, *, why: str,
                       now: datetime | None = None) -> Replaced:
    """Move the self-contained file `new` to `dest`, keeping what was there. The caller
    holds the presence lock exclusively."""
    stale = tuple(file.name for file in sidecars(dest) if file.exists())
    kept, checked = keep_aside(dest, why, now) if dest.exists() else (None, False)
    for file in sidecars(dest):  # the old file's: what they held is in the kept copy
        file.unlink(missing_ok=True)
    os.replace(new, dest)
    _fsync_folder(dest.parent)
    return Replaced(kept, checked, stale)


# -- restore --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restored:
    dest: Path
    source: Path
    replaced: Replaced
    participants: int
    checked_in: int
    last_entry: dict | None


def _copy_backup(source: Path, tmp: Path, dest: Path) -> None:
    """Copy the backup `source` to `tmp`, checked: an event file, not made by a newer
    floor, sound. Each refusal names the backup and what to do."""
    folder = backup_folder(dest)
    other = f"choose another backup (they are in {folder})"
    try:
        src = sqlite3.connect(f"file:{quote(str(source.absolute()))}?mode=ro", uri=True,
                              isolation_level=None)
    except sqlite3.Error as error:
        raise NotAnEventFile(f"{source} cannot be opened: {other}", detail=str(error)) from error
    try:
        try:
            check_is_event_file(src, empty_ok=False)
            if src.execute("SELECT count(*) FROM event").fetchone()[0] != 1:
                raise NotAnEventFile("no event row")
        except SchemaTooNew as error:
            version = src.execute("PRAGMA user_version").fetchone()[0]
            raise SchemaTooNew(f"{source} was made by a newer floor (schema version "
                               f"{version}; this floor knows up to {LATEST}): update floor, "
                               f"or {other}") from error
        except (NotAnEventFile, sqlite3.DatabaseError) as error:
            raise NotAnEventFile(f"{source} is not a backup of an event file (or it is "
                                 f"damaged): {other}", detail=str(error)) from error
        try:
            copy_checked(src, tmp)
        except (BackupFailed, sqlite3.DatabaseError) as error:
            raise BackupFailed(f"{source} is damaged (its integrity check fails): {other}",
                               detail=str(error)) from error
    finally:
        src.close()


def restore_backup(source: str | Path, dest: str | Path, *,
                   now: datetime | None = None) -> Restored:
    """Put the backup `source` in the place of the event file `dest` (see the module)."""
    source, dest = Path(source), Path(dest)
    if not source.is_file():
        raise EventFileMissing(f"no backup at {source}: give the path of a backup file "
                               f"(they are in {backup_folder(dest)})")
    if dest.exists() and os.path.samefile(source, dest):
        raise Refused(f"--from and --db both name {dest}: give the backup to restore from")
    presence.refuse_if_open(dest, doing="restore")  # before the copy: say so at once
    tmp = dest.with_name(f".{dest.name}.restoring-{os.getpid()}")
    remove_database(tmp)
    try:
        _copy_backup(source, tmp, dest)
        with presence.exclusive(dest, doing="restore"):
            replaced = replace_event_file(tmp, dest, why="restore", now=now)
    finally:
        remove_database(tmp)
    db = connect(dest)  # migrates an older backup to this floor's schema
    try:
        counts = read_event.counts(db)
        last = journal.entry(db, journal.last_id(db)) if journal.last_id(db) else None
    finally:
        db.conn.close()
    return Restored(dest, source, replaced, counts["participants"], counts["checked_in"], last)
