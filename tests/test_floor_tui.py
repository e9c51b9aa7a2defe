"""The floor screen as the manager uses it: keys in; the screen and the file checked."""

import pytest
from helpers import DEMO_NOW
from pilot_helpers import (
    check_in_from_another_process,
    drawn_lines,
    notifications,
    open_connections,
    plain,
    until,
)

from db import journal, read_meetings, read_people
from db.connection import connect
from floor.domain.clock import FixedClock
from floor.domain.vocabulary import (
    CANCELLED,
    COOPERATION,
    NOSHOW,
    PLANNED,
    REMATCH,
    STATUS_WORDS,
    WALKIN,
)
from floor.tui.day.screen import DayScreen
from floor.tui.manager.app import POLL_SECONDS, make_floor_app
from floor.tui.manager.grid import FloorGrid
from floor.tui.manager.modals import ChoiceModal, RematchModal
from floor.tui.manager.panels import Details, FloorHeader, JournalPanel
from floor.tui.manager.person import PersonScreen


@pytest.fixture
def demo_db(demo_file):
    """The test's own connection: what the file says, beside what the screen shows."""
    database = connect(demo_file)
    yield database
    database.conn.close()


def app_for(path, **kwargs):
    return make_floor_app(path, FixedClock(DEMO_NOW), backups=False, **kwargs)


def header(app) -> str:
    return plain(app.query_one(FloorHeader))


def details(app) -> str:
    return plain(app.query_one(Details))


async def opened(pilot, app) -> None:
    await until(pilot, lambda: "checked in" in header(app), "the floor to open")


async def go_to(pilot, app, table, round_no):
    app.query_one(FloorGrid).select(table, round_no)
    await until(pilot, lambda: details(app).startswith(f"{table} · round {round_no} ·"),
                f"the details of {table}, round {round_no}")


async def test_opens_on_the_running_round_with_live_counts(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        assert "10:16:00 · Round 3 of 10 · 10:10–10:30 · 14:00 left" in header(app)
        assert "checked in 23/25" in header(app) and "at risk 1" in header(app)
        assert details(app).startswith("T1 · round 3 · 10:10–10:30")  # the cursor
        lines = drawn_lines(app.query_one(FloorGrid))
        assert lines[0].startswith(" Table R1 09:30–09:50")
        assert "Murgia·Valletta" in lines[1]
        assert "Rocco Santarsiero" in details(app)
        assert "here since 09:26 (door 1)" in details(app)


async def test_noshow_rematch_and_undo_with_keys(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await go_to(pilot, app, "T7", 3)
        assert "at risk" in details(app)
        await pilot.press("n", "y")
        await until(pilot, lambda: read_meetings.live_meeting_of(demo_db, "GR05", 3) is None
                    and "no-show" in details(app), "the no-show")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RematchModal), "the proposals")
        await pilot.press("enter")
        await until(pilot, lambda: "re-matched 1" in header(app), "the re-match")
        rematch = read_meetings.live_meeting_of(demo_db, "FR05", 3)
        assert rematch["origin"] == REMATCH and rematch["table_name"] == "T7"
        assert f"running · {REMATCH}" in details(app)  # the state, then the origin
        await pilot.press("u")
        await until(pilot, lambda: read_meetings.live_meeting_of(demo_db, "FR05", 3) is None
                    and "re-matched 0" in header(app), "the undo")


@pytest.mark.slow  # a second Python process
async def test_a_check_in_from_another_process_appears_without_a_key(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await go_to(pilot, app, "T7", 3)
        assert "checked in 23/25" in header(app) and "at risk" in details(app)
        check_in_from_another_process(demo_file, "GR05", DEMO_NOW)
        await until(pilot, lambda: "checked in 24/25" in header(app), "the new count")
        assert "running" in details(app) and "here since 10:16 (door 1)" in details(app)


async def test_find_by_part_of_a_name_without_accents(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        # Enter opens the person's card (tests/test_person_card.py); g shows them in the grid
        await pilot.press("f", *"lefevre", "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.card,
                    "Élodie's card")
        await pilot.press("g")
        await until(pilot, lambda: "Élodie Lefèvre" in details(app), "Élodie's meeting")
        round_no = int(details(app).split(" · ")[1].removeprefix("round "))
        assert round_no >= 3  # her next meeting, not one already over
        await pilot.press("f", *"παπαδοπ", "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.card,
                    "Γιώργος' card")
        await pilot.press("g")
        await until(pilot, lambda: "Γιώργος Παπαδόπουλος" in details(app), "Γιώργος' meeting")


@pytest.mark.slow  # dozens of keys, each pressed and waited for
async def test_walk_in_then_a_spontaneous_meeting(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await pilot.press("w")
        for value in ("Ναταλία Ιωάννου", "Acropolis Apps", "gr", "ICT"):
            await pilot.press(*value, "enter")
        await until(pilot, lambda: "checked in 24/26" in header(app), "the walk-in")
        walk_in = read_people.participant(demo_db, "W001")
        assert walk_in["name"] == "Ναταλία Ιωάννου" and walk_in["checked_in_at"]
        await go_to(pilot, app, "T10", 3)  # a free cell in the running round
        await pilot.press("e", *"ιωαννου", "enter")
        await pilot.press(*"Kyklos", "enter")
        await until(pilot, lambda: "Ναταλία Ιωάννου" in details(app), "the new meeting")
        m = read_meetings.live_meeting_at(demo_db, 3, "T10")
        assert {m["a"], m["b"]} == {"W001", "GR06"} and m["origin"] == WALKIN


async def test_move_a_meeting_to_a_free_cell_and_refusals_are_shown(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await opened(pilot, app)
        moving = read_meetings.live_meeting_at(demo_db, 4, "T9")
        await go_to(pilot, app, "T9", 4)
        await pilot.press("m")
        await go_to(pilot, app, "T12", 4)
        await pilot.press("enter")
        await until(pilot, lambda: f"meeting {moving['id']} ·" in details(app), "the move")
        assert read_meetings.meeting(demo_db, moving["id"])["table_name"] == "T12"
        await go_to(pilot, app, "T9", 6)
        await pilot.press("h")  # round 6 has not started
        await until(pilot, lambda: any("round 6 starts only at 11:30" in note
                                       for note in notifications(app)), "the refusal")
        assert read_meetings.live_meeting_at(demo_db, 6, "T9")["status"] == PLANNED


@pytest.mark.parametrize("size", [(120, 40), (200, 60)])
def test_floor_snapshot(snap_compare, demo_file, size):
    app = app_for(demo_file)

    async def ready(pilot):
        await opened(pilot, app)
        await go_to(pilot, app, "T7", 3)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


async def test_record_an_outcome_and_open_the_day(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        held = read_meetings.live_meeting_at(demo_db, 1, "T1")  # held this morning
        await go_to(pilot, app, "T1", 1)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), "the outcomes")
        await pilot.press("down", "down", "down", "enter")  # the fourth: cooperation
        await until(pilot, lambda: read_meetings.meeting(demo_db, held["id"], with_outcome=True)
                    ["outcome"] == COOPERATION, "the outcome in the file")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DayScreen)
                    and "The day · " in plain(app.screen.query_one("#day-header")),
                    "the Day screen")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DayScreen), "the floor again")


