"""The desk registering a walk-in, as the floor manager and the door do it: a country by
its name or code, the event's own spelling of a sector, a badge at once, and a refusal
that keeps what was typed."""

import pytest
from helpers import DEMO_NOW
from pilot_helpers import plain, until

from db import journal, read_people, scans
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.tui.manager.app import make_floor_app
from floor.tui.manager.panels import FloorHeader
from floor.tui.walkin_form import WalkInForm


@pytest.fixture
def demo_db(demo_file):
    database = connect(demo_file)
    yield database
    database.conn.close()


@pytest.mark.parametrize("typed,code", [("Malta", "MT"), ("malta", "MT"), ("mt", "MT"),
                                        ("GRC", "GR"), ("Italian Republic", "IT")])
def test_a_country_is_taken_by_its_name_or_its_code(demo_db, typed, code):
    done = ops.add_participant(demo_db, name="Ann Vella", organisation="Xlendi Labs",
                               country=typed, clock=FixedClock(DEMO_NOW))
    assert read_people.participant(demo_db, done.changes[0]["k"]["id"])["country"] == code


def test_a_country_nobody_knows_is_refused_in_words(demo_db):
    before = journal.last_id(demo_db)
    with pytest.raises(ops.Refused, match="'Atlantis': not a country floor knows"):
        ops.add_participant(demo_db, name="Ann", organisation="Org", country="Atlantis",
                            clock=FixedClock(DEMO_NOW))
    assert journal.last_id(demo_db) == before


def test_a_sector_takes_the_spelling_the_event_already_uses(demo_db):
    done = ops.add_participant(demo_db, name="Ann Vella", organisation="Xlendi Labs",
                               country="MT", sector=" ict ", clock=FixedClock(DEMO_NOW))
    assert read_people.participant(demo_db, done.changes[0]["k"]["id"])["sector"] == "ICT"
    done = ops.add_participant(demo_db, name="Bo", organisation="Org", country="MT",
                               sector="Aquaculture", clock=FixedClock(DEMO_NOW))
    assert read_people.participant(demo_db, done.changes[0]["k"]["id"])["sector"] == \
        "Aquaculture"  # a new sector stays as typed


def header(app) -> str:
    return plain(app.query_one(FloorHeader))


async def test_a_walk_in_at_the_floor_gets_a_badge_in_the_same_action(demo_file, demo_db):
    app = make_floor_app(demo_file, FixedClock(DEMO_NOW), backups=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: "checked in" in header(app), "the floor to open")
        before = journal.last_id(demo_db)
        await pilot.press("w")
        for value in ("Ναταλία Ιωάννου", "Acropolis Apps", "Greece", "ict"):
            await pilot.press(*value, "enter")
        await until(pilot, lambda: read_people.participant(demo_db, "W001") is not None,
                    "the walk-in in the file")
    person = read_people.participant(demo_db, "W001")
    assert (person["country"], person["sector"], bool(person["checked_in_at"])) == (
        "GR", "ICT", True)
    assert scans.valid_token(demo_db, "W001") is not None  # badged at once
    [entry] = journal.entries(demo_db, after_id=before)  # one action, one undo
    assert entry["action"] == "add-participant"


async def test_a_refused_walk_in_at_the_floor_keeps_what_was_typed(demo_file, demo_db):
    app = make_floor_app(demo_file, FixedClock(DEMO_NOW), backups=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: "checked in" in header(app), "the floor to open")
        await pilot.press("w")
        for value in ("Ann Vella", "Xlendi Labs", "Atlantis", "ICT"):
            await pilot.press(*value, "enter")
        await until(pilot, lambda: isinstance(app.screen, WalkInForm) and "not registered"
                    in plain(app.screen.query_one("#walkin-error")), "the form again")
        typed = [app.screen.query_one(f"#walkin-{k}").value
                 for k in ("name", "organisation", "country", "sector")]
    assert typed == ["Ann Vella", "Xlendi Labs", "Atlantis", "ICT"]
    assert read_people.participant(demo_db, "W001") is None
