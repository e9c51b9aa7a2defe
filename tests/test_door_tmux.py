"""A scanner burst through a real terminal: the door app runs in tmux, 200 scans are typed
into it with `send-keys` in one go (CR, Tab and CR LF endings), and every one is logged
whole and in order."""

import shutil
import subprocess
import sys
import time
import uuid

import pytest
from helpers import big_event

from db import read_event, scans
from db.connection import connect
from floor.domain.vocabulary import CHECKED_IN

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

LAUNCH = """
import sys
from datetime import datetime
from floor.domain.clock import FixedClock
from floor.tui.door.app import make_door_app
make_door_app(sys.argv[1], "door tmux", FixedClock(datetime(2026, 11, 26, 9, 0))).run()
"""


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=check)


def test_burst_of_200_scans_through_tmux(tmp_path):
    path = tmp_path / "tmux.db"
    badge_tokens = big_event(path, 200)
    session = f"floor-door-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -c '{LAUNCH}' {path}"
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "48", command)
    try:
        deadline = time.monotonic() + 20
        while "F2 walk-in" not in tmux("capture-pane", "-p", "-t", session).stdout:
            assert time.monotonic() < deadline, "the door app did not start"
            time.sleep(0.1)
        endings = ["\r", "\t", "\r\n"]
        burst = "".join(t + endings[i % 3] for i, t in enumerate(badge_tokens))
        started = time.monotonic()
        tmux("send-keys", "-t", session, "-l", burst)  # the whole burst, no pause
        db = connect(path)
        try:
            deadline = time.monotonic() + 30
            while len(scans.scans(db)) < 200 and time.monotonic() < deadline:
                time.sleep(0.1)
            elapsed = time.monotonic() - started
            logged = scans.scans(db)
            assert [s["raw"] for s in logged] == badge_tokens
            assert {s["verdict"] for s in logged} == {CHECKED_IN}
            assert read_event.counts(db)["checked_in"] == 200
        finally:
            db.conn.close()
        deadline = time.monotonic() + 10  # the last answers may still be on their way
        while "checked in 200/200" not in tmux("capture-pane", "-p", "-t", session).stdout:
            assert time.monotonic() < deadline, "the screen never showed 200/200"
            time.sleep(0.1)
        print(f"\n200 scans through tmux logged in {elapsed:.2f} s")
    finally:
        tmux("kill-session", "-t", session, check=False)
