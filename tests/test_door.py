"""The door op (one scan = one transaction), badges and QR codes, and the door's CLI."""

import re
import subprocess
import sys
import threading
from datetime import datetime

import pytest
from helpers import ROOT, pdf_pages, pdf_qr_codes, read_qr, run_floor
from PIL import Image

from db import journal, read_event, read_people, scans
from db.connection import connect
from db.verify import verify
from floor import ops
from floor.domain import tokens
from floor.domain.clock import FixedClock
from floor.ops.badges import reissue_token
from floor.ops.door import scan_badge
from floor.output import qr
from floor.output.badges import badges_for, render

# -- one scan -----------------------------------------------------------------------

def test_a_good_scan_checks_in_with_one_journal_row_and_one_scan_row(db, clock, issued):
    before = journal.last_id(db)
    answer = scan_badge(db, issued["A2"] + "\r\n", station="door 1", clock=clock)
    assert answer.verdict == "checked-in" and answer.colour == "green"
    assert answer.participant["checked_in_station"] == "door 1"
    entries = journal.entries(db, after_id=before)
    assert [(e["action"], e["actor"]) for e in entries] == [("checkin", "door 1")]
    [row] = scans.scans(db)
    assert row["journal_id"] == entries[0]["id"] == answer.journal_id
    assert (row["raw"], row["token"], row["verdict"]) == (issued["A2"] + "\r\n",
                                                           issued["A2"], "checked-in")
    assert verify(db) == []


def test_the_answer_says_where_to_go(db, clock, issued):
    # 09:05: A2 meets A1 at T1 in round 1 (running); then A4 at T3 in round 2 (09:20)
    answer = scan_badge(db, issued["A2"], station="door 1", clock=clock)
    lines = answer.lines()
    assert lines[0] == "Welcome, Élodie Lefèvre"
    assert lines[1] == "Atelier Calanque"
    assert lines[2] == ("Go to table T1 now (round 1, until 09:20): Γιώργος Παπαδόπουλος "
                        "(Hymettus Software) has not arrived yet")
    clock.set(datetime(2026, 11, 26, 9, 15))
    scan_badge(db, issued["A4"], station="door 2", clock=clock)
    clock.set(datetime(2026, 11, 26, 9, 19))
    again = scan_badge(db, issued["A2"], station="door 2", clock=clock)
    assert again.verdict == "already" and again.colour == "amber"
    assert again.lines()[:3] == ["Already checked in", "Élodie Lefèvre — Atelier Calanque",
                                 "checked in at 09:05 at door 1"]
    assert again.lines()[3] == ("Go to table T1 now (round 1, until 09:20): Γιώργος "
                                "Παπαδόπουλος (Hymettus Software) has not arrived yet")
    clock.set(datetime(2026, 11, 26, 9, 20))
    later = scan_badge(db, issued["A2"], station="door 2", clock=clock)
    assert later.lines()[3] == ("Go to table T3 now (round 2, until 09:40): Rocco "
                                "Santarsiero (Murgia Digital) is there")
    clock.set(datetime(2026, 11, 26, 8, 50))
    early = scan_badge(db, issued["A3"], station="door 2", clock=clock)
    assert early.lines()[2] == ("Next: table T3 at 09:00 (round 1) with Rocco Santarsiero "
                                "(Murgia Digital), who is here")


def test_already_and_double_read_change_nothing(db, clock, issued):
    scan_badge(db, issued["A1"], station="door 1", clock=clock)
    last = journal.last_id(db)
    clock.advance(seconds=1)
    double = scan_badge(db, issued["A1"], station="door 2", clock=clock)
    assert double.verdict == "double-read" and double.colour == "amber"
    clock.advance(seconds=2)  # 2 s after the last read: still a double read
    assert scan_badge(db, issued["A1"], station="door 1", clock=clock).verdict == "double-read"
    clock.advance(seconds=3)
    already = scan_badge(db, issued["A1"], station="door 1", clock=clock)
    assert already.verdict == "already"
    assert "already checked in: 09:05 at door 1" in already.message
    assert journal.last_id(db) == last
    assert [s["verdict"] for s in scans.scans(db)] == ["checked-in", "double-read",
                                                       "double-read", "already"]
    assert all(s["journal_id"] is None for s in scans.scans(db)[1:])


