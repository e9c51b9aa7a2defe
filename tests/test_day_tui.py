"""The Day screen: the day's figures, live from the change feed."""

import pytest
from helpers import DEMO_NOW
from pilot_helpers import check_in_from_another_process, plain, until

from textual.screen import ModalScreen

from db import journal, read_meetings, read_people
from db.connection import ConnectionPool, connect
from floor.domain.clock import FixedClock
from floor.domain.vocabulary import (
    HELD,
    HELD_CONFIRMED_WORDS,
    HELD_PRESUMED_WORDS,
    OUTCOME_SHORT_WORDS,
)
from floor.ops.outcomes import record_outcome
from floor.tui.day.screen import DayScreen, make_day_app
from floor.tui.manager.app import make_floor_app

INFORMATIVE = "informative"


def panel(app, panel_id: str) -> str:
    return plain(app.screen.query_one(f"#{panel_id}"))


def here_of(app) -> str:
    """The "all" line of the participants panel: here, of, absent."""
    return next(line.strip() for line in panel(app, "day-people").splitlines()
                if line.strip().startswith("all "))


async def shown(pilot, app) -> None:
    await until(pilot, lambda: isinstance(app.screen, DayScreen)
                and "The day · " in panel(app, "day-header"), "the figures")


@pytest.mark.slow  # a second Python process
async def test_figures_show_and_follow_a_check_in_from_another_process(demo_file):
    app = make_day_app(demo_file, FixedClock(DEMO_NOW), poll_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await shown(pilot, app)
        assert here_of(app).split()[1:3] == ["23", "25"]
        header = panel(app, "day-header")
        assert "round 3 of 10" in header and "10:16:00" in header
        check_in_from_another_process(demo_file, "GR05", DEMO_NOW)
        await until(pilot, lambda: here_of(app).split()[1:3] == ["24", "25"],
                    "the new check-in in the figures")


def outcome_count(app, outcome: str) -> str:
    word = OUTCOME_SHORT_WORDS[outcome]
    line = next(line.strip() for line in panel(app, "day-outcomes").splitlines()
                if line.strip().startswith(word))
    return line.split()[-1]


async def test_a_lent_pool_follows_the_floor_screens_writes_and_escape(demo_file):
    pool = ConnectionPool(demo_file)  # the floor screen's, lent to the Day screen
    try:
        app = make_day_app(pool, FixedClock(DEMO_NOW), poll_seconds=0.05)
        async with app.run_test(size=(160, 48)) as pilot:
            await shown(pilot, app)
            assert outcome_count(app, INFORMATIVE) == "0"
            with pool.borrow() as db:  # the floor screen records an outcome
                m = next(m for m in read_meetings.meetings(db) if m["status"] == HELD)
                record_outcome(db, m["id"], INFORMATIVE, clock=FixedClock(DEMO_NOW))
            await until(pilot, lambda: outcome_count(app, INFORMATIVE) == "1",
                        "the outcome in the figures")
            await pilot.press("escape")  # standalone: Escape closes the app
            await pilot.pause()
        assert app.return_code == 0
        with pool.borrow() as db:  # the Day screen closed its feed, not the lent pool
            assert read_meetings.meeting(db, m["id"], with_outcome=True)["outcome"] == INFORMATIVE
    finally:
        pool.close()


@pytest.mark.parametrize("size", [(120, 40), (160, 48)])
def test_day_snapshot(snap_compare, demo_file, size):
    app = make_day_app(demo_file, FixedClock(DEMO_NOW))

    async def ready(pilot):
        await shown(pilot, app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


async def test_over_the_floor_the_day_screen_keys_leave_the_grid_alone(demo_file):
    """c, u, a, n… pressed on the Day screen: no dialog, no second Day screen, the file
    unchanged; Escape goes back to the floor, whose keys work again."""
    db = connect(demo_file)
    before = journal.last_id(db)
    app = make_floor_app(demo_file, FixedClock(DEMO_NOW), backups=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.snapshot is not None, "the floor")
        await pilot.press("d")
        await shown(pilot, app)
        day = app.screen
        await pilot.press("c", "u", "a", "n", "d", "h", "i", "e", "m", "s", "w", "f", "o",
                          "U", "j", "r", "enter", "y")
        await pilot.pause(0.3)
        assert app.screen is day and len(app.screen_stack) == 2
        assert not any(isinstance(s, ModalScreen) for s in app.screen_stack)
        assert journal.last_id(db) == before
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DayScreen), "the floor again")
        await pilot.press("c")  # the floor's own key, on the floor: its dialog
        await until(pilot, lambda: isinstance(app.screen, ModalScreen), "the cancel dialog")
    db.conn.close()


def meetings_row(app, word: str) -> list[str]:
    line = next(line.strip() for line in panel(app, "day-meetings").splitlines()
                if line.strip().startswith(word + " ") or line.strip() == word)
    return line.removeprefix(word).split()


async def test_a_round_over_with_both_here_counts_as_held_presumed(demo_file):
    """At 10:31 round 3 is over: nobody marked its meetings held, the grid paints those
    with both people here as held, and so do the figures, saying which are presumed."""
    db = connect(demo_file)
    after_round_3 = DEMO_NOW.replace(minute=31)
    both_here = [m for m in read_meetings.meetings(db, round_no=3, live_only=True)
                 if all(read_people.participant(db, p)["checked_in_at"]
                        for p in (m["a"], m["b"])) and m["status"] != HELD]
    confirmed = len([m for m in read_meetings.meetings(db) if m["status"] == HELD])
    db.conn.close()
    assert both_here  # the demo leaves round 3 unmarked
    app = make_day_app(demo_file, FixedClock(after_round_3))
    async with app.run_test(size=(160, 48)) as pilot:
        await shown(pilot, app)
        assert meetings_row(app, "held")[0] == str(confirmed + len(both_here))
        assert meetings_row(app, HELD_CONFIRMED_WORDS) == [str(confirmed)]
        assert meetings_row(app, HELD_PRESUMED_WORDS) == [str(len(both_here))]
        round_3 = next(line.split() for line in panel(app, "day-rounds").splitlines()
                       if line.strip().startswith("R3 "))
        assert round_3[2] == str(len(both_here))  # held in round 3
