"""The `floor` command as a user runs it: what it prints, what it returns, what it writes."""

import csv
import io
import json
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import REQUESTS, write_folder

from db.connection import connect
from floor.cli import cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return invoke


def test_import_prints_what_it_made(run, event_folder, tmp_path):
    result = run("import", event_folder, "--db", tmp_path / "e.db")
    assert result.exit_code == 0
    assert result.output.endswith("6 participants, 5 requests (3 already placed), "
                                  "4 rounds, 3 tables\n")


def test_import_of_a_bad_folder_lists_problems_and_exits_1(run, tmp_path):
    folder = write_folder(tmp_path / "bad", requests=REQUESTS + "A1,ZZ,,,\nA2,A2,,,\n")
    result = run("import", folder, "--db", tmp_path / "e.db")
    assert result.exit_code == 1
    assert "2 problem(s); nothing was imported:" in result.output
    assert "requests.csv, line 7, column 2 (b): value 'ZZ'" in result.output
    assert not (tmp_path / "e.db").exists()


def test_import_over_an_existing_file_needs_force(run, event_folder, event_file):
    result = run("import", event_folder, "--db", event_file)
    assert result.exit_code == 1 and "use --force" in result.output
    assert run("import", event_folder, "--db", event_file, "--force").exit_code == 0


def test_export_schedule_csv_and_json(run, event_file, tmp_path):
    result = run("export", "schedule", "--db", event_file)
    assert result.output.splitlines() == [
        "slot,start,table,a,b,status", "1,09:00,T1,A1,A2,planned",
        "1,09:00,T3,A3,A4,planned", "2,09:20,T3,A2,A4,planned"]
    out = tmp_path / "schedule.json"
    run("export", "schedule", "--db", event_file, "--json", "-o", out)
    assert json.loads(out.read_text())[0] == {"slot": 1, "start": "09:00", "table": "T1",
                                              "a": "A1", "b": "A2", "status": "planned"}


def test_export_participants_and_journal(run, event_file):
    people = list(csv.DictReader(io.StringIO(run("export", "participants", "--db",
                                                 event_file).output)))
    assert people[0]["name"] == "Γιώργος Παπαδόπουλος" and people[3]["table"] == "T3"
    entries = json.loads(run("export", "journal", "--db", event_file, "--json").output)
    assert entries[0]["action"] == "import" and entries[0]["actor"] == "import"


def test_missing_event_file_is_a_clear_error(run, tmp_path):
    result = run("export", "schedule", "--db", tmp_path / "nope.db")
    assert result.exit_code == 4
    assert "no event file at" in result.output and "floor import" in result.output
    assert not (tmp_path / "nope.db").exists()


def test_demo_writes_the_matera_morning(run, tmp_path):
    result = run("demo", "--db", tmp_path / "demo.db")
    assert result.exit_code == 0
    assert "25 participants" in result.output
    shown = run("show", "--db", tmp_path / "demo.db").output
    assert shown.startswith("2Ins Clusters Med — Business Mission Matera · 2026-11-26")
    assert "now 10:1" in shown and "round 3 of 10 (10:10–10:30)" in shown
    round3 = shown.split("Round 3")[1].split("Round 4")[0]
    assert "Azur IoT (FR) – Pnyx Analytics (GR)" in round3
    assert round3.count("at risk") == 1  # GR05 has not come: the pending no-show
    assert "no-show" in shown.split("Round 2")[1].split("Round 3")[0]


def test_show_at_a_chosen_time(run, tmp_path):
    run("demo", "--db", tmp_path / "demo.db")
    shown = run("show", "--db", tmp_path / "demo.db", "--now", "11:15", "--round", "6").output
    assert "break; round 6 starts at 11:30" in shown
    assert "Round 6  11:30–11:50" in shown and "Round 5" not in shown


def test_backup_writes_a_checked_copy(run, event_file, tmp_path):
    out = tmp_path / "copy.db"
    result = run("backup", "--db", event_file, "-o", out)
    assert result.exit_code == 0 and "checked" in result.output
    copy = sqlite3.connect(out)
    assert copy.execute("SELECT count(*) FROM participant").fetchone()[0] == 6
    # without -o: a rolling backup in the folder beside the file
    result = run("backup", "--db", event_file)
    assert "event-backups" in result.output


def test_check_reports_a_file_that_disagrees_with_its_journal(run, event_file):
    from datetime import datetime

    from floor import ops
    from floor.domain.clock import FixedClock
    db = connect(event_file)
    ops.check_in(db, "A1", clock=FixedClock(datetime(2026, 11, 26, 9)))
    assert run("check", "--db", event_file).exit_code == 0
    db.execute("UPDATE participant SET checked_in_at = NULL, checked_in_station = NULL "
               "WHERE id = 'A1'")  # a write that bypassed ops
    result = run("check", "--db", event_file)
    assert result.exit_code == 1 and "participant {'id': 'A1'}.checked_in_at is None" in result.output


def test_generate_then_import(run, tmp_path):
    result = run("generate", tmp_path / "gen", "--participants", 60, "--requests", 150,
                 "--rounds", 6, "--tables", 12, "--seed", 3)
    assert result.exit_code == 0, result.output
    result = run("import", tmp_path / "gen", "--db", tmp_path / "gen.db")
    assert result.exit_code == 0, result.output
    assert "60 participants, 150 requests" in result.output


def test_installed_command_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "floor", "--help"], capture_output=True,
                            text=True)
    assert result.returncode == 0 and "import" in result.stdout
