"""Every write action: what it changes, its journal row, its refusals, and its undo."""

import pytest

from db import journal, read_event, read_meetings, read_people
from db.verify import verify
from floor import ops
from floor.ops import Refused


def meeting_between(db, a, b):
    return read_meetings.live_meeting_of_pair(db, a, b)


def snapshot(db):
    """The state a user can see: participants and meetings, as plain tuples."""
    people = db.execute("SELECT * FROM participant ORDER BY id").fetchall()
    meetings = db.execute("SELECT * FROM meeting ORDER BY id").fetchall()
    return people, meetings


def journal_count(db):
    return db.execute("SELECT count(*) FROM journal").fetchone()[0]


def test_check_in_records_time_and_station_then_undo_takes_it_back(db, clock):
    before = snapshot(db)
    done = ops.check_in(db, "A1", clock=clock, station="door 2")
    person = read_people.participant(db, "A1")
    assert person["checked_in_at"] == "2026-11-26T09:05:00"
    assert person["checked_in_station"] == "door 2"
    entry = journal.entry(db, done.entry_id)
    assert entry["action"] == "checkin" and entry["actor"] == "door 2"
    assert "Παπαδόπουλος" in entry["summary"]
    ops.undo(db, clock=clock, actor="door 2")
    assert snapshot(db) == before
    assert verify(db) == []


def test_second_check_in_is_refused_with_when_and_where(db, clock):
    ops.check_in(db, "A1", clock=clock, station="door 2")
    count = journal_count(db)
    with pytest.raises(Refused, match="already checked in: 09:05 at door 2"):
        ops.check_in(db, "A1", clock=clock, station="door 1")
    assert journal_count(db) == count
    rejection = journal.rejections(db)[-1]
    assert rejection["action"] == "checkin" and "already" in rejection["reason"]


def test_undo_check_in_of_one_person_leaves_later_actions(db, clock):
    ops.check_in(db, "A1", clock=clock)
    ops.check_in(db, "A2", clock=clock)
    ops.undo_check_in(db, "A1", clock=clock)
    assert read_people.participant(db, "A1")["checked_in_at"] is None
    assert read_people.participant(db, "A2")["checked_in_at"] is not None


def test_mark_held_and_noshow_need_a_started_round(db, clock):
    m1 = meeting_between(db, "A1", "A2")
    m2 = meeting_between(db, "A2", "A4")  # round 2, not started at 09:05
    ops.mark_held(db, m1["id"], clock=clock)
    assert read_meetings.meeting(db, m1["id"])["status"] == "held"
    with pytest.raises(Refused, match="round 2 starts only at 09:20"):
        ops.mark_noshow(db, m2["id"], "A4", clock=clock)
    with pytest.raises(Refused, match="it is held"):
        ops.mark_noshow(db, m1["id"], "A1", clock=clock)
    ops.undo(db, clock=clock)
    assert read_meetings.meeting(db, m1["id"])["status"] == "planned"


def test_noshow_frees_the_table_and_the_partner(db, clock):
    m = meeting_between(db, "A3", "A4")  # round 1, T3
    ops.mark_noshow(db, m["id"], "A3", clock=clock)
    stored = read_meetings.meeting(db, m["id"])
    assert (stored["status"], stored["noshow_of"]) == ("noshow", "A3")
    # A4 (home table T3) can now meet someone else there in round 1
    done = ops.add_meeting(db, "A4", "A6", 1, origin="rematch", clock=clock)
    assert "T3" in done.summary
    with pytest.raises(Refused, match="not in meeting"):
        ops.mark_noshow(db, meeting_between(db, "A1", "A2")["id"], "A5", clock=clock)


def test_cancel_and_its_undo(db, clock):
    m = meeting_between(db, "A2", "A4")
    ops.cancel(db, m["id"], clock=clock)
    assert read_meetings.meeting(db, m["id"])["status"] == "cancelled"
    with pytest.raises(Refused, match="it is cancelled"):
        ops.cancel(db, m["id"], clock=clock)
    ops.undo(db, clock=clock)
    assert read_meetings.meeting(db, m["id"])["status"] == "planned"


def test_move_to_a_free_table_and_round(db, clock):
    m = meeting_between(db, "A1", "A2")  # round 1 T1
    ops.move(db, m["id"], table="T2", round_no=3, clock=clock)
    moved = read_meetings.meeting(db, m["id"])
    assert (moved["round"], moved["table_name"]) == (3, "T2")
    ops.undo(db, clock=clock)
    back = read_meetings.meeting(db, m["id"])
    assert (back["round"], back["table_name"]) == (1, "T1")


@pytest.mark.parametrize("kwargs, reason", [
    ({"table": "T3"}, "table T3 is taken in round 1"),
    ({"round_no": 2, "table": "T2"}, r"A2 Élodie Lefèvre \(Atelier Calanque\) already has"),
    ({"round_no": 9}, "there is no round 9"),
    ({"table": "T99"}, "there is no table 'T99'"),
])
def test_move_refusals_change_nothing(db, clock, kwargs, reason):
    m = meeting_between(db, "A1", "A2")
    before, count = snapshot(db), journal_count(db)
    with pytest.raises(Refused, match=reason):
        ops.move(db, m["id"], clock=clock, **kwargs)
    assert snapshot(db) == before and journal_count(db) == count


