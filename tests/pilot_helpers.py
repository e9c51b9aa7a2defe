"""Helpers shared by the screen tests (Pilot): wait for what a person would see, read a
widget's text as drawn, and change the file from another process, the way the door or a
second laptop does. Public Textual API only."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]


def plain(widget) -> str:
    """A Static's content as a terminal draws it (Rich tables, groups and Text alike)."""
    console = Console(width=200, record=True, file=open("/dev/null", "w"))
    console.print(widget.content)
    return console.export_text()


def drawn_lines(widget) -> list[str]:
    """The visible lines of a line-API widget (the grid), as text."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def notifications(app) -> list[str]:
    """The notifications on screen now (title and message of each toast)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def until(pilot, condition, what: str = "the screen", timeout: float = 15.0) -> None:
    """Let the app run until `condition()` holds; fail saying `what` did not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)
    await pilot.pause()


CHECK_IN = """
import sys
from datetime import datetime
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
db = connect(sys.argv[1])
ops.check_in(db, sys.argv[2], clock=FixedClock(datetime.fromisoformat(sys.argv[3])),
             station=sys.argv[4])
db.conn.close()
"""


def check_in_from_another_process(path: Path, participant_id: str, now: datetime,
                                  station: str = "door 1") -> None:
    """Check someone in through floor.ops in a separate Python process."""
    subprocess.run([sys.executable, "-c", CHECK_IN, str(path), participant_id,
                    now.isoformat(), station], check=True, cwd=ROOT)


def open_connections(path: Path) -> int:
    """How many connections to the event file at `path` this process holds open (each
    SQLite connection keeps one descriptor of the file itself). Linux: /proc/self/fd."""
    target = str(path.resolve())
    count = 0
    for fd in Path("/proc/self/fd").iterdir():
        try:
            count += str(fd.readlink()) == target
        except OSError:  # closed while we looked
            pass
    return count
