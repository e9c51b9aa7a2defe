"""The invariants live in the schema: even plain SQL cannot break them."""

import sqlite3

import pytest

from db import schema
from db.connection import connect


def test_file_uses_wal_foreign_keys_and_busy_timeout(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST


def insert_meeting(db, round_no, table, a, b, status="planned"):
    db.execute("INSERT INTO meeting (round, table_name, a, b, status, origin) "
               "VALUES (?, ?, ?, ?, ?, 'spontaneous')", [round_no, table, a, b, status])


def test_plain_sql_cannot_double_book_a_person(db):
    # A1 meets A2 in round 1 already (imported); A1 again in round 1, as either a or b:
    with pytest.raises(sqlite3.IntegrityError, match="seat"):
        insert_meeting(db, 1, "T2", "A1", "A6")
    with pytest.raises(sqlite3.IntegrityError, match="seat"):
        insert_meeting(db, 1, "T2", "A6", "A1")


def test_plain_sql_cannot_double_book_a_table(db):
    with pytest.raises(sqlite3.IntegrityError, match="meeting.round, meeting.table_name"):
        insert_meeting(db, 1, "T1", "A5", "A6")


def test_cancelled_meetings_free_their_table_and_seats(db):
    db.execute("UPDATE meeting SET status = 'cancelled' WHERE round = 1 AND table_name = 'T1'")
    insert_meeting(db, 1, "T1", "A1", "A6")  # same table, same person: now allowed
    seats = db.execute("SELECT count(*) FROM seat WHERE participant_id = 'A1' AND round = 1 "
                       "AND live = 1").fetchone()[0]
    assert seats == 1


def test_moving_a_meeting_onto_a_busy_person_fails(db):
    db.execute("INSERT INTO meeting (round, table_name, a, b, origin) "
               "VALUES (3, 'T1', 'A1', 'A6', 'spontaneous')")
    with pytest.raises(sqlite3.IntegrityError):
        # A1–A2 from round 1 into round 3, where A1 already meets A6
        db.execute("UPDATE meeting SET round = 3, table_name = 'T2' "
                   "WHERE a = 'A1' AND b = 'A2'")


def test_the_same_pair_cannot_meet_twice(db):
    with pytest.raises(sqlite3.IntegrityError, match="meeting"):
        insert_meeting(db, 3, "T1", "A2", "A1")


def test_references_and_statuses_are_checked(db):
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        insert_meeting(db, 3, "T1", "A1", "NOBODY")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        insert_meeting(db, 3, "T9", "A1", "A6")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        insert_meeting(db, 3, "T1", "A5", "A6", status="maybe")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        insert_meeting(db, 3, "T1", "A5", "A5")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("UPDATE participant SET country = 'Italy' WHERE id = 'A1'")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.execute("UPDATE participant SET home_table = 'T3' WHERE id = 'A1'")


def test_journal_is_append_only(db):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE journal SET summary = 'nothing happened'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM journal")


def test_every_row_a_journal_entry_changed_is_indexed_and_append_only(db, clock):
    from floor import ops

    done = ops.check_in(db, "A1", clock=clock, station="door 1")
    assert db.execute("SELECT entry_id, t, k FROM journal_row WHERE entry_id = ?",
                      [done.entry_id]).fetchall() == [(done.entry_id, "participant",
                                                       '{"id":"A1"}')]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM journal_row")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE journal_row SET t = 'meeting'")
    plan = " ".join(row[-1] for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM journal WHERE actor = 'manager' ORDER BY id DESC"))
    assert "journal_actor" in plan and "TEMP B-TREE" not in plan


def test_a_file_from_a_newer_floor_is_refused(tmp_path):
    path = tmp_path / "new.db"
    db = connect(path, create=True)
    db.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    db.conn.close()
    with pytest.raises(schema.SchemaTooNew, match="update floor"):
        connect(path)


def test_migration_from_empty_is_one_transaction(tmp_path, monkeypatch):
    broken = schema.MIGRATIONS[0] + "\nCREATE TABLE event (oops INTEGER);\n"
    monkeypatch.setattr(schema, "MIGRATIONS", [broken])
    path = tmp_path / "half.db"
    with pytest.raises(sqlite3.OperationalError):
        connect(path, create=True)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 0


def test_a_version_1_file_is_migrated_keeping_its_data(tmp_path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for statement in schema.split_statements(schema.V1):  # a file written by version 1
        raw.execute(statement)
    raw.execute("INSERT INTO venue_table VALUES ('T1', 1)")
    raw.execute("INSERT INTO participant (id, num, name, organisation, country) "
                "VALUES ('A1', 1, 'Ġużeppi Ċaħħ', 'Org', 'MT')")
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    db = connect(path)
    assert schema.schema_version(db) == schema.LATEST
    assert db.execute("SELECT name FROM participant").fetchone()[0] == "Ġużeppi Ċaħħ"
    assert db.execute("SELECT count(*) FROM scan").fetchone()[0] == 0
    assert "outcome" in {c[1] for c in db.execute("PRAGMA table_info(meeting)")}


def test_a_version_3_file_keeps_its_scan_log_and_learns_the_damaged_verdict(tmp_path):
    path = tmp_path / "v3.db"
    raw = sqlite3.connect(path)
    for script in schema.MIGRATIONS[:3]:  # a file written by version 3
        for statement in schema.split_statements(script):
            raw.execute(statement)
    raw.execute("INSERT INTO participant (id, num, name, organisation, country) "
                "VALUES ('A1', 1, 'Ann', 'Org', 'MT')")
    raw.execute("INSERT INTO scan (at, station, raw, participant_id, verdict, message) "
                "VALUES ('2026-11-26T09:00:00', 'door 1', 'TOKEN', 'A1', 'forged', 'no')")
    raw.execute("PRAGMA user_version = 3")
    raw.commit()
    raw.close()
    db = connect(path)
    assert schema.schema_version(db) == schema.LATEST
    assert [tuple(r) for r in db.execute("SELECT station, participant_id, verdict FROM scan")
            ] == [("door 1", "A1", "forged")]
    db.execute("INSERT INTO scan (at, station, raw, verdict, message) "
               "VALUES ('2026-11-26T09:01:00', 'door 1', 'x', 'damaged', '')")
    assert db.execute("SELECT count(*) FROM scan WHERE participant_id = 'A1'").fetchone()[0]


# The text of every released migration, as released: a file made by any floor since must
# be built the same way. A new word in the vocabulary that a CHECK lists changes one of
# these, and then belongs in a new migration instead.
RELEASED = {
    1: "f81b89314f56c0ee40ea6b10b73f310764a02996834875b9db43affcc9b709be",
    2: "3152668e7fab5254465c9c994d87174a2c31cad74d8d861bdf85b7bf62701c6b",
    3: "f28ee47f205ef5db8eaac2c5887a242b194f1b19500a08105f797f7fc981e5c5",
    4: "4b6d16ebeac60e412ae5a4a69fd0ad793ef04a508cec7564e36489a7ceb496db",
    5: "a815f104ab68539b2d84cbc6a3b28e35a95165dd38bba43d3b93aeb1640555e1",
}


def test_released_migrations_are_never_edited():
    import hashlib

    for version, digest in RELEASED.items():
        text = schema.MIGRATIONS[version - 1]
        assert hashlib.sha256(text.encode()).hexdigest() == digest, f"migration {version}"


def test_the_scan_log_checks_exactly_the_vocabularys_verdicts(db):
    from floor.domain.vocabulary import SCAN_VERDICTS

    for verdict in SCAN_VERDICTS:
        db.execute("INSERT INTO scan (at, station, raw, verdict, message) "
                   "VALUES ('2026-11-26T09:00:00', 'door', 'x', ?, '')", [verdict])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO scan (at, station, raw, verdict, message) "
                   "VALUES ('2026-11-26T09:00:00', 'door', 'x', 'welcome', '')")
