"""Undo that respects the room: each station takes back its own work, a setup action only
when it is named, and a refusal says which entry to undo first. Through ops and through
`floor undo` as a person at a terminal or a script meets it."""

import os
import pty
import sqlite3
import subprocess
import sys

import pytest
from helpers import AT_0905, ROOT, run_floor

from db import journal, read_event, read_meetings, read_people, schema
from db.connection import connect
from db.verify import verify
from floor import ops
from floor.domain.errors import Refused
from floor.ops.badges import issue_tokens


def meeting_between(db, a, b):
    return next(m for m in read_meetings.meetings(db) if {m["a"], m["b"]} == {a, b})


def test_undo_takes_back_the_managers_own_action_not_the_doors_later_check_in(db, clock):
    m = meeting_between(db, "A1", "A2")
    ops.cancel(db, m["id"], clock=clock, actor="manager")
    ops.check_in(db, "A3", clock=clock, station="door 1")  # the newest entry in the file
    done = ops.undo(db, clock=clock, actor="manager")
    assert done.summary.startswith("undo #2: cancelled: meeting 1")
    assert read_meetings.meeting(db, m["id"])["status"] == "planned"
    assert read_people.participant(db, "A3")["checked_in_station"] == "door 1"
    with pytest.raises(Refused, match="nothing to undo by manager"):
        ops.undo(db, clock=clock, actor="manager")
    assert verify(db) == []


def test_a_door_undoes_its_own_check_in_and_redo_survives_the_others_work(db, clock):
    ops.check_in(db, "A1", clock=clock, station="door 1")
    ops.undo(db, clock=clock, actor="door 1")
    ops.check_in(db, "A2", clock=clock, station="door 2")  # another door goes on meanwhile
    ops.cancel(db, meeting_between(db, "A2", "A4")["id"], clock=clock, actor="manager")
    done = ops.redo(db, clock=clock, actor="door 1")
    assert done.summary.startswith("redo #2: ")
    assert read_event.counts(db)["checked_in"] == 2
    with pytest.raises(Refused, match="nothing to redo by manager"):
        ops.redo(db, clock=clock, actor="manager")


def test_a_setup_action_is_never_reached_by_plain_undo_only_by_naming_it(db, clock):
    issued = issue_tokens(db, clock=clock, actor="manager")
    before = read_meetings.open_requests(db)
    opens = {(r["a"], r["b"]): r["id"] for r in before}
    run = ops.place_meetings(db, [(opens[("A1", "A3")], 3, "T1")], clock=clock,
                             actor="manager")
    with pytest.raises(Refused) as refused:
        ops.undo(db, clock=clock, actor="manager")
    assert refused.value.reason == (
        f"nothing to undo by manager after #{run.entry_id} ({run.summary}): a setup action "
        f"is undone only by naming it (pick it in the journal, or floor undo {run.entry_id})")
    ops.undo(db, run.entry_id, clock=clock, actor="manager")
    assert read_meetings.open_requests(db) == before
    with pytest.raises(Refused, match=f"after #{issued.entry_id} "):  # the badges stay
        ops.undo(db, clock=clock, actor="manager")


def test_an_undo_a_later_action_depends_on_names_the_entry_to_undo_first(db, clock):
    walk_in = ops.add_participant(db, name="Walk In", organisation="Org", country="MT",
                                  clock=clock, actor="manager")
    meeting = ops.add_meeting(db, "W001", "A2", 3, clock=clock, actor="desk")
    with pytest.raises(Refused) as refused:
        ops.undo(db, clock=clock, actor="manager")
    reason = refused.value.reason
    assert reason.startswith(f"cannot undo #{walk_in.entry_id} ({walk_in.summary}): "
                             f"#{meeting.entry_id} ({meeting.summary}, by desk) depends on it")
    assert reason.endswith(f"undo #{meeting.entry_id} first")
    assert "FOREIGN KEY" not in reason and "constraint" not in reason
    ops.undo(db, meeting.entry_id, clock=clock, actor="manager")
    ops.undo(db, clock=clock, actor="manager")
    assert read_people.participant(db, "W001") is None
    assert verify(db) == []


def test_an_undo_whose_table_was_taken_since_names_who_took_it(db, clock):
    m = meeting_between(db, "A1", "A2")  # round 1 at T1
    cancelled = ops.cancel(db, m["id"], clock=clock, actor="manager")
    taken = ops.add_meeting(db, "A1", "A6", 1, table="T1", clock=clock, actor="door 2")
    with pytest.raises(Refused, match=rf"#{taken.entry_id} \(.*, by door 2\) depends on it: "
                                      rf"undo #{taken.entry_id} first$"):
        ops.undo(db, cancelled.entry_id, clock=clock, actor="manager")
    assert journal.rejections(db)[-1]["action"] == "undo"


