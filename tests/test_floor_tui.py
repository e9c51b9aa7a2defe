"""The floor screen as the manager uses it: keys in; the screen and the file checked."""

import re
from datetime import datetime

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
from textual.geometry import Region

from db import journal, read_meetings, read_people
from db.connection import connect
from floor import ops
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
from floor.tui.manager import grid as grid_module
from floor.tui.manager.app import POLL_SECONDS, make_floor_app
from floor.tui.manager.grid import FloorGrid
from floor.tui.manager.modals import ChoiceModal, ConfirmModal, RematchModal
from floor.tui.manager.panels import Details, FloorHeader, JournalPanel
from floor.tui.manager.person import PersonScreen
from floor.tui.manager.undo import UndoModal


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
        await until(pilot, lambda: drawn_lines(app.query_one(FloorGrid))[0].startswith(
            " Table R2 09:50–10:10"), "the round before the running one, leftmost")
        assert "Murgia·Valletta" in drawn_lines(app.query_one(FloorGrid))[1]
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
        await until(pilot, lambda: isinstance(app.screen, UndoModal), "what u takes back")
        await pilot.press("y")
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


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48), (200, 60)],
                         ids=["80x24", "120x40", "160x48", "200x60"])
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
        await until(pilot, lambda: isinstance(app.screen, UndoModal), "what u takes back")
        await pilot.press("y")
        await until(pilot, lambda: first_is(PLANNED, "both here"), "the undo")
        await pilot.press("U")  # redo the cancel
        await until(pilot, lambda: isinstance(app.screen, UndoModal), "what U brings back")
        await pilot.press("enter")
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
        await until(pilot, lambda: any(line.strip().startswith(entry) for line in
                                       drawn_lines(app.query_one(JournalPanel))),
                    "the action in the journal")
        await pilot.pause(10 * POLL_SECONDS)  # the feed's look at it, too
        lines = drawn_lines(app.query_one(JournalPanel))
        assert sum(line.strip().startswith(entry) for line in lines) == 1
        assert journal.last_id(demo_db) == before + 1


