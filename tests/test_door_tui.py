"""The door screen through Pilot: scanner bursts read whole and in order, Tab never moves
focus, walk-ins, and a snapshot of each answer (green, amber, red)."""

import asyncio
import time
from datetime import datetime

import pytest
from PIL import Image
from test_door import big_event
from textual import events

from db import read_event, read_people, scans
from db.connection import connect
from floor.domain.clock import FixedClock
from floor.ops.badges import issue_tokens, reissue_token
from floor.ops.door import scan_badge
from floor.tui.door.app import DoorApp, DoorScreen, WalkInResultScreen
from floor.views import badge

zxingcpp = pytest.importorskip("zxingcpp")

SIZE = (100, 30)
SECRET = "d00r" * 16


async def wait_for(pilot, condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the door")
        await pilot.pause(0.02)
    await pilot.pause()


def keys_of(token: str, ending: str) -> list[str]:
    """The keys a scanner sends: each character, then its end of scan."""
    return [*token, *{"enter": ["enter"], "tab": ["tab"], "crlf": ["enter", "ctrl+j"]}[ending]]


async def burst(pilot, keys: list[str]) -> None:
    """Send keys the way a scanner does: all at once, with no pause for the app to catch up
    (pilot.press waits about 40 ms for idle after every key: 3 minutes for 200 scans)."""
    from textual.keys import _character_to_key

    app = pilot.app
    for key in keys:
        if len(key) == 1:
            event = events.Key(key if key.isalnum() else _character_to_key(key), key)
        else:
            event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)


def test_a_burst_of_200_scans_is_read_whole_and_in_order(tmp_path):
    path = tmp_path / "burst.db"
    badge_tokens = big_event(path, 200)
    clock = FixedClock(datetime(2026, 11, 26, 9, 0))
    endings = ["enter", "tab", "crlf"]
    keys = [k for i, t in enumerate(badge_tokens) for k in keys_of(t, endings[i % 3])]

    async def scenario():
        app = DoorApp(path, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            started = time.perf_counter()
            await burst(pilot, keys)  # no pause between keys or scans
            await wait_for(pilot, lambda: app.scans_done == 200)
            elapsed = time.perf_counter() - started
            assert app.focused is None and isinstance(app.screen, DoorScreen)
            assert app.buffer == []
            return elapsed

    elapsed = asyncio.run(scenario())
    db = connect(path)
    logged = scans.scans(db)
    assert [s["raw"] for s in logged] == badge_tokens  # none merged, lost or reordered
    assert {s["verdict"] for s in logged} == {"checked-in"}
    assert read_event.counts(db)["checked_in"] == 200
    print(f"\n200 scans ({len(keys)} keys) in one burst, all answered in {elapsed:.2f} s")


def test_back_to_back_scans_through_pilot_press(event_file, clock):
    """The same through pilot.press (slow: it waits for idle after each key)."""
    db = connect(event_file)
    issue_tokens(db, clock=clock)
    batch = [badge.valid_token_for(db, pid) for pid in ("A1", "A2", "A3")]

    async def scenario():
        app = DoorApp(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*keys_of(batch[0], "tab"), *keys_of(batch[1], "crlf"),
                              *keys_of(batch[2], "enter"))
            await wait_for(pilot, lambda: app.scans_done == 3)
            assert app.focused is None

    asyncio.run(scenario())
    assert [s["raw"] for s in scans.scans(db)] == batch


def test_hand_typing_with_backspace_and_escape(event_file, clock):
    db = connect(event_file)
    issue_tokens(db, clock=clock)
    token = badge.valid_token_for(db, "A4")

    async def scenario():
        app = DoorApp(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("x", "y", "escape")  # a false start, cleared
            await pilot.press(*token[:5], "z", "backspace", *token[5:].lower(), "enter")
            await wait_for(pilot, lambda: app.scans_done == 1)
            return app.shown

    answer = asyncio.run(scenario())
    assert answer.verdict == "checked-in" and answer.participant["id"] == "A4"
    assert [s["raw"] for s in scans.scans(db)] == [token[:5] + token[5:].lower()]


def test_a_pasted_batch_is_split_into_scans(event_file, clock):
    db = connect(event_file)
    issue_tokens(db, clock=clock)
    batch = [badge.valid_token_for(db, pid) for pid in ("A1", "A2", "A3")]

    async def scenario():
        app = DoorApp(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            app.screen.post_message(events.Paste("\r\n".join(batch) + "\r\n"))
            await wait_for(pilot, lambda: app.scans_done == 3)

    asyncio.run(scenario())
    assert [s["raw"] for s in scans.scans(db)] == batch


def test_walk_in_registered_checked_in_with_qr(event_file, clock, tmp_path):
    async def scenario():
        app = DoorApp(event_file, "door 1", clock, qr_dir=tmp_path / "qr")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f2")
            await pilot.press(*"Ħanna Borġ", "enter", *"Kemmuna Labs", "enter", "m", "t",
                              "enter", *"ICT", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, WalkInResultScreen))
            shown = app.screen.done
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, DoorScreen))
            return shown

    done = asyncio.run(scenario())
    db = connect(event_file)
    person = read_people.participant(db, done.participant["id"])
    assert (person["name"], person["organisation"], person["country"], person["sector"],
            person["walk_in"], person["checked_in_station"]) == (
        "Ħanna Borġ", "Kemmuna Labs", "MT", "ICT", 1, "door 1")
    assert done.token == badge.valid_token_for(db, person["id"])
    assert done.png == tmp_path / "qr" / f"{person['id']}.png"
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(done.png).convert("L"))] == [
        done.token]
    assert "▀" in done.qr_text or "▄" in done.qr_text
    clock.advance(seconds=10)
    assert scan_badge(db, done.token, station="door 2", clock=clock).verdict == "already"


def test_walk_in_form_refuses_a_bad_country(event_file, clock):
    async def scenario():
        app = DoorApp(event_file, "door 1", clock)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f2", *"Ann", "enter", *"Org", "enter", "x", "enter", "enter")
            await pilot.pause()
            return str(app.screen.query_one("#walkin-error").render())

    assert "two letters" in asyncio.run(scenario())


# -- snapshots ----------------------------------------------------------------------

@pytest.fixture
def snap_event(event_file, clock):
    """The test event with a fixed short id and secret, so tokens are the same each run."""
    db = connect(event_file)
    db.execute("UPDATE event SET short_id = 'TMAB', secret = ?", [SECRET])
    issue_tokens(db, clock=clock)
    return event_file, db, {p["id"]: badge.valid_token_for(db, p["id"])
                            for p in read_people.participants(db)}


def door_snapshot(snap_compare, path, clock, token):
    app = DoorApp(path, "door 1", clock)

    async def run_before(pilot):
        await wait_for(pilot, lambda: app.counts[1] > 0 and app.event_name)
        await pilot.press(*token, "enter")
        await wait_for(pilot, lambda: app.scans_done == 1)

    return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_green(snap_compare, snap_event, clock):
    path, _, issued = snap_event
    assert door_snapshot(snap_compare, path, clock, issued["A2"])


def test_snapshot_amber(snap_compare, snap_event, clock):
    path, db, issued = snap_event
    scan_badge(db, issued["A3"], station="door 2", clock=clock)
    clock.advance(minutes=3)
    assert door_snapshot(snap_compare, path, clock, issued["A3"])


def test_snapshot_red(snap_compare, snap_event, clock):
    path, db, issued = snap_event
    reissue_token(db, "A1", clock=clock)
    assert door_snapshot(snap_compare, path, clock, issued["A1"])
