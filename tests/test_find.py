"""Finding anyone: part of a name, an organisation, an email, an id or a table, across
scripts and accents, one typo forgiven, "no match" said as such (the view, `floor find`,
`floor people`), and printouts filed A to Z by the name in Latin letters."""

import pytest
from helpers import AT_0905, PARTICIPANTS, pdf_pages, run_floor, write_folder

from db.connection import connect
from floor import ops
from floor.eventfolder import import_event
from floor.ops.badges import issue_tokens
from floor.output.agendas import write_agendas
from floor.output.badges import badges_for
from floor.views.find import find_people, match

GREEKS = PARTICIPANTS + """\
A7,Κώστας Μαυρίδης,Pnyx Analytics,GR,ICT,CTO,k@pnyx.gr,,,
A8,Σοφία Νικολάου,Kyklos Design,GR,Design,Founder,s@kyklos.gr,,,
"""


@pytest.fixture
def greek_file(tmp_path, clock):
    dest = tmp_path / "event.db"
    import_event(write_folder(tmp_path / "event", participants=GREEKS), dest, clock=clock)
    return dest


@pytest.fixture
def greek_db(greek_file):
    database = connect(greek_file)
    yield database
    database.conn.close()


def ids(db, text):
    return [f.person["id"] for f in find_people(db, text, AT_0905)]


@pytest.mark.parametrize("text, who", [
    ("papadopoulos", "A1"), ("mavridis", "A7"), ("sofia", "A8"), ("Nikolaou", "A8"),
    ("ΜΑΥΡΙΔΗΣ", "A7"), ("μαυριδης", "A7"), ("lefevre", "A2"), ("cahh", "A3"),
    ("giorgos papadopoulos", "A1"), ("hymettus", "A1"), ("valletta pixel", "A3"),
    ("@kyklos", "A8"), ("g@v.mt", "A3"), ("a4", "A4"), ("T3", "A4"),
])
def test_find_across_scripts_and_accents(greek_db, text, who):
    assert ids(greek_db, text)[0] == who


@pytest.mark.parametrize("typo, who", [
    ("papadopolos", "A1"),  # a letter missing
    ("mavirdis", "A7"),  # two letters swapped
    ("sofai", "A8"),
    ("lefevra", "A2"),  # a letter wrong
])
def test_one_typo_is_forgiven(greek_db, typo, who):
    assert ids(greek_db, typo) == [who]


def test_no_match_is_none_and_two_typos_are_too_many(greek_db):
    assert ids(greek_db, "zzzz") == [] and ids(greek_db, "   ") == []
    assert ids(greek_db, "papadoplos x") == []  # every word must match
    assert ids(greek_db, "mvairdis") == []  # two typos


def test_a_table_is_found_as_a_table_and_exact_ids_come_first(greek_db):
    people = [{"id": "A1", "name": "Ana Bell", "organisation": "", "email": "",
               "home_table": None, "country": "IT", "checked_in_at": None},
              {"id": "A10", "name": "Zoe A1vers", "organisation": "", "email": "",
               "home_table": None, "country": "IT", "checked_in_at": None}]
    hits = match(people, ["T1", "T10"], "t1")
    assert [(h.kind, h.key) for h in hits] == [("table", "T1")]
    assert [h.key for h in match(people, [], "a1")] == ["A1", "A10"]


def test_floor_find_prints_who_where_and_whether_here(greek_file, greek_db, clock):
    ops.check_in(greek_db, "A2", clock=clock, station="door 1")
    result = run_floor("find", "papadopoulos", "--db", greek_file, "--now", "09:05",
                       "--speed", "0")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "A1  Γιώργος Παπαδόπουλος  Hymettus Software  not checked in  "
        "next: 09:00 round 1 at T1 with Élodie Lefèvre"]
    result = run_floor("find", "lefevr", "--db", greek_file, "--now", "09:05", "--speed", "0")
    assert result.stdout.startswith("A2  Élodie Lefèvre  Atelier Calanque  checked in 09:05  ")
    sofia = run_floor("find", "sofia", "--db", greek_file).stdout
    assert sofia.startswith("A8  Σοφία Νικολάου  Kyklos Design  not checked in  no meeting left")


def test_floor_find_says_no_match_and_exits_1(greek_file):
    result = run_floor("find", "Xylophone", "--db", greek_file)
    assert result.exit_code == 1 and result.stdout == ""
    assert "no match for 'Xylophone'" in result.stderr


def test_floor_people_lists_everyone_a_to_z_whatever_the_script(greek_file):
    result = run_floor("people", "--db", greek_file, "--now", "09:05", "--speed", "0")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "A6", "A2", "A1", "A3", "A7", "A5", "A4", "A8"]  # Early, Élodie, Γιώργος, Ġużeppi…


def test_printouts_file_greek_names_among_the_latin_ones(greek_db, tmp_path, clock):
    issue_tokens(greek_db, clock=clock)
    out = tmp_path / "agendas.pdf"
    agendas = write_agendas(greek_db, out, now=AT_0905)
    order = ["A6", "A2", "A1", "A3", "A7", "A5", "A4", "A8"]
    assert [a.person["id"] for a in agendas] == order
    pages = pdf_pages(out)
    assert "G · A1 Γιώργος Παπαδόπουλος (giorgos papadopoulos)" in pages[2]
    assert "S · A8 Σοφία Νικολάου (sofia nikolaou)" in pages[7]
    assert "E · A2 Élodie Lefèvre (elodie lefevre)" in pages[1]
    assert [b.participant_id for b in badges_for(greek_db)] == order


def test_a_short_start_with_a_typo_finds_nothing_loose(greek_db):
    assert ids(greek_db, "sofi") == ["A8"]  # Σοφία, not "Software" one letter off "soft"
    assert ids(greek_db, "nikolao") == ["A8"]  # a longer start may carry a typo
