"""Importing an event folder: what lands in the file, and every kind of bad input reported
with file, line and column, all at once, writing nothing."""

import csv
import io
import tempfile
from pathlib import Path

import pytest
from helpers import EVENT_TOML, PARTICIPANTS, REQUESTS, floor_process, write_folder
from hypothesis import given, settings
from hypothesis import strategies as st

from db import read_event, read_meetings, read_people
from db.connection import connect
from floor.domain.errors import EventFileExists
from floor.eventfolder import ImportFailed, import_event, read_event_folder
from floor.output.exports import render


def problems_of(tmp_path, clock, **files):
    folder = write_folder(tmp_path / "bad", **files)
    dest = tmp_path / "bad.db"
    with pytest.raises(ImportFailed) as failure:
        import_event(folder, dest, clock=clock)
    assert not dest.exists(), "a failed import must leave no file behind"
    assert not list(tmp_path.glob(".bad.db*")), "nor a temporary one"
    return [str(p) for p in failure.value.problems]


def test_good_folder_lands_whole(db):
    event = read_event.event(db)
    assert event["name"] == "Test Mission" and event["date"] == "2026-11-26"
    assert len(event["secret"]) == 64 and event["short_id"].isalnum()
    assert [(r["no"], r["starts"], r["ends"]) for r in read_event.rounds(db)] == [
        (1, "09:00", "09:20"), (2, "09:20", "09:40"), (3, "10:00", "10:20"),
        (4, "10:20", "10:40")]  # round 3 starts after the 09:40-10:00 break
    assert read_event.tables(db) == ["T1", "T2", "T3"]
    assert read_people.participant(db, "A4")["home_table"] == "T3"
    assert read_people.participant(db, "A5")["arrive"] == "10:00"
    assert len(read_meetings.requests(db)) == 5
    assert [(m["round"], m["table_name"], m["a"], m["b"]) for m in read_meetings.meetings(db)] == [
        (1, "T1", "A1", "A2"), (1, "T3", "A3", "A4"), (2, "T3", "A2", "A4")]
    assert read_event.counts(db)["meetings"] == 3


def test_greek_accented_and_maltese_names_survive_the_round_trip(tmp_path, db, clock):
    exported = render(db, "participants")
    rows = list(csv.DictReader(io.StringIO(exported)))
    names = {r["id"]: r["name"] for r in rows}
    assert names["A1"] == "Γιώργος Παπαδόπουλος"
    assert names["A2"] == "Élodie Lefèvre"
    assert names["A3"] == "Ġużeppi Ċaħħ"
    # the export is itself an importable participants.csv
    folder = write_folder(tmp_path / "again", participants=exported)
    spec = read_event_folder(folder)
    assert [p.name for p in spec.participants][:3] == [
        "Γιώργος Παπαδόπουλος", "Élodie Lefèvre", "Ġużeppi Ċaħħ"]
    assert any("checked_in_at" in w and "ignored" in w for w in spec.warnings)


def test_schedule_export_round_trips_pre_placed_meetings(tmp_path, db, clock):
    exported = render(db, "schedule")
    assert exported.splitlines()[0] == "slot,start,table,a,b,status"
    assert exported.splitlines()[1] == "1,09:00,T1,A1,A2,planned"
    rows = list(csv.DictReader(io.StringIO(exported)))
    requests = "a,b,slot,table\n" + "".join(
        f"{r['a']},{r['b']},{r['slot']},{r['table']}\n" for r in rows)
    folder = write_folder(tmp_path / "again", requests=requests)
    import_event(folder, tmp_path / "again.db", clock=clock)
    again = connect(tmp_path / "again.db")
    assert render(again, "schedule") == exported


def test_bom_semicolons_and_decomposed_unicode_are_accepted(tmp_path, clock):
    decomposed = "E\u0301lodie Lefe\u0300vre"  # as some Mac tools write it
    participants = PARTICIPANTS.replace(",", ";").replace("Élodie Lefèvre", decomposed)
    folder = write_folder(tmp_path / "ev", participants="\ufeff" + participants)
    spec = read_event_folder(folder)
    assert spec.participants[1].name == "Élodie Lefèvre"  # NFC
    assert spec.participants[1].organisation == "Atelier Calanque"


