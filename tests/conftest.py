"""Shared fixtures: a small event folder and the event file made from it, the demo, badge
tokens. The texts and helpers they use are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import AT_0905, write_folder

from db import eventlog, read_people
from db.connection import connect
from floor.domain.clock import FixedClock
from floor.eventfolder import import_event
from floor.ops.badges import issue_tokens
from floor.ops.demo import build_demo
from floor.views import badge


@pytest.fixture(autouse=True)
def _event_logs_detached():
    # The CLI sends the process-wide "floor" logger to the log beside each event file it
    # opens; detached after each test, one test's lines never land in another's log.
    yield
    eventlog.detach_all()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(AT_0905)


@pytest.fixture
def event_folder(tmp_path) -> Path:
    return write_folder(tmp_path / "event")


@pytest.fixture
def event_file(tmp_path, event_folder, clock) -> Path:
    dest = tmp_path / "event.db"
    import_event(event_folder, dest, clock=clock)
    return dest


@pytest.fixture
def db(event_file):
    database = connect(event_file)
    yield database
    database.conn.close()


@pytest.fixture
def issued(db, clock) -> dict[str, str]:
    """Every participant's badge token, by id."""
    issue_tokens(db, clock=clock)
    return {p["id"]: badge.valid_token_for(db, p["id"]) for p in read_people.participants(db)}


@pytest.fixture
def demo_file(tmp_path) -> Path:
    """The built-in demo event (Matera, 10:16, round 3 running, GR05 not come)."""
    return build_demo(tmp_path / "demo.db")