def test_move_to_a_later_round_keeps_the_table(db, clock):
    m = meeting_between(db, "A1", "A2")  # round 1 T1
    ops.move(db, m["id"], round_no=4, clock=clock)
    moved = read_meetings.meeting(db, m["id"])
    assert (moved["round"], moved["table_name"]) == (4, "T1")


def test_move_respects_availability_and_home_tables(db, clock):
    m = meeting_between(db, "A2", "A4")  # A4 sits at home table T3
    with pytest.raises(Refused, match="A4 sits at T3"):
        ops.move(db, m["id"], table="T1", clock=clock)
    late = ops.add_meeting(db, "A5", "A2", 3, clock=clock)  # A5 arrives at 10:00
    late_id = int(late.summary.split()[3].rstrip(":"))
    with pytest.raises(Refused, match="arrives at 10:00; round 2 starts at 09:20"):
        ops.move(db, late_id, round_no=2, clock=clock)
    with pytest.raises(Refused, match="leaves at 10:00; round 3 ends at 10:20"):
        ops.add_meeting(db, "A6", "A1", 3, clock=clock)


def test_move_refused_once_the_round_is_over(db, clock):
    m = meeting_between(db, "A1", "A2")
    clock.advance(minutes=30)  # 09:35: round 1 is over
    with pytest.raises(Refused, match="round 1 ended at 09:20"):
        ops.move(db, m["id"], round_no=3, clock=clock)


def test_swap_exchanges_tables_then_undo_and_redo(db, clock):
    ops.add_meeting(db, "A1", "A3", 3, table="T1", clock=clock)
    ops.add_meeting(db, "A2", "A5", 3, table="T2", clock=clock)
    x, y = meeting_between(db, "A1", "A3"), meeting_between(db, "A2", "A5")
    count = journal_count(db)
    ops.swap_tables(db, x["id"], y["id"], clock=clock)
    assert read_meetings.meeting(db, x["id"])["table_name"] == "T2"
    assert read_meetings.meeting(db, y["id"])["table_name"] == "T1"
    assert journal_count(db) == count + 1
    assert verify(db) == []
    ops.undo(db, clock=clock)
    assert read_meetings.meeting(db, x["id"])["table_name"] == "T1"
    assert read_meetings.meeting(db, y["id"])["table_name"] == "T2"
    ops.redo(db, clock=clock)
    assert read_meetings.meeting(db, x["id"])["table_name"] == "T2"
    assert verify(db) == []


def test_swap_refuses_to_move_someone_off_their_home_table(db, clock):
    ops.add_meeting(db, "A1", "A3", 2, table="T1", clock=clock)
    x, y = meeting_between(db, "A1", "A3"), meeting_between(db, "A2", "A4")  # y at T3
    before = snapshot(db)
    with pytest.raises(Refused, match="A4 sits at T3"):
        ops.swap_tables(db, x["id"], y["id"], clock=clock)
    assert snapshot(db) == before


def test_add_meeting_fulfils_an_open_request_and_picks_a_table(db, clock):
    assert {(r["a"], r["b"]) for r in read_meetings.open_requests(db)} == {("A1", "A3"), ("A5", "A1")}
    done = ops.add_meeting(db, "A3", "A1", 3, clock=clock)
    m = meeting_between(db, "A1", "A3")
    assert m["request_id"] is not None and m["origin"] == "spontaneous"
    assert m["table_name"] == "T1"  # the first free table nobody calls home
    assert "round 3 at T1" in done.summary
    assert {(r["a"], r["b"]) for r in read_meetings.open_requests(db)} == {("A5", "A1")}
    with pytest.raises(Refused, match="already meet"):
        ops.add_meeting(db, "A1", "A3", 4, clock=clock)
    with pytest.raises(Refused, match="already has meeting"):
        ops.add_meeting(db, "A1", "A5", 3, clock=clock)
    with pytest.raises(Refused, match="cannot meet themselves"):
        ops.add_meeting(db, "A1", "A1", 4, clock=clock)
    with pytest.raises(Refused, match="no participant with id 'ZZ'"):
        ops.add_meeting(db, "A1", "ZZ", 4, clock=clock)
    ops.undo(db, clock=clock)
    assert meeting_between(db, "A1", "A3") is None


def test_home_table_person_gets_their_table(db, clock):
    ops.add_meeting(db, "A4", "A5", 4, clock=clock)
    assert meeting_between(db, "A4", "A5")["table_name"] == "T3"


