"""`floor schedule` as an organiser runs it: what it places, what it says, what it keeps."""

import signal
import subprocess
import sys

from helpers import ROOT, run_floor

from db import journal, read_meetings
from db.connection import connect
from db.verify import verify


def live(db):
    return {m["id"]: (m["round"], m["table_name"]) for m in read_meetings.meetings(db, live_only=True)}


def test_schedule_places_open_requests_and_summarises(event_file):
    result = run_floor("schedule", "--db", event_file, "--now", "08:00", "--speed", "0",
                 "--seconds", 2)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "requests to place  2 (priority 2)"
    assert lines[1] == "placed             2 (priority 2)"
    assert any(line.startswith("gap                0.00%") for line in lines)
    db = connect(event_file)
    assert read_meetings.open_requests(db) == []
    placed = [m for m in read_meetings.meetings(db) if m["origin"] == "scheduled"]
    assert {(m["a"], m["b"]) for m in placed} == {("A1", "A3"), ("A5", "A1")}
    a5 = next(m for m in placed if "A5" in (m["a"], m["b"]))
    assert a5["round"] >= 3  # A5 arrives at 10:00
    assert verify(db) == []
    schedule_run = journal.last_id(db)  # a setup action: undone by naming it
    assert run_floor("undo", schedule_run, "--yes", "--db", event_file, "--now", "08:00",
                     "--speed", "0").exit_code == 0
    assert len(read_meetings.open_requests(db)) == 2


def test_keep_announced_moves_nothing_and_uses_only_rounds_to_come(event_file):
    db = connect(event_file)
    before = live(db)
    result = run_floor("schedule", "--db", event_file, "--now", "09:25", "--speed", "0",
                 "--keep-announced", "--seconds", 2)
    assert result.exit_code == 0, result.output
    after = live(db)
    assert {k: v for k, v in after.items() if k in before} == before
    new = [after[k] for k in after if k not in before]
    assert new and all(rnd >= 3 for rnd, _ in new)  # round 2 had started at 09:25


def test_schedule_during_the_event_without_keep_announced_warns(event_file):
    result = run_floor("schedule", "--db", event_file, "--now", "09:25", "--speed", "0",
                       "--seconds", 2)
    assert result.exit_code == 0, result.output
    assert "warning: 2 round(s) had started; during the event use --keep-announced" \
        in result.stderr


def test_unplaceable_requests_are_listed_with_a_reason(event_file):
    db = connect(event_file)
    result = run_floor("schedule", "--db", event_file, "--now", "10:30", "--speed", "0",
                 "--keep-announced", "--seconds", 2)  # round 4 started: nowhere to go
    assert result.exit_code == 0, result.output
    assert "not placed (2):" in result.output
    assert "A1–A3: " in result.output and "A5–A1: " in result.output
    assert len(read_meetings.open_requests(db)) == 2


SLOW_SOLVE = """
import sys, time
import floor.ops.schedule as run
real = run.solve
def slow(problem, *, stop=None, **kwargs):
    print("solving", flush=True)
    while stop is not None and not stop.is_set():  # a long search, until Ctrl-C
        time.sleep(0.05)
    return real(problem, stop=stop, **kwargs)
run.solve = slow
from floor.cli import main
sys.argv = ["floor"] + sys.argv[1:]
main()
"""


def test_interrupting_a_run_leaves_the_file_as_it_was(tmp_path, event_file):
    db = connect(event_file)
    last = journal.last_id(db)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SOLVE, "schedule", "--db",
                             str(event_file), "--now", "08:00", "--speed", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "solving\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "interrupted: the event file is unchanged" in err
    assert journal.last_id(db) == last
    assert len(read_meetings.open_requests(db)) == 2
