"""The error policy as a user meets it: one sentence and one exit code per kind of
failure (0 done, 1 refused, 2 usage, 3 already done, 4 the event file cannot be read or
written), never a traceback or SQLite's own words; the detail goes to the rejection table
and to the log beside the event file.

A failure that must not show a traceback is run in a process of its own: inside pytest
the log records that would reach a terminal are captured instead."""

import os
import shutil
import sqlite3
import subprocess

import pytest
from helpers import PARTICIPANTS, floor_process, run_floor

from db import journal, schema
from db.connection import connect
from db.eventlog import log_path
from floor import ops

AT_0905 = ["--now", "09:05", "--speed", "0"]


def one_sentence(stderr: str) -> str:
    """The one line a failure prints, checked to be just that."""
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    return stderr.strip()


# -- 3: already done ----------------------------------------------------------------

def test_a_badge_scanned_twice_exits_3(event_file, issued):
    first = run_floor("checkin", issued["A2"], "--db", event_file, "--station", "door 1")
    assert first.exit_code == 0 and first.stdout.startswith("Welcome, Élodie Lefèvre")
    again = run_floor("checkin", issued["A2"], "--db", event_file, "--station", "door 2")
    assert again.exit_code == 3
    assert again.stdout.startswith("Already checked in (read twice)\n")


def test_a_badge_of_someone_already_in_exits_3(event_file, issued, db, clock):
    ops.check_in(db, "A2", clock=clock, station="desk")  # at the desk, at 09:05
    result = run_floor("checkin", issued["A2"], "--db", event_file)
    assert result.exit_code == 3
    assert result.stdout.startswith("Already checked in\nÉlodie Lefèvre — Atelier Calanque\n"
                                    "checked in at 09:05 at desk\n")
    assert result.stderr == ""


# -- 4: the event file cannot be read or written --------------------------------------

@pytest.mark.parametrize("command", [
    ["show"], ["export", "schedule"], ["cancel", "1"], ["checkin", "TMAB11011234567890"],
    ["badges", "-o", "badges.pdf"], ["run"], ["door"], ["projector"],
    ["serve", "--role", "projector"]])
def test_a_missing_event_file_exits_4_with_one_sentence(tmp_path, command):
    missing = tmp_path / "nope.db"
    result = floor_process(*command, "--db", missing)
    assert result.returncode == 4
    assert one_sentence(result.stderr) == (f"no event file at {missing} (make one with "
                                           "`floor import` or `floor demo`)")
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # no empty event file, no log


def test_a_text_file_is_not_an_event_file_exits_4_and_stays_as_it_was(tmp_path):
    text = tmp_path / "event.db"  # a CSV saved under the event file's name
    text.write_text(PARTICIPANTS, encoding="utf-8")
    for command in (["show"], ["cancel", "1"]):
        result = floor_process(*command, "--db", text)
        assert result.returncode == 4
        assert one_sentence(result.stderr).startswith("this is not an event file, or it is "
                                                      "damaged: use `floor check`")
    assert text.read_text(encoding="utf-8") == PARTICIPANTS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.db", "event.log"]


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    other = tmp_path / "notes.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE note (text TEXT)")
    raw.execute("INSERT INTO note VALUES ('buy milk')")
    raw.commit()
    raw.close()
    before = other.read_bytes()
    for command in (["show"], ["cancel", "1"]):
        result = floor_process(*command, "--db", other)
        assert result.returncode == 4
        said = one_sentence(result.stderr)
        assert "no such table" not in said and "not an event file" in said, said
    assert other.read_bytes() == before


def made_by_a_newer_floor(event_file):
    raw = sqlite3.connect(event_file)
    raw.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    raw.close()
    return event_file


def test_a_file_from_a_newer_floor_exits_4_and_says_update(event_file):
    result = floor_process("cancel", "3", "--db", made_by_a_newer_floor(event_file), *AT_0905)
    assert result.returncode == 4
    assert one_sentence(result.stderr).endswith("update floor")


def test_a_file_from_a_newer_floor_is_not_read_either(event_file):
    result = floor_process("show", "--db", made_by_a_newer_floor(event_file))
    assert result.returncode == 4
    assert one_sentence(result.stderr).endswith("update floor")


