"""The day as text: rounds and meetings with their state now (`floor show`)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.state import meeting_state
from floor.domain.vocabulary import HELD, HELD_PRESUMED_WORDS, PHASE_WORDS, PLANNED, ROUND_OVER


def render_day(db: sqlite_utils.Database, now: datetime, *, round_no: int | None = None) -> str:
    event = read_event.event(db)
    timetable = read_event.timetable(db)
    people = {p["id"]: p for p in read_people.participants(db)}
    counts = read_event.counts(db)
    phase = timetable.phase(now)
    lines = [f"{event['name']} · {event['date']} · {event['venue']}"]
    where = PHASE_WORDS.get(phase.kind, "")
    if phase.round:
        r = phase.round
        where = (f"round {r.no} of {len(timetable.rounds)} ({r.span}), "
                 f"{int((r.ends - now).total_seconds() // 60)} min left")
    elif phase.next:
        where += f"; round {phase.next.no} starts at {phase.next.starts:%H:%M}"
    lines.append(f"now {now:%H:%M} · {where} · checked in {counts['checked_in']}/"
                 f"{counts['participants']} · {counts['meetings']} meetings planned or held")
    width = max((len(t) for t in read_event.tables(db)), default=2)
    for rnd in timetable.rounds:
        if round_no is not None and rnd.no != round_no:
            continue
        mark = (ROUND_OVER if rnd.ends <= now else "now" if rnd.starts <= now else "")
        lines.append("")
        lines.append(f"Round {rnd.no}  {rnd.span}"
                     + (f"  ({mark})" if mark else ""))
        for m in read_meetings.meetings(db, round_no=rnd.no):
            a, b = people[m["a"]], people[m["b"]]
            state = meeting_state(m, a, b, timetable, now, event["grace_minutes"])
            if state == HELD and m["status"] == PLANNED:  # over, both came, never marked
                state = HELD_PRESUMED_WORDS
            pair = f"{_who(a)} – {_who(b)}"
            lines.append(f"  {m['table_name']:<{width}}  {pair:<66} {state}")
    return "\n".join(lines) + "\n"


def _who(p: dict) -> str:
    return f"{p['organisation']} ({p['country']})"
