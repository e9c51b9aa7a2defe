"""A person's card over the floor: what it shows (who, contact, here or not, the day,
what changed for them today, the agenda's print state) and what it does (check in,
absent, add a meeting, reprint one agenda or every changed one), each checked in the file;
reached from Find and from the grid's selected meeting. Snapshots at 80x24 and 160x48."""

from datetime import datetime

import pytest
from helpers import DEMO_NOW, pdf_pages
from pilot_helpers import notifications, plain, until

from db import journal, read_meetings, read_people
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.output.agendas import record_path, write_agendas
from floor.tui.manager.app import make_floor_app
from floor.tui.manager.grid import FloorGrid
from floor.tui.manager.modals import ChoiceModal, ConfirmModal, FindModal
from floor.tui.manager.person import PersonScreen


@pytest.fixture
def demo_db(demo_file):
    database = connect(demo_file)
    yield database
    database.conn.close()


def app_for(path):
    return make_floor_app(path, FixedClock(DEMO_NOW), backups=False)


def card_text(app) -> str:
    return "\n".join(plain(w) for w in app.screen.query("#card Static, #card Label"))


async def opened(pilot, app) -> None:
    await until(pilot, lambda: app.snapshot is not None, "the floor to open")


async def find_card(pilot, app, text: str) -> None:
    await pilot.press("f", *text, "enter")
    await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.card,
                f"the card found by {text!r}")


async def test_found_by_a_latin_spelling_the_card_shows_the_person_and_their_day(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await find_card(pilot, app, "mavridis")
        text = card_text(app)
        for seen in ("Κώστας Μαυρίδης  GR05", "Pnyx Analytics · CTO", "Greece (GR) · ICT",
                     "k.mavridis@pnyxanalytics.gr", "not checked in",
                     "Go to table T7 now (round 3, until 10:30): Céline Maréchal (Azur IoT) "
                     "is there", "10:10–10:30  T7     Céline Maréchal · Azur IoT",
                     "12:50–13:10  T5     Ġużeppi Ċaħħ · Valletta Pixel Works",
                     "What changed for them today", "nothing yet", "agenda not printed yet"):
            assert seen in text, seen
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, PersonScreen), "the floor again")


async def test_no_match_is_said_in_the_find_list(demo_file):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await pilot.press("f", *"xylophone")
        none = app.screen.query_one("#search-none")
        await until(pilot, lambda: "no match for 'xylophone'" in plain(none), "no match")
        assert none.display and app.screen.query_one("OptionList").option_count == 0
        await pilot.press("enter")  # nothing to open: the search stays
        assert not isinstance(app.screen, PersonScreen)


async def test_check_in_then_absent_from_the_card(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await opened(pilot, app)
        await find_card(pilot, app, "mavridis")
        await pilot.press("i")
        await until(pilot, lambda: app.screen.card.here, "the check-in on the card")
        assert read_people.participant(demo_db, "GR05")["checked_in_at"] == "2026-11-26T10:16:00"
        await until(pilot, lambda: "manager: GR05 Κώστας Μαυρίδης (Pnyx Analytics) checked in "
                                   "at manager" in card_text(app), "the journal line")
        assert "checked in 10:16 at manager" in card_text(app)
        entries = journal.last_id(demo_db)
        await pilot.press("i")  # again: said, nothing written
        await until(pilot, lambda: any("is checked in already" in n
                                       for n in notifications(app)), "the answer")
        assert journal.last_id(demo_db) == entries

        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), "the question")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.card.absent,
                    "the absence on the card")
        assert read_people.participant(demo_db, "GR05")["absent_at"] == "2026-11-26T10:16:00"
        later = [m for m in read_meetings.meetings(demo_db, participant_id="GR05",
                                                   live_only=True) if m["round"] > 3]
        assert later == []  # released
        assert "absent for the day since 10:16 (checked in 10:16)" in card_text(app)
        assert app.screen.card.open_rounds == []


async def test_add_a_meeting_from_the_card(demo_file, demo_db):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot, app)
        await find_card(pilot, app, "mavridis")
        assert app.screen.card.open_rounds == [5, 7, 9]
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), "the rounds")
        await pilot.press("enter")  # round 5, the first one free
        await until(pilot, lambda: isinstance(app.screen, FindModal), "who to meet")
        await pilot.press(*"fr06", "enter")  # Hélène Castellan is free in round 5
        await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                    and 5 not in app.screen.card.open_rounds, "the new meeting on the card")
        m = read_meetings.live_meeting_of(demo_db, "GR05", 5)
        assert {m["a"], m["b"]} == {"GR05", "FR06"}
        assert f"10:50–11:10  {m['table_name']}" in card_text(app)
        assert "Hélène Castellan · Mistral Objets" in card_text(app)


@pytest.mark.slow  # two agenda PDFs drawn (fonts loaded) while the screen runs
async def test_reprint_every_changed_agenda_then_one_from_the_grid(demo_file, demo_db):
    morning = FixedClock(datetime(2026, 11, 26, 8, 30))
    write_agendas(demo_db, demo_file.with_name("morning.pdf"), now=morning.now(),
                  record=record_path(demo_file))
    gr01_round_8 = read_meetings.live_meeting_of(demo_db, "GR01", 8)
    ops.move(demo_db, gr01_round_8["id"], table="T12", clock=FixedClock(DEMO_NOW))
    app = app_for(demo_file)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await opened(pilot, app)
        app.query_one(FloorGrid).select("T5", 3)  # GR01 meets FR02 there
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), "whose card")
        await pilot.press("down", "enter")  # the second of the two: GR01
        await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.card,
                    "GR01's card")
        assert app.screen.card.person["id"] == "GR01"
        assert "agenda printed 08:30: 1 change(s) since, reprint it (p)" in card_text(app)

        await pilot.press("P")
        changed = demo_file.with_name("demo.agenda-changed-101600.pdf")
        await until(pilot, lambda: any(f"Wrote {changed}: 2 changed agenda(s)." in n
                                       for n in notifications(app)), "the batch", 90)
        partner, mine = pdf_pages(changed)  # the moved meeting is on both agendas, A to Z
        assert "Angela Pietrafesa" in partner and "Updated 10:16: 1 change(s)" in partner
        assert "Γιώργος Παπαδόπουλος" in mine and "Updated 10:16: 1 change(s)" in mine
        await until(pilot, lambda: "agenda printed 10:16: still true" in card_text(app),
                    "the card's print state")

        await pilot.press("p")
        one = demo_file.with_name("demo.agenda-GR01-101600.pdf")
        await until(pilot, lambda: any(f"Wrote {one}: the agenda of Γιώργος Παπαδόπουλος." in n
                                       for n in notifications(app)), "the reprint", 90)
        (page,) = pdf_pages(one)
        assert "no change since your agenda of 2026-11-26 10:16" in page

        await pilot.press("P")
        await until(pilot, lambda: any("No agenda changed since it was printed" in n
                                       for n in notifications(app)), "nothing to do", 90)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_person_card_snapshot(snap_compare, demo_file, size):
    app = app_for(demo_file)

    async def ready(pilot):
        await opened(pilot, app)
        await find_card(pilot, app, "papadopoulos")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)