@pytest.mark.parametrize("case,verdict,title,says", [
    ("forged", "forged", "Forged badge", "does not match this event's key"),
    ("foreign", "foreign", "Badge from another event", "another event"),
    ("unknown", "unknown", "Unknown badge", "77"),
    ("revoked", "revoked", "Revoked badge", "newer badge"),
    ("garbage", "unreadable", "Cannot read this scan", "scanner or keyboard layout problem?"),
    ("empty", "unreadable", "Cannot read this scan", "scanner or keyboard layout problem?"),
    ("controls", "unreadable", "Cannot read this scan", "scanner or keyboard layout problem?"),
])
def test_every_red_case_is_logged_and_changes_nothing(db, clock, issued, case, verdict, title,
                                                     says):
    ev = read_event.event(db)
    raw = {
        "forged": issued["A1"][:-3] + ("000" if not issued["A1"].endswith("000") else "111"),
        "foreign": tokens.make("QQ" if ev["short_id"] != "QQ" else "RR", ev["secret"], 1, 1),
        "unknown": tokens.make(ev["short_id"], ev["secret"], 77, 1),
        "revoked": issued["A1"],
        "garbage": "\x00é&garbage" * 1000,
        "empty": "",
        "controls": "\x1b[2~\x03\x04",
    }[case]
    if case == "revoked":
        reissue_token(db, "A1", clock=clock)
    before = (journal.last_id(db), read_event.counts(db)["checked_in"])
    answer = scan_badge(db, raw, station="door 1", clock=clock)
    assert (answer.verdict, answer.colour) == (verdict, "red")
    assert (journal.last_id(db), read_event.counts(db)["checked_in"]) == before
    [row] = scans.scans(db)
    assert (row["raw"], row["verdict"], row["station"]) == (raw, verdict, "door 1")
    assert row["message"] == answer.message
    assert answer.lines()[0] == title and says in answer.message
    assert answer.lines()[-1] == "Please see the registration desk"


def test_a_scan_sent_late_carries_the_moment_it_was_read(db, clock, issued):
    """The door's unsent scans are replayed with the clock stopped at their own time:
    the scan row, the check-in and the journal entry all say when the badge was read."""
    clock.set(datetime(2026, 11, 26, 9, 30))  # the file takes writes again at 09:30
    read_at = datetime(2026, 11, 26, 9, 12, 7)
    answer = scan_badge(db, issued["A2"], station="door 1", clock=FixedClock(read_at))
    assert answer.verdict == "checked-in" and answer.at == "2026-11-26T09:12:07"
    [row] = scans.scans(db)
    entry = journal.entries(db, after_id=row["journal_id"] - 1)[0]
    person = read_people.participant(db, "A2")
    assert row["at"] == person["checked_in_at"] == entry["at"] == "2026-11-26T09:12:07"
    # where to go is as of 09:12 (round 1 running), not as of the replay
    assert answer.next_meeting.round == 1 and answer.next_meeting.running


def test_a_lone_surrogate_is_an_unreadable_badge_with_a_scan_row(db, clock, issued):
    raw = issued["A1"][:4] + "\udcff" + issued["A1"][5:]  # undecodable bytes, a bad paste
    before = (journal.last_id(db), read_event.counts(db)["checked_in"])
    answer = scan_badge(db, raw, station="door 1", clock=clock)
    assert (answer.verdict, answer.colour) == ("unreadable", "red")
    assert answer.lines()[0] == "Cannot read this scan" and "\\udcff" in answer.message
    assert (journal.last_id(db), read_event.counts(db)["checked_in"]) == before
    [row] = scans.scans(db)
    assert (row["raw"], row["verdict"]) == (raw.replace("\udcff", "\\udcff"), "unreadable")


