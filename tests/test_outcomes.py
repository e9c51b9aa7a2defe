"""Recording a meeting's outcome: one op, refused when it cannot be, undone by the journal."""

from datetime import datetime

import pytest
from helpers import run_floor

from db import journal, read_meetings
from db.verify import verify
from floor import ops
from floor.domain.clock import FixedClock
from floor.ops.outcomes import normalise_outcome, record_outcome

# conftest event: round 1 09:00-09:20 (A1-A2 at T1, A3-A4 at T3), round 2 09:20-09:40
# (A2-A4 at T3), break 09:40-10:00


def meeting_of(db, a, b):
    return next(m for m in read_meetings.meetings(db, with_outcome=True) if {m["a"], m["b"]} == {a, b})


def test_a_held_meeting_gets_an_outcome_and_undo_takes_it_back(db, clock):
    m = meeting_of(db, "A1", "A2")
    ops.mark_held(db, m["id"], clock=clock)
    done = record_outcome(db, m["id"], "cooperation-possible", "samples in January",
                          clock=clock, actor="desk")
    assert "cooperation possible — samples in January" in done.summary
    row = read_meetings.meeting(db, m["id"], with_outcome=True)
    assert (row["outcome"], row["outcome_note"]) == ("cooperation-possible",
                                                      "samples in January")
    entry = journal.entry(db, done.entry_id)
    assert (entry["action"], entry["actor"]) == ("outcome", "desk")
    assert verify(db) == []
    ops.undo(db, clock=clock, actor="desk")
    row = read_meetings.meeting(db, m["id"], with_outcome=True)
    assert (row["outcome"], row["outcome_note"]) == (None, "")
    ops.redo(db, clock=clock, actor="desk")
    assert read_meetings.meeting(db, m["id"], with_outcome=True)["outcome"] == "cooperation-possible"
    assert verify(db) == []


def test_a_changed_outcome_says_what_it_was(db, clock):
    m = meeting_of(db, "A1", "A2")
    ops.mark_held(db, m["id"], clock=clock)
    record_outcome(db, m["id"], "informative", clock=clock)
    done = record_outcome(db, m["id"], "coop", clock=clock)  # a prefix will do
    assert "(was informative)" in done.summary
    with pytest.raises(ops.Refused, match="already has outcome cooperation-possible"):
        record_outcome(db, m["id"], "cooperation possible", clock=clock)


def test_refusals_change_nothing_and_are_logged(db, clock):
    before = journal.last_id(db)
    m1 = meeting_of(db, "A1", "A2")  # round 1, running at 09:05, not marked held
    with pytest.raises(ops.Refused, match="is not over: round 1 ends at 09:20"):
        record_outcome(db, m1["id"], "informative", clock=clock)
    with pytest.raises(ops.Refused, match="unknown outcome 'great'"):
        record_outcome(db, m1["id"], "great", clock=clock)
    with pytest.raises(ops.Refused, match="no meeting 999"):
        record_outcome(db, 999, "informative", clock=clock)
    m2 = meeting_of(db, "A2", "A4")  # round 2, to come: cancel it
    ops.cancel(db, m2["id"], clock=clock)
    with pytest.raises(ops.Refused, match="was cancelled"):
        record_outcome(db, m2["id"], "not-held", clock=clock)
    m3 = meeting_of(db, "A3", "A4")
    ops.mark_noshow(db, m3["id"], "A3", clock=clock)
    with pytest.raises(ops.Refused, match="only be not-held"):
        record_outcome(db, m3["id"], "informative", clock=clock)
    record_outcome(db, m3["id"], "not-held", clock=clock)
    actions = [e["action"] for e in journal.entries(db, after_id=before)]
    assert actions == ["cancel", "noshow", "outcome"]
    assert len(journal.rejections(db)) == 5


def test_a_planned_meeting_whose_round_is_over_can_get_one(db):
    later = FixedClock(datetime(2026, 11, 26, 9, 25))
    m = meeting_of(db, "A1", "A2")
    record_outcome(db, m["id"], "insufficient-interest", clock=later)
    assert read_meetings.meeting(db, m["id"], with_outcome=True)["outcome"] == "insufficient-interest"


def test_outcome_words():
    assert normalise_outcome("Cooperation_Possible") == "cooperation-possible"
    assert normalise_outcome(" not held ") == "not-held"
    assert normalise_outcome("in") is None  # insufficient or informative: ambiguous
    assert normalise_outcome("") is None


def test_the_outcome_command(event_file, db):
    args = ["--db", event_file, "--now", "09:25", "--speed", "0"]
    ok = run_floor("outcome", "1", "informative", "--note", "brochures", *args)
    assert ok.exit_code == 0, ok.output
    assert "informative, no cooperation planned — brochures" in ok.stdout
    assert read_meetings.meeting(db, 1, with_outcome=True)["outcome"] == "informative"
    refused = run_floor("outcome", "1", "nonsense", *args)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("refused: unknown outcome 'nonsense'")
