"""Options and helpers shared by the CLI's commands: the event file, the clock, the actor."""

from __future__ import annotations

from pathlib import Path

import click

from db import eventlog, read_event
from db.connection import connect
from floor.domain.clock import make_clock

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
    """The event file, checked to hold an event; its log file attached. Raises the error
    family's FileProblem kinds, which the CLI turns into a sentence and exit 4."""
    if Path(db_path).is_file():  # the log goes beside a file that is there, never alone
        eventlog.attach(db_path)
    db = connect(db_path, readonly=readonly)
    read_event.event(db)
    return db


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
        raise click.BadParameter(f"{now!r} is not a time HH:MM or an ISO date-time",
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