def test_duplicate_pairs_merge_with_a_warning_keeping_the_higher_priority(tmp_path):
    requests = REQUESTS + "A3,A1,4,,\n"
    spec = read_event_folder(write_folder(tmp_path / "ev", requests=requests))
    merged = [r for r in spec.requests if {r.a, r.b} == {"A1", "A3"}]
    assert len(merged) == 1 and merged[0].priority == 4
    assert spec.warnings == ("requests.csv, line 7: the pair A3–A1 was already requested "
                             "on line 4; merged, priority 4 kept",)


def test_existing_file_is_refused_unless_forced(event_file, event_folder, clock):
    with pytest.raises(EventFileExists, match="--force"):
        import_event(event_folder, event_file, clock=clock)
    db = connect(event_file)
    db.execute("UPDATE participant SET checked_in_at = 'x', checked_in_station = 'y'")
    db.conn.close()
    import_event(event_folder, event_file, clock=clock, force=True)
    assert read_event.counts(connect(event_file))["checked_in"] == 0


def test_missing_files_and_columns(tmp_path, clock):
    found = problems_of(tmp_path, clock, event=None,
                        participants="id,name,country\nA1,Ann,IT\n", requests=None)
    assert any(p.startswith("event.toml: the file is missing") for p in found)
    assert "participants.csv, line 1, header: value 'id,name,country': the required " \
           "column 'organisation' is missing" in found
    assert any(p.startswith("requests.csv: the file is missing") for p in found)


def test_participant_problems_all_at_once(tmp_path, clock):
    participants = PARTICIPANTS + (
        ",No Id,Org,IT,,,,,,\n"
        "A1,Dup,Org,IT,,,,,,\n"
        "B1,Bad Country,Org,Italy,,,,,,\n"
        "B2,Bad Time,Org,IT,,,,9h30,,\n"
        "B3,Backwards,Org,IT,,,,11:00,10:00,\n"
        "B4,No Such Table,Org,IT,,,,,,T9\n"
        "B5,Same Home,Org,IT,,,,,,T3\n"
        "B6,,Org,IT,,,,,,\n")
    found = problems_of(tmp_path, clock, participants=participants)
    f = "participants.csv"
    assert found == [
        f"{f}, line 8, column 1 (id): value '': an id (it may not be empty)",
        f"{f}, line 9, column 1 (id): value 'A1': a unique id; already used on line 2",
        f"{f}, line 10, column 4 (country): value 'Italy': an ISO 3166 two-letter country "
        "code, such as IT, FR, GR or MT",
        f"{f}, line 11, column 8 (arrive): value '9h30': a time as HH:MM (24-hour), or empty",
        f"{f}, line 12, column 9 (leave): value '10:00': a time after arrive (11:00)",
        f"{f}, line 13, column 10 (table): value 'T9': a table of event.toml (T1, T2, T3)",
        f"{f}, line 14, column 10 (table): value 'T3': a home table of one person only; "
        "A4 (line 5) already has it",
        f"{f}, line 15, column 2 (name): value '': a name (it may not be empty)",
    ]


