"""What the wall says: where in the day we are, "find your table", the map's colours.
Plain functions of a floor snapshot and the time; the projector screen draws them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from floor.domain.names import fold
from floor.domain.time import RoundTime
from floor.domain.vocabulary import (
    BEFORE,
    BETWEEN,
    BOTH_HERE,
    CANCELLED,
    FREE,
    HELD,
    IN_BREAK,
    IN_ROUND,
    NO_SHOW,
    NOSHOW,
    WAITING,
    is_live,
)
from floor.views.floor import FloorSnapshot

LAST_MINUTES = 2  # in the last minutes of a round, "find your table" shows the next one


@dataclass(frozen=True)
class Moment:
    """Where in the day we are, as the wall says it."""
    round_line: str  # "Round 4 of 12 · 10:30–10:50"
    next_line: str  # "Break at 11:10", "2 minutes left: please finish your meeting"
    countdown: str  # "13:45" (to the end of the round, the break, the start), or ""
    focus: RoundTime | None  # the round "find your table" shows
    focus_is_next: bool  # it is the next round, not the running one
    urgent: bool  # the last minutes of a round


def _left(seconds: float) -> str:
    seconds = max(int(math.ceil(seconds)), 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def moment(snapshot: FloorSnapshot, now: datetime) -> Moment:
    tt = snapshot.timetable
    total = len(tt.rounds)
    phase = tt.phase(now)
    nxt = phase.next

    def span(r: RoundTime) -> str:
        return f"{r.span}"

    if phase.kind == IN_ROUND:
        r = phase.round
        left = (r.ends - now).total_seconds()
        line = f"Round {r.no} of {total} · {span(r)}"
        if left <= LAST_MINUTES * 60:
            minutes = max(math.ceil(left / 60), 1)
            word = "minute" if minutes == 1 else "minutes"
            return Moment(line, f"{minutes} {word} left: please finish your meeting",
                          _left(left), nxt or r, nxt is not None, True)
        brk = next(((s, e) for s, e in tt.breaks if s >= r.ends and (nxt is None or s < nxt.starts)),
                   None)
        if brk:
            then = f"Break at {brk[0]:%H:%M}"
        elif nxt:
            then = f"Next: round {nxt.no} at {nxt.starts:%H:%M}"
        else:
            then = f"Last round: the meetings end at {r.ends:%H:%M}"
        return Moment(line, then, _left(left), r, False, False)
    if phase.kind == IN_BREAK:
        end = next(e for s, e in tt.breaks if s <= now < e)
        return Moment(f"Break until {end:%H:%M}",
                      f"Round {nxt.no} of {total} starts at {nxt.starts:%H:%M}",
                      _left((nxt.starts - now).total_seconds()), nxt, True, False)
    if phase.kind in (BEFORE, BETWEEN) and nxt:
        first = "Welcome" if phase.kind == BEFORE else f"Round {nxt.no - 1} is over"
        return Moment(first, f"Round {nxt.no} of {total} starts at {nxt.starts:%H:%M} "
                             f"({span(nxt)})",
                      _left((nxt.starts - now).total_seconds()), nxt, True, False)
    return Moment("The meetings are over", "Thank you for coming", "", None, False, False)


@dataclass(frozen=True)
class Seat:
    organisation: str
    country: str
    table: str
    partner: str
    partner_country: str


def seats(snapshot: FloorSnapshot, round_no: int) -> list[Seat]:
    """Everyone with a meeting in the round, one line each, alphabetically by organisation."""
    found = []
    for (table, no), mid in snapshot.cells.items():
        m = snapshot.meetings[mid]
        if no != round_no or not is_live(m):
            continue
        a, b = snapshot.people[m["a"]], snapshot.people[m["b"]]
        for me, other in ((a, b), (b, a)):
            found.append(Seat(me["organisation"], me["country"], table,
                              other["organisation"], other["country"]))
    order = {t: i for i, t in enumerate(snapshot.tables)}
    return sorted(found, key=lambda s: (fold(s.organisation), s.organisation,
                                        order.get(s.table, 0)))


def map_kind(snapshot: FloorSnapshot, table: str, round_no: int) -> str:
    """A table in a round, as the map colours it."""
    m = snapshot.cell(table, round_no)
    if m is None or m["status"] == CANCELLED:
        return FREE
    if m["status"] == NOSHOW:
        return NO_SHOW
    if m["status"] == HELD:
        return BOTH_HERE
    here = sum(1 for pid in (m["a"], m["b"]) if snapshot.people[pid]["checked_in_at"])
    return BOTH_HERE if here == 2 else WAITING
