"""The floor model patched from the change feed equals a fresh read."""

from helpers import DEMO_NOW

from db import journal, read_meetings
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.views.floor import find, load_snapshot, patched

COLUMNS = ("id", "round", "table_name", "a", "b", "status", "origin", "noshow_of")


def same(a, b):
    assert a.people == b.people
    assert {i: {c: m[c] for c in COLUMNS} for i, m in a.meetings.items()} == \
           {i: {c: m[c] for c in COLUMNS} for i, m in b.meetings.items()}
    assert a.cells == b.cells
    assert {k: sorted(v) for k, v in a.by_person.items()} == \
           {k: sorted(v) for k, v in b.by_person.items()}


def test_patch_follows_every_kind_of_action(demo_file):
    db = connect(demo_file)
    clock = FixedClock(DEMO_NOW)
    before = load_snapshot(db)
    last = journal.last_id(db)
    ops.check_in(db, "GR05", clock=clock)
    m = read_meetings.live_meeting_of(db, "GR05", 3)
    ops.mark_noshow(db, m["id"], "GR05", clock=clock)
    ops.add_meeting(db, "FR05", "GR06", 3, table="T7", origin="rematch", clock=clock)
    later = [m for m in read_meetings.meetings(db, round_no=9, live_only=True)
             if m["table_name"] not in ("T1", "T2", "T3")]  # not at a home table
    ops.move(db, later[0]["id"], table="T12", clock=clock)
    ops.add_participant(db, name="Walk In", organisation="Ċaħħ Ltd", country="MT", clock=clock)
    ops.mark_absent(db, "IT04", clock=clock)
    ops.undo(db, clock=clock)
    ops.cancel(db, later[1]["id"], clock=clock)
    entries = journal.entries(db, after_id=last)
    same(patched(before, entries), load_snapshot(db))


def test_find_ignores_case_and_accents(demo_file):
    snap = load_snapshot(connect(demo_file))
    assert ("person", "FR01") in [(k, key) for k, key, _ in find(snap, "LEFEVRE")]
    assert ("person", "GR01") in [(k, key) for k, key, _ in find(snap, "παπαδοπουλος")]
    assert ("person", "MT01") in [(k, key) for k, key, _ in find(snap, "cahh")]
    assert [key for kind, key, _ in find(snap, "T1") if kind == "table"] == ["T1", "T10",
                                                                            "T11", "T12"]


def test_a_patch_of_what_the_snapshot_already_holds_adds_nothing(demo_file):
    """The floor screen reads the file after its own action, then the feed reports it."""
    db = connect(demo_file)
    clock = FixedClock(DEMO_NOW)
    last = journal.last_id(db)
    m = read_meetings.live_meeting_of(db, "GR05", 3)
    ops.mark_noshow(db, m["id"], "GR05", clock=clock)
    ops.add_meeting(db, "FR05", "GR06", 3, table="T7", origin="rematch", clock=clock)
    ops.undo(db, clock=clock)
    ops.redo(db, clock=clock)
    fresh = load_snapshot(db)
    again = patched(fresh, journal.entries(db, after_id=last))
    assert again.by_person == fresh.by_person
    same(again, fresh)
