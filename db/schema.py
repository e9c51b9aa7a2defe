"""The schema and its migrations (PRAGMA user_version), applied in one transaction.

Invariants live here, not only in Python: a person holds at most one live seat per round
and a table at most one live meeting per round (partial UNIQUE indexes over live rows),
references are foreign keys, statuses are CHECKed, the journal is append-only.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from db.sql import LIVE as _LIVE
from db.sql import one_of
from floor.domain.errors import NotAnEventFile, SchemaTooNew
from floor.domain.vocabulary import (
    MEETING_ORIGINS,
    MEETING_STATUSES,
    OUTCOMES,
    PLANNED,
    SCAN_VERDICTS,
)

# A released migration never changes: tests/test_schema.py pins the text of each. The
# CHECK lists are built from the vocabulary (V2's was written out when it was released;
# a test checks it holds the vocabulary's verdicts), so a new word there fails the pin and
# asks for a new migration.

V1 = f"""
CREATE TABLE event (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    short_id TEXT NOT NULL CHECK (length(short_id) BETWEEN 2 AND 8
                                  AND short_id NOT GLOB '*[^A-Z0-9]*'),
    name TEXT NOT NULL,
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    venue TEXT NOT NULL DEFAULT '',
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes > 0),
    grace_minutes INTEGER NOT NULL DEFAULT 5 CHECK (grace_minutes >= 0),
    secret TEXT NOT NULL CHECK (length(secret) >= 32),
    created_at TEXT NOT NULL
);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE round (
    no INTEGER PRIMARY KEY CHECK (no >= 1),
    starts TEXT NOT NULL CHECK (starts GLOB '[0-2][0-9]:[0-5][0-9]'),
    ends TEXT NOT NULL CHECK (ends GLOB '[0-2][0-9]:[0-5][0-9]'),
    CHECK (starts < ends)
);

CREATE TABLE event_break (
    starts TEXT NOT NULL CHECK (starts GLOB '[0-2][0-9]:[0-5][0-9]'),
    ends TEXT NOT NULL CHECK (ends GLOB '[0-2][0-9]:[0-5][0-9]'),
    PRIMARY KEY (starts, ends),
    CHECK (starts < ends)
);

CREATE TABLE venue_table (
    name TEXT PRIMARY KEY CHECK (name <> ''),
    position INTEGER NOT NULL UNIQUE
);

CREATE TABLE participant (
    id TEXT PRIMARY KEY CHECK (id <> '' AND id = trim(id)),
    num INTEGER NOT NULL UNIQUE CHECK (num >= 1),  -- stable number for check-in tokens
    name TEXT NOT NULL CHECK (name <> ''),
    organisation TEXT NOT NULL,
    country TEXT NOT NULL CHECK (length(country) = 2 AND country NOT GLOB '*[^A-Z]*'),
    sector TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    arrive TEXT CHECK (arrive GLOB '[0-2][0-9]:[0-5][0-9]'),
    leave TEXT CHECK (leave GLOB '[0-2][0-9]:[0-5][0-9]'),
    home_table TEXT UNIQUE REFERENCES venue_table(name),
    walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
    checked_in_at TEXT,
    checked_in_station TEXT,
    absent_at TEXT,  -- marked absent for the day
    CHECK (arrive IS NULL OR leave IS NULL OR arrive < leave),
    CHECK ((checked_in_at IS NULL) = (checked_in_station IS NULL))
);

