"""The error policy as a user meets it: one sentence and one exit code per kind of
failure (0 done, 1 refused, 2 usage, 3 already done, 4 the event file cannot be read or
written), never a traceback or SQLite's own words; the detail goes to the rejection table
and to the log beside the event file.

A failure that must not show a traceback is run in a process of its own: inside pytest
the log records that would reach a terminal are captured instead."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

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


def test_db_naming_a_folder_exits_4_and_says_give_the_file(tmp_path, event_folder):
    folder = tmp_path / "event"  # the event folder itself, given as --db by mistake
    before = sorted(p.name for p in folder.iterdir())
    for command in (["show"], ["cancel", "1"], ["checkin", "TMAB11011234567890"], ["run"]):
        result = floor_process(*command, "--db", folder)
        assert result.returncode == 4, result.stderr
        assert one_sentence(result.stderr) == (
            f"--db {folder} is a folder, not an event file: give the event file's path "
            f"(such as {folder / 'event.db'})")
    result = floor_process("import", event_folder, "--db", folder)
    assert result.returncode == 4
    assert one_sentence(result.stderr).startswith(f"--db {folder} is a folder: give the "
                                                  "path of the new event file")
    assert sorted(p.name for p in folder.iterdir()) == before


def test_db_in_a_folder_that_does_not_exist_exits_4(tmp_path, event_folder):
    missing = tmp_path / "no such folder" / "event.db"
    for command in (["import", event_folder], ["demo"]):
        result = floor_process(*command, "--db", missing)
        assert result.returncode == 4
        assert one_sentence(result.stderr) == (
            f"the folder {missing.parent} does not exist: make it first, or give --db a "
            "path in a folder that exists")
    result = floor_process("show", "--db", missing)
    assert result.returncode == 4 and one_sentence(result.stderr).startswith("no event file at")
    assert not missing.parent.exists()


def test_an_empty_file_is_not_made_into_an_event_file(tmp_path):
    empty = tmp_path / "event.db"  # made by a careless `touch`, or a copy cut short
    empty.touch()
    for command in (["cancel", "1"], ["checkin", "TMAB11011234567890"], ["show"]):
        result = floor_process(*command, "--db", empty)
        assert result.returncode == 4
        assert one_sentence(result.stderr) == (
            f"{empty} is empty: it holds no event. Check --db, or make an event file with "
            "`floor import` or `floor demo`")
        assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.db", "event.log"]


FOREIGN_COMMANDS = [
    ["show"], ["run"], ["door"], ["projector"], ["serve", "--role", "door"],
    ["checkin", "TMAB11011234567890"], ["cancel", "1"], ["undo"], ["schedule"],
    ["export", "participants"], ["report"], ["backup"], ["check"], ["badges", "-o", "b.pdf"]]


@pytest.mark.slow  # a process per command
@pytest.mark.parametrize("command", FOREIGN_COMMANDS, ids=lambda c: c[0])
def test_a_foreign_sqlite_file_is_left_byte_for_byte(tmp_path, command):
    other = tmp_path / "notes.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE note (text TEXT)")
    raw.execute("INSERT INTO note VALUES ('buy milk')")
    raw.commit()
    raw.close()
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    result = floor_process(*command, "--db", other)
    assert result.returncode == 4
    assert "not an event file" in one_sentence(result.stderr)
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db", "notes.log"]


@pytest.fixture
def read_only_folder(tmp_path, event_file):
    """The event file's folder made read-only: SQLite cannot make its -wal and -shm
    files beside the file. As root, where modes do not stop writes, chattr +i."""
    folder = event_file.parent
    connect(event_file).conn.close()  # in WAL mode, as any station leaves it on the day
    assert not list(folder.glob("event.db-*"))
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield event_file
        folder.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(
            ["chattr", "+i", folder], capture_output=True).returncode != 0:
        pytest.skip("running as root on a filesystem without chattr +i")
    try:
        yield event_file
    finally:
        subprocess.run(["chattr", "-i", folder], check=True)


def test_an_event_file_in_a_read_only_folder_exits_4_with_what_to_do(read_only_folder):
    before = read_only_folder.read_bytes()
    for command in (["show"], ["cancel", "3", *AT_0905]):
        result = floor_process(*command, "--db", read_only_folder)
        assert result.returncode == 4
        assert one_sentence(result.stderr) == (
            f"the folder {read_only_folder.parent} cannot be written (read-only?), and SQLite "
            "keeps its -wal and -shm files beside the event file: nothing was written. Copy "
            "the event file to a folder you can write and use that copy")
    assert read_only_folder.read_bytes() == before


@pytest.fixture
def full_disk(tmp_path, event_file):
    """The event file on a small disk of its own (a tmpfs: root only), filled up by
    `fill()`."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk],
            capture_output=True).returncode != 0:
        pytest.skip("a small disk of its own needs root (mount -t tmpfs)")
    try:
        path = disk / "event.db"
        shutil.copy(event_file, path)
        connect(path).conn.close()  # in WAL mode, as any station leaves it on the day

        def fill():
            with open(disk / "filler", "wb") as filler:
                try:
                    while True:
                        filler.write(b"\0" * 65536)
                        filler.flush()
                except OSError:
                    pass

        yield path, fill
    finally:
        subprocess.run(["umount", disk], check=True)


