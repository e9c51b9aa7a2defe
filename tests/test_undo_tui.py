"""Undo at the floor screen: `u` shows the manager's own last action and asks; a line of
the journal (`j`, arrows, Enter) takes back anybody's entry after asking twice."""

import pytest
from helpers import DEMO_NOW
from pilot_helpers import drawn_lines, notifications, plain
from pilot_helpers import until as until_within

LOADED_MACHINE_SECONDS = 60  # each wait ends as soon as its condition holds


async def until(pilot, condition, what: str) -> None:
    await until_within(pilot, condition, what, timeout=LOADED_MACHINE_SECONDS)

from db import journal, read_meetings, read_people
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.tui.manager.app import JOURNAL_LINES, make_floor_app
from floor.tui.manager.panels import FloorHeader, JournalPanel
from floor.tui.manager.undo import UndoModal


@pytest.fixture
def demo_db(demo_file):
    database = connect(demo_file)
    yield database
    database.conn.close()


def app_for(path):
    return make_floor_app(path, FixedClock(DEMO_NOW), backups=False)


def dialog(app) -> str:
    return " ".join(plain(label) for label in app.screen.query("Label"))


async def opened(pilot, app) -> None:
    await until(pilot, lambda: "checked in" in plain(app.query_one(FloorHeader)),
                "the floor to open")


async def asked(pilot, app, question: str) -> str:
    await until(pilot, lambda: isinstance(app.screen, UndoModal)
                and question in dialog(app), f"the question {question!r}")
    return dialog(app)


async def test_u_shows_the_managers_own_last_action_and_leaves_a_later_door_check_in(
        demo_file, demo_db):
    newest_own = next(journal.entries_of(demo_db, "manager"))
    app = app_for(demo_file)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot, app)
        ops.check_in(demo_db, "GR05", clock=FixedClock(DEMO_NOW), station="door 2")
        await pilot.press("u")
        shown = await asked(pilot, app, f"Undo #{newest_own['id']}?")
        assert newest_own["summary"] in shown and "by you (manager) at 10:09" in shown
        await pilot.press("n")  # no: nothing happens
        await until(pilot, lambda: not isinstance(app.screen, UndoModal), "the dialog to go")
        assert journal.newest_touching(demo_db, "meeting", newest_own["changes"][0]["k"]
                                       )["id"] == newest_own["id"]
        await pilot.press("u")
        await asked(pilot, app, f"Undo #{newest_own['id']}?")
        await pilot.press("enter")
        await until(pilot, lambda: any(f"undo #{newest_own['id']}" in n
                                       for n in notifications(app)), "the undo said")
        assert not ops.in_effect(demo_db, newest_own["id"])
        assert read_people.participant(demo_db, "GR05")["checked_in_station"] == "door 2"


def oldest_shown(db) -> dict:
    """The entry on the journal panel's last line (ctrl+end goes there)."""
    return journal.entry(db, journal.last_id(db) - JOURNAL_LINES + 1)


async def test_a_door_check_in_picked_in_the_journal_is_undone_after_asking_twice(
        demo_file, demo_db):
    door_entry = oldest_shown(demo_db)
    assert (door_entry["action"], door_entry["actor"]) == ("checkin", "door 1")
    person = door_entry["changes"][0]["k"]["id"]
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await opened(pilot, app)
        await pilot.press("j")
        panel = app.query_one(JournalPanel)
        await until(pilot, lambda: panel.has_focus and panel.row_count, "the journal")
        assert drawn_lines(panel)[1].split()[0] == f"#{journal.last_id(demo_db)}"
        await pilot.press("ctrl+end", "enter")
        first = await asked(pilot, app, f"Undo #{door_entry['id']}?")
        assert "by door 1 at" in first
        await pilot.press("y")
        again = await asked(pilot, app, f"Really undo #{door_entry['id']}?")
        assert "This is door 1's action, not yours (manager)." in again
        await pilot.press("enter")  # Enter, pressed twice by habit, takes nothing back
        await pilot.pause(0.2)
        assert isinstance(app.screen, UndoModal)
        assert read_people.participant(demo_db, person)["checked_in_at"]
        await pilot.press("y")
        await until(pilot, lambda: read_people.participant(demo_db, person)["checked_in_at"]
                    is None, "the check-in taken back")
        assert journal.entry(demo_db, journal.last_id(demo_db))["actor"] == "manager"


async def test_a_refused_undo_says_which_entry_to_undo_first(demo_file, demo_db):
    clock = FixedClock(DEMO_NOW)
    m = read_meetings.live_meeting_at(demo_db, 5, "T2")
    cancelled = ops.cancel(demo_db, m["id"], clock=clock, actor="manager")
    later = ops.add_meeting(demo_db, m["a"], m["b"], 5, table="T2", clock=clock, actor="desk")
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await opened(pilot, app)
        await pilot.press("u")  # the manager's own last action: the cancel
        await asked(pilot, app, f"Undo #{cancelled.entry_id}?")
        await pilot.press("y")
        await until(pilot, lambda: any(f"undo #{later.entry_id} first" in n
                                       for n in notifications(app)), "the refusal")
        assert read_meetings.meeting(demo_db, m["id"])["status"] == "cancelled"


def test_asking_again_before_undoing_a_doors_check_in_snapshot(snap_compare, demo_file):
    app = app_for(demo_file)

    async def asked_again(pilot):
        await opened(pilot, app)
        await pilot.press("j")
        panel = app.query_one(JournalPanel)
        await until(pilot, lambda: panel.has_focus and panel.row_count, "the journal")
        await pilot.press("ctrl+end", "enter")  # #7, a check-in at door 1
        await asked(pilot, app, "Undo #7?")
        await pilot.press("y")
        await asked(pilot, app, "Really undo #7?")

    assert snap_compare(app, terminal_size=(80, 24), run_before=asked_again)