CREATE TABLE request (
    id INTEGER PRIMARY KEY,
    a TEXT NOT NULL REFERENCES participant(id),
    b TEXT NOT NULL REFERENCES participant(id),
    priority INTEGER NOT NULL DEFAULT 1 CHECK (priority >= 1),
    CHECK (a <> b)
);
CREATE UNIQUE INDEX request_pair ON request (min(a, b), max(a, b));

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    round INTEGER NOT NULL REFERENCES round(no),
    table_name TEXT NOT NULL REFERENCES venue_table(name),
    a TEXT NOT NULL REFERENCES participant(id),
    b TEXT NOT NULL REFERENCES participant(id),
    request_id INTEGER REFERENCES request(id),
    status TEXT NOT NULL DEFAULT '{PLANNED}'
        CHECK (status IN ({one_of(MEETING_STATUSES)})),
    origin TEXT NOT NULL
        CHECK (origin IN ({one_of(MEETING_ORIGINS)})),
    noshow_of TEXT REFERENCES participant(id),  -- who did not come (NULL: both, or n/a)
    CHECK (a <> b),
    CHECK (noshow_of IS NULL OR noshow_of IN (a, b))
);
CREATE UNIQUE INDEX meeting_table_round ON meeting (round, table_name) WHERE {_LIVE};
CREATE UNIQUE INDEX meeting_pair ON meeting (min(a, b), max(a, b)) WHERE {_LIVE};
CREATE UNIQUE INDEX meeting_request ON meeting (request_id)
    WHERE {_LIVE} AND request_id IS NOT NULL;
CREATE INDEX meeting_a ON meeting (a);
CREATE INDEX meeting_b ON meeting (b);

-- One row per person per meeting, kept by triggers, so that "one live seat per person
-- per round" is a plain UNIQUE index whichever of a or b the person is.
CREATE TABLE seat (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participant(id),
    round INTEGER NOT NULL,
    live INTEGER NOT NULL CHECK (live IN (0, 1)),
    PRIMARY KEY (meeting_id, participant_id)
);
CREATE UNIQUE INDEX seat_person_round ON seat (participant_id, round) WHERE live = 1;

CREATE TRIGGER meeting_seats_insert AFTER INSERT ON meeting BEGIN
    INSERT INTO seat VALUES (NEW.id, NEW.a, NEW.round, NEW.{_LIVE});
    INSERT INTO seat VALUES (NEW.id, NEW.b, NEW.round, NEW.{_LIVE});
END;
CREATE TRIGGER meeting_seats_update AFTER UPDATE OF round, a, b, status ON meeting BEGIN
    DELETE FROM seat WHERE meeting_id = OLD.id;
    INSERT INTO seat VALUES (NEW.id, NEW.a, NEW.round, NEW.{_LIVE});
    INSERT INTO seat VALUES (NEW.id, NEW.b, NEW.round, NEW.{_LIVE});
END;

-- Every state change: who, when, what (row images before/after), and what it undoes.
CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
    undoes INTEGER REFERENCES journal(id)
);
CREATE INDEX journal_undoes ON journal (undoes) WHERE undoes IS NOT NULL;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;

-- Commands refused by ops: the only row a refused command writes.
CREATE TABLE rejection (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    args TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(args)),
    reason TEXT NOT NULL
);
"""

# Check-in tokens and the door's scan log.
V2 = """
-- One row per badge token issued; reprinting a badge revokes the old token.
CREATE TABLE token (
    participant_id TEXT NOT NULL REFERENCES participant(id),
    serial INTEGER NOT NULL CHECK (serial >= 1),
    issued_at TEXT NOT NULL,
    revoked_at TEXT,
    PRIMARY KEY (participant_id, serial)
);
CREATE UNIQUE INDEX token_one_valid ON token (participant_id) WHERE revoked_at IS NULL;

-- Every scan at a door, accepted or not: raw input, station, time, verdict.
CREATE TABLE scan (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    station TEXT NOT NULL,
    raw TEXT NOT NULL,
    token TEXT,  -- the token as mended (layout, case, prefixes), if it could be read
    participant_id TEXT REFERENCES participant(id),
    verdict TEXT NOT NULL CHECK (verdict IN ('checked-in', 'already', 'double-read',
        'unknown', 'forged', 'foreign', 'revoked', 'unreadable')),
    message TEXT NOT NULL,
    journal_id INTEGER REFERENCES journal(id)
);
CREATE INDEX scan_participant ON scan (participant_id);
"""

# Outcomes of meetings, in the words b2match uses.
V3 = f"""
ALTER TABLE meeting ADD COLUMN outcome TEXT
    CHECK (outcome IS NULL OR outcome IN ({one_of(OUTCOMES)}));
