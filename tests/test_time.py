"""The clock and the timetable: which round runs, breaks, and how a meeting looks now."""

import sqlite3
from datetime import datetime

import pytest

from db import read_event, read_meetings, read_people
from db.connection import NetworkFilesystemWarning, connect, filesystem_type
from floor import ops
from floor.domain.clock import FixedClock, RunningClock, WallClock, make_clock
from floor.domain.model import ScheduleSpec
from floor.domain.state import meeting_state
from floor.domain.time import Timetable, compute_rounds


def at(hhmm):
    return datetime.fromisoformat(f"2026-11-26T{hhmm}")


def test_rounds_start_after_breaks_that_would_overlap_them():
    spec = ScheduleSpec("09:30", 20, 6, ("T1",), (("10:30", "10:45"), ("10:50", "11:30")))
    assert [(r.starts, r.ends) for r in compute_rounds(spec)] == [
        ("09:30", "09:50"), ("09:50", "10:10"), ("10:10", "10:30"),
        ("11:30", "11:50"),  # 10:30 hits the first break, 10:45 the second
        ("11:50", "12:10"), ("12:10", "12:30")]


def test_timetable_phases(db):
    tt = Timetable("2026-11-26", read_event.rounds(db), read_event.breaks(db))
    assert tt.phase(at("08:59")).kind == "before"
    phase = tt.phase(at("09:20"))
    assert phase.kind == "round" and phase.round.no == 2  # start inclusive, end exclusive
    phase = tt.phase(at("09:45"))
    assert phase.kind == "break" and phase.next.no == 3
    assert tt.phase(at("10:40")).kind == "after"
    assert tt.is_over(1, at("09:20")) and not tt.has_started(3, at("09:59"))


def test_meeting_state_follows_check_ins_and_the_clock(db):
    tt = Timetable("2026-11-26", read_event.rounds(db), read_event.breaks(db))
    m = read_meetings.live_meeting_of_pair(db, "A1", "A2")  # round 1, 09:00-09:20

    def state(now):
        fresh = {p["id"]: p for p in read_people.participants(db)}
        return meeting_state(read_meetings.meeting(db, m["id"]), fresh["A1"], fresh["A2"], tt,
                             now, grace_minutes=5)

    assert state(at("08:50")) == "planned"
    assert state(at("09:03")) == "planned"  # started, still within the grace period
    assert state(at("09:05")) == "at risk"  # grace over, nobody here
    ops.check_in(db, "A1", clock=FixedClock(at("08:55")))
    assert state(at("08:56")) == "one here"
    assert state(at("09:06")) == "at risk"
    ops.check_in(db, "A2", clock=FixedClock(at("09:07")))
    assert state(at("09:08")) == "running"
    ops.mark_held(db, m["id"], clock=FixedClock(at("09:19")))
    assert state(at("09:19")) == "held"


def test_clocks():
    fixed = FixedClock(at("10:00"))
    fixed.advance(minutes=5)
    assert fixed.now() == at("10:05")
    fast = RunningClock(at("10:00"), speed=60, anchor=datetime.now())
    assert at("10:00") <= fast.now() < at("10:02")
    settings = {"clock.start": "2026-11-26T10:16:00", "clock.speed": "1",
                "clock.anchor": datetime.now().isoformat()}
    assert make_clock(start=None, speed=1, event_date="2026-11-26",
                      settings=settings).now().strftime("%H:%M") in ("10:16", "10:17")
    assert isinstance(make_clock(start=None, speed=1, event_date="2026-11-26"), WallClock)
    assert make_clock(start="09:12", speed=0, event_date="2026-11-26").now() == at("09:12")


def test_a_file_on_a_network_share_warns(tmp_path, monkeypatch):
    assert filesystem_type(tmp_path) is not None
    monkeypatch.setattr("db.connection.filesystem_type", lambda path: "nfs4")
    with pytest.warns(NetworkFilesystemWarning, match="network filesystem \\(nfs4\\)"):
        connect(tmp_path / "x.db", create=True)


def test_readonly_connection_cannot_write(event_file):
    db = connect(event_file, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly|query_only|attempt to write"):
        db.execute("UPDATE participant SET name = 'x'")
