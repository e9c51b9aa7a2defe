"""A process that writes to an event file through ops as fast as it can, printing the
journal id of every committed action (used by the crash and concurrency tests).

    python tests/workload.py EVENT_FILE SEED COUNT
"""

from __future__ import annotations

import random
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db import read_event, read_meetings, read_people  # noqa: E402
from db.connection import connect  # noqa: E402
from floor import ops  # noqa: E402
from floor.domain.clock import FixedClock  # noqa: E402


def main(path: str, seed: int, count: int) -> None:
    rng = random.Random(seed)
    db = connect(path)
    clock = FixedClock(datetime.fromisoformat(read_event.event(db)["date"] + "T08:00"))
    station = f"worker {seed}"
    done = 0
    while done < count:
        people = [p["id"] for p in read_people.participants(db)]
        rounds = [r["no"] for r in read_event.rounds(db)]
        choice = rng.random()
        try:
            if choice < 0.3:
                result = ops.check_in(db, rng.choice(people), clock=clock, station=station)
            elif choice < 0.45:
                result = ops.undo(db, clock=clock, actor=station)
            elif choice < 0.55:
                result = ops.add_participant(db, name=f"Walk In {seed}-{done}",
                                             organisation="Ċaħħ & Co", country="MT",
                                             participant_id=f"S{seed}N{done}", clock=clock,
                                             actor=station)
            elif choice < 0.8:
                a, b = rng.sample(people, 2)
                result = ops.add_meeting(db, a, b, rng.choice(rounds), clock=clock,
                                         actor=station)
            else:
                live = read_meetings.meetings(db, live_only=True)
                m = rng.choice(live)
                result = ops.move(db, m["id"], round_no=rng.choice(rounds), clock=clock,
                                  actor=station)
        except ops.Refused:
            continue
        print(f"committed {result.entry_id}", flush=True)
        done += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
