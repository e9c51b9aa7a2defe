"""Agendas, table signs and the catalogue: one page each where promised, every script
printed (the text read back with pypdf), reprints marking what changed."""

import json
from datetime import datetime

import pytest

from floor.domain.errors import Refused
from click.testing import CliRunner

from db import read_event, read_meetings, read_people
from db.connection import connect
from floor import ops
from floor.cli import cli
from floor.domain.clock import FixedClock
from floor.ops.badges import issue_tokens
from floor.ops.demo import build_demo
from floor.output.agendas import record_path, write_agendas
from floor.output.catalogue import write_catalogue
from floor.output.signs import write_signs

pypdf = pytest.importorskip("pypdf")

NOW = datetime(2026, 11, 26, 8, 30)


def pages(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = build_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    db = connect(path)
    issue_tokens(db, clock=FixedClock(NOW))
    db.conn.close()
    return path


def test_one_agenda_page_per_participant_with_greek_names(demo, tmp_path):
    db = connect(demo, readonly=True)
    out = tmp_path / "agendas.pdf"
    agendas = write_agendas(db, out, now=NOW)
    text = pages(out)
    people = read_people.participants(db)
    assert len(text) == len(people) == len(agendas) == 25
    for page, person in zip(text, people):
        assert person["name"] in page and person["organisation"] in page
    gr01 = text[[p["id"] for p in people].index("GR01")]
    assert "Γιώργος Παπαδόπουλος" in gr01 and "Hymettus Software" in gr01
    assert "11:10–11:30" in gr01 and "Break" in gr01  # the coffee break
    assert "09:30–09:50" in gr01 and "Azur IoT" in gr01  # first meeting, partner
    assert "Updated" not in gr01  # no record given: no comparison
    # the badge QR is on every page
    reader = pypdf.PdfReader(out)
    assert all(page["/Resources"]["/XObject"] for page in reader.pages)


def test_a_reprint_marks_what_changed(demo, tmp_path):
    path = tmp_path / "event.db"
    path.write_bytes(demo.read_bytes())
    db = connect(path)
    record = record_path(path)
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
    gr01, fr01 = pages(tmp_path / "second.pdf")
    assert "Updated 10:16: 2 change(s) since your agenda of 2026-11-26 08:30" in gr01
    assert "► 12:10–12:30" in gr01 and "(was table T4)" in gr01
    assert "no meeting any more (was table" in gr01
    assert "no change since your agenda" in fr01
    # printed again: nothing new since
    third = write_agendas(db, tmp_path / "third.pdf", now=clock.now(),
                          participant_ids=["GR01"], record=record)
    assert third[0].changes == 0


def test_one_sign_per_table(demo, tmp_path):
    db = connect(demo, readonly=True)
    out = tmp_path / "signs.pdf"
    assert write_signs(db, out, now=NOW) == 12
    text = pages(out)
    assert len(text) == len(read_event.tables(db)) == 12
    assert "T1" in text[0] and "Murgia Digital (IT)" in text[0]
    assert "09:30" in text[0] and "12:50" in text[0]
    t5 = text[4]
    assert "T5" in t5
    with pytest.raises(Refused, match="there is no table 'T99'"):
        write_signs(db, out, now=NOW, tables=["T99"])


def test_the_catalogue_lists_every_organisation_and_meeting(demo, tmp_path):
    db = connect(demo, readonly=True)
    out = tmp_path / "catalogue.pdf"
    assert write_catalogue(db, out, now=NOW) == 25
    text = "".join(pages(out))
    for person in read_people.participants(db):
        assert person["organisation"] in text and person["name"] in text
    assert "Κώστας Μαυρίδης" in text and "Ġużeppi Ċaħħ" in text
    assert text.index("Atelier Calanque") < text.index("Zabbar") if "Zabbar" in text \
        else text.index("Atelier Calanque") < text.index("Valletta Pixel Works")


def test_the_printout_commands(demo, tmp_path):
    path = tmp_path / "event.db"
    path.write_bytes(demo.read_bytes())
    runner = CliRunner()
    at = ["--now", "09:00", "--speed", "0"]
    result = runner.invoke(cli, ["agendas", "--db", str(path), "-o", str(tmp_path / "a.pdf"),
                                             "--only", "GR01,IT01", *at])
    assert result.exit_code == 0, result.output
    assert "2 agenda(s)" in result.output and len(pages(tmp_path / "a.pdf")) == 2
    assert (tmp_path / "event.printed.json").exists()
    unknown = runner.invoke(cli, ["agendas", "--db", str(path), "--only", "XX9", *at])
    assert unknown.exit_code == 1 and "no participant with id 'XX9'" in unknown.output
    result = runner.invoke(cli, ["signs", "--db", str(path), "-o", str(tmp_path / "s.pdf"),
                                           "--table", "T1", "--table", "T2"])
    assert result.exit_code == 0 and len(pages(tmp_path / "s.pdf")) == 2
    result = runner.invoke(cli, ["catalogue", "--db", str(path), "-o",
                                               str(tmp_path / "c.pdf")])
    assert result.exit_code == 0 and "25 organisation(s)" in result.output