ALTER TABLE meeting ADD COLUMN outcome_note TEXT NOT NULL DEFAULT '';
"""

# Undo without reading the whole journal: an actor's entries newest first, and, for every
# row a journal entry changed, which entries touched it (kept by a trigger, filled in for
# the entries already written), so "what changed this row since" is one indexed lookup.
# `k` is the row's key as minified JSON, its columns in the order db/rows.py:KEYS lists.
V4 = """
CREATE INDEX journal_actor ON journal (actor, id);

CREATE TABLE journal_row (
    entry_id INTEGER NOT NULL REFERENCES journal(id),
    t TEXT NOT NULL,
    k TEXT NOT NULL,
    PRIMARY KEY (t, k, entry_id)
) WITHOUT ROWID;

CREATE TRIGGER journal_rows_insert AFTER INSERT ON journal BEGIN
    INSERT OR IGNORE INTO journal_row (entry_id, t, k)
        SELECT NEW.id, json_extract(value, '$.t'), json(json_extract(value, '$.k'))
        FROM json_each(NEW.changes);
END;
CREATE TRIGGER journal_row_no_update BEFORE UPDATE ON journal_row BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_row_no_delete BEFORE DELETE ON journal_row BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;

INSERT OR IGNORE INTO journal_row (entry_id, t, k)
    SELECT journal.id, json_extract(c.value, '$.t'), json(json_extract(c.value, '$.k'))
    FROM journal, json_each(journal.changes) AS c;
"""

# The scan log learns the "damaged" verdict (a badge one character off): SQLite cannot
# change a CHECK in place, so the table is rebuilt with its rows.
V5 = f"""
CREATE TABLE scan_v5 (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    station TEXT NOT NULL,
    raw TEXT NOT NULL,
    token TEXT,  -- the token as mended (layout, case, prefixes), if it could be read
    participant_id TEXT REFERENCES participant(id),
    verdict TEXT NOT NULL CHECK (verdict IN ({one_of(SCAN_VERDICTS)})),
    message TEXT NOT NULL,
    journal_id INTEGER REFERENCES journal(id)
);
INSERT INTO scan_v5 SELECT id, at, station, raw, token, participant_id, verdict, message,
    journal_id FROM scan;
DROP TABLE scan;
ALTER TABLE scan_v5 RENAME TO scan;
CREATE INDEX scan_participant ON scan (participant_id);
"""

# Each entry brings the schema from version i to i+1. Append; never edit a released one.
MIGRATIONS: list[str] = [V1, V2, V3, V4, V5]
LATEST = len(MIGRATIONS)


def split_statements(script: str) -> list[str]:
    """Split a script into whole statements (trigger bodies hold semicolons).
    executescript() would COMMIT first, so migrations run statement by statement."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement in migration: {current.strip()[:80]}")
    return statements


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def check_is_event_file(conn: sqlite3.Connection, *, empty_ok: bool) -> None:
    """Refuse, before anything is written, a file floor must not touch: another program's
    SQLite database (tables, but never migrated by floor), or one made by a newer floor.
    `empty_ok`: an empty file is a new event file (writers), not one to read."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:
        raise SchemaTooNew(f"this event file has schema version {version}; this floor knows "
                           f"up to {LATEST}: update floor")
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                              ).fetchone()[0]
        if tables or not empty_ok:
            raise NotAnEventFile("this is an SQLite file but not an event file (floor never "
                                 "made it): check --db, or make one with `floor import`")


def ensure_schema(db: sqlite_utils.Database) -> int:
    """Create or migrate the schema to LATEST in one IMMEDIATE transaction."""
    from db.transaction import write_transaction

    if schema_version(db) == LATEST:
        return LATEST
    with write_transaction(db):
        version = schema_version(db)  # another process may have migrated meanwhile
        if version > LATEST:
            raise SchemaTooNew(
                f"this event file has schema version {version}; this floor knows up to "
                f"{LATEST}: update floor"
            )
        for script in MIGRATIONS[version:]:
            for statement in split_statements(script):
                db.conn.execute(statement)
        db.conn.execute(f"PRAGMA user_version = {LATEST}")
    return LATEST
