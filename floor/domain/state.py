"""What a meeting looks like right now: its stored status plus who is here and the clock.

The floor grid, the projector and `floor show` all colour a meeting by this one answer,
one of `vocabulary.MEETING_STATES`."""

from __future__ import annotations

from datetime import datetime, timedelta

from floor.domain.time import Timetable
from floor.domain.vocabulary import (
    AT_RISK,
    BOTH_HERE,
    CANCELLED,
    HELD,
    NO_SHOW,
    NOSHOW,
    ONE_HERE,
    PLANNED,
    REMATCH,
    REMATCHED,
    RUNNING,
    WALKED_IN,
    WALKIN,
)


def meeting_state(meeting: dict, a: dict, b: dict, timetable: Timetable, now: datetime,
                  grace_minutes: int) -> str:
    status = meeting["status"]
    if status == HELD:
        return HELD
    if status == NOSHOW:
        return NO_SHOW
    if status == CANCELLED:
        return CANCELLED
    rnd = timetable.get(meeting["round"])
    here = sum(1 for p in (a, b) if p["checked_in_at"])
    if rnd.starts <= now < rnd.ends:
        if here < 2 and now >= rnd.starts + timedelta(minutes=grace_minutes):
            return AT_RISK
        if here == 2:
            return RUNNING
    if rnd.ends <= now:  # over, never confirmed: treat as held if both came
        return HELD if here == 2 else AT_RISK
    if meeting["origin"] == REMATCH:
        return REMATCHED
    if meeting["origin"] == WALKIN:
        return WALKED_IN
    return {0: PLANNED, 1: ONE_HERE, 2: BOTH_HERE}[here]
