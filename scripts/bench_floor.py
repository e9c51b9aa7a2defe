"""How fast the floor screen is on the 2,000-person / 400-table / 16-round event, beside a
reference, in one run (headless: Textual's own compositor, no terminal).

    .venv/bin/python scripts/bench_floor.py [--changes 200]

- launch to first painted grid: ours, and the reference: an empty Textual app's first paint;
- a commit in another process to the changed cell on screen (median, p95): ours, and the
  reference: a bare loop polling PRAGMA data_version at the same interval;
- a cursor move: ours (line-API grid), and the reference: Textual's DataTable with the same
  cells.
Bars (issue 4): first grid < 1.5 s; p95 change < 300 ms; cursor move < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual.app import App  # noqa: E402
from textual.widgets import DataTable, Static  # noqa: E402

from db import read_event, read_meetings  # noqa: E402
from db.connection import connect  # noqa: E402
from floor.domain.clock import FixedClock  # noqa: E402
from floor.eventfolder import import_event  # noqa: E402
from floor.eventfolder.generate import generate_event  # noqa: E402
from floor.eventfolder.write import write_event_folder  # noqa: E402
from floor.ops.schedule import schedule  # noqa: E402
from floor.tui.manager.app import POLL_SECONDS, FloorApp  # noqa: E402
from floor.tui.manager.grid import FloorGrid  # noqa: E402

SIZE = (160, 48)


def make_event(tmp: Path) -> tuple[Path, datetime]:
    spec = generate_event(2000, 12000, 16, 400, seed=11)
    folder = write_event_folder(spec, tmp / "event")
    path = tmp / "big.db"
    now = datetime.fromisoformat(f"{spec.date}T07:00")
    import_event(folder, path, clock=FixedClock(now))
    db = connect(path)
    schedule(db, clock=FixedClock(now), seconds=10, keep_announced=False)
    first = read_event.rounds(db)[0]["starts"]
    return path, datetime.fromisoformat(f"{spec.date}T{first}")


class TimedFloor(FloorApp):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown: list[tuple[float, int]] = []

    def on_snapshot_loaded(self, message) -> None:
        super().on_snapshot_loaded(message)
        self.call_after_refresh(lambda: self.shown.append((time.time(),
                                                           message.snapshot.journal_id)))


async def first_paint(app: App, ready) -> float:
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        while not ready(app):
            await pilot.pause(0.005)
        await pilot.pause()
        return time.perf_counter() - start


class Empty(App):
    def compose(self):
        yield Static("hello")


WRITER = textwrap.dedent("""
    import sys, time, random
    from datetime import datetime
    sys.path.insert(0, {root!r})
    from db.connection import connect
    from db import read_people
    from floor import ops
    from floor.domain.clock import FixedClock
    db = connect({path!r})
    clock = FixedClock(datetime.fromisoformat({now!r}))
    people = [p["id"] for p in read_people.participants(db)]
    rng = random.Random(5)
    time.sleep(1.0)
    for pid in people[:{n}]:
        done = ops.check_in(db, pid, clock=clock, station="bench")
        print(done.entry_id, time.time(), flush=True)
        time.sleep(rng.uniform(0.05, 0.15))
