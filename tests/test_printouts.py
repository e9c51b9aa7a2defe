"""Agendas, table signs and the catalogue: one page each where promised, every script
printed (the text read back with pypdf), the badge QR scannable, reprints marking what
changed."""

import json
import re
from datetime import datetime

import pytest
from helpers import pdf_pages, pdf_qr_codes, run_floor

from db import read_event, read_meetings, read_people
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.domain.errors import Refused
from floor.ops.badges import issue_tokens
from floor.ops.demo import build_demo
from floor.output.agendas import record_path, write_agendas
from floor.output.catalogue import write_catalogue
from floor.output.signs import write_signs
from floor.views import badge

NOW = datetime(2026, 11, 26, 8, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = build_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    db = connect(path)
    issue_tokens(db, clock=FixedClock(NOW))
    db.conn.close()
    return path


@pytest.fixture
def demo_copy(demo, tmp_path):
    """The module's demo, copied for a test that writes to it."""
    path = tmp_path / "event.db"
    path.write_bytes(demo.read_bytes())
    return path


def test_one_agenda_page_per_participant_with_greek_names(demo, tmp_path):
    db = connect(demo, readonly=True)
    out = tmp_path / "agendas.pdf"
    agendas = write_agendas(db, out, now=NOW)
    text = pdf_pages(out)
    by_id = {p["id"]: p for p in read_people.participants(db)}
    people = [by_id[a.person["id"]] for a in agendas]  # A to Z: tests/test_find.py
    assert len(text) == len(by_id) == len(agendas) == 25
    for page, person in zip(text, people):
        assert person["name"] in page and person["organisation"] in page
    gr01 = text[[p["id"] for p in people].index("GR01")]
    assert "Γιώργος Παπαδόπουλος" in gr01 and "Hymettus Software" in gr01
    assert "11:10–11:30" in gr01 and "Break" in gr01  # the coffee break
    assert "09:30–09:50" in gr01 and "Azur IoT" in gr01  # first meeting, partner
    assert "Updated" not in gr01  # no record given: no comparison
    # each page's QR code scans as that person's badge
    assert pdf_qr_codes(out) == [[badge.valid_token_for(db, p["id"])] for p in people]


def test_a_reprint_marks_what_changed(demo_copy, tmp_path):
    db = connect(demo_copy)
    record = record_path(demo_copy)
    assert record.name == "event.printed.json"
    write_agendas(db, tmp_path / "first.pdf", now=NOW, record=record)
    assert set(json.loads(record.read_text())["agendas"]) == {
        p["id"] for p in read_people.participants(db)}
    clock = FixedClock(datetime(2026, 11, 26, 10, 16))
    later = read_meetings.meetings(db, participant_id="GR01", live_only=True)[-1]  # round 8, T4
    ops.move(db, later["id"], table="T12", clock=clock)
    cancelled = read_meetings.meetings(db, participant_id="GR01", live_only=True)[-2]
    ops.cancel(db, cancelled["id"], clock=clock)
    again = write_agendas(db, tmp_path / "second.pdf", now=clock.now(),
                          participant_ids=["GR01", "FR01"], record=record)
    assert [a.changes for a in again] == [2, 0]
    gr01, fr01 = pdf_pages(tmp_path / "second.pdf")
    assert "Updated 10:16: 2 change(s) since your agenda of 2026-11-26 08:30" in gr01
    assert "► 12:10–12:30" in gr01 and "(was table T4)" in gr01
    assert "no meeting any more (was table" in gr01
    assert "no change since your agenda" in fr01
    # printed again: nothing new since
    third = write_agendas(db, tmp_path / "third.pdf", now=clock.now(),
                          participant_ids=["GR01"], record=record)
    assert third[0].changes == 0
    assert "Updated" not in pdf_pages(tmp_path / "third.pdf")[0]


def test_one_sign_per_table_with_the_meetings_held_there(demo, tmp_path):
    db = connect(demo, readonly=True)
    out = tmp_path / "signs.pdf"
    assert write_signs(db, out, now=NOW) == 12
    text = pdf_pages(out)
    assert len(text) == len(read_event.tables(db)) == 12
    for page, table in zip(text, read_event.tables(db)):
        assert f"\nTABLE\n{table}\n" in page
        listed = [int(r) for r in re.findall(r"^\d\d:\d\d  R(\d+) ", page, re.M)]
        at_table = [m["round"] for m in read_meetings.meetings(db, live_only=True)
                    if m["table_name"] == table]
        assert listed == sorted(at_table), table
    assert "09:30  R1 Murgia Digital (IT) – " in text[0]  # IT01's home table
    with pytest.raises(Refused, match="there is no table 'T99'"):
        write_signs(db, out, now=NOW, tables=["T99"])


# The demo's organisations A to Z, accents folded (Għargħur as Gharghur).
A_TO_Z = ["Atelier Calanque", "Athena XR Labs", "Azur IoT", "Basento Cloud",
          "Blue Grotto Systems", "Għargħur Design Co", "Gozo Film Hub", "Hymettus Software",
          "Kerameikos Media", "Kyklos Design", "Lucania Film Lab", "Marseille Médias",
          "Matera Heritage XR", "Mdina Heritage Media", "Mistral Objets", "Murgia Digital",
          "Plaka Design Studio", "Pnyx Analytics", "Pollino Games", "Sassi Design Lab",
          "Sliema Creative", "Sophia Data Labs", "Studio Lumière Sud", "Tufo Studio",
          "Valletta Pixel Works"]


def test_the_catalogue_lists_every_organisation_a_to_z_with_its_people(demo, tmp_path):
    db = connect(demo, readonly=True)
    out = tmp_path / "catalogue.pdf"
    assert write_catalogue(db, out, now=NOW) == 25
    text = "\n".join(pdf_pages(out))
    # an organisation's heading: its name, its country and its sector
    headings = re.findall(r"^(?!\d\d:\d\d)(.+) [A-Z][a-z]+ \((?:IT|FR|GR|MT)\) · ", text, re.M)
    assert headings == A_TO_Z
    for person in read_people.participants(db):
        assert re.search(rf"^{person['name']} \({person['id']}[,)]", text, re.M), person["id"]
    assert "Κώστας Μαυρίδης" in text and "Ġużeppi Ċaħħ" in text


def test_the_printout_commands(demo_copy, tmp_path):
    at = ["--now", "09:00", "--speed", "0"]
    result = run_floor("agendas", "--db", demo_copy, "-o", tmp_path / "a.pdf",
                       "--only", "GR01,IT01", *at)
    assert result.exit_code == 0, result.output
    assert "2 agenda(s)" in result.stdout and len(pdf_pages(tmp_path / "a.pdf")) == 2
    assert (tmp_path / "event.printed.json").exists()
    unknown = run_floor("agendas", "--db", demo_copy, "--only", "XX9", *at)
    assert unknown.exit_code == 1
    assert unknown.stderr == "refused: no participant with id 'XX9'\n"
    result = run_floor("signs", "--db", demo_copy, "-o", tmp_path / "s.pdf",
                       "--table", "T1", "--table", "T2")
    assert result.exit_code == 0 and len(pdf_pages(tmp_path / "s.pdf")) == 2
    result = run_floor("catalogue", "--db", demo_copy, "-o", tmp_path / "c.pdf")
    assert result.exit_code == 0 and "25 organisation(s)" in result.stdout


@pytest.mark.parametrize("where", ["a folder", "a missing folder"])
def test_badges_to_a_place_that_cannot_hold_the_pdf_issue_no_badge(event_file, tmp_path,
                                                                   where):
    output = tmp_path if where == "a folder" else tmp_path / "nope" / "badges.pdf"
    result = run_floor("badges", "--db", event_file, "-o", output)
    assert result.exit_code == 2 and "'-o'" in result.stderr
    db = connect(event_file)
    assert db.execute("SELECT count(*) FROM token").fetchone()[0] == 0
    db.conn.close()
