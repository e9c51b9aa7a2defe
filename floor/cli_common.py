"""Options and helpers shared by the CLI's commands."""

from __future__ import annotations

from pathlib import Path

import click

from db import queries
from db.connection import EventFileMissing, connect
from floor.clock import make_clock

DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(path_type=Path),
                         help="The event file (SQLite).")


def open_event(db_path: Path, *, readonly: bool = False):
    try:
        db = connect(db_path, readonly=readonly)
        queries.event(db)
        return db
    except (EventFileMissing, LookupError) as error:
        raise click.ClickException(str(error)) from error


def clock_option(f):
    f = click.option("--now", "now", metavar="HH:MM",
                     help="Run as if it were this time of the event day (or an ISO "
                          "date-time); default: the wall clock, or a demo file's own clock.")(f)
    f = click.option("--speed", type=float, default=1.0, show_default=True,
                     help="With --now: how fast time runs (0 stands still).")(f)
    return f


def event_clock(db, now: str | None, speed: float):
    return make_clock(start=now, speed=speed, event_date=queries.event(db)["date"],
                      settings=queries.settings(db))