@pytest.fixture
def read_only(event_file):
    """The event file made read-only for everyone. Root ignores file modes, so as root
    the file is made immutable instead (chattr +i), where the filesystem allows it."""
    if os.geteuid() != 0:
        event_file.chmod(0o444)
        yield event_file
        event_file.chmod(0o644)
        return
    if not shutil.which("chattr") or subprocess.run(
            ["chattr", "+i", event_file], capture_output=True).returncode != 0:
        pytest.skip("running as root, where a read-only mode does not stop writes, on a "
                    "filesystem without chattr +i")
    try:
        yield event_file
    finally:
        subprocess.run(["chattr", "-i", event_file], check=True)


def test_a_read_only_event_file_exits_4_on_a_write_and_still_shows(read_only):
    before = read_only.read_bytes()
    result = floor_process("cancel", "3", "--db", read_only, *AT_0905)
    assert result.returncode == 4
    assert one_sentence(result.stderr).startswith("the event file or its folder cannot be "
                                                  "written (read-only?): nothing was written")
    assert read_only.read_bytes() == before
    shown = floor_process("show", "--db", read_only, *AT_0905)  # reading still works
    assert shown.returncode == 0 and shown.stdout.startswith("Test Mission · 2026-11-26")


# -- 1: refused -------------------------------------------------------------------------

def test_a_refusal_says_why_once_and_leaves_the_file_as_it_was(event_file):
    before = journal.last_id(connect(event_file))
    result = run_floor("move", "1", "--round", "9", "--db", event_file, *AT_0905)
    assert result.exit_code == 1
    assert result.stderr == "refused: there is no round 9 (rounds are 1 to 4)\n"
    assert result.stdout == ""
    assert journal.last_id(connect(event_file)) == before


def test_a_refusal_by_the_schema_speaks_plainly_and_logs_the_detail(event_file):
    # Undoing the cancellation of A1-A2 (round 1, T1) after T1 was given to A1-A6: no rule
    # of the undo sees it, the schema's UNIQUE index does.
    db = connect(event_file)
    cancelled = run_floor("cancel", "1", "--db", event_file, *AT_0905)
    assert cancelled.exit_code == 0, cancelled.output
    assert run_floor("meet", "A1", "A6", "--round", "1", "--table", "T1", "--db", event_file,
                     *AT_0905).exit_code == 0
    before = journal.last_id(db)
    result = floor_process("undo", journal.last_id(db) - 1, "--yes", "--db", event_file,
                           *AT_0905)
    assert result.returncode == 1
    said = one_sentence(result.stderr)
    assert said.startswith("refused: cannot undo #2 (cancelled: meeting 1 (A1–A2, round 1, "
                           "T1)): #3 (new spontaneous meeting 4: ")
    assert said.endswith(", by cli) depends on it: undo #3 first")
    assert "constraint" not in said.lower() and said.count("refused") == 1
    assert journal.last_id(db) == before  # nothing written but the rejection
    [rejection] = journal.rejections(db)
    assert rejection["action"] == "undo"
    assert "UNIQUE constraint failed: meeting.round, meeting.table_name" in rejection["reason"]
    log = log_path(event_file)
    assert log == event_file.with_name("event.log")
    assert "UNIQUE constraint failed: meeting.round, meeting.table_name" in log.read_text()


# -- 2: usage -------------------------------------------------------------------------

def test_a_command_line_that_cannot_be_run_exits_2(event_file):
    result = run_floor("move", "1", "--db", event_file)
    assert result.exit_code == 2 and "say where: --table T and/or --round N" in result.stderr
    result = run_floor("show", "--db", event_file, "--now", "half past nine")
    assert result.exit_code == 2 and "'half past nine' is not a time HH:MM" in result.stderr


# -- 5: a fault in floor ----------------------------------------------------------------

def test_a_fault_in_floor_is_one_sentence_and_its_traceback_is_in_the_log(event_file,
                                                                          monkeypatch):
    import floor.views.day_text

    def broken(*args, **kwargs):
        raise KeyError("round 99")  # what a bug in a read looks like

    monkeypatch.setattr(floor.views.day_text, "render_day", broken)
    result = run_floor("show", "--db", event_file, *AT_0905)
    assert result.exit_code == 5
    said = one_sentence(result.stderr)
    assert said.startswith("floor failed unexpectedly: a fault in floor itself")
    assert "KeyError" not in said and "round 99" not in said and result.stdout == ""
    logged = log_path(event_file).read_text()
    assert "Traceback" in logged and "KeyError: 'round 99'" in logged