DISK_FULL = ("the disk is full: nothing was written. Free some space (old backups, downloads) "
             "and try again")


def test_a_full_disk_exits_4_and_says_free_some_space(full_disk):
    path, fill = full_disk
    fill()
    for command in (["cancel", "3", *AT_0905], ["show", *AT_0905]):
        result = floor_process(*command, "--db", path)
        assert result.returncode == 4
        assert one_sentence(result.stderr) == DISK_FULL


def test_a_write_that_fills_the_disk_exits_4_and_another_station_still_reads(full_disk):
    path, fill = full_disk
    manager = connect(path)  # another station keeps the file open, so reading still works
    before = journal.last_id(manager)
    fill()
    result = floor_process("cancel", "3", *AT_0905, "--db", path)
    assert result.returncode == 4
    assert one_sentence(result.stderr) == DISK_FULL
    assert journal.last_id(manager) == before
    shown = floor_process("show", *AT_0905, "--db", path)
    assert shown.returncode == 0 and shown.stdout.startswith("Test Mission · 2026-11-26")
    manager.conn.close()


HOLD_THE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(60)
"""


def test_a_file_held_by_a_stuck_process_exits_4_after_the_wait(event_file, monkeypatch):
    import db.connection
    import db.transaction

    connect(event_file).conn.close()  # in WAL mode, as any station leaves it on the day
    stuck = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(event_file)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert stuck.stdout.readline() == "holding\n"
        # the wait is a minute on the day; a test waits a second
        monkeypatch.setattr(db.transaction, "BEGIN_RETRY_SECONDS", 1.0)
        monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 200)
        before = journal.last_id(connect(event_file, readonly=True))
        result = run_floor("cancel", "3", "--db", event_file, *AT_0905)
        assert result.exit_code == 4
        assert one_sentence(result.stderr).startswith(
            "another floor process has held the event file")
        assert "locked" not in result.stderr
    finally:
        stuck.kill()
        stuck.wait()
    assert journal.last_id(connect(event_file, readonly=True)) == before


def test_now_25_00_is_a_usage_error_that_names_the_value(event_file):
    for command in (["show"], ["cancel", "3"], ["run"], ["door"]):
        result = floor_process(*command, "--db", event_file, "--now", "25:00")
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip().endswith("Invalid value for --now: '25:00' is not a "
                                              "time HH:MM (00:00 to 23:59) or an ISO "
                                              "date-time")


def test_an_argument_of_bytes_that_are_not_utf8_is_refused_and_recorded_nowhere(event_file):
    # (a scan of such bytes is the door's unreadable badge, with its scan row: test_door.py)
    db = connect(event_file, readonly=True)
    before = journal.last_id(db), len(list(db.query("SELECT id FROM scan")))
    for command in (["absent", os.fsdecode(b"A\xff1"), *AT_0905],):
        result = floor_process(*command, "--db", event_file)
        assert result.returncode == 1
        assert one_sentence(result.stderr) == (
            "refused: what was typed or scanned holds bytes that are not UTF-8 text (a "
            "scanner or keyboard layout problem?): nothing was recorded; type it again")
    assert (journal.last_id(db), len(list(db.query("SELECT id FROM scan")))) == before


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
