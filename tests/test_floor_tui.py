"""The floor screen as the manager uses it: keys in, the screen and the file checked."""

import subprocess
import sys
from datetime import datetime

import pytest
from rich.console import Console

from db import read_meetings, read_people
from db.connection import connect
from floor.domain.clock import FixedClock
from floor.ops.demo import build_demo
from floor.tui.manager.app import make_floor_app
from floor.tui.manager.grid import FloorGrid
from floor.tui.manager.panels import Details, FloorHeader

DEMO_NOW = datetime(2026, 11, 26, 10, 16)


def plain(widget) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"))
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def demo_file(tmp_path):
    return build_demo(tmp_path / "demo.db")


def app_for(path, **kwargs):
    return make_floor_app(path, FixedClock(DEMO_NOW), backups=False, **kwargs)


async def settle(pilot, app, until=lambda: True, tries=200):
    for _ in range(tries):
        await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        if app.snapshot is not None and until():
            return
    raise AssertionError("the screen did not settle")


async def go_to(pilot, app, table, round_no):
    app.query_one(FloorGrid).select(table, round_no)
    await pilot.pause()


async def test_opens_on_the_running_round_with_live_counts(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        header = plain(app.query_one(FloorHeader))
        assert "10:16:00 · Round 3 of 10 · 10:10–10:30 · 14:00 left" in header
        assert "checked in 23/25" in header and "at risk 1" in header
        grid = app.query_one(FloorGrid)
        assert grid.selected == ("T1", 3)
        assert grid.render_line(0).text.startswith(" Table R1 09:30–09:50")
        assert "Murgia·Valletta" in grid.render_line(1).text
        details = plain(app.query_one(Details))
        assert "Rocco Santarsiero" in details and "here since 09:26 (door 1)" in details


async def test_noshow_rematch_and_undo_with_keys(demo_file):
    app = app_for(demo_file)
    db = connect(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "T7", 3)
        assert "at risk" in plain(app.query_one(Details))
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, app, lambda: app.snapshot.cell("T7", 3)["status"] == "noshow")
        assert read_meetings.live_meeting_of(db, "GR05", 3) is None
        await pilot.press("r")
        await settle(pilot, app, lambda: len(app.screen_stack) > 1)
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.snapshot.cell("T7", 3)["origin"] == "rematch")
        rematch = read_meetings.live_meeting_of(db, "FR05", 3)
        assert rematch["origin"] == "rematch" and rematch["table_name"] == "T7"
        assert "re-matched 1" in plain(app.query_one(FloorHeader))
        await pilot.press("u")
        await settle(pilot, app, lambda: app.snapshot.cell("T7", 3)["status"] == "noshow")
        assert read_meetings.live_meeting_of(db, "FR05", 3) is None


