"""How fast the storage layer is, beside a bare-SQLite reference, in one run.

    .venv/bin/python scripts/bench_store.py [--quick]

Prints: importing the 2,000-person generated event (ours: checked and journaled; the
reference: the same CSVs read and inserted with no checks), one check-in through ops
(transaction + journal row + checks) against a bare BEGIN IMMEDIATE/UPDATE/COMMIT, and
four processes checking in 500 people at once (every one lands, none sees "locked").
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.connection import connect  # noqa: E402
from floor import ops  # noqa: E402
from floor.domain.clock import FixedClock, WallClock  # noqa: E402
from floor.eventfolder import import_event  # noqa: E402
from floor.eventfolder.generate import generate_event  # noqa: E402
from floor.eventfolder.write import write_event_folder  # noqa: E402


def reference_import(folder: Path, dest: Path) -> None:
    conn = sqlite3.connect(dest)
    conn.execute("PRAGMA journal_mode = WAL")
    for name in ("participants", "requests"):
        with open(folder / f"{name}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        cols = ", ".join(f"c{i}" for i in range(len(rows[0])))
        conn.execute(f"CREATE TABLE {name} ({cols})")
        marks = ", ".join("?" for _ in rows[0])
        conn.executemany(f"INSERT INTO {name} VALUES ({marks})", rows[1:])
    conn.commit()
    conn.close()


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def bench_import(tmp: Path, people: int, requests: int) -> tuple[float, float]:
    folder = tmp / "event"
    write_event_folder(generate_event(people, requests, 16, 400, seed=1), folder)
    ours = timed(lambda: import_event(folder, tmp / "ours.db", clock=WallClock(), force=True))
    ref = timed(reference_import, folder, tmp / "ref.db")
    return ours, ref


def bench_checkin(path: Path, n: int) -> tuple[list[float], list[float]]:
    db = connect(path)
    clock = FixedClock(datetime(2026, 11, 26, 8, 0))
    ids = [r[0] for r in db.execute("SELECT id FROM participant ORDER BY num LIMIT ?", [n])]
    ours = []
    for pid in ids:
        t = time.perf_counter()
        ops.check_in(db, pid, clock=clock, station="bench")
        ours.append(time.perf_counter() - t)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA synchronous = FULL")
    ref = []
    for pid in ids:
        t = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE participant SET role = role WHERE id = ?", [pid])
        raw.execute("COMMIT")
        ref.append(time.perf_counter() - t)
    return ours, ref


def _race_worker(args) -> tuple[int, int, float]:
    path, ids, station = args
    db = connect(path)
    clock = FixedClock(datetime(2026, 11, 26, 8, 0))
    checked = already = 0
    worst = 0.0
    for pid in ids:
        t = time.perf_counter()
        try:
            ops.check_in(db, pid, clock=clock, station=station)
            checked += 1
        except ops.Refused:
            already += 1
        worst = max(worst, time.perf_counter() - t)
    return checked, already, worst


def bench_race(path: Path, n: int, stations: int = 4):
    db = connect(path)
    ids = [r[0] for r in db.execute("SELECT id FROM participant ORDER BY num DESC LIMIT ?", [n])]
    db.conn.close()
    jobs = [(str(path), ids, f"door {i + 1}") for i in range(stations)]  # same badges
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(stations) as pool:
        results = pool.map(_race_worker, jobs)
    wall = time.perf_counter() - start
    return results, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a smaller event")
    args = parser.parse_args()
    people, requests = (400, 2000) if args.quick else (2000, 12000)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ours, ref = bench_import(tmp, people, requests)
        print(f"{'measure':<46} {'ours':>10} {'reference':>10} {'ratio':>7}")
        print(f"{f'import {people} people / {requests} requests (s)':<46} {ours:>10.3f} "
              f"{ref:>10.3f} {ours / ref:>7.1f}")
        ours_ci, ref_ci = bench_checkin(tmp / "ours.db", 200)
        med_o, med_r = statistics.median(ours_ci) * 1e3, statistics.median(ref_ci) * 1e3
        print(f"{'one check-in, median (ms)':<46} {med_o:>10.2f} {med_r:>10.2f} "
              f"{med_o / med_r:>7.1f}")
        p95_o = statistics.quantiles(ours_ci, n=20)[-1] * 1e3
        p95_r = statistics.quantiles(ref_ci, n=20)[-1] * 1e3
        print(f"{'one check-in, p95 (ms)':<46} {p95_o:>10.2f} {p95_r:>10.2f} "
              f"{p95_o / p95_r:>7.1f}")
        results, wall = bench_race(tmp / "ours.db", 500)
        checked = sum(r[0] for r in results)
        already = sum(r[1] for r in results)
        worst = max(r[2] for r in results) * 1e3
        print(f"4 stations racing over the same 500 badges: {checked} check-ins, {already} "
              f"'already', {wall:.2f} s wall, slowest scan {worst:.0f} ms, no lock errors")


if __name__ == "__main__":
    main()
