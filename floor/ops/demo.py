"""The built-in demo event: Matera, mid-morning, some people checked in, one no-show
pending. Made by importing floor/eventfolder/demo_event and then playing the first rounds through
ops, so the journal reads like a real morning."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from db import read_event, read_meetings, read_people
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock, parse_moment
from floor.eventfolder import DEMO_FOLDER, read_event_folder, store_event

DEMO_NOW = "10:16"  # round 3 is running; its grace period has just passed
NOT_YET_HERE = ("GR05",)  # has a meeting in round 3 and has not come: the pending no-show
MISSED_FIRST = "MT03"  # came at 10:02: their first meeting (round 2) was a no-show
DOORS = ("door 1", "door 2")


def build_demo(dest: str | Path, *, force: bool = True) -> Path:
    spec = read_event_folder(DEMO_FOLDER)
    now = parse_moment(DEMO_NOW, spec.date)
    clock = FixedClock(now)
    store_event(spec, dest, clock=clock, force=force, source="the built-in demo",
                settings={"clock.start": now.isoformat(), "clock.speed": "1",
                          "clock.anchor": datetime.now().replace(microsecond=0).isoformat()})
    db = connect(dest)
    try:
        _play_morning(db, spec.date)
    finally:
        db.conn.close()
    return Path(dest)


def _play_morning(db, date: str) -> None:
    """Arrivals at the doors, then rounds 1 and 2 confirmed (held, or one no-show), in time order."""
    day = datetime.fromisoformat(date)
    rounds = {r["no"]: r for r in read_event.rounds(db)}

    def at(hhmm: str) -> datetime:
        return parse_moment(hhmm, date)

    demo_now = at(DEMO_NOW)
    clock = FixedClock(day)
    events: list[tuple[datetime, int, callable]] = []
    for n, p in enumerate(read_people.participants(db)):
        mine = read_meetings.meetings(db, participant_id=p["id"], live_only=True)
        if p["id"] in NOT_YET_HERE or not mine:
            continue
        first = rounds[min(m["round"] for m in mine)]
        arrival = at(first["starts"]) - timedelta(minutes=4 + (n * 7) % 17, seconds=n * 13 % 60)
        if p["id"] == MISSED_FIRST:
            arrival = at("10:02")
        if arrival < demo_now:
            events.append((arrival, 0, lambda c, p=p, n=n: ops.check_in(
                db, p["id"], clock=c, station=DOORS[n % 2])))
    for no in (1, 2):
        end = at(rounds[no]["ends"])
        for i, m in enumerate(read_meetings.meetings(db, round_no=no, live_only=True)):
            if MISSED_FIRST in (m["a"], m["b"]):
                events.append((at(rounds[no]["starts"]) + timedelta(minutes=6), 1,
                               lambda c, m=m: ops.mark_noshow(db, m["id"], MISSED_FIRST,
                                                              clock=c)))
            else:
                events.append((end - timedelta(seconds=30 - i), 1,
                               lambda c, m=m: ops.mark_held(db, m["id"], clock=c)))
    for moment, _, action in sorted(events, key=lambda e: (e[0], e[1])):
        clock.set(moment)
        action(clock)
