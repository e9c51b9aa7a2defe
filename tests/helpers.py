"""What the tests share: the `floor` command run as a user runs it, event files to run it
on, and printouts read back the way a person (or a door scanner) reads them. Fixtures
built on these live in conftest.py."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pypdf
import zxingcpp
from click.testing import CliRunner, Result

from db import read_people
from db.connection import connect
from floor.cli import cli
from floor.domain.clock import FixedClock
from floor.eventfolder import store_event
from floor.eventfolder.generate import generate_event
from floor.ops.badges import issue_tokens
from floor.views import badge

ROOT = Path(__file__).resolve().parent.parent

# -- a small event folder, written on the fly ------------------------------------------

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

# Round 1 (09:00-09:20): A1-A2 at T1, A3-A4 at T3; round 2: A2-A4 at T3; two open requests.
REQUESTS = """\
a,b,priority,slot,table
A1,A2,2,1,T1
A3,A4,1,1,T3
A1,A3,1,,
A2,A4,3,2,T3
A5,A1,1,,
"""

AT_0905 = datetime(2026, 11, 26, 9, 5)  # the small event: round 1 running
DEMO_NOW = datetime(2026, 11, 26, 10, 16)  # the demo's own moment: round 3 running


def write_folder(folder: Path, *, event: str | None = EVENT_TOML,
                 participants: str | None = PARTICIPANTS, requests: str | None = REQUESTS,
                 encoding: str = "utf-8") -> Path:
    """An event folder; a file given as None is left out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("event.toml", event), ("participants.csv", participants),
                       ("requests.csv", requests)):
        if text is not None:
            (folder / name).write_text(textwrap.dedent(text), encoding=encoding)
    return folder


def big_event(path: Path, participants: int, *, seed: int = 7) -> list[str]:
    """A generated event file with many participants, each with a badge; their tokens."""
    spec = generate_event(participants, participants, 4, max(participants // 2, 2), seed)
    clock = FixedClock(datetime.fromisoformat(spec.date + "T08:30"))
    store_event(spec, path, clock=clock)
    db = connect(path)
    try:
        issue_tokens(db, clock=clock)
        return [badge.valid_token_for(db, p["id"]) for p in read_people.participants(db)]
    finally:
        db.conn.close()


# -- the command --------------------------------------------------------------------------

def run_floor(*args, input: str | None = None) -> Result:
    """`floor ARGS...` through the real group, so its error policy (sentence and exit
    code) applies. `.exit_code`; `.stdout` and `.stderr` apart, `.output` both."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input,
                              catch_exceptions=False)


def floor_process(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m floor ARGS...` in a process of its own: exactly what a terminal shows,
    with no test harness catching logs or exceptions on the way."""
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "floor", *map(str, args)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout)


# -- printouts read back ----------------------------------------------------------------

def _reader(pdf: Path | bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def pdf_pages(pdf: Path | bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in _reader(pdf).pages]


def read_qr(image) -> list[str]:
    """What a scanner reads in an image."""
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def pdf_qr_codes(pdf: Path | bytes) -> list[list[str]]:
    """For each page, what a scanner reads in its images (an image drawn twice on a page
    is stored, and read, once)."""
    return [[text for image in page.images for text in read_qr(image.image)]
            for page in _reader(pdf).pages]
