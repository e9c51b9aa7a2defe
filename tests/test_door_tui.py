"""The door screen through Pilot: scanner bursts read whole and in order, Tab never moves
focus, walk-ins, and a snapshot of each answer (green, amber, red)."""

import asyncio
import re
from datetime import datetime

import pytest
import zxingcpp  # a test dependency: reads the walk-in's QR back
from helpers import big_event
from PIL import Image
from pilot_helpers import check_in_from_another_process, open_connections, plain, until
from textual import events

from db import read_event, read_people, scans
from db.connection import connect
from floor.domain.clock import FixedClock
from floor.domain.vocabulary import ALREADY, CHECKED_IN
from floor.ops.badges import issue_tokens, reissue_token
from floor.ops.door import scan_badge
from floor.tui.door.app import DoorScreen, make_door_app
from floor.tui.door.walkin import WalkInResultScreen
from floor.tui.walkin_form import WalkInForm
from floor.views import badge

SIZE = (100, 30)
SECRET = "d00r" * 16


def shown(app, widget_id: str) -> str:
    return plain(app.screen.query_one(f"#{widget_id}"))


def log_lines(app) -> list[str]:
    return [line for line in shown(app, "log").splitlines() if line.strip()]


def scans_logged(path) -> list[dict]:
    db = connect(path)
    try:
        return scans.scans(db)
    finally:
        db.conn.close()


def keys_of(token: str, ending: str) -> list[str]:
    """The keys a scanner sends: each character, then its end of scan."""
    return [*token, *{"enter": ["enter"], "tab": ["tab"], "crlf": ["enter", "ctrl+j"]}[ending]]