def test_request_problems_all_at_once(tmp_path, clock):
    requests = REQUESTS + (
        "A1,ZZ,,,\n"
        "A2,A2,,,\n"
        "A5,A6,zero,,\n"
        "A6,A3,,2,\n"
        "A5,A2,,7,T1\n"
        "A5,A3,,1,T1\n"       # A5 arrives 10:00; T1 in round 1 taken by A1-A2 (line 2)
        "A1,A6,,1,T2\n"       # A1 already in round 1
        "A5,A4,,3,T1\n")      # A4 meets only at home table T3
    found = problems_of(tmp_path, clock, requests=requests)
    f = "requests.csv"
    assert found == [
        f"{f}, line 7, column 2 (b): value 'ZZ': the id of a participant in participants.csv",
        f"{f}, line 8, column 2 (b): value 'A2': someone other than a (a request of someone "
        "with themselves)",
        f"{f}, line 9, column 3 (priority): value 'zero': a whole number of at least 1 "
        "(or empty for 1)",
        f"{f}, line 10, column 5 (table): value '': slot and table together (a pre-placed "
        "meeting), or neither",
        f"{f}, line 11, column 4 (slot): value '7': a round from 1 to 4",
        f"{f}, line 12, column 4 (slot): value '1': a round A5 is present for (round 1 is "
        "09:00-09:20; A5 is there 10:00 to the end)",
        f"{f}, line 12, column 4 (slot): value '1': A3 free in round 1; line 3 already "
        "places them there",
        f"{f}, line 12, column 5 (table): value 'T1': a free table; line 2 already places a "
        "meeting at T1 in round 1",
        f"{f}, line 13, column 4 (slot): value '1': A1 free in round 1; line 2 already "
        "places them there",
        f"{f}, line 14, column 5 (table): value 'T1': the home table T3 (A5–A4 meet only there)",
    ]


@pytest.mark.parametrize("event, expected", [
    (EVENT_TOML.replace("slots = 4", "slots = 0"),
     "event.toml, key schedule.slots: value '0': a whole number of at least 1"),
    (EVENT_TOML.replace('start = "09:00"', 'start = "9.00"'),
     "event.toml, key schedule.start: value '9.00': a time as HH:MM"),
    (EVENT_TOML.replace('date = "2026-11-26"', 'date = "26/11/2026"'),
     "event.toml, key date: value '26/11/2026': a date as YYYY-MM-DD"),
    (EVENT_TOML.replace('["09:40-10:00"]', '["10:00-09:40"]'),
     "event.toml, key schedule.breaks[1]: value '10:00-09:40': a break as HH:MM-HH:MM, "
     "ending after it starts"),
    (EVENT_TOML.replace("tables = 3", "tables = 0"),
     "event.toml, key schedule.tables: value '0': at least one table (a count, or a list "
     "of names)"),
    (EVENT_TOML.replace('start = "09:00"', 'start = "23:00"'),
     "event.toml, key schedule.slots: value '4': round 3 would end at 24:00, past "
     "midnight: 4 rounds of 20 min from 23:00 do not fit in the day"),
    (EVENT_TOML.replace('name = "Test Mission"', 'name = "Test Mission'),
     "event.toml, line 1, column 21: not valid TOML"),
])
def test_event_toml_problems(tmp_path, clock, event, expected):
    found = problems_of(tmp_path, clock, event=event)
    assert any(p.startswith(expected) for p in found), found


def test_tables_as_a_list_of_names(tmp_path):
    event = EVENT_TOML.replace("tables = 3", 'tables = ["Olive", "Ulivo", "Ελιά"]')
    participants = PARTICIPANTS.replace(",,T3\n", ",,Ελιά\n")
    requests = REQUESTS.replace("1,T1", "1,Olive").replace("T3", "Ελιά")
    spec = read_event_folder(write_folder(tmp_path / "ev", event=event,
                                          participants=participants, requests=requests))
    assert spec.schedule.tables == ("Olive", "Ulivo", "Ελιά")


def test_not_utf8_is_reported_with_line(tmp_path, clock):
    folder = write_folder(tmp_path / "bad", participants=PARTICIPANTS, encoding="utf-8")
    (folder / "participants.csv").write_bytes(
        PARTICIPANTS.replace("Ġużeppi Ċaħħ", "Giuseppe").encode("utf-8")
        + "B9,Léa,Org,FR,,,,,,\n".encode("latin-1"))
    with pytest.raises(ImportFailed) as failure:
        import_event(folder, tmp_path / "bad.db", clock=clock)
    assert str(failure.value.problems[0]).startswith(
        "participants.csv, line 8, byte 5: value 'e9 61 2c 4f': the file must be UTF-8")


