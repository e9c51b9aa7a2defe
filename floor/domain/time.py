"""Time of the event day: rounds laid out from a schedule, who is available for which
round, and where in the day a given moment falls (which round runs, what is over).

Every answer comes from a given moment, so every behaviour can be tested at any time of
the event. Pure: no database, no Textual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from floor.domain.model import Participant, Round, ScheduleSpec
from floor.domain.vocabulary import AFTER, BEFORE, BETWEEN, IN_BREAK, IN_ROUND

MINUTES_PER_DAY = 24 * 60


def to_minutes(hhmm: str) -> int:
    """"09:30" -> 570. Raises ValueError on anything that is not a valid HH:MM."""
    hours, sep, minutes = hhmm.partition(":")
    if sep != ":" or len(minutes) != 2 or not (1 <= len(hours) <= 2):
        raise ValueError(f"not a time HH:MM: {hhmm!r}")
    if not (hours.isdigit() and minutes.isdigit()):
        raise ValueError(f"not a time HH:MM: {hhmm!r}")
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        raise ValueError(f"not a time of day: {hhmm!r}")
    return h * 60 + m


def to_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def normal_hhmm(text: str) -> str:
    """"9:30" -> "09:30", as times are stored. Raises ValueError like `to_minutes`."""
    return to_hhmm(to_minutes(text))


def compute_rounds(schedule: ScheduleSpec) -> list[Round]:
    """Lay the rounds out from `start`, each `slot_minutes` long; a round that would
    overlap a break starts when the break ends. Raises ValueError if they do not fit
    in the day."""
    breaks = sorted((to_minutes(a), to_minutes(b)) for a, b in schedule.breaks)
    t = to_minutes(schedule.start)
    rounds = []
    for no in range(1, schedule.slots + 1):
        moved = True
        while moved:  # a round pushed past one break may then hit the next one
            moved = False
            for b_start, b_end in breaks:
                if t < b_end and t + schedule.slot_minutes > b_start:
                    t = b_end
                    moved = True
        end = t + schedule.slot_minutes
        if end >= MINUTES_PER_DAY:
            raise ValueError(
                f"round {no} would end at {to_hhmm(end)}, past midnight: "
                f"{schedule.slots} rounds of {schedule.slot_minutes} min from "
                f"{schedule.start} do not fit in the day"
            )
        rounds.append(Round(no, to_hhmm(t), to_hhmm(end)))
        t = end
    return rounds


def is_available(arrive: str | None, leave: str | None, rnd: Round | dict) -> bool:
    """Available for the whole round (a Round, or a stored round row): it starts at or
    after `arrive` and ends by `leave`."""
    starts, ends = (rnd["starts"], rnd["ends"]) if isinstance(rnd, dict) else (rnd.starts,
                                                                               rnd.ends)
    if arrive is not None and to_minutes(starts) < to_minutes(arrive):
        return False
    if leave is not None and to_minutes(ends) > to_minutes(leave):
        return False
    return True


def available_rounds(person: Participant, rounds: list[Round]) -> list[int]:
    return [r.no for r in rounds if is_available(person.arrive, person.leave, r)]

@dataclass(frozen=True)
class RoundTime:
    no: int
    starts: datetime
    ends: datetime

    @property
    def span(self) -> str:
        """"10:10–10:30", as every screen and printout writes a round."""
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"


@dataclass(frozen=True)
class Phase:
    kind: str  # one of vocabulary.PHASES
    round: RoundTime | None = None  # the running round, when kind is IN_ROUND
    next: RoundTime | None = None  # the next round to start, if any


class Timetable:
    def __init__(self, date: str, rounds: list[dict], breaks: list[dict] = ()):
        day = datetime.fromisoformat(date)
        at = lambda hhmm: day + timedelta(minutes=to_minutes(hhmm))  # noqa: E731
        self.rounds = [RoundTime(r["no"], at(r["starts"]), at(r["ends"])) for r in rounds]
        self.breaks = [(at(b["starts"]), at(b["ends"])) for b in breaks]
        self._by_no = {r.no: r for r in self.rounds}

    def get(self, no: int) -> RoundTime:
        return self._by_no[no]

    def __contains__(self, no: int) -> bool:
        return no in self._by_no

    def current(self, now: datetime) -> RoundTime | None:
        """The round running at `now` (start inclusive, end exclusive)."""
        for r in self.rounds:
            if r.starts <= now < r.ends:
                return r
        return None

    def has_started(self, no: int, now: datetime) -> bool:
        return self._by_no[no].starts <= now

    def is_over(self, no: int, now: datetime) -> bool:
        return self._by_no[no].ends <= now

    def next_round(self, now: datetime) -> RoundTime | None:
        return next((r for r in self.rounds if r.starts > now), None)

    def phase(self, now: datetime) -> Phase:
        running = self.current(now)
        following = self.next_round(now)
        if running:
            return Phase(IN_ROUND, running, following)
        if not self.rounds or now < self.rounds[0].starts:
            return Phase(BEFORE, None, following)
        if following is None:
            return Phase(AFTER)
        if any(b_start <= now < b_end for b_start, b_end in self.breaks):
            return Phase(IN_BREAK, None, following)
        return Phase(BETWEEN, None, following)
