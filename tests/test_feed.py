"""The change feed sees what another process committed, and nothing when nobody did."""

import subprocess
import sys

from db.connection import connect
from db.feed import ChangeFeed, touched


def test_a_commit_in_another_process_reaches_the_feed(event_file):
    db = connect(event_file)
    feed = ChangeFeed(db)
    assert feed.poll() == []
    code = ("from datetime import datetime\n"
            "from db.connection import connect\nfrom floor import ops\n"
            "from floor.domain.clock import FixedClock\n"
            f"db = connect({str(event_file)!r})\n"
            "ops.check_in(db, 'A3', clock=FixedClock(datetime(2026, 11, 26, 8, 50)), "
            "station='door 2')\n")
    subprocess.run([sys.executable, "-c", code], check=True)
    entries = feed.poll()
    assert [(e["action"], e["actor"]) for e in entries] == [("checkin", "door 2")]
    assert touched(entries) == {("participant", (("id", "A3"),))}
    assert feed.poll() == []