def test_report_lists_every_problem_and_says_nothing_was_imported(tmp_path, clock):
    requests = REQUESTS + "A1,ZZ,,,\nA2,A2,,,\n"
    folder = write_folder(tmp_path / "bad", requests=requests)
    with pytest.raises(ImportFailed) as failure:
        import_event(folder, tmp_path / "x.db", clock=clock)
    report = failure.value.report()
    assert report.splitlines()[0] == "2 problem(s); nothing was imported:"
    assert "line 7" in report and "line 8" in report


def test_an_unclosed_quote_in_a_long_file_is_a_problem_with_its_line(tmp_path, clock):
    # the quote opened on line 3 swallows the 8000 rows after it into one cell
    rows = "".join(f"B{i},Name {i},Org,IT,,,,,,\n" for i in range(8000))
    participants = PARTICIPANTS.replace("A2,Élodie", 'A2,"Élodie') + rows
    assert any(p.startswith("participants.csv, line 3") for p in
               problems_of(tmp_path, clock, participants=participants))


# -- edge cases: what a spreadsheet, a paste or a typo leaves in a file -------------------

def test_a_5_mb_value_is_one_problem_with_its_line_and_nothing_is_imported(tmp_path):
    participants = PARTICIPANTS.replace("Late Larry", "x" * 5_000_000)
    folder = write_folder(tmp_path / "big", participants=participants)
    result = floor_process("import", folder, "--db", tmp_path / "big.db")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "1 problem(s); nothing was imported:",
        "  participants.csv, line 6, column 2 (name): value "
        f"'{'x' * 40}…': a value of at most 300 characters (this one has 5,000,000)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big", "big.log"]


def test_a_nul_byte_is_a_problem_with_its_line_and_column(tmp_path, clock):
    participants = PARTICIPANTS.replace("A5,Late Larry", "A5,Late\x00Larry")
    assert problems_of(tmp_path, clock, participants=participants) == [
        "participants.csv, line 6, character 8: a NUL byte: the file is damaged or not a "
        "CSV text file; save it again as 'CSV UTF-8'"]


def test_a_byte_order_mark_in_the_middle_of_a_file_is_a_problem(tmp_path, clock):
    # two exports pasted one after the other: the second one's header and its BOM
    pasted = PARTICIPANTS + "\ufeff" + PARTICIPANTS.replace("A", "B")
    found = problems_of(tmp_path, clock, participants=pasted)
    assert found == ["participants.csv, line 8, character 1: a byte-order mark in the "
                     "middle of the file (were two files pasted together?): remove it, or "
                     "save the file again as 'CSV UTF-8'"]


def test_a_quote_never_closed_is_said_with_where_it_opens_and_ends(tmp_path, clock):
    participants = PARTICIPANTS.replace("A3,Ġużeppi", 'A3,"Ġużeppi')
    found = problems_of(tmp_path, clock, participants=participants)
    assert found == ["participants.csv, line 4, column 2 (name): value 'Ġużeppi Ċaħħ,"
                     "Valletta Pixel Works,MT,Cul…': a value on one line, but this one "
                     "runs on to line 7: is a quote opened here and never closed?"]


def test_ids_differing_only_in_case_or_holding_spaces_are_problems(tmp_path, clock):
    participants = PARTICIPANTS + "a2,Élodie Again,Org,FR,,,,,,\nB 7,Spaced,Org,IT,,,,,,\n"
    requests = REQUESTS + "a1,A3,,,\n"
    found = problems_of(tmp_path, clock, participants=participants, requests=requests)
    assert found == [
        "participants.csv, line 8, column 1 (id): value 'a2': a unique id; A2 on line 3 "
        "differs only in upper and lower case",
        "participants.csv, line 9, column 1 (id): value 'B 7': an id without spaces (it is "
        "typed at the desk and in requests.csv)",
        "requests.csv, line 7, column 1 (a): value 'a1': the id of a participant in "
        "participants.csv (ids are exact: did you mean A1?)",
    ]