def burst(app, keys: list[str]) -> None:
    """Send keys the way a scanner does: all at once, with no pause for the app to catch up
    (pilot.press waits for idle after every key: minutes for 200 scans). A token is
    letters and digits, whose key is the character itself."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def test_a_burst_of_200_scans_is_read_whole_and_in_order(tmp_path):
    path = tmp_path / "burst.db"
    badge_tokens = big_event(path, 200)
    clock = FixedClock(datetime(2026, 11, 26, 9, 0))
    endings = ["enter", "tab", "crlf"]
    keys = [k for i, t in enumerate(badge_tokens) for k in keys_of(t, endings[i % 3])]

    async def scenario():
        app = make_door_app(path, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/200" in shown(app, "top"), "the door")
            burst(app, keys)  # no pause between keys or scans
            await until(pilot, lambda: "checked in 200/200" in shown(app, "top"),
                        "200 answers", timeout=60)
            assert app.focused is None and isinstance(app.screen, DoorScreen)
            assert shown(app, "typing").strip() == ""  # nothing left half-read

    asyncio.run(scenario())
    db = connect(path)
    logged = scans.scans(db)
    assert [s["raw"] for s in logged] == badge_tokens  # none merged, lost or reordered
    assert {s["verdict"] for s in logged} == {CHECKED_IN}
    assert read_event.counts(db)["checked_in"] == 200
    db.conn.close()


@pytest.mark.slow  # pilot.press waits for idle after each of 60 keys
def test_back_to_back_scans_through_pilot_press(event_file, issued, clock):
    """The same through pilot.press (slower: it waits for idle after each key)."""
    batch = [issued[pid] for pid in ("A1", "A2", "A3")]

    async def scenario():
        app = make_door_app(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*keys_of(batch[0], "tab"), *keys_of(batch[1], "crlf"),
                              *keys_of(batch[2], "enter"))
            await until(pilot, lambda: len(log_lines(app)) == 3, "three answers")
            assert app.focused is None

    asyncio.run(scenario())
    assert [s["raw"] for s in scans_logged(event_file)] == batch


def test_hand_typing_with_backspace_and_escape(event_file, issued, clock):
    token = issued["A4"]

    async def scenario():
        app = make_door_app(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("x", "y")
            assert shown(app, "typing").strip() == "› xy"
            await pilot.press("escape")  # a false start, cleared
            assert shown(app, "typing").strip() == ""
            await pilot.press(*token[:5], "z", "backspace", *token[5:].lower(), "enter")
            await until(pilot, lambda: "Welcome, Rocco Santarsiero" in shown(app, "answer"),
                        "the welcome")

    asyncio.run(scenario())
    [scan] = scans_logged(event_file)
    assert (scan["raw"], scan["verdict"], scan["participant_id"]) == (
        token[:5] + token[5:].lower(), CHECKED_IN, "A4")


def test_a_pasted_batch_is_split_into_scans(event_file, issued, clock):
    batch = [issued[pid] for pid in ("A1", "A2", "A3")]

    async def scenario():
        app = make_door_app(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            app.screen.post_message(events.Paste("\r\n".join(batch) + "\r\n"))
            await until(pilot, lambda: len(log_lines(app)) == 3, "three answers")

    asyncio.run(scenario())
    assert [s["raw"] for s in scans_logged(event_file)] == batch


def test_walk_in_registered_checked_in_with_qr(event_file, clock, tmp_path):
    async def scenario():
        app = make_door_app(event_file, "door 1", clock, qr_dir=tmp_path / "qr")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f2")
            await pilot.press(*"Ħanna Borġ", "enter", *"Kemmuna Labs", "enter", "m", "t",
                              "enter", *"ICT", "enter")
            await until(pilot, lambda: isinstance(app.screen, WalkInResultScreen),
                        "the new badge")
            on_screen = "\n".join(plain(s) for s in app.screen.query("Static"))
            qr_drawn = shown(app, "walkin-qr")
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, DoorScreen), "the door again")
            return on_screen, qr_drawn

    on_screen, qr_drawn = asyncio.run(scenario())
    assert "Ħanna Borġ (Kemmuna Labs, MT) is registered and checked in" in on_screen
    token, png = re.search(r"badge code (\w+) · QR saved as (\S+)", on_screen).groups()
    db = connect(event_file)
    person = read_people.participant(db, re.search(r"(\w+) Ħanna Borġ", on_screen)[1])
    assert (person["name"], person["organisation"], person["country"], person["sector"],
            person["walk_in"], person["checked_in_station"]) == (
        "Ħanna Borġ", "Kemmuna Labs", "MT", "ICT", 1, "door 1")
    assert token == badge.valid_token_for(db, person["id"])
    assert png == str(tmp_path / "qr" / f"{person['id']}.png")
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(png).convert("L"))] == [token]
    assert set(qr_drawn) & {"▀", "▄"}  # the QR on screen, in half blocks
    clock.advance(seconds=10)
    assert scan_badge(db, token, station="door 2", clock=clock).verdict == ALREADY
    db.conn.close()


def test_walk_in_form_refuses_a_bad_country_and_keeps_what_was_typed(event_file, db, clock):
    async def scenario():
        app = make_door_app(event_file, "door 1", clock)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f2", *"Ann", "enter", *"Org", "enter", *"Atlantis", "enter",
                              *"ICT", "enter")
            await until(pilot, lambda: "not registered" in shown(app, "walkin-error"),
                        "the refusal")
            assert isinstance(app.screen, WalkInForm)  # open again, saying why
            typed = [app.screen.query_one(f"#walkin-{k}").value
                     for k in ("name", "organisation", "country", "sector")]
            return shown(app, "walkin-error"), typed

    error, typed = asyncio.run(scenario())
    assert "'Atlantis': not a country floor knows" in error
    assert typed == ["Ann", "Org", "Atlantis", "ICT"]
    assert read_event.counts(db)["participants"] == 6  # nobody added


@pytest.mark.slow  # a second Python process
def test_a_check_in_at_another_station_reaches_the_counts(event_file, clock):
    async def scenario():
        app = make_door_app(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/6" in shown(app, "top"), "the door")
            check_in_from_another_process(event_file, "A1", clock.now(), station="door 2")
            await until(pilot, lambda: "checked in 1/6" in shown(app, "top"), "the new count")

    asyncio.run(scenario())


def test_closing_the_door_closes_its_connections(event_file, clock):
    before = open_connections(event_file)

    async def scenario():
        app = make_door_app(event_file, "door 1", clock)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "checked in 0/6" in shown(app, "top"), "the door")
            assert open_connections(event_file) >= before + 2  # the pool and the feed
            await pilot.press("ctrl+q")

    asyncio.run(scenario())
    assert open_connections(event_file) == before


# -- snapshots ----------------------------------------------------------------------

@pytest.fixture
def snap_event(event_file, clock):
    """The test event with a fixed short id and secret, so tokens are the same each run."""
    db = connect(event_file)
    db.execute("UPDATE event SET short_id = 'TMAB', secret = ?", [SECRET])
    issue_tokens(db, clock=clock)
    yield event_file, db, {p["id"]: badge.valid_token_for(db, p["id"])
                           for p in read_people.participants(db)}
    db.conn.close()


def door_snapshot(snap_compare, path, clock, token):
    app = make_door_app(path, "door 1", clock)

    async def run_before(pilot):
        await until(pilot, lambda: "Test Mission · door 1" in shown(app, "top"), "the door")
        await pilot.press(*token, "enter")
        await until(pilot, lambda: len(log_lines(app)) == 1, "the answer")

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