def test_walk_in_is_registered_checked_in_and_can_meet(db, clock):
    done = ops.add_participant(db, name="  Νίκος Αλεξίου ", organisation="Kerameikos Media",
                               country="gr", sector="Culture & Media",
                               check_in_station="door 1", clock=clock)
    walk_in = read_people.participant(db, "W001")
    assert walk_in["name"] == "Νίκος Αλεξίου" and walk_in["country"] == "GR"
    assert walk_in["walk_in"] == 1 and walk_in["checked_in_station"] == "door 1"
    assert walk_in["num"] == 7
    assert "W001" in done.summary
    ops.add_meeting(db, "W001", "A2", 3, origin="walkin", clock=clock)
    with pytest.raises(Refused, match="not a country floor knows"):
        ops.add_participant(db, name="X", organisation="Y", country="Hellas!", clock=clock)
    with pytest.raises(Refused, match="a name is needed"):
        ops.add_participant(db, name=" ", organisation="Y", country="GR", clock=clock)
    with pytest.raises(Refused, match="already taken"):
        ops.add_participant(db, name="X", organisation="Y", country="GR",
                            participant_id="A1", clock=clock)


def test_undo_of_a_walk_in_with_a_meeting_is_refused_until_the_meeting_goes(db, clock):
    ops.add_participant(db, name="Walk In", organisation="Org", country="MT", clock=clock)
    ops.add_meeting(db, "W001", "A2", 3, clock=clock)
    add_entry = journal.entries(db)[-2]["id"]
    with pytest.raises(Refused):
        ops.undo(db, add_entry, clock=clock)
    ops.undo(db, clock=clock)  # the meeting
    ops.undo(db, clock=clock)  # the walk-in
    assert read_people.participant(db, "W001") is None
    assert verify(db) == []


def test_undo_refuses_when_a_later_action_touched_the_same_row(db, clock):
    m = meeting_between(db, "A1", "A2")
    moved = ops.move(db, m["id"], table="T2", clock=clock)
    ops.move(db, m["id"], round_no=3, table="T1", clock=clock)
    with pytest.raises(Refused, match=f"cannot undo #{moved.entry_id}.*undo #{moved.entry_id + 1} first"):
        ops.undo(db, moved.entry_id, clock=clock)
    ops.undo(db, clock=clock)
    ops.undo(db, clock=clock)
    back = read_meetings.meeting(db, m["id"])
    assert (back["round"], back["table_name"]) == (1, "T1")


def test_undo_redo_walk_back_and_forth(db, clock):
    ops.check_in(db, "A1", clock=clock)
    ops.check_in(db, "A2", clock=clock)
    ops.undo(db, clock=clock)
    ops.undo(db, clock=clock)
    assert read_event.counts(db)["checked_in"] == 0
    with pytest.raises(Refused, match="nothing to undo"):
        ops.undo(db, clock=clock)
    ops.redo(db, clock=clock)
    assert read_people.participant(db, "A1")["checked_in_at"]
    assert not read_people.participant(db, "A2")["checked_in_at"]
    ops.redo(db, clock=clock)
    assert read_event.counts(db)["checked_in"] == 2
    with pytest.raises(Refused, match="nothing to redo"):
        ops.redo(db, clock=clock)
    # a new action after an undo clears the redo
    ops.undo(db, clock=clock)
    ops.check_in(db, "A3", clock=clock)
    with pytest.raises(Refused, match="nothing to redo"):
        ops.redo(db, clock=clock)
    assert verify(db) == []


def test_import_cannot_be_undone(db, clock):
    with pytest.raises(Refused, match="nothing to undo"):
        ops.undo(db, clock=clock)
    with pytest.raises(Refused, match="cannot be undone"):
        ops.undo(db, 1, clock=clock)


def test_place_meetings_is_one_entry_and_one_undo(db, clock):
    opens = {(r["a"], r["b"]): r["id"] for r in read_meetings.open_requests(db)}
    done = ops.place_meetings(db, [(opens[("A1", "A3")], 3, "T1"),
                                   (opens[("A5", "A1")], 4, "T2")], clock=clock)
    assert len(done.changes) == 2 and read_meetings.open_requests(db) == []
    ops.undo(db, done.entry_id, clock=clock)  # a setup action: undone by naming it
    assert len(read_meetings.open_requests(db)) == 2


def test_a_bulk_placement_breaking_an_invariant_writes_nothing(db, clock):
    opens = {(r["a"], r["b"]): r["id"] for r in read_meetings.open_requests(db)}
    before = snapshot(db)
    with pytest.raises(Refused, match="that person already has a meeting in that round"):
        ops.place_meetings(db, [(opens[("A1", "A3")], 3, "T1"),
                                (opens[("A5", "A1")], 3, "T2")], clock=clock)
    assert snapshot(db) == before
    assert "seat" in journal.rejections(db)[-1]["reason"]


def test_a_walk_in_and_their_badge_are_one_action(db, clock):
    from db import scans

    done = ops.add_participant(db, name="Νίκος Αλεξίου", organisation="Kerameikos Media",
                               country="GR", check_in_station="door 1", with_badge=True,
                               clock=clock, actor="door 1")
    person = read_people.participant(db, "W001")
    assert person["checked_in_station"] == "door 1"
    assert scans.valid_token(db, "W001")["serial"] == 1
    assert journal.last_id(db) == done.entry_id  # one journal row for both
    ops.undo(db, clock=clock, actor="door 1")
    assert read_people.participant(db, "W001") is None
    assert scans.valid_token(db, "W001") is None
    assert verify(db) == []