def test_cli_checkin_of_undecodable_bytes_is_one_red_answer(event_file, db):
    """A command line with bytes that are not UTF-8 (Python hands them on as lone
    surrogates): the answer to an unreadable badge, exit 1, no traceback."""
    done = subprocess.run([sys.executable, "-m", "floor", "checkin",
                           b"AB\xffCDEFGHIJKLMNOPQRST", "--db", str(event_file)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        "Cannot read this scan",
        "characters a badge never holds (\\udcff): scanner or keyboard layout problem?",
        "Please see the registration desk"]
    assert "Traceback" not in done.stdout + done.stderr
    [row] = scans.scans(db)
    assert (row["raw"], row["verdict"]) == ("AB\\udcffCDEFGHIJKLMNOPQRST", "unreadable")


def test_a_door_check_in_can_be_undone_by_the_manager(db, clock, issued):
    scan_badge(db, issued["A3"], station="door 1", clock=clock)
    ops.undo_check_in(db, "A3", clock=clock)
    assert read_people.participant(db, "A3")["checked_in_at"] is None
    clock.advance(seconds=5)
    assert scan_badge(db, issued["A3"], station="door 1", clock=clock).verdict == "checked-in"


def test_two_stations_at_the_same_moment_one_check_in(db, event_file, clock, issued):
    """Threads with their own connections, released together, many times over."""
    results = []
    barrier = threading.Barrier(2)

    def station(name, pid):
        conn = connect(event_file)
        barrier.wait()
        results.append(scan_badge(conn, issued[pid], station=name, clock=clock,
                                  double_read_seconds=0).verdict)
        conn.conn.close()

    for pid in issued:
        threads = [threading.Thread(target=station, args=(n, pid)) for n in ("d1", "d2")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        clock.advance(seconds=5)
    assert sorted(results) == ["already"] * 6 + ["checked-in"] * 6
    assert read_event.counts(db)["checked_in"] == 6


# -- badges and QR codes ------------------------------------------------------------

def test_badges_pdf_round_trip_to_a_check_in(db, clock, issued):
    badges = badges_for(db)
    # A to Z by the name in Latin letters: Early, Élodie, Γιώργος, Ġużeppi, Late, Rocco
    assert [b.participant_id for b in badges] == ["A6", "A2", "A1", "A3", "A5", "A4"]
    by_id = {b.participant_id: b for b in badges}
    assert by_id["A1"].first_meeting == "First meeting: table T1 at 09:00 (round 1)"
    assert by_id["A3"].country == "Malta (MT)"
    data = render(badges, "Test Mission")
    [page] = pdf_pages(data)  # six badges fit on one sheet
    assert "Γιώργος Παπαδόπουλος" in page and "Ġużeppi Ċaħħ" in page
    [decoded] = pdf_qr_codes(data)
    assert decoded == [issued[b.participant_id] for b in badges]
    for token in decoded:
        clock.advance(seconds=3)
        answer = scan_badge(db, token, station="door 1", clock=clock)
        assert answer.verdict == "checked-in", answer.message
    assert read_event.counts(db)["checked_in"] == 6


def test_badges_pdf_pages(db, clock, issued):
    many = badges_for(db) * 3  # 18 badges: 3 pages of 8
    pages = pdf_pages(render(many, "Test Mission"))
    assert [len(re.findall(r" \((?:GR|FR|MT|IT)\)$", page, re.M)) for page in pages] == [8, 8, 2]


def test_qr_png_and_svg_round_trip(db, clock, issued, tmp_path):
    png = qr.save(issued["A3"], tmp_path / "a3.png")
    assert read_qr(Image.open(png)) == [issued["A3"]]
    svg = qr.save(issued["A3"], tmp_path / "a3.svg").read_text()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert scan_badge(db, read_qr(Image.open(png))[0], station="d", clock=clock).accepted


def test_qr_uses_alphanumeric_mode_and_stays_small(issued):
    for token in issued.values():
        assert len(qr.matrix(token, border=0)) == 21  # version 1: 21 × 21 modules


def test_half_block_qr_decodes(issued):
    """The terminal rendering, drawn back as pixels, is the same code."""
    text = qr.half_blocks(issued["A1"], invert=True)
    rows = text.splitlines()
    image = Image.new("L", (len(rows[0]) * 8, len(rows) * 16), 255)
    for y, row in enumerate(rows):
        for x, glyph in enumerate(row):
            top, bottom = {" ": (0, 0), "▀": (1, 0), "▄": (0, 1), "█": (1, 1)}[glyph]
            for dy, dark in ((0, top), (8, bottom)):
                if dark:
                    image.paste(0, (x * 8, y * 16 + dy, x * 8 + 8, y * 16 + dy + 8))
    assert read_qr(image) == [issued["A1"]]


# -- the commands -------------------------------------------------------------------

def test_cli_badges_qr_and_checkin(event_file, tmp_path):
    pdf = tmp_path / "badges.pdf"
    result = run_floor("badges", "--db", event_file, "-o", pdf)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and "6 badge(s) on 1 page(s)" in result.stdout
    [[_, _, token, *_]] = pdf_qr_codes(pdf)  # A to Z: Early, Élodie, then A1's Γιώργος
    result = run_floor("qr", "A1", "--db", event_file, "-o", tmp_path / "a1.png")
    assert result.exit_code == 0 and token in result.stdout
    assert read_qr(Image.open(tmp_path / "a1.png")) == [token]
    result = run_floor("checkin", token, "--db", event_file, "--station", "door 9")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Welcome, Γιώργος Παπαδόπουλος")
    result = run_floor("checkin", token[:-1] + str((int(token[-1]) + 1) % 10),
                       "--db", event_file)
    assert result.exit_code == 1 and result.stderr.startswith("Damaged or mistyped badge")


def test_cli_reprint_revokes(event_file, tmp_path):
    assert run_floor("badges", "--db", event_file, "-o", tmp_path / "all.pdf").exit_code == 0
    [[_, _, old, *_]] = pdf_qr_codes(tmp_path / "all.pdf")  # A1's, third A to Z
    result = run_floor("badges", "--db", event_file, "-o", tmp_path / "a1.pdf", "--only", "A1",
                       "--reissue")
    assert result.exit_code == 0 and "1 badge(s)" in result.stdout
    [[new]] = pdf_qr_codes(tmp_path / "a1.pdf")
    assert new != old
    result = run_floor("checkin", old, "--db", event_file)
    assert result.exit_code == 1 and result.stderr.startswith("Revoked badge")
    result = run_floor("badges", "--db", event_file, "-o", tmp_path / "x.pdf", "--only", "NOPE")
    assert result.exit_code == 1
    assert result.stderr == "refused: no participant with id 'NOPE'\n"


# -- the camera ---------------------------------------------------------------------

def test_a_code_held_in_view_is_read_once():
    from floor.tui.door.camera import OnceInView

    now = [0.0]
    once = OnceInView(gone_after=1.0, clock=lambda: now[0])
    seen = []
    for step in range(40):  # 0.0 .. 3.9 s at 10 frames a second
        now[0] = step / 10
        in_view = ["A"] if step < 15 or step >= 30 else []  # held, taken away, shown again
        in_view += ["B"] if 5 <= step < 8 else []
        seen += once.frame(in_view)
    assert seen == ["A", "B", "A"]


def test_camera_without_the_extra_says_how_to_get_it(event_file, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_cv2(name, *args, **kwargs):
        if name == "cv2":
            raise ImportError("No module named 'cv2'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_cv2)
    result = run_floor("door", "--db", event_file, "--camera")
    assert result.exit_code == 1
    assert result.stderr.startswith("refused: ") and "pip install 'floor[camera]'" in result.stderr