def test_undoing_one_persons_check_in_finds_it_among_later_actions(db, clock):
    ops.check_in(db, "A1", clock=clock, station="door 1")
    for pid in ("A2", "A3", "A4"):
        ops.check_in(db, pid, clock=clock, station="door 2")
    ops.undo_check_in(db, "A1", clock=clock, actor="manager")
    assert read_people.participant(db, "A1")["checked_in_at"] is None
    assert read_event.counts(db)["checked_in"] == 3


def test_a_version_3_file_gets_its_journal_indexed_and_undo_works_on_old_entries(tmp_path):
    path = tmp_path / "v3.db"
    db = connect(path, create=True)  # built as version 3 was, then written by a v3 floor
    db.conn.close()
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER journal_rows_insert")
    raw.execute("DROP TRIGGER journal_row_no_update")
    raw.execute("DROP TRIGGER journal_row_no_delete")
    raw.execute("DROP TABLE journal_row")
    raw.execute("DROP INDEX journal_actor")
    raw.execute("INSERT INTO setting VALUES ('lang', 'mt')")
    raw.execute("""INSERT INTO journal (at, actor, action, summary, changes) VALUES
        ('2026-11-26T09:00:00', 'manager', 'setting', 'language set',
         '[{"t": "setting", "k": {"key": "lang"}, "before": null,
            "after": {"key": "lang", "value": "mt"}}]')""")
    raw.execute("PRAGMA user_version = 3")
    raw.commit()
    raw.close()
    db = connect(path)
    assert schema.schema_version(db) == schema.LATEST
    assert journal.newest_touching(db, "setting", {"key": "lang"})["summary"] == "language set"
    from floor.domain.clock import FixedClock
    ops.undo(db, clock=FixedClock(AT_0905), actor="manager")
    assert db.execute("SELECT count(*) FROM setting").fetchone()[0] == 0


# -- floor undo ---------------------------------------------------------------------------

NOW = ("--now", "09:05", "--speed", "0")


def test_floor_undo_without_a_terminal_says_what_it_would_take_back_and_asks_for_yes(
        event_file, db, clock):
    ops.check_in(db, "A1", clock=clock, station="manager")
    before = journal.last_id(db)
    result = run_floor("undo", "--db", event_file, *NOW)
    assert result.exit_code == 1
    assert result.stdout.startswith("Will undo #2 (manager, 09:05): A1 ")
    assert result.stderr == ("refused: floor undo asks before it takes anything back, and "
                             "there is no terminal to ask at: pass --yes to undo #2\n")
    assert journal.last_id(db) == before and read_event.counts(db)["checked_in"] == 1


def test_floor_undo_yes_of_another_stations_entry_names_whose_it_is(event_file, db, clock):
    ops.check_in(db, "A1", clock=clock, station="door 1")
    ops.check_in(db, "A2", clock=clock, station="door 2")
    nothing = run_floor("undo", "--yes", "--db", event_file, *NOW)  # the manager did nothing
    assert nothing.exit_code == 1 and nothing.stderr == "refused: nothing to undo by manager\n"
    result = run_floor("undo", "2", "--yes", "--db", event_file, *NOW)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Will undo #2 (door 1, 09:05): A1 ")
    assert lines[1] == "This is door 1's action, not manager's."
    assert lines[2].startswith("#4 undo #2: A1 ")
    assert read_people.participant(db, "A1")["checked_in_at"] is None
    own = run_floor("undo", "--actor", "door 2", "--yes", "--db", event_file, *NOW)
    assert own.exit_code == 0 and own.stdout.splitlines()[-1].startswith("#5 undo #3: A2 ")


def floor_at_a_terminal(answer: str, *args) -> tuple[int, str]:
    """`floor ARGS` with a terminal for standard input, answering the question."""
    main, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "floor", *map(str, args)], cwd=ROOT,
                               stdin=secondary, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    os.close(secondary)
    os.write(main, answer.encode() + b"\n")
    out, _ = process.communicate(timeout=60)
    os.close(main)
    return process.returncode, out


def test_floor_undo_at_a_terminal_asks_and_takes_no_for_an_answer(event_file, db, clock):
    ops.check_in(db, "A1", clock=clock, station="manager")
    code, out = floor_at_a_terminal("n", "undo", "--db", event_file, *NOW)
    assert code == 1 and out.endswith("Nothing undone.\n")
    assert "Undo #2? [y/N]" in out
    assert read_event.counts(db)["checked_in"] == 1
    code, out = floor_at_a_terminal("y", "undo", "--db", event_file, *NOW)
    assert code == 0 and "? [y/N]: #3 undo #2: A1 " in out
    assert read_event.counts(db)["checked_in"] == 0
