"""The manager's floor actions from a script: no-show, re-match, absent, and the CLI forms."""

import pytest
from helpers import DEMO_NOW, run_floor

from db import journal, read_meetings, read_people
from db.connection import connect
from db.verify import verify
from floor import ops
from floor.domain.clock import FixedClock
from floor.views.rematch import all_proposals, stranded_in_round

AT_DEMO_NOW = ["--now", "10:16", "--speed", "0"]


@pytest.fixture
def demo(demo_file):
    return demo_file, connect(demo_file), FixedClock(DEMO_NOW)


def test_noshow_then_rematch_proposals_rank_people_here_and_free(demo):
    path, db, clock = demo
    m = read_meetings.live_meeting_of(db, "GR05", 3)
    ops.mark_noshow(db, m["id"], "GR05", clock=clock)
    assert [p["id"] for p in stranded_in_round(db, 3)] == ["FR05"]
    proposals = all_proposals(db, 3)["FR05"]
    busy = read_meetings.busy_in_round(db, 3)
    met = read_meetings.pairs_met_or_booked(db, "FR05")
    for p in proposals:
        person = read_people.participant(db, p.partner)
        assert person["checked_in_at"] and p.partner not in busy and p.partner not in met
        assert p.table == "T7"  # the stranded person's table
    countries = [read_people.participant(db, p.partner)["country"] for p in proposals]
    assert "FR" not in countries[:1]  # another country first


def test_open_request_comes_first_and_accepting_takes_the_table(demo):
    path, db, clock = demo
    ops.mark_noshow(db, read_meetings.live_meeting_of(db, "GR05", 3)["id"], "GR05", clock=clock)
    free = sorted(set(p["id"] for p in read_people.participants(db) if p["checked_in_at"])
                  - read_meetings.busy_in_round(db, 3) - {"FR05"}
                  - read_meetings.pairs_met_or_booked(db, "FR05"))
    target = free[-1]
    db.execute("INSERT INTO request (a, b, priority) VALUES ('FR05', ?, 1)", [target])
    best = all_proposals(db, 3)["FR05"][0]
    assert best.partner == target and best.reasons[0] == "asked for (priority 1)"
    done = ops.add_meeting(db, "FR05", target, 3, table=best.table, origin="rematch",
                           clock=clock)
    m = read_meetings.live_meeting_of(db, "FR05", 3)
    assert (m["table_name"], m["origin"]) == ("T7", "rematch") and m["request_id"]
    assert done.entry_id


def test_cli_noshow_rematch_accept_best_and_undo(demo):
    path, db, clock = demo
    result = run_floor("noshow", "GR05", "--round", 3, "--db", path, *AT_DEMO_NOW)
    assert result.exit_code == 0 and "no-show (GR05)" in result.stdout
    listed = run_floor("rematch", "--round", 3, "--db", path, *AT_DEMO_NOW)
    assert listed.stdout.startswith("FR05 (left alone in round 3):\n  1. ")
    accepted = run_floor("rematch", "--round", 3, "--accept-best", "--db", path, *AT_DEMO_NOW)
    assert accepted.exit_code == 0 and "new rematch meeting" in accepted.stdout
    assert read_meetings.live_meeting_of(db, "FR05", 3)["origin"] == "rematch"
    assert run_floor("undo", "--actor", "cli", "--yes", "--db", path,
                     *AT_DEMO_NOW).exit_code == 0
    assert read_meetings.live_meeting_of(db, "FR05", 3) is None
    refused = run_floor("noshow", "GR05", "--round", 3, "--db", path, *AT_DEMO_NOW)
    assert refused.exit_code == 1
    assert refused.stderr == "refused: GR05 has no planned meeting in round 3\n"
    assert verify(db) == []


def meeting_at(db, round_no, table):
    return next(m for m in read_meetings.meetings(db, round_no=round_no, live_only=True)
                if m["table_name"] == table)


def test_cli_move_swap_cancel_meet_held_and_what_each_says(demo):
    path, db, clock = demo
    # round 9: IT01 sits at home table T1; FR02-GR04 at T4 and FR03-MT04 at T5 are free to move
    at_home, t4, t5 = (meeting_at(db, 9, t)["id"] for t in ("T1", "T4", "T5"))
    result = run_floor("move", t4, "--table", "T5", "--db", path, *AT_DEMO_NOW)
    assert result.exit_code == 1
    assert result.stderr.startswith("refused: table T5 is taken in round 9")
    result = run_floor("swap", t4, t5, "--db", path, *AT_DEMO_NOW)
    assert result.exit_code == 0
    assert result.stdout == (f"#{journal.last_id(db)} swapped tables: meeting {t4} now at "
                             f"T5, meeting {t5} now at T4\n")
    assert [meeting_at(db, 9, t)["id"] for t in ("T4", "T5")] == [t5, t4]
    before = journal.last_id(db)
    result = run_floor("swap", at_home, t4, "--db", path, *AT_DEMO_NOW)
    assert result.exit_code == 1
    assert result.stderr == "refused: IT01 sits at T1 (home table); not at T5\n"
    assert journal.last_id(db) == before and meeting_at(db, 9, "T1")["id"] == at_home
    result = run_floor("cancel", t5, "--db", path, *AT_DEMO_NOW)
    assert result.exit_code == 0 and result.stdout.startswith(f"#{before + 1} cancelled: ")
    result = run_floor("held", t5, "--db", path, *AT_DEMO_NOW)
    assert result.exit_code == 1 and "it is cancelled" in result.stderr
    result = run_floor("meet", "IT01", "IT01", "--round", 9, "--db", path, *AT_DEMO_NOW)
    assert result.exit_code == 1
    assert result.stderr == "refused: a person cannot meet themselves\n"
    assert verify(db) == []


def test_absent_for_the_day_releases_later_meetings_and_refills(demo):
    path, db, clock = demo
    victim = "IT04"  # has meetings later in the morning
    mine = read_meetings.meetings(db, participant_id=victim, live_only=True)
    running = [m for m in mine if m["round"] == 3]  # started: becomes a no-show
    later = [m for m in mine if m["round"] > 3]  # not started: released
    assert running and later
    # give one partner an open request with someone free in that round
    m = later[0]
    partner = m["b"] if m["a"] == victim else m["a"]
    busy = read_meetings.busy_in_round(db, m["round"])
    met = read_meetings.pairs_met_or_booked(db, partner)
    candidates = [p for p in read_people.participants(db) if p["id"] not in busy
                  and p["id"] not in met and p["id"] not in (partner, victim)
                  and not p["home_table"] and not p["arrive"] and not p["leave"]]
    db.execute("INSERT INTO request (a, b, priority) VALUES (?, ?, 3)",
               [partner, candidates[0]["id"]])
    done = ops.mark_absent(db, victim, clock=clock)
    assert f"{len(later) + 1} meeting(s) released" in done.summary
    assert "refilled" in done.summary
    assert all(read_meetings.meeting(db, x["id"])["status"] == "cancelled" for x in later)
    assert read_meetings.meeting(db, running[0]["id"])["status"] == "noshow"
    refill = read_meetings.live_meeting_of(db, partner, m["round"])
    assert refill["origin"] == "rematch" and candidates[0]["id"] in (refill["a"], refill["b"])
    ops.undo(db, clock=clock)  # one undo brings everything back
    assert all(read_meetings.meeting(db, x["id"])["status"] == "planned" for x in later)
    assert read_meetings.live_meeting_of(db, partner, m["round"])["id"] == m["id"]
    assert verify(db) == []
