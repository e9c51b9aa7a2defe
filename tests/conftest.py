"""Shared fixtures: small event folders written on the fly, and event files made from them."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from db.connection import connect
from floor.domain.clock import FixedClock
from floor.eventfolder import import_event

EVENT_TOML = """\
name = "Test Mission"
date = "2026-11-26"
venue = "Hall B"

[schedule]
start = "09:00"
slot_minutes = 20
slots = 4
breaks = ["09:40-10:00"]
tables = 3
"""

PARTICIPANTS = """\
id,name,organisation,country,sector,role,email,arrive,leave,table
A1,Γιώργος Παπαδόπουλος,Hymettus Software,GR,ICT,CEO,g@h.gr,,,
A2,Élodie Lefèvre,Atelier Calanque,FR,Design,Founder,e@a.fr,,,
A3,Ġużeppi Ċaħħ,Valletta Pixel Works,MT,Culture & Media,CEO,g@v.mt,,,
A4,Rocco Santarsiero,Murgia Digital,IT,ICT,CEO,r@m.it,,,T3
A5,Late Larry,Late Co,IT,ICT,,,10:00,,
A6,Early Erin,Early Co,FR,Design,,,,10:00,
"""

REQUESTS = """\
a,b,priority,slot,table
A1,A2,2,1,T1
A3,A4,1,1,T3
A1,A3,1,,
A2,A4,3,2,T3
A5,A1,1,,
"""


def write_folder(folder: Path, *, event: str = EVENT_TOML, participants: str = PARTICIPANTS,
                 requests: str = REQUESTS, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("event.toml", event), ("participants.csv", participants),
                       ("requests.csv", requests)):
        if text is not None:
            (folder / name).write_text(textwrap.dedent(text), encoding=encoding)
    return folder


AT_0905 = datetime(2026, 11, 26, 9, 5)


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
