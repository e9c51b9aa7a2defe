"""Four door stations (four processes, each its own connection) racing over 500 badges:
exactly 500 check-ins, every scan logged, nobody sees "database is locked"."""

import json
import multiprocessing
import random
import time
from collections import Counter

import pytest
from helpers import big_event

from db import journal, read_event, scans
from db.connection import connect
from db.verify import verify
from floor.domain.clock import WallClock
from floor.ops.door import scan_badge

BADGES = 500
STATIONS = 4


def station(path, name, badge_tokens, seed, out, window):
    """One door: every badge, in its own random order, as fast as it can."""
    order = list(badge_tokens)
    random.Random(seed).shuffle(order)
    db = connect(path)
    clock = WallClock()
    verdicts, errors, started = Counter(), [], time.perf_counter()
    times = []
    for token in order:
        t = time.perf_counter()
        try:
            verdicts[scan_badge(db, token + "\r\n", station=name, clock=clock,
                                double_read_seconds=window).verdict] += 1
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(f"{type(error).__name__}: {error}")
        times.append(time.perf_counter() - t)
    first = times[0]
    times.sort()
    with open(out, "w") as f:
        json.dump({"first": first, "verdicts": verdicts, "errors": errors, "slowest": times[-1],
                   "p99": times[int(len(times) * 0.99)], "median": times[len(times) // 2],
                   "seconds": time.perf_counter() - started}, f)


@pytest.mark.slow
@pytest.mark.parametrize("window", [2.0, 0], ids=["double-read-window", "no-window"])
def test_four_stations_race_over_500_badges(tmp_path, window):
    path = tmp_path / "race.db"
    badge_tokens = big_event(path, BADGES)
    assert len(set(badge_tokens)) == BADGES
    context = multiprocessing.get_context("spawn")
    outs = [tmp_path / f"station{i}.json" for i in range(STATIONS)]
    procs = [context.Process(target=station, args=(path, f"door {i + 1}", badge_tokens, i,
                                                   outs[i], window))
             for i in range(STATIONS)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    elapsed = time.perf_counter() - started
    assert [p.exitcode for p in procs] == [0] * STATIONS
    reports = [json.loads(o.read_text()) for o in outs]
    assert [r["errors"] for r in reports] == [[]] * STATIONS
    db = connect(path)
    counts = scans.verdict_counts(db)
    assert counts["checked-in"] == BADGES
    assert counts["already"] + counts["double-read"] == BADGES * (STATIONS - 1)
    if window == 0:  # no double reads: the other three stations all answer "already"
        assert counts["already"] == BADGES * (STATIONS - 1)
    assert sum(counts.values()) == BADGES * STATIONS
    assert read_event.counts(db)["checked_in"] == BADGES
    per_person = Counter(s["participant_id"] for s in scans.scans(db)
                         if s["verdict"] == "checked-in")
    assert set(per_person.values()) == {1}
    checkins = [e for e in journal.entries(db) if e["action"] == "checkin"]
    assert len(checkins) == BADGES
    assert verify(db) == []
    print(f"\n{BADGES * STATIONS} scans by {STATIONS} processes in {elapsed:.1f} s; "
          f"per scan: median {max(r['median'] for r in reports) * 1000:.1f} ms, "
          f"p99 {max(r['p99'] for r in reports) * 1000:.0f} ms, "
          f"slowest {max(r['slowest'] for r in reports) * 1000:.0f} ms "
          f"(first scans {[round(r['first'] * 1000) for r in reports]} ms); "
          f"verdicts {dict(counts)}")
