"""The `floor` command as a user runs it: what it prints, what it returns, what it writes.
(The exit codes of failures: test_exit_codes.py.)"""

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import REQUESTS, run_floor, write_folder

from db.connection import connect


def test_import_prints_what_it_made(event_folder, tmp_path):
    result = run_floor("import", event_folder, "--db", tmp_path / "e.db")
    assert result.exit_code == 0
    assert result.output.endswith("6 participants, 5 requests (3 already placed), "
                                  "4 rounds, 3 tables\n")


def test_import_of_a_bad_folder_lists_problems_and_exits_1(tmp_path):
    folder = write_folder(tmp_path / "bad", requests=REQUESTS + "A1,ZZ,,,\nA2,A2,,,\n")
    result = run_floor("import", folder, "--db", tmp_path / "e.db")
    assert result.exit_code == 1
    assert "2 problem(s); nothing was imported:" in result.stderr
    assert "requests.csv, line 7, column 2 (b): value 'ZZ'" in result.stderr
    assert not (tmp_path / "e.db").exists()


def test_import_over_an_existing_file_needs_force(event_folder, event_file):
    result = run_floor("import", event_folder, "--db", event_file)
    assert result.exit_code == 1 and "use --force" in result.stderr
    assert run_floor("import", event_folder, "--db", event_file, "--force").exit_code == 0


def test_export_schedule_csv_and_json(event_file, tmp_path):
    result = run_floor("export", "schedule", "--db", event_file)
    assert result.stdout.splitlines() == [
        "slot,start,table,a,b,status", "1,09:00,T1,A1,A2,planned",
        "1,09:00,T3,A3,A4,planned", "2,09:20,T3,A2,A4,planned"]
    out = tmp_path / "schedule.json"
    assert run_floor("export", "schedule", "--db", event_file, "--json", "-o", out
                     ).exit_code == 0
    assert json.loads(out.read_text())[0] == {"slot": 1, "start": "09:00", "table": "T1",
                                              "a": "A1", "b": "A2", "status": "planned"}


def test_export_participants_and_journal(event_file):
    people = list(csv.DictReader(io.StringIO(
        run_floor("export", "participants", "--db", event_file).stdout)))
    assert people[0]["name"] == "Γιώργος Παπαδόπουλος" and people[3]["table"] == "T3"
    entries = json.loads(run_floor("export", "journal", "--db", event_file, "--json").stdout)
    assert entries[0]["action"] == "import" and entries[0]["actor"] == "import"


def test_demo_writes_the_matera_morning(tmp_path):
    result = run_floor("demo", "--db", tmp_path / "demo.db")
    assert result.exit_code == 0
    assert "25 participants" in result.output
    shown = run_floor("show", "--db", tmp_path / "demo.db").stdout
    assert shown.startswith("2Ins Clusters Med — Business Mission Matera · 2026-11-26")
    assert "now 10:1" in shown and "round 3 of 10 (10:10–10:30)" in shown
    round3 = shown.split("Round 3")[1].split("Round 4")[0]
    assert "Azur IoT (FR) – Pnyx Analytics (GR)" in round3
    assert round3.count("at risk") == 1  # GR05 has not come: the pending no-show
    assert "no-show" in shown.split("Round 2")[1].split("Round 3")[0]


def test_show_at_a_chosen_time(demo_file):
    shown = run_floor("show", "--db", demo_file, "--now", "11:15", "--round", "6").stdout
    assert "break; round 6 starts at 11:30" in shown
    assert "Round 6  11:30–11:50" in shown and "Round 5" not in shown


def test_backup_writes_a_checked_copy(event_file, tmp_path):
    out = tmp_path / "copy.db"
    result = run_floor("backup", "--db", event_file, "-o", out)
    assert result.exit_code == 0 and result.output == f"backup written and checked: {out}\n"
    copy = sqlite3.connect(out)
    assert copy.execute("SELECT count(*) FROM participant").fetchone()[0] == 6
    # without -o: a rolling backup in the folder beside the file
    result = run_floor("backup", "--db", event_file)
    assert result.exit_code == 0
    [rolling] = (tmp_path / "event-backups").glob("*.db")
    assert str(rolling) in result.output


def test_check_reports_a_file_that_disagrees_with_its_journal(event_file):
    result = run_floor("cancel", "3", "--db", event_file, "--now", "09:05", "--speed", "0")
    assert result.exit_code == 0, result.output
    assert run_floor("check", "--db", event_file).exit_code == 0
    db = connect(event_file)
    db.execute("UPDATE meeting SET status = 'planned' WHERE id = 3")  # a write that bypassed ops
    result = run_floor("check", "--db", event_file)
    assert result.exit_code == 1
    assert "meeting {'id': 3}.status is 'planned'" in result.output


def test_generate_then_import(tmp_path):
    result = run_floor("generate", tmp_path / "gen", "--participants", 60, "--requests", 150,
                       "--rounds", 6, "--tables", 12, "--seed", 3)
    assert result.exit_code == 0, result.output
    result = run_floor("import", tmp_path / "gen", "--db", tmp_path / "gen.db")
    assert result.exit_code == 0, result.output
    assert "60 participants, 150 requests" in result.output


def test_the_installed_command_runs():
    floor = Path(sys.executable).with_name("floor")  # the console script pip installed
    result = subprocess.run([floor, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Exit status: 0 done; 1 refused" in result.stdout
    assert "  import " in result.stdout and "  checkin " in result.stdout
