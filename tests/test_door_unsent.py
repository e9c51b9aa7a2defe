"""The door never lies (issue 11): a scan the event file could not take turns the panel
red and waits, in order and with the moment it was read, until the file takes writes
again; a write waiting on the lock says so; quitting with scans unsent asks, and what is
unsent is sent by the next start. Real failures: a full disk (a small tmpfs), a write
lock held by another connection."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from helpers import write_folder
from pilot_helpers import plain, until

from db import read_people, scans
from db.connection import connect
from floor.domain.clock import FixedClock
from floor.domain.errors import EventFileReplaced
from floor.domain.vocabulary import ALREADY, CHECKED_IN
from floor.eventfolder import import_event
from floor.ops.badges import issue_tokens
from floor.tui.door.app import DoorScreen, make_door_app
from floor.tui.door.leaving import QuitWithUnsentScreen
from floor.tui.door.unsent import sidecar_path
from floor.views import badge

SIZE = (100, 30)
START = datetime(2026, 11, 26, 9, 5)


def shown(app, widget_id: str) -> str:
    """What the door screen shows, even under a modal (it stays drawn behind it)."""
    [door] = [screen for screen in app.screen_stack if isinstance(screen, DoorScreen)]
    return plain(door.query_one(f"#{widget_id}"))


def make_event(path: Path) -> dict[str, str]:
    import_event(write_folder(path.parent / "event-folder"), path, clock=FixedClock(START))
    db = connect(path)
    try:
        issue_tokens(db, clock=FixedClock(START))
        return {p["id"]: badge.valid_token_for(db, p["id"])
                for p in read_people.participants(db)}
    finally:
        db.conn.close()


def scan_rows(path: Path) -> list[tuple]:
    """(participant, verdict, when) of every scan, and each check-in's time beside it."""
    db = connect(path)
    try:
        people = {p["id"]: p for p in read_people.participants(db)}
        return [(s["participant_id"], s["verdict"], s["at"],
                 people[s["participant_id"]]["checked_in_at"]) for s in scans.scans(db)]
    finally:
        db.conn.close()


async def scan(pilot, token: str) -> None:
    await pilot.press(*token, "enter")


class SmallDisk:
    """A 4 MB tmpfs that can be filled to the last byte and freed again."""

    def __init__(self, where: Path):
        self.where = where
        self.filler = where / "filler"

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for size in (1 << 16, 512, 1):  # to the last byte
                try:
                    while True:
                        os.write(fd, b"x" * size)
                except OSError:
                    pass
        finally:
            os.close(fd)

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "small-disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"a full disk needs a small tmpfs, and mounting one needs root "
                    f"({mounted.stderr.strip()})")
    yield SmallDisk(where)
    subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture
