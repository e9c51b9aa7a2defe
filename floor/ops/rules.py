"""Look-ups and checks shared by the ops; each refusal says what is wrong in words."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.clock import hhmm
from floor.domain.errors import Refused
from floor.domain.names import person_label
from floor.domain.time import is_available
from floor.domain.vocabulary import STATUS_WORDS


def meeting_label(m: dict) -> str:
    return f"meeting {m['id']} ({m['a']}–{m['b']}, round {m['round']}, {m['table_name']})"


def person(db: sqlite_utils.Database, participant_id: str) -> dict:
    found = read_people.participant(db, participant_id)
    if found is None:
        raise Refused(f"no participant with id {participant_id!r}")
    return found


def meeting(db: sqlite_utils.Database, meeting_id: int) -> dict:
    found = read_meetings.meeting(db, meeting_id)
    if found is None:
        raise Refused(f"no meeting {meeting_id}")
    return found


def round_no(db: sqlite_utils.Database, no: int) -> dict:
    found = read_event.round_(db, no)
    if found is None:
        last = len(read_event.rounds(db))
        raise Refused(f"there is no round {no} (rounds are 1 to {last})")
    return found


def table(db: sqlite_utils.Database, name: str) -> str:
    if not read_event.table_exists(db, name):
        raise Refused(f"there is no table {name!r}")
    return name


def not_over(db: sqlite_utils.Database, no: int, now: datetime, what: str) -> None:
    rnd = read_event.timetable(db).get(no)
    if rnd.ends <= now:
        raise Refused(f"{what}: round {no} ended at {rnd.ends:%H:%M}")


def has_started(db: sqlite_utils.Database, no: int, now: datetime, what: str) -> None:
    rnd = read_event.timetable(db).get(no)
    if rnd.starts > now:
        raise Refused(f"{what}: round {no} starts only at {rnd.starts:%H:%M}")


def status(m: dict, allowed: tuple[str, ...], what: str) -> None:
    if m["status"] not in allowed:
        raise Refused(f"cannot {what} {meeting_label(m)}: it is {STATUS_WORDS[m['status']]}")


def available(db: sqlite_utils.Database, p: dict, no: int) -> None:
    rnd = round_no(db, no)
    if is_available(p["arrive"], p["leave"], rnd):
        return
    if p["arrive"] and rnd["starts"] < p["arrive"]:
        raise Refused(f"{person_label(p)} arrives at {p['arrive']}; round {no} starts at "
                      f"{rnd['starts']}")
    raise Refused(f"{person_label(p)} leaves at {p['leave']}; round {no} ends at {rnd['ends']}")


def free_in_round(db: sqlite_utils.Database, p: dict, no: int, *,
                  ignore_meeting: int | None = None) -> None:
    m = read_meetings.live_meeting_of(db, p["id"], no)
    if m and m["id"] != ignore_meeting:
        raise Refused(f"{person_label(p)} already has {meeting_label(m)}")


def table_free(db: sqlite_utils.Database, name: str, no: int, *,
               ignore_meeting: int | None = None) -> None:
    m = read_meetings.live_meeting_at(db, no, name)
    if m and m["id"] != ignore_meeting:
        raise Refused(f"table {name} is taken in round {no} by {meeting_label(m)}")


def home_table_allows(a: dict, b: dict, table_name: str) -> None:
    homes = [p for p in (a, b) if p["home_table"]]
    if homes and table_name not in {p["home_table"] for p in homes}:
        who = " and ".join(f"{p['id']} sits at {p['home_table']}" for p in homes)
        raise Refused(f"{who} (home table); not at {table_name}")


def pick_table(db: sqlite_utils.Database, a: dict, b: dict, no: int) -> str:
    """Home table of either if free; else the first free table nobody calls home; else
    the first free table."""
    homes = [p["home_table"] for p in (a, b) if p["home_table"]]
    taken = {m["table_name"] for m in read_meetings.meetings(db, round_no=no, live_only=True)}
    if homes:
        for name in homes:
            if name not in taken:
                return name
        raise Refused(f"home table {' and '.join(homes)} taken in round {no}")
    all_homes = {p["home_table"] for p in read_people.participants(db) if p["home_table"]}
    free = [t for t in read_event.tables(db) if t not in taken]
    if not free:
        raise Refused(f"no table is free in round {no}")
    return next((t for t in free if t not in all_homes), free[0])


def checked_in(now_stamp: str, station: str) -> dict:
    """The participant columns of a check-in (at the door, the desk or a walk-in): here
    now, so no longer absent."""
    return {"checked_in_at": now_stamp, "checked_in_station": station, "absent_at": None}


def already_in(p: dict) -> str:
    return (f"{person_label(p)} is already checked in: {hhmm(p['checked_in_at'])} at "
            f"{p['checked_in_station']}")
