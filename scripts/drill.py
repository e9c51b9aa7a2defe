"""A day on a generated event, played round by round as a floor manager pressing one key:
some people never come, others come late; each round the no-shows are confirmed and the
best re-match accepted for everyone left alone. Prints the share of the rounds booked by
people who came that ended in a meeting, without and with re-matching.

    .venv/bin/python scripts/drill.py [--participants 300 --requests 1500 --rounds 12
                                       --tables 60 --absent 0.2 --late 0.1 --seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db import read_event, read_meetings, read_people  # noqa: E402
from db.backup import backup_to  # noqa: E402
from db.connection import connect  # noqa: E402
from floor import ops  # noqa: E402
from floor.domain.clock import FixedClock  # noqa: E402
from floor.domain.time import Timetable  # noqa: E402
from floor.eventfolder import import_event  # noqa: E402
from floor.eventfolder.generate import generate_event  # noqa: E402
from floor.eventfolder.write import write_event_folder  # noqa: E402
from floor.ops.schedule import schedule  # noqa: E402
from floor.views.rematch import all_proposals  # noqa: E402


def prepare(tmp: Path, args) -> Path:
    spec = generate_event(args.participants, args.requests, args.rounds, args.tables,
                          seed=args.seed)
    folder = write_event_folder(spec, tmp / "event")
    path = tmp / "drill.db"
    clock = FixedClock(datetime.fromisoformat(f"{spec.date}T07:00"))
    import_event(folder, path, clock=clock)
    schedule(connect(path), clock=clock, seconds=args.seconds, keep_announced=False)
    return path


def arrivals(db, timetable: Timetable, args) -> dict[str, datetime | None]:
    """When each person comes (None: never). Late people come 5 to 45 minutes after the
    first round starts (a train, a parking space), missing one to three rounds."""
    rng = random.Random(args.seed + 1)
    first = timetable.rounds[0].starts
    plan = {}
    for p in read_people.participants(db):
        roll = rng.random()
        if roll < args.absent:
            plan[p["id"]] = None
        elif roll < args.absent + args.late:
            plan[p["id"]] = first + timedelta(minutes=rng.uniform(5, 45))
        else:
            plan[p["id"]] = first - timedelta(minutes=rng.uniform(1, 30))
    return plan


def play(path: Path, plan: dict[str, datetime | None], rematch: bool) -> tuple[int, int]:
    db = connect(path)
    event = read_event.event(db)
    timetable = read_event.timetable(db)
    booked = {(pid, m["round"]) for m in read_meetings.meetings(db, live_only=True)
              for pid in (m["a"], m["b"]) if plan[pid] is not None}
    clock = FixedClock(timetable.rounds[0].starts - timedelta(hours=1))
    grace = timedelta(minutes=event["grace_minutes"])
    for rnd in timetable.rounds:
        clock.set(rnd.starts + grace + timedelta(seconds=1))
        for pid, at in plan.items():
            person = read_people.participant(db, pid)
            if at is not None and at <= clock.now() and not person["checked_in_at"]:
                ops.check_in(db, pid, clock=clock, station="door")
        here = {p["id"] for p in read_people.participants(db) if p["checked_in_at"]}
        for m in read_meetings.meetings(db, round_no=rnd.no, live_only=True):
            missing = [pid for pid in (m["a"], m["b"]) if pid not in here]
            if missing:
                ops.mark_noshow(db, m["id"], missing[0] if len(missing) == 1 else None,
                                clock=clock)
        if rematch:
            for stranded in list(all_proposals(db, rnd.no)):
                best = all_proposals(db, rnd.no).get(stranded)
                if best:
                    p = best[0]
                    try:
                        ops.add_meeting(db, p.stranded, p.partner, rnd.no, table=p.table,
                                        origin="rematch", clock=clock)
                    except ops.Refused:
                        pass
        clock.set(rnd.ends - timedelta(seconds=30))
        for m in read_meetings.meetings(db, round_no=rnd.no, live_only=True):
            if m["status"] == "planned":
                ops.mark_held(db, m["id"], clock=clock)
    met = {(pid, m["round"]) for m in read_meetings.meetings(db) if m["status"] == "held"
           for pid in (m["a"], m["b"])}
    return len(booked & met), len(booked)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--tables", type=int, default=60)
    parser.add_argument("--absent", type=float, default=0.2)
    parser.add_argument("--late", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = prepare(tmp, args)
        db = connect(path)
        timetable = read_event.timetable(db)
        plan = arrivals(db, timetable, args)
        backup_to(db, tmp / "plain.db")  # the same day, to play without re-matching
        db.conn.close()
        plain_met, plain_booked = play(tmp / "plain.db", plan, rematch=False)
        met, booked = play(path, plan, rematch=True)
    never = sum(1 for at in plan.values() if at is None)
    print(f"{args.participants} people ({never} never came, "
          f"{sum(1 for a in plan.values() if a and a > timetable.rounds[0].starts)} late), "
          f"{args.rounds} rounds")
    print(f"{'':<22}{'met':>8}{'booked':>8}{'share':>8}")
    print(f"{'without re-matching':<22}{plain_met:>8}{plain_booked:>8}"
          f"{plain_met / plain_booked:>8.1%}")
    print(f"{'with re-matching':<22}{met:>8}{booked:>8}{met / booked:>8.1%}   (bar: 95%)")


if __name__ == "__main__":
    main()