@pytest.mark.parametrize("breaks, expected", [
    ('["09:40-10:00", "09:40-10:00"]',
     "event.toml, key schedule.breaks[2]: value '09:40-10:00': each break once; it is "
     "already breaks[1]"),
    ('["09:40-10:00", "9:50-10:10"]',
     "event.toml, key schedule.breaks[2]: value '9:50-10:10': a break that does not "
     "overlap breaks[1] (09:40-10:00): make them one break"),
])
def test_a_break_listed_twice_or_overlapping_another_is_a_problem(tmp_path, clock, breaks,
                                                                  expected):
    event = EVENT_TOML.replace('["09:40-10:00"]', breaks)
    assert problems_of(tmp_path, clock, event=event) == [expected]


@pytest.mark.parametrize("tables, expected", [
    ("100000000000", "event.toml, key schedule.tables: value '100000000000': at most 500 "
                     "tables (is a digit too many?)"),
    ("[" + ", ".join(f'"{i}"' for i in range(501)) + "]",
     "event.toml, key schedule.tables: value 'a list of 501 names': at most 500 tables"),
])
def test_an_absurd_table_count_is_a_problem(tmp_path, clock, tables, expected):
    event = EVENT_TOML.replace("tables = 3", f"tables = {tables}")
    found = problems_of(tmp_path, clock, event=event)
    assert found[0] == expected, found


def test_digits_that_are_not_0_to_9_are_problems_not_crashes(tmp_path, clock):
    requests = REQUESTS + ("A5,A2,²,,\nA6,A3,,١,T1\nA5,A4,99999999999999999999,,\n"
                           "A6,A4,5000,,\n")
    found = problems_of(tmp_path, clock, requests=requests)
    assert found == [
        "requests.csv, line 7, column 3 (priority): value '²': a whole number of at least 1 "
        "(or empty for 1)",
        "requests.csv, line 8, column 4 (slot): value '١': a round from 1 to 4",
        "requests.csv, line 9, column 3 (priority): value '99999999999999999999': a whole "
        "number of at least 1 (or empty for 1)",
        "requests.csv, line 10, column 3 (priority): value '5000': a priority of at most 1000",
    ]


def test_each_edge_case_is_one_line_of_the_import_s_report(tmp_path):
    participants = (PARTICIPANTS + "a1,Case,Org,IT,,,,,,\n")
    requests = REQUESTS + "A5,A2,²,,\n"
    event = EVENT_TOML.replace('["09:40-10:00"]', '["09:40-10:00", "09:40-10:00"]')
    folder = write_folder(tmp_path / "bad", event=event, participants=participants,
                          requests=requests)
    result = floor_process("import", folder, "--db", tmp_path / "bad.db")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "3 problem(s); nothing was imported:" and len(lines) == 4
    assert not (tmp_path / "bad.db").exists()


# -- arbitrary input (hypothesis) -------------------------------------------------------

HEADER = PARTICIPANTS.splitlines()[0]
# text shaped like a spreadsheet's: cells, both delimiters, quotes, every kind of newline
CSV_TEXT = st.text(alphabet=st.sampled_from(list("A1,;\"'\r\n\t \x00é\ufeffΓ:-") + ["\u2028"]),
                   max_size=120)


@pytest.fixture(scope="module")
def scratch_folder():
    with tempfile.TemporaryDirectory() as folder:
        # requests.csv with no request: every problem found is about participants.csv
        yield write_folder(Path(folder), requests="a,b\n")


def problems_in(folder: Path, participants: bytes) -> list:
    (folder / "participants.csv").write_bytes(participants)
    try:
        read_event_folder(folder)
    except ImportFailed as failure:  # anything else is a crash the organiser would see
        return failure.problems
    return []


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=200),
                 CSV_TEXT.map(lambda body: (HEADER + "\n" + body).encode("utf-8"))))
def test_any_bytes_as_participants_fail_only_with_problems_naming_file_and_line(
        scratch_folder, participants):
    lines = participants.count(b"\n") + participants.count(b"\r") + 1
    for problem in problems_in(scratch_folder, participants):
        assert problem.file == "participants.csv"
        assert problem.line is not None and 1 <= problem.line <= lines, str(problem)