async def test_swap_cancel_checkin_absent_and_redo_with_keys(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        first = read_meetings.live_meeting_at(demo_db, 8, "T5")
        second = read_meetings.live_meeting_at(demo_db, 8, "T6")
        await go_to(pilot, app, "T5", 8)
        await pilot.press("s")
        await go_to(pilot, app, "T6", 8)
        await pilot.press("enter")
        await until(pilot, lambda: f"meeting {first['id']} ·" in details(app), "the swap")
        assert read_meetings.meeting(demo_db, first["id"])["table_name"] == "T6"
        assert read_meetings.meeting(demo_db, second["id"])["table_name"] == "T5"

        def first_is(status: str, shown: str) -> bool:
            return (read_meetings.meeting(demo_db, first["id"])["status"] == status
                    and f"meeting {first['id']} · {shown} ·" in details(app))

        await pilot.press("c", "y")  # the cursor is on T6, round 8: the first meeting now
        await until(pilot, lambda: first_is(CANCELLED, STATUS_WORDS[CANCELLED]), "the cancel")
        await pilot.press("u")
        await until(pilot, lambda: first_is(PLANNED, "both here"), "the undo")
        await pilot.press("U")  # redo the cancel
        await until(pilot, lambda: first_is(CANCELLED, STATUS_WORDS[CANCELLED]), "the redo")

        await go_to(pilot, app, "T7", 3)  # GR05 has not come
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), "who to check in")
        await pilot.press("enter")
        await until(pilot, lambda: "checked in 24/25" in header(app), "the check-in")
        assert read_people.participant(demo_db, "GR05")["checked_in_station"] == "manager"

        later = [m for m in read_meetings.meetings(demo_db, participant_id="FR05", live_only=True)
                 if m["round"] > 3]
        assert later  # FR05 has meetings to come, which absent releases
        await pilot.press("a")  # absent for the day: the first choice, FR05
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), "who is absent")
        await pilot.press("enter")
        await until(pilot, lambda: "no-show: FR05" in details(app), "the absence")
        assert read_people.participant(demo_db, "FR05")["absent_at"]
        now = read_meetings.meeting(demo_db, read_meetings.meetings(demo_db, round_no=3,
                                                               participant_id="FR05")[0]["id"])
        assert (now["status"], now["noshow_of"]) == (NOSHOW, "FR05")  # under way: a no-show
        assert {read_meetings.meeting(demo_db, m["id"])["status"] for m in later} == {CANCELLED}


async def test_quitting_closes_every_connection_the_screen_opened(demo_file):
    before = open_connections(demo_file)
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await pilot.press("d")  # the Day screen opens a feed of its own
        await until(pilot, lambda: isinstance(app.screen, DayScreen)
                    and "The day · " in plain(app.screen.query_one("#day-header")),
                    "the Day screen")
        assert open_connections(demo_file) >= before + 3  # pool, feed, the Day's feed
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DayScreen), "the floor again")
        await pilot.press("q")
    assert open_connections(demo_file) == before


async def test_an_action_of_this_screen_is_in_the_journal_once(demo_file, demo_db):
    """The read after an action shows it, and then the feed reports it too."""
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        before = journal.last_id(demo_db)
        await pilot.press("h", "j")  # T1, round 3 (running) held; the journal shown
        entry = f"#{before + 1} "
        await until(pilot, lambda: entry in plain(app.query_one(JournalPanel)),
                    "the action in the journal")
        await pilot.pause(10 * POLL_SECONDS)  # the feed's look at it, too
        lines = plain(app.query_one(JournalPanel)).splitlines()
        assert sum(line.startswith(entry) for line in lines) == 1
        assert journal.last_id(demo_db) == before + 1