""")


async def change_latency(path: Path, now: datetime, n: int) -> list[float]:
    app = TimedFloor(path, FixedClock(now), backups=False)
    async with app.run_test(size=SIZE) as pilot:
        while app.snapshot is None:
            await pilot.pause(0.01)
        writer = subprocess.Popen([sys.executable, "-c", WRITER.format(
            root=str(ROOT), path=str(path), now=now.isoformat(), n=n)],
            stdout=subprocess.PIPE, text=True)
        while writer.poll() is None:
            await pilot.pause(0.02)
        await pilot.pause(1.0)
        commits = [tuple(float(x) for x in line.split()) for line in writer.stdout]
    latencies = []
    for entry_id, committed in commits:
        seen = next((t for t, jid in app.shown if jid >= entry_id), None)
        if seen is not None:
            latencies.append(seen - committed)
    return latencies


def reference_latency(path: Path, now: datetime, n: int) -> list[float]:
    conn = sqlite3.connect(path, check_same_thread=False)
    seen: list[tuple[float, int]] = []
    stop = threading.Event()

    def poll():
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        while not stop.is_set():
            v = conn.execute("PRAGMA data_version").fetchone()[0]
            if v != version:
                version = v
                last = conn.execute("SELECT max(id) FROM journal").fetchone()[0]
                seen.append((time.time(), last))
            time.sleep(POLL_SECONDS)

    thread = threading.Thread(target=poll)
    thread.start()
    db = connect(path)
    db.execute("UPDATE participant SET checked_in_at = NULL, checked_in_station = NULL")
    out = subprocess.run([sys.executable, "-c", WRITER.format(
        root=str(ROOT), path=str(path), now=now.isoformat(), n=n)],
        capture_output=True, text=True).stdout
    time.sleep(0.5)
    stop.set()
    thread.join()
    latencies = []
    for line in out.splitlines():
        entry_id, committed = (float(x) for x in line.split())
        t = next((t for t, jid in seen if jid >= entry_id), None)
        if t is not None:
            latencies.append(t - committed)
    return latencies


def timed(widget_class: type, method: str) -> type:
    """A subclass whose `method` records the time from the key's action to the next
    frame painted (call_after_refresh): what a person waits for."""
    @functools.wraps(getattr(widget_class, method))
    def wrapper(self, *args):
        start = time.perf_counter()
        getattr(super(subclass, self), method)(*args)
        self.app.call_after_refresh(lambda: MOVES.append(time.perf_counter() - start))
    subclass = type(f"Timed{widget_class.__name__}", (widget_class,), {method: wrapper})
    return subclass


MOVES: list[float] = []
TimedGrid = timed(FloorGrid, "action_cursor")
TimedTable = timed(DataTable, "action_cursor_down")


class TimedFloorApp(FloorApp):
    grid_class = TimedGrid


class TableApp(App):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def compose(self):
        table = TimedTable()
        table.add_columns("Table", *[f"R{i}" for i in range(1, len(self.rows[0]))])
        for row in self.rows:
            table.add_row(*row)
        yield table


async def cursor_moves(app: App, key_count: int = 40) -> float:
    MOVES.clear()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if not isinstance(app, FloorApp) or app.snapshot is not None:
                break
        await pilot.pause(0.2)
        for _ in range(key_count):
            await pilot.press("down")
        await pilot.pause(0.2)
    return statistics.median(MOVES)


def grid_rows(path: Path) -> list[list[str]]:
    db = connect(path)
    tables = read_event.tables(db)
    rounds = [r["no"] for r in read_event.rounds(db)]
    cells = {(m["table_name"], m["round"]): f"{m['a']}·{m['b']}"
             for m in read_meetings.meetings(db, live_only=True)}
    return [[t, *[cells.get((t, r), "·") for r in rounds]] for t in tables]


async def main_async(changes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        path, now = make_event(Path(tmp_name))
        ours = await first_paint(FloorApp(path, FixedClock(now), backups=False),
                                 lambda a: a.snapshot is not None
                                 and a.query_one(FloorGrid).snapshot is not None)
        ref = await first_paint(Empty(), lambda a: True)
        rows = [("measure", "ours", "reference", "ratio", "bar")]
        rows.append(("launch to first grid (ms)", ours * 1e3, ref * 1e3, ours / ref, "< 1500"))
        moves = await cursor_moves(TimedFloorApp(path, FixedClock(now), backups=False))
        table_moves = await cursor_moves(TableApp(grid_rows(path)))
        lat = await change_latency(path, now, changes)
        ref_lat = reference_latency(path, now, changes)
        med, p95 = statistics.median(lat), statistics.quantiles(lat, n=20)[-1]
        rmed, rp95 = statistics.median(ref_lat), statistics.quantiles(ref_lat, n=20)[-1]
        rows.append((f"commit elsewhere to cell, median (ms, n={len(lat)})", med * 1e3,
                     rmed * 1e3, med / rmed, ""))
        rows.append(("commit elsewhere to cell, p95 (ms)", p95 * 1e3, rp95 * 1e3,
                     p95 / rp95, "< 300"))
        rows.append(("cursor move, median (ms; ref: DataTable)", moves * 1e3,
                     table_moves * 1e3, moves / table_moves, "< 50"))
        print("2,000 people / 400 tables / 16 rounds, headless at "
              f"{SIZE[0]}x{SIZE[1]}")
        print(f"{rows[0][0]:<48} {rows[0][1]:>9} {rows[0][2]:>10} {rows[0][3]:>7} {rows[0][4]:>7}")
        for name, a, b, ratio, bar in rows[1:]:
            print(f"{name:<48} {a:>9.1f} {b:>10.1f} {ratio:>7.2f} {bar:>7}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main_async(args.changes))


if __name__ == "__main__":
    main()
