"""What a meeting looks like right now: its stored status plus who is here and the clock.

The floor grid, the projector and `floor show` all colour a meeting by this one answer,
one of `vocabulary.MEETING_STATES`."""

from __future__ import annotations

from datetime import datetime, timedelta

from floor.domain.time import Timetable
from floor.domain.vocabulary import CANCELLED, HELD, NOSHOW, REMATCH, WALKIN


def meeting_state(meeting: dict, a: dict, b: dict, timetable: Timetable, now: datetime,
                  grace_minutes: int) -> str:
    status = meeting["status"]
    if status == HELD:
        return "held"
    if status == NOSHOW:
        return "no-show"
    if status == CANCELLED:
        return "cancelled"
    rnd = timetable.get(meeting["round"])
    here = sum(1 for p in (a, b) if p["checked_in_at"])
    if rnd.starts <= now < rnd.ends:
        if here < 2 and now >= rnd.starts + timedelta(minutes=grace_minutes):
            return "at risk"
        if here == 2:
            return "running"
    if rnd.ends <= now:  # over, never confirmed: treat as held if both came
        return "held" if here == 2 else "at risk"
    if meeting["origin"] == REMATCH:
        return "re-matched"
    if meeting["origin"] == WALKIN:
        return "walk-in"
    return {0: "planned", 1: "one here", 2: "both here"}[here]