def lock_gives_up_soon(monkeypatch):
    """A lock held "too long" in a second rather than a minute: the door's wait for the
    write lock, shortened (the busy timeout and BEGIN IMMEDIATE's retries)."""
    monkeypatch.setattr("db.connection.BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr("db.transaction.BEGIN_RETRY_SECONDS", 1.0)


class HeldLock:
    """Another process's write transaction, as the manager's long action holds it."""

    def __init__(self, path: Path):
        self.db = connect(path)

    def take(self) -> None:
        self.db.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.db.conn.execute("ROLLBACK")

    def close(self) -> None:
        if self.db.conn.in_transaction:
            self.release()
        self.db.conn.close()


@pytest.fixture
def held_lock(tmp_path):
    path = tmp_path / "event.db"
    issued = make_event(path)
    lock = HeldLock(path)
    yield path, issued, lock
    lock.close()


def test_a_full_disk_turns_the_panel_red_and_the_scans_are_sent_later_in_order(small_disk):
    path = small_disk.where / "event.db"
    issued = make_event(path)
    clock = FixedClock(START)

    async def scenario():
        app = make_door_app(path, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/6" in shown(app, "top"), "the door")
            await scan(pilot, issued["A2"])
            await until(pilot, lambda: "Welcome, Élodie Lefèvre" in shown(app, "answer"))
            small_disk.fill()
            clock.set(datetime(2026, 11, 26, 9, 6, 10))
            await scan(pilot, issued["A3"])
            await until(pilot, lambda: "NOT RECORDED" in shown(app, "answer"), "red")
            panel = shown(app, "answer")
            assert "Welcome" not in panel and "Élodie" not in panel  # not the last answer
            assert "The disk is full" in panel
            assert "Scan again or check in by name at the desk" in panel
            assert app.screen.query_one("#answer").has_class("-red")
            # the sidecar is on the same full disk: the screen says it is not saved
            assert "1 scan not recorded yet, NOT saved on disk" in shown(app, "status")
            clock.set(datetime(2026, 11, 26, 9, 7, 20))
            await scan(pilot, issued["A4"])
            await until(pilot, lambda: "2 scans not recorded yet" in shown(app, "status"),
                        "the count of unsent scans")
            assert "(2 waiting)" in shown(app, "answer")
            assert "not recorded" in shown(app, "log").splitlines()[0]
            clock.set(datetime(2026, 11, 26, 9, 8))
            small_disk.free()
            await until(pilot, lambda: shown(app, "status").strip() == "",
                        "the unsent scans sent", timeout=20)
            assert "recorded late: scanned at 09:07:20" in shown(app, "answer")
            assert "Welcome, Rocco Santarsiero" in shown(app, "answer")
            assert "checked in 3/6" in shown(app, "top")
            assert "sent late" in shown(app, "log")

    asyncio.run(scenario())
    assert scan_rows(path) == [  # in the order read, each at the moment it was read
        ("A2", CHECKED_IN, "2026-11-26T09:05:00", "2026-11-26T09:05:00"),
        ("A3", CHECKED_IN, "2026-11-26T09:06:10", "2026-11-26T09:06:10"),
        ("A4", CHECKED_IN, "2026-11-26T09:07:20", "2026-11-26T09:07:20")]
    assert not sidecar_path(path, "door 1").exists()


def test_a_write_waiting_on_the_lock_says_so_then_answers(held_lock):
    path, issued, lock = held_lock
    clock = FixedClock(START)

    async def scenario():
        app = make_door_app(path, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/6" in shown(app, "top"), "the door")
            await scan(pilot, issued["A2"])
            await until(pilot, lambda: "Welcome, Élodie" in shown(app, "answer"))
            lock.take()
            await scan(pilot, issued["A3"])
            await until(pilot, lambda: "Recording…" in shown(app, "answer"),
                        "the door saying that it waits")
            assert "Élodie" not in shown(app, "answer")
            assert "recording… the event file is busy" in shown(app, "status")
            lock.release()
            await until(pilot, lambda: "Welcome, Ġużeppi Ċaħħ" in shown(app, "answer"),
                        "the answer once the lock is free")
            await until(pilot, lambda: shown(app, "status").strip() == "", "no warning")

    asyncio.run(scenario())
    assert [(pid, verdict) for pid, verdict, *_ in scan_rows(path)] == [
        ("A2", CHECKED_IN), ("A3", CHECKED_IN)]


def test_a_lock_held_too_long_queues_and_quitting_asks(held_lock, lock_gives_up_soon):
    path, issued, lock = held_lock
    clock = FixedClock(START)

    async def scenario():
        app = make_door_app(path, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/6" in shown(app, "top"), "the door")
            lock.take()
            await scan(pilot, issued["A2"])
            await until(pilot, lambda: "NOT RECORDED" in shown(app, "answer"), "red")
            assert "another floor process" in shown(app, "answer")
            assert "1 scan not recorded yet, kept in event.db.unsent-door-1.jsonl" in (
                shown(app, "status"))
            clock.advance(seconds=30)
            await scan(pilot, issued["A3"])
            await until(pilot, lambda: "2 scans not recorded yet" in shown(app, "status"))
            await pilot.press("ctrl+q")
            await until(pilot, lambda: isinstance(app.screen, QuitWithUnsentScreen),
                        "the question")
            question = " ".join(plain(s) for s in app.screen.query("Static"))
            assert "2 scans are not recorded yet" in question
            assert "kept in event.db.unsent-door-1.jsonl" in question
            await scan(pilot, issued["A4"])  # a scanner typing meanwhile: read, not an answer
            assert isinstance(app.screen, QuitWithUnsentScreen)
            await until(pilot, lambda: "3 scans not recorded yet" in shown(app, "status"))
            await pilot.press("escape")  # stay
            await until(pilot, lambda: isinstance(app.screen, DoorScreen), "the door again")
            lock.release()
            await until(pilot, lambda: shown(app, "status").strip() == "",
                        "the unsent scans sent", timeout=20)
            await pilot.press("ctrl+q")  # nothing unsent: quits without asking
            await until(pilot, lambda: not app.is_running, "the door to close")

    asyncio.run(scenario())
    assert scan_rows(path) == [
        ("A2", CHECKED_IN, "2026-11-26T09:05:00", "2026-11-26T09:05:00"),
        ("A3", CHECKED_IN, "2026-11-26T09:05:30", "2026-11-26T09:05:30"),
        ("A4", CHECKED_IN, "2026-11-26T09:05:30", "2026-11-26T09:05:30")]


def test_quitting_with_unsent_scans_keeps_them_for_the_next_start(held_lock,
                                                                  lock_gives_up_soon):
    path, issued, lock = held_lock
    clock = FixedClock(START)
    kept = sidecar_path(path, "door 1")

    async def first_run():
        app = make_door_app(path, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/6" in shown(app, "top"), "the door")
            lock.take()
            await scan(pilot, issued["A2"])
            await until(pilot, lambda: "NOT RECORDED" in shown(app, "answer"), "red")
            clock.advance(seconds=5)
            await scan(pilot, issued["A2"])  # scanned again, as the panel asks
            await until(pilot, lambda: "2 scans not recorded" in shown(app, "status"))
            await pilot.press("ctrl+q")
            await until(pilot, lambda: isinstance(app.screen, QuitWithUnsentScreen))
            await pilot.press("ctrl+q")  # again: quit
            await until(pilot, lambda: not app.is_running, "the door to close")

    asyncio.run(first_run())
    assert scan_rows(path) == []  # nothing reached the file
    assert len(kept.read_text().splitlines()) == 2
    lock.release()

    async def next_start():
        app = make_door_app(path, "door 1", FixedClock(datetime(2026, 11, 26, 9, 20)))
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 1/6" in shown(app, "top"),
                        "the kept scans sent", timeout=20)
            assert "left unsent by the last run" in shown(app, "log")
            assert "recorded late: scanned at 09:05:05" in shown(app, "answer")

    asyncio.run(next_start())
    assert scan_rows(path) == [
        ("A2", CHECKED_IN, "2026-11-26T09:05:00", "2026-11-26T09:05:00"),
        ("A2", ALREADY, "2026-11-26T09:05:05", "2026-11-26T09:05:00")]
    assert not kept.exists()


def test_a_replaced_event_file_is_refused_red_and_never_queued(held_lock, monkeypatch):
    """Writes into a replaced file raise EventFileReplaced (the file-identity check of
    db/ does that); here every BEGIN IMMEDIATE raises it, as that check would."""
    path, issued, _ = held_lock
    clock = FixedClock(START)

    def replaced(conn):
        raise EventFileReplaced()

    async def scenario():
        app = make_door_app(path, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/6" in shown(app, "top"), "the door")
            await scan(pilot, issued["A2"])
            await until(pilot, lambda: "Welcome, Élodie" in shown(app, "answer"))
            monkeypatch.setattr("db.transaction.begin_immediate", replaced)
            await scan(pilot, issued["A3"])
            await until(pilot, lambda: "NOT RECORDED" in shown(app, "answer"), "red")
            panel = shown(app, "answer")
            assert "the event file was replaced: restart this station" in panel
            assert "Check in by name at the desk" in panel and "Kept" not in panel
            await pilot.pause(0.3)
            assert shown(app, "status").strip() == ""  # nothing waits to be sent
            assert not sidecar_path(path, "door 1").exists()

    asyncio.run(scenario())
    assert [pid for pid, *_ in scan_rows(path)] == ["A2"]


# -- through a real terminal ------------------------------------------------------------

LAUNCH = """
import sys
from datetime import datetime
from floor.domain.clock import FixedClock
from floor.tui.door.app import make_door_app
make_door_app(sys.argv[1], "door tmux", FixedClock(datetime(2026, 11, 26, 9, 5))).run()
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True,
                          check=False).stdout


def pane_shows(session: str, words: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while words not in (pane := tmux("capture-pane", "-p", "-t", session)):
        assert time.monotonic() < deadline, f"the pane never showed {words!r}:\n{pane}"
        time.sleep(0.1)
    return pane


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_full_disk_at_80x24_in_tmux(small_disk):
    path = small_disk.where / "event.db"
    issued = make_event(path)
    session = f"floor-unsent-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
         f"{sys.executable} -c '{LAUNCH}' {path}")
    try:
        pane_shows(session, "F2 walk-in")
        tmux("send-keys", "-t", session, "-l", issued["A2"] + "\r")
        pane_shows(session, "Welcome, Élodie Lefèvre")
        small_disk.fill()
        tmux("send-keys", "-t", session, "-l", issued["A3"] + "\r")
        pane = pane_shows(session, "NOT RECORDED")
        assert "Welcome" not in pane and "The disk is full" in pane
        pane_shows(session, "1 scan not recorded yet, NOT saved on disk")
        tmux("send-keys", "-t", session, "C-q")
        pane = pane_shows(session, "1 scan is not recorded yet.")
        assert "will be LOST" in pane
        tmux("send-keys", "-t", session, "Escape")
        small_disk.free()
        pane = pane_shows(session, "sent late")
        assert "NOT RECORDED" not in pane and "recorded late: scanned at 09:05:00" in pane
        tmux("send-keys", "-t", session, "C-q")  # nothing unsent: it quits
        deadline = time.monotonic() + 10
        while session in tmux("list-sessions", "-F", "#{session_name}"):
            assert time.monotonic() < deadline, "the door did not quit"
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    assert [(pid, verdict) for pid, verdict, *_ in scan_rows(path)] == [
        ("A2", CHECKED_IN), ("A3", CHECKED_IN)]
