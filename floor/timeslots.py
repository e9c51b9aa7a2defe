"""Rounds of the day from a schedule, and who is available for which round."""

from __future__ import annotations

from floor.model import Participant, Round, ScheduleSpec

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
                f"round {no} would end at {end // 60}:{end % 60:02d}, past midnight: "
                f"{schedule.slots} rounds of {schedule.slot_minutes} min from "
                f"{schedule.start} do not fit in the day"
            )
        rounds.append(Round(no, to_hhmm(t), to_hhmm(end)))
        t = end
    return rounds


def is_available(arrive: str | None, leave: str | None, rnd: Round) -> bool:
    """Available for the whole round: it starts at or after `arrive` and ends by `leave`."""
    if arrive is not None and to_minutes(rnd.starts) < to_minutes(arrive):
        return False
    if leave is not None and to_minutes(rnd.ends) > to_minutes(leave):
        return False
    return True


def available_rounds(person: Participant, rounds: list[Round]) -> list[int]:
    return [r.no for r in rounds if is_available(person.arrive, person.leave, r)]
