"""Options and helpers shared by the CLI's commands: the event file, the clock, the actor."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import click

from db import eventlog, read_event
from db.connection import connect
from floor.domain.clock import make_clock
from floor.domain.errors import DiskFull, FolderReadOnly, NotAnEventFile, NotAnEventPath

# Below this much free space, SQLite's "disk I/O error" on opening (it cannot grow the
# -shm file) means the disk is full.
NEARLY_FULL_BYTES = 1 << 20

DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(path_type=Path),
                         help="The event file (SQLite).")
STATION_OPTION = click.option("--station", default="door", show_default=True,
                              help="This door's name, as logged with each scan.")


def actor_option(default: str = "cli"):
    """--actor: who is acting, as the journal shows it ("cli" from a script, "manager"
    at the floor screen)."""
    return click.option("--actor", default=default, show_default=True,
                        help="Who is acting (shown in the journal).")


def only_option(uses: str = ""):
    """--only ID,ID...: some participants, not everyone."""
    return click.option("--only", "only", multiple=True, metavar="ID",
                        help="Only these participants (repeat, or separate with commas)"
                             + (f": {uses}." if uses else "."))


ACTOR_OPTION = actor_option()


def open_event(db_path: Path, *, readonly: bool = False):
    """The event file, checked to hold an event before anything is written to it; its
    log file attached. Raises the error family's FileProblem kinds, which the CLI turns
    into a sentence and exit 4."""
    db_path = Path(db_path)
    if db_path.is_dir():
        raise NotAnEventPath(f"--db {db_path} is a folder, not an event file: give the "
                             f"event file's path (such as {db_path / 'event.db'})")
    if db_path.is_file():  # the log goes beside a file that is there, never alone
        eventlog.attach(db_path)
        if db_path.stat().st_size == 0:  # SQLite would make it an empty database
            raise NotAnEventFile(f"{db_path} is empty: it holds no event. Check --db, or "
                                 "make an event file with `floor import` or `floor demo`")
    try:
        db = connect(db_path, readonly=readonly)
        read_event.event(db)
    except sqlite3.OperationalError as error:
        raise said_plainly(error, db_path) from error
    return db


def said_plainly(error: sqlite3.OperationalError, db_path: Path) -> Exception:
    """What SQLite's failure to open the file means, where its words say nothing a
    person can act on; otherwise the error itself."""
    folder = db_path.absolute().parent
    code = getattr(error, "sqlite_errorname", "") or ""
    if code.startswith(("SQLITE_IOERR", "SQLITE_FULL")) and (
            shutil.disk_usage(folder).free < NEARLY_FULL_BYTES):
        return DiskFull(detail=str(error))
    if "unable to open" in str(error) and not os.access(folder, os.W_OK):
        return FolderReadOnly(
            f"the folder {folder} cannot be written (read-only?), and SQLite keeps its "
            "-wal and -shm files beside the event file: nothing was written. Copy the "
            "event file to a folder you can write and use that copy", detail=str(error))
    return error


def clock_option(f):
    f = click.option("--now", "now", metavar="HH:MM",
                     help="Run as if it were this time of the event day (or an ISO "
                          "date-time); default: the wall clock, or a demo file's own clock.")(f)
    f = click.option("--speed", type=float, default=1.0, show_default=True,
                     help="With --now: how fast time runs (0 stands still).")(f)
    return f


def event_clock(db, now: str | None, speed: float):
    try:
        return make_clock(start=now, speed=speed, event_date=read_event.event(db)["date"],
                          settings=read_event.settings(db))
    except ValueError as error:
        raise click.BadParameter(f"{now!r} is not a time HH:MM (00:00 to 23:59) or an ISO "
                                 "date-time",
                                 param_hint="--now") from error


def clock_of(db_path: Path, now: str | None, speed: float):
    """The clock a screen runs on, read from the file and the file closed again (the
    screen opens its own connections in its workers)."""
    db = open_event(db_path, readonly=True)
    try:
        return event_clock(db, now, speed)
    finally:
        db.conn.close()


def id_list(only: tuple[str, ...]) -> list[str] | None:
    """`--only A1,A2 --only A3` -> ["A1", "A2", "A3"]; None when not given."""
    return [i.strip() for part in only for i in part.split(",") if i.strip()] or None
