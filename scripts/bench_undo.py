"""How long an undo holds the write lock on a long day's journal, beside the code before.

    .venv/bin/python scripts/bench_undo.py [--entries 10000] [--old DIR]

Builds an event file whose journal holds ENTRIES entries (as many people checked in by
four doors, a meeting of the floor manager's first and one last), then times, on a copy each: the manager's `u` (their own newest action;
an undo is one transaction, so its time is the time it holds the lock) and `U`, taking
back one early check-in by name (`undo_check_in`), and a refused undo (what to undo
first). `--old DIR`: a checkout of the code to compare with (`git worktree add
/tmp/undo-old 4ddb98a`); the file is then built by the old code (schema 3), and the new
code's first open, which adds and fills the journal's indexes, is timed too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
DOORS = 4
REPEAT = 15


def build(path: Path, entries: int) -> None:
    """The long day, through ops (the same calls in the old code and the new): the
    manager's first meeting, everyone checked in by four doors, the desk moving that
    meeting, the manager's newest meeting."""
    from db.connection import connect
    from floor import ops
    from floor.domain.clock import FixedClock
    from floor.eventfolder.generate import generate_event
    from floor.eventfolder.store import store_event

    people = entries - 4  # the import, two meetings and a move besides the check-ins
    spec = generate_event(people, people, 4, people // 2, seed=3)
    clock = FixedClock(datetime.fromisoformat(spec.date + "T08:30"))
    store_event(spec, path, clock=clock)
    db = connect(path)
    ids = [p.id for p in spec.participants]
    doors = [f"door {i + 1}" for i in range(DOORS)]
    early = meeting_somewhere(db, ops, ids[2:], clock)  # the manager's, first thing
    for n, pid in enumerate(ids):
        ops.check_in(db, pid, clock=clock, station=doors[n % DOORS])
    move_somewhere(db, ops, early, clock)
    meeting_somewhere(db, ops, ids[40:], clock)  # the manager's newest action
    db.conn.close()


def meeting_somewhere(db, ops, ids, clock) -> int:
    """A new meeting by the manager between two of `ids` who can meet: its id."""
    for a, b in zip(ids[::2], ids[1::2]):
        for round_no in (1, 2, 3, 4):
            try:
                done = ops.add_meeting(db, a, b, round_no, clock=clock, actor="manager")
                return done.changes[0]["k"]["id"]
            except ops.Refused:
                continue
    raise SystemExit("no two people free to meet")


def move_somewhere(db, ops, meeting_id: int, clock) -> None:
    """The desk moves the meeting to another free table of its round."""
    for n in range(1, 50):
        try:
            ops.move(db, meeting_id, table=f"T{n}", clock=clock, actor="desk")
            return
        except ops.Refused:
            continue
    raise SystemExit("no table free to move to")


def measure(path: Path) -> dict:
    from db import journal
    from db.connection import connect
    from floor import ops
    from floor.domain.clock import FixedClock

    opened = time.perf_counter()
    db = connect(path)  # the new code migrates an old file here
    first_open = time.perf_counter() - opened
    clock = FixedClock(datetime(2026, 5, 14, 9, 0))
    entries = journal.last_id(db)
    undo, redo = [], []
    for _ in range(REPEAT):
        t = time.perf_counter()
        ops.undo(db, clock=clock, actor="manager")
        undo.append(time.perf_counter() - t)
        t = time.perf_counter()
        ops.redo(db, clock=clock, actor="manager")
        redo.append(time.perf_counter() - t)
    early = [p["id"] for p in db.query("SELECT id FROM participant ORDER BY num LIMIT ?",
                                       [REPEAT])]
    named = []
    for pid in early:
        t = time.perf_counter()
        ops.undo_check_in(db, pid, clock=clock, actor="manager")
        named.append(time.perf_counter() - t)
    # The manager's early meeting, moved since by the desk: refused, naming the move.
    early_meeting = next(e for e in journal.entries(db, limit=10) if e["actor"] == "manager")
    refused = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        try:
            ops.undo(db, early_meeting["id"], clock=clock, actor="manager")
        except ops.Refused:
            pass
        refused.append(time.perf_counter() - t)
    return {"entries": entries, "first_open": first_open,
            "undo": statistics.median(undo), "redo": statistics.median(redo),
            "named": statistics.median(named), "refused": statistics.median(refused)}


def child(code: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(code)}
    return subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--old", type=Path, help="a checkout of the code before")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, path, *rest = args.child
        if what == "build":
            build(Path(path), int(rest[0]))
        else:
            print(json.dumps(measure(Path(path))))
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        day = tmp / "day.db"
        started = time.perf_counter()
        child(args.old or HERE, "build", str(day), str(args.entries))
        built = time.perf_counter() - started
        copies = {"new": HERE, **({"old": args.old} if args.old else {})}
        results = {}
        for name, code in copies.items():
            copy = tmp / f"{name}.db"
            shutil.copy(day, copy)
            results[name] = json.loads(child(code, "measure", str(copy)))
    new, old = results["new"], results.get("old")
    print(f"journal of {new['entries']} entries (check-ins by {DOORS} doors), built in "
          f"{built:.0f} s; median of {REPEAT} each, ms (= the time the write lock is held)")
    print(f"{'measure':<44} {'new':>9}" + (f" {'old':>9} {'old/new':>8}" if old else ""))
    rows = [("u: the manager's own last action", "undo"),
            ("U: redo it", "redo"),
            ("undo one early check-in by name", "named"),
            ("an undo refused (what to undo first)", "refused")]
    if old:
        rows.append(("first open (new: adds the journal indexes)", "first_open"))
    for label, key in rows:
        line = f"{label:<44} {new[key] * 1e3:>9.1f}"
        if old:
            line += f" {old[key] * 1e3:>9.1f} {old[key] / new[key]:>8.1f}"
        print(line)


if __name__ == "__main__":
    sys.path.insert(0, os.environ.get("PYTHONPATH") or str(HERE))
    main()
