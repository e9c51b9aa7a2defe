"""The Day screen: the day's figures, live from the change feed."""

from datetime import datetime

import pytest

from db import read_meetings
from db.connection import ConnectionPool, connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.ops.demo import build_demo
from floor.ops.outcomes import record_outcome
from floor.tui.day.screen import DayScreen, make_day_app

DEMO_NOW = datetime(2026, 11, 26, 10, 16)


@pytest.fixture
def demo_file(tmp_path):
    return build_demo(tmp_path / "demo.db")


async def settle(pilot, app, until=lambda s: s.loads > 0, tries=60):
    for _ in range(tries):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, DayScreen) and screen.figures is not None and until(screen):
            return screen
    raise AssertionError("the Day screen did not settle")


async def test_figures_show_and_follow_a_check_in_from_another_connection(demo_file):
    app = make_day_app(demo_file, FixedClock(DEMO_NOW), poll_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot, app)
        assert screen.figures["participants"]["checked_in"] == 23
        header = str(screen.query_one("#day-header").render())
        assert "round 3 of 10" in header and "10:16:00" in header
        other = connect(demo_file)  # the door, in another process
        ops.check_in(other, "GR05", clock=FixedClock(DEMO_NOW), station="door 1")
        other.conn.close()
        screen = await settle(pilot, app, lambda s: s.figures["participants"]["checked_in"]
                              == 24)
        assert screen.loads >= 2


async def test_a_pool_lender_and_escape(demo_file):
    pool = ConnectionPool(demo_file)
    try:
        app = make_day_app(pool.borrow, FixedClock(DEMO_NOW), poll_seconds=0.05)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot, app)
            with pool.borrow() as db:  # the floor screen records an outcome
                m = next(m for m in read_meetings.meetings(db, with_outcome=True) if m["status"] == "held")
                record_outcome(db, m["id"], "informative", clock=FixedClock(DEMO_NOW))
            await settle(pilot, app, lambda s: s.figures["outcomes"]["by_outcome"]
                                  ["informative"] == 1)
            await pilot.press("escape")  # standalone: Escape closes the app
            await pilot.pause()
        assert app.return_code == 0
    finally:
        pool.close()


@pytest.mark.parametrize("size", [(120, 40), (160, 48)])
def test_day_snapshot(snap_compare, demo_file, size):
    app = make_day_app(demo_file, FixedClock(DEMO_NOW))

    async def ready(pilot):
        await settle(pilot, app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)
