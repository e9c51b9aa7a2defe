"""Who is not here yet: late for a meeting that has started first, then by how soon the
next meeting starts, then those with no meeting left; the absent and the checked in are
not listed (the view, `floor people --not-arrived`, the floor's `l` list)."""

import pytest
from helpers import AT_0905, run_floor
from pilot_helpers import until

from floor import ops
from floor.domain.clock import FixedClock
from floor.tui.manager.app import make_floor_app
from floor.tui.manager.arrivals import ArrivalsScreen
from floor.tui.manager.person import PersonScreen
from floor.views.arrivals import not_arrived

# At 09:05 round 1 (09:00-09:20) runs: A1 meets A2 at T1, A3 meets A4 at T3.


@pytest.fixture
def morning(db, clock):
    """A2 and A3 are here, so A1 and A4 are late for round 1; A5 (here from 10:00) gets a
    meeting in round 3 with A2, A6 one in round 2 with A3."""
    ops.check_in(db, "A2", clock=clock, station="door 1")
    ops.check_in(db, "A3", clock=clock, station="door 1")
    ops.add_meeting(db, "A5", "A2", 3, clock=clock)
    ops.add_meeting(db, "A6", "A3", 2, clock=clock)
    return db


def test_late_ones_first_then_by_how_soon_the_next_meeting_starts(morning):
    awaited = not_arrived(morning, AT_0905)
    assert [a.person["id"] for a in awaited] == ["A1", "A4", "A6", "A5"]
    assert [a.late for a in awaited] == [True, True, False, False]
    assert [a.minutes for a in awaited] == [-5, -5, 15, 55]
    first = awaited[0]
    assert first.next_meeting.partner_name == "Élodie Lefèvre" and first.next_meeting.table == "T1"
    assert first.when() == "LATE 5 min"


def test_the_checked_in_and_the_absent_are_not_waited_for(morning, clock):
    ops.check_in(morning, "A1", clock=clock)
    ops.mark_absent(morning, "A4", clock=clock)
    assert [a.person["id"] for a in not_arrived(morning, AT_0905)] == ["A6", "A5"]


def test_equally_late_a_to_z_and_no_meeting_left_last(db):
    awaited = not_arrived(db, AT_0905)  # nobody is here: round 1's four are all late
    assert [a.person["id"] for a in awaited] == ["A2", "A1", "A3", "A4", "A6", "A5"]
    assert awaited[-1].when() == "no meeting left" and awaited[-1].next_meeting is None


def test_floor_people_not_arrived(morning, event_file):
    result = run_floor("people", "--not-arrived", "--db", event_file, "--now", "09:05",
                       "--speed", "0")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["A1", "A4", "A6", "A5"]
    assert lines[0] == ("A1  Γιώργος Παπαδόπουλος  Hymettus Software  LATE 5 min  09:00 "
                        "round 1 at T1 with Élodie Lefèvre (Atelier Calanque, here)")
    assert "in 15 min  09:20 round 2 at" in lines[2]
    assert "4 not here yet" in result.stderr


async def test_the_floor_lists_who_is_not_here_and_opens_a_card(morning, event_file):
    app = make_floor_app(event_file, FixedClock(AT_0905), backups=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: app.snapshot is not None, "the floor to open")
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, ArrivalsScreen)
                    and app.screen.awaited is not None, "the list")
        listed = app.screen.query_one("OptionList")
        shown = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert [line.split()[0] for line in shown] == ["A1", "A4", "A6", "A5"]
        assert "LATE 5 min" in shown[0] and "Élodie Lefèvre" in shown[0]
        title = str(app.screen.query_one("#arrivals-title").content)
        assert title == "Not here yet: 4, 2 late for a meeting that has started"
        await pilot.press("down", "enter")  # A4
        await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.card,
                    "A4's card")
        await pilot.press("i")  # checked in from the card: gone from the list behind it
        await until(pilot, lambda: app.screen.card.here, "the check-in")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ArrivalsScreen)
                    and [a.person["id"] for a in app.screen.awaited] == ["A1", "A6", "A5"],
                    "the list without A4")