def repeated_lines(text: str) -> list[str]:
    """Lines drawn more than once (blank ones aside): a meeting or an entry seen twice."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    return sorted({line for line in lines if lines.count(line) > 1})


async def nothing_twice(pilot, app) -> None:
    """After the feed had its look too, every row is on screen once."""
    app.query_one(JournalPanel).display = True
    await pilot.pause(10 * POLL_SECONDS)
    await pilot.pause()
    assert repeated_lines(details(app)) == []
    assert repeated_lines("\n".join(drawn_lines(app.query_one(JournalPanel)))) == []


async def test_a_rematch_and_its_redo_are_listed_once(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await go_to(pilot, app, "T7", 3)
        await pilot.press("n", "y")
        await until(pilot, lambda: "no-show" in details(app), "the no-show")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RematchModal), "the proposals")
        await pilot.press("enter")
        await until(pilot, lambda: f"running · {REMATCH}" in details(app), "the re-match")
        await nothing_twice(pilot, app)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, UndoModal), "what u takes back")
        await pilot.press("y")
        await until(pilot, lambda: "re-matched 0" in header(app), "the undo")
        await pilot.press("U")
        await until(pilot, lambda: isinstance(app.screen, UndoModal), "what U brings back")
        await pilot.press("y")
        await until(pilot, lambda: f"running · {REMATCH}" in details(app), "the redo")
        await nothing_twice(pilot, app)
        rematch = read_meetings.live_meeting_of(demo_db, "FR05", 3)
        assert details(app).count(f"meeting {rematch['id']} ·") == 1


async def test_a_walk_in_meeting_is_listed_once(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        ops.add_participant(demo_db, name="Ναταλία Ιωάννου", organisation="Acropolis Apps",
                            country="GR", check_in_station="door 1",
                            clock=FixedClock(DEMO_NOW))
        await until(pilot, lambda: "checked in 24/26" in header(app), "the walk-in")
        await go_to(pilot, app, "T10", 3)  # a free cell in the running round
        await pilot.press("e", *"ιωαννου", "enter")
        await pilot.press(*"Kyklos", "enter")
        await until(pilot, lambda: "Ναταλία Ιωάννου" in details(app), "the new meeting")
        await nothing_twice(pilot, app)
        assert read_meetings.live_meeting_at(demo_db, 3, "T10")["origin"] == WALKIN


def rounds_in_view(app) -> list[int]:
    """The rounds whose heading the grid shows now, left to right."""
    return [int(n) for n in re.findall(r"\bR(\d+) ", drawn_lines(app.query_one(FloorGrid))[0])]


def at(hhmm: str) -> datetime:
    return DEMO_NOW.replace(hour=int(hhmm[:2]), minute=int(hhmm[3:]))


@pytest.mark.parametrize("size, hhmm, focus", [
    ((80, 24), "09:20", 1), ((80, 24), "11:15", 6), ((80, 24), "13:05", 10),
    ((120, 40), "10:16", 3), ((120, 40), "11:15", 6), ((120, 40), "12:35", 9),
    ((200, 60), "09:20", 1), ((200, 60), "12:35", 9), ((200, 60), "13:05", 10)])
async def test_the_grid_opens_on_the_running_round(demo_file, size, hhmm, focus):
    """Before the day, in a round, in the break, late in the day, in the last round: the
    round that matters now and the one before it are on screen, the cursor on it."""
    app = make_floor_app(demo_file, FixedClock(at(hhmm)), backups=False)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        await until(pilot, lambda: focus in rounds_in_view(app)
                    and (focus == 1 or focus - 1 in rounds_in_view(app)),
                    f"round {focus} and the one before in view at {hhmm}")
        assert details(app).startswith(f"T1 · round {focus} ·")


async def test_the_grid_follows_the_clock_unless_the_manager_looks_elsewhere(demo_file):
    clock = FixedClock(at("10:29"))
    app = make_floor_app(demo_file, clock, backups=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await go_to(pilot, app, "T5", 3)  # down the running round: still following
        clock.set(at("10:31"))  # round 4 begins
        await until(pilot, lambda: details(app).startswith("T5 · round 4 ·")
                    and rounds_in_view(app)[:2] == [3, 4], "the grid on round 4")
        await pilot.press("left", "left")  # back to round 2, on purpose
        await until(pilot, lambda: details(app).startswith("T5 · round 2 ·"), "round 2")
        clock.set(at("10:51"))  # round 5 begins: the manager is reading round 2
        await until(pilot, lambda: "Round 5 of 10" in header(app), "round 5 in the header")
        await pilot.pause(1.5)  # a tick or more
        assert details(app).startswith("T5 · round 2 ·") and 2 in rounds_in_view(app)
        await pilot.press("full_stop")  # "Now": back to the running round
        await until(pilot, lambda: details(app).startswith("T5 · round 5 ·")
                    and rounds_in_view(app)[:2] == [4, 5], "the grid back on round 5")


async def test_after_quiet_minutes_the_next_round_brings_the_grid_back(demo_file,
                                                                      monkeypatch):
    monkeypatch.setattr(grid_module, "FOLLOW_AGAIN_SECONDS", 0.5)
    clock = FixedClock(at("10:29"))
    app = make_floor_app(demo_file, clock, backups=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app)
        await pilot.press("left")
        await until(pilot, lambda: details(app).startswith("T1 · round 2 ·"), "round 2")
        await pilot.pause(0.6)  # the manager leaves the keyboard
        clock.set(at("10:31"))
        await until(pilot, lambda: details(app).startswith("T1 · round 4 ·")
                    and rounds_in_view(app)[:2] == [3, 4], "the grid on round 4 again")


def drawn_text(widget) -> str:
    """A widget's text as it is seen: drawn at its size, cut where its parent ends."""
    seen = min(widget.size.width, widget.parent.content_size.width)
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.crop(0, seen).text for strip in strips)


async def test_a_question_wraps_so_both_people_are_read_before_yes(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await go_to(pilot, app, "T7", 3)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), "the question")
        await pilot.pause()
        question = " ".join(drawn_text(app.screen.query_one(".dialog-title")).split())
        m = read_meetings.live_meeting_at(demo_db, 3, "T7")
        for pid in (m["a"], m["b"]):
            person = read_people.participant(demo_db, pid)
            assert f"{person['name']} · {person['organisation']}" in question
        assert question.endswith("?")
        await pilot.press("n")