async def test_a_check_in_from_another_process_appears_without_a_key(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        assert "checked in 23/25" in plain(app.query_one(FloorHeader))
        code = ("from datetime import datetime\nfrom db.connection import connect\n"
                "from floor import ops\nfrom floor.domain.clock import FixedClock\n"
                f"db = connect({str(demo_file)!r})\n"
                "ops.check_in(db, 'GR05', clock=FixedClock(datetime(2026, 11, 26, 10, 16)), "
                "station='door 1')\n")
        subprocess.run([sys.executable, "-c", code], check=True)
        await settle(pilot, app, lambda: app.snapshot.people["GR05"]["checked_in_at"])
        app.tick()
        assert "checked in 24/25" in plain(app.query_one(FloorHeader))
        assert app.snapshot.state(app.snapshot.cell("T7", 3)["id"], DEMO_NOW) == "running"


async def test_find_by_part_of_a_name_without_accents(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        await pilot.press(*"lefevre")
        await pilot.press("enter")
        await pilot.pause()
        table, round_no = app.query_one(FloorGrid).selected
        meeting = app.snapshot.cell(table, round_no)
        assert "FR01" in (meeting["a"], meeting["b"]) and round_no >= 3
        await pilot.press("f")
        await pilot.press(*"παπαδοπ")
        await pilot.press("enter")
        await pilot.pause()
        meeting = app.snapshot.cell(*app.query_one(FloorGrid).selected)
        assert "GR01" in (meeting["a"], meeting["b"])


async def test_walk_in_then_a_spontaneous_meeting(demo_file):
    app = app_for(demo_file)
    db = connect(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("w")
        for value in ("Ναταλία Ιωάννου", "Acropolis Apps", "gr", "ICT"):
            await pilot.press(*value)
            await pilot.press("enter")
        await settle(pilot, app, lambda: "W001" in app.snapshot.people)
        walk_in = read_people.participant(db, "W001")
        assert walk_in["name"] == "Ναταλία Ιωάννου" and walk_in["checked_in_at"]
        await go_to(pilot, app, "T10", 3)  # a free cell in the running round
        await pilot.press("e")
        await pilot.press(*"ιωαννου")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Kyklos")
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.snapshot.cell("T10", 3) is not None)
        m = read_meetings.live_meeting_at(db, 3, "T10")
        assert {m["a"], m["b"]} == {"W001", "GR06"} and m["origin"] == "walkin"


async def test_move_a_meeting_to_a_free_cell_and_refusals_are_shown(demo_file):
    app = app_for(demo_file)
    db = connect(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "T9", 4)
        moving = app.snapshot.cell("T9", 4)
        await pilot.press("m")
        await go_to(pilot, app, "T12", 4)
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.snapshot.cell("T12", 4) is not None)
        assert read_meetings.meeting(db, moving["id"])["table_name"] == "T12"
        await go_to(pilot, app, "T9", 6)
        await pilot.press("h")  # round 6 has not started
        await settle(pilot, app)
        await pilot.pause(0.2)
        notes = [n.message for n in app._notifications]
        assert any("round 6 starts only at 11:30" in n for n in notes)
        assert read_meetings.meeting(db, app.snapshot.cell("T9", 6)["id"])["status"] == "planned"


@pytest.mark.parametrize("size", [(120, 40), (200, 60)])
def test_floor_snapshot(snap_compare, demo_file, size):
    app = app_for(demo_file)

    async def ready(pilot):
        await settle(pilot, app)
        await go_to(pilot, app, "T7", 3)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


async def test_record_an_outcome_and_open_the_day(demo_file):
    app = app_for(demo_file)
    db = connect(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "T1", 1)  # held this morning
        await pilot.press("o")
        await settle(pilot, app, lambda: len(app.screen_stack) > 1)
        await pilot.press("down", "down", "down", "enter")  # the fourth: cooperation
        meeting_id = app.snapshot.cell("T1", 1)["id"]
        await settle(pilot, app, lambda: db.execute(
            "SELECT outcome FROM meeting WHERE id = ?", [meeting_id]).fetchone()[0])
        assert db.execute("SELECT outcome FROM meeting WHERE id = ?",
                          [meeting_id]).fetchone()[0] == "cooperation-possible"
        await pilot.press("d")
        await settle(pilot, app, lambda: type(app.screen).__name__ == "DayScreen")
        await pilot.press("escape")
        await settle(pilot, app, lambda: type(app.screen).__name__ != "DayScreen")


async def test_swap_cancel_checkin_absent_and_redo_with_keys(demo_file):
    app = app_for(demo_file)
    db = connect(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        first, second = app.snapshot.cell("T5", 8), app.snapshot.cell("T6", 8)
        await go_to(pilot, app, "T5", 8)
        await pilot.press("s")
        await go_to(pilot, app, "T6", 8)
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.snapshot.cell("T5", 8)["id"] == second["id"])
        assert read_meetings.meeting(db, first["id"])["table_name"] == "T6"

        await pilot.press("c")  # cursor on T6, round 8: now the first meeting
        await pilot.press("y")
        await settle(pilot, app, lambda: app.snapshot.meetings[first["id"]]["status"]
                     == "cancelled")
        await pilot.press("u")
        await settle(pilot, app, lambda: app.snapshot.meetings[first["id"]]["status"]
                     == "planned")
        await pilot.press("U")  # redo the cancel
        await settle(pilot, app, lambda: app.snapshot.meetings[first["id"]]["status"]
                     == "cancelled")

        await go_to(pilot, app, "T7", 3)  # GR05 has not come
        await pilot.press("i")
        await settle(pilot, app, lambda: len(app.screen_stack) > 1)
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.snapshot.people["GR05"]["checked_in_at"])
        assert read_people.participant(db, "GR05")["checked_in_station"] == "manager"

        await pilot.press("a")  # absent for the day: the first choice, FR05
        await settle(pilot, app, lambda: len(app.screen_stack) > 1)
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.snapshot.people["FR05"]["absent_at"])
        later = [m for m in read_meetings.meetings(db, participant_id="FR05") if m["round"] > 3]
        assert later and all(m["status"] == "cancelled" or m["origin"] == "rematch"
                             for m in later if "FR05" in (m["a"], m["b"]))
