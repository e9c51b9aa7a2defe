"""`floor restore --from BACKUP --db event.db`, as the person looking after the laptop
meets it: the backup checked, refused while stations are open, the replaced file kept,
a stale -wal never replayed into the backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import PARTICIPANTS, floor_process
from station_helpers import DoorProcess, event_with_badges, facts

from db import schema
from db.backup import backup_folder


@pytest.fixture
def door_event(tmp_path) -> tuple[Path, list[str]]:
    return event_with_badges(tmp_path)


def backup_of(path: Path) -> Path:
    result = floor_process("backup", "--db", path)
    assert result.returncode == 0, result.stderr
    [made] = backup_folder(path).glob("event-*.db")
    return made


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_restore_puts_the_backup_back_and_keeps_the_file_it_replaces(door_event):
    path, tokens = door_event
    door = DoorProcess(path)
    assert door.scan(tokens[0]) == "answer checked-in"
    door.quit()
    backup = backup_of(path)
    door = DoorProcess(path)
    assert door.scan(tokens[1]) == "answer checked-in"  # after the backup
    door.quit()

    result = floor_process("restore", "--from", backup, "--db", path)
    assert result.returncode == 0, result.stderr
    [kept] = backup_folder(path).glob("event-*-before-restore.db")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"restored {path} from {backup}: 6 participants, 1 checked in, "
                               "journal up to #")
    assert lines[1] == f"the file it replaced is kept as {kept} (checked, its -wal folded in)"
    assert facts(path)["checked_in"] == 1 and facts(kept)["checked_in"] == 2
    assert floor_process("check", "--db", path).returncode == 0


def test_a_stale_wal_beside_the_file_is_never_replayed_into_the_backup(door_event, tmp_path):
    path, tokens = door_event
    backup = backup_of(path)
    door = DoorProcess(path, keep_wal=True)
    assert [door.scan(t) for t in tokens[:4]] == ["answer checked-in"] * 4
    door.kill()  # the laptop lost power: four check-ins only in event.db-wal
    wal = Path(str(path) + "-wal")
    assert wal.stat().st_size > 0

    # What copying the backup over by hand would do: SQLite replays the old -wal into it.
    by_hand = tmp_path / "by-hand"
    by_hand.mkdir()
    shutil.copy(backup, by_hand / "event.db")
    shutil.copy(wal, by_hand / "event.db-wal")
    assert facts(by_hand / "event.db")["checked_in"] != 0

    result = floor_process("restore", "--from", backup, "--db", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "removed the old event.db-wal, event.db-shm: what they held is in the kept copy, and "
        "they can never be replayed into the restored file")
    assert not wal.exists()
    [kept] = backup_folder(path).glob("event-*-before-restore.db")
    assert facts(kept)["checked_in"] == 4  # the killed door's check-ins are kept
    assert facts(path)["checked_in"] == 0  # the backup, as it was
    assert floor_process("check", "--db", path).returncode == 0


def test_restore_is_refused_while_a_door_has_the_file_open(door_event):
    path, tokens = door_event
    backup = backup_of(path)
    door = DoorProcess(path)
    assert door.scan(tokens[0]) == "answer checked-in"
    result = floor_process("restore", "--from", backup, "--db", path)
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"refused: 1 floor process has event.db open: python (pid {door.proc.pid}); quit it "
        "first (it would go on writing into the old file), then restore again")
    assert not list(backup_folder(path).glob("*-before-restore.db"))
    assert door.scan(tokens[1]) == "answer checked-in"  # still on its file
    door.quit()
    assert facts(path)["checked_in"] == 2


def made_by_a_newer_floor(file: Path) -> Path:
    raw = sqlite3.connect(file)
    raw.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    raw.close()
    return file


def another_programs_database(file: Path) -> Path:
    raw = sqlite3.connect(file)
    raw.execute("CREATE TABLE note (text TEXT)")
    raw.commit()
    raw.close()
    return file


def damaged(file: Path) -> Path:
    data = bytearray(file.read_bytes())
    page = 4096
    for at in range(2 * page, len(data) - page, page):  # every page but the first
        data[at + 16:at + 600] = b"\xa5" * 584
    file.write_bytes(bytes(data))
    return file


@pytest.mark.parametrize("backup, said", [
    (lambda p: p.with_name("nope.db"), "no backup at {backup}: give the path of a backup "
                                       "file (they are in {folder})"),
    (lambda p: (p.with_name("notes.csv"), p.with_name("notes.csv").write_text(PARTICIPANTS))[0],
     "{backup} is not a backup of an event file (or it is damaged): choose another backup "
     "(they are in {folder})"),
    (lambda p: another_programs_database(p.with_name("notes.db")),
     "{backup} is not a backup of an event file (or it is damaged): choose another backup "
     "(they are in {folder})"),
    (lambda p: made_by_a_newer_floor(backup_of(p)),
     f"{{backup}} was made by a newer floor (schema version {schema.LATEST + 1}; this floor "
     f"knows up to {schema.LATEST}): update floor, or choose another backup (they are in "
     "{folder})"),
], ids=["missing", "text", "foreign", "newer"])
def test_a_backup_that_cannot_be_used_exits_4_and_changes_nothing(door_event, backup, said):
    path, _ = door_event
    before, inode = facts(path), path.stat().st_ino
    source = backup(path)
    result = floor_process("restore", "--from", source, "--db", path)
    assert result.returncode == 4
    assert one_line(result.stderr) == said.format(backup=source, folder=backup_folder(path))
    assert path.stat().st_ino == inode and facts(path) == before
    assert not list(backup_folder(path).glob("*-before-restore.db"))


def test_a_damaged_backup_exits_4(door_event):
    path, _ = door_event
    source = damaged(backup_of(path))
    result = floor_process("restore", "--from", source, "--db", path)
    assert result.returncode == 4
    assert one_line(result.stderr).endswith(
        f"choose another backup (they are in {backup_folder(path)})")


def test_restore_into_an_empty_place(door_event, tmp_path):
    path, _ = door_event
    backup = backup_of(path)
    fresh = tmp_path / "elsewhere" / "event.db"
    fresh.parent.mkdir()
    result = floor_process("restore", "--from", backup, "--db", fresh)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1  # nothing replaced, nothing kept
    assert facts(fresh) == facts(path)
