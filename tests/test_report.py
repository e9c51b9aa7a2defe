"""The day's figures add up, on the demo and on a generated event; PDF, HTML and JSON."""

import json
import re
from datetime import datetime, timedelta

import pypdf
import pytest
from helpers import DEMO_NOW, run_floor

from db import read_event, read_meetings, read_people
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.eventfolder import import_event
from floor.eventfolder.generate import generate_event
from floor.eventfolder.write import write_event_folder
from floor.ops.demo import build_demo
from floor.ops.outcomes import record_outcome
from floor.ops.schedule import schedule
from floor.output.report import render_html, write_report
from floor.views.figures import check_sums, figures
from floor.views.rematch import all_proposals


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = build_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    db = connect(path)
    clock = FixedClock(DEMO_NOW)
    held = [m for m in read_meetings.meetings(db, with_outcome=True) if m["status"] == "held"]
    record_outcome(db, held[0]["id"], "cooperation-possible", "visit in March", clock=clock)
    record_outcome(db, held[1]["id"], "informative", clock=clock)
    noshow = next(m for m in read_meetings.meetings(db, with_outcome=True) if m["status"] == "noshow")
    record_outcome(db, noshow["id"], "not-held", clock=clock)
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated event, scheduled, then a day played through ops: check-ins, held,
    no-shows, a cancellation, someone absent, a re-match, outcomes."""
    folder = tmp_path_factory.mktemp("gen")
    spec = generate_event(48, 160, 6, 12, seed=11)
    write_event_folder(spec, folder / "event")
    path = folder / "gen.db"
    morning = FixedClock(datetime.fromisoformat(spec.date + "T08:00"))
    import_event(folder / "event", path, clock=morning)
    db = connect(path)
    schedule(db, clock=morning, seconds=1.0, keep_announced=False)
    rounds = read_event.rounds(db)
    day = datetime.fromisoformat(spec.date)
    at = lambda hhmm: day + timedelta(hours=int(hhmm[:2]), minutes=int(hhmm[3:]))  # noqa
    people = read_people.participants(db)
    for p in people[:-4]:
        ops.check_in(db, p["id"], clock=morning, station="door")
    ops.mark_absent(db, people[-1]["id"], clock=morning)
    for r in rounds[:3]:
        clock = FixedClock(at(r["starts"]) + timedelta(minutes=10))
        for i, m in enumerate(read_meetings.meetings(db, round_no=r["no"], live_only=True)):
            if m["status"] != "planned":
                continue
            if i % 7 == 3:
                ops.mark_noshow(db, m["id"], m["a"], clock=clock)
            else:
                ops.mark_held(db, m["id"], clock=clock)
                if i % 3 == 0:
                    record_outcome(db, m["id"], ("cooperation-possible", "informative",
                                                 "insufficient-interest")[i % 9 // 3],
                                   clock=clock)
    late = FixedClock(at(rounds[3]["starts"]) - timedelta(minutes=5))
    upcoming = read_meetings.meetings(db, round_no=rounds[4]["no"], live_only=True)
    ops.cancel(db, upcoming[0]["id"], clock=late)
    # in round 3, the best partner for someone its no-shows left alone
    best = next(ranked[0] for ranked in all_proposals(db, rounds[2]["no"]).values() if ranked)
    ops.add_meeting(db, best.stranded, best.partner, rounds[2]["no"], table=best.table,
                    origin="rematch", clock=FixedClock(at(rounds[2]["starts"])
                                                       + timedelta(minutes=12)))
    db.conn.close()
    return path, at(rounds[3]["starts"]) + timedelta(minutes=5)


def test_the_demo_figures_add_up(demo):
    db = connect(demo, readonly=True)
    f = figures(db, DEMO_NOW)
    assert check_sums(f) == []
    m = f["meetings"]
    assert m["held"] + m["noshow"] + m["cancelled"] + m["planned"] == m["placed"]
    assert (m["held"], m["noshow"], m["placed"]) == (21, 1, 94)
    assert m["planned_running"] == 9  # round 3 at 10:16
    p = f["participants"]
    assert (p["registered"], p["checked_in"], p["countries"]) == (25, 23, 4)
    assert {c["country"] for c in p["by_country"]} == {"IT", "FR", "GR", "MT"}
    assert f["requests"]["requested"] == 103
    assert f["outcomes"]["by_outcome"] == {"not-held": 1, "insufficient-interest": 0,
                                          "informative": 1, "cooperation-possible": 1}
    assert f["outcomes"]["considered"] == 22 and f["outcomes"]["follow_ups"] == 1
    matrix = f["countries"]["matrix"]
    assert all(matrix[a][b] == matrix[b][a] for a in matrix for b in matrix)
    assert [r["held"] for r in f["rounds"][:3]] == [11, 10, 0]
    json.dumps(f)  # plain data


def test_the_generated_figures_add_up(generated):
    path, now = generated
    db = connect(path, readonly=True)
    f = figures(db, now)
    assert check_sums(f) == []
    m, p = f["meetings"], f["participants"]
    assert m["held"] > 0 and m["noshow"] > 0 and m["cancelled"] > 0 and m["rematched"] > 0
    assert m["placed"] == len(read_meetings.meetings(db, with_outcome=True))
    assert p["absent"] == 1 and p["not_arrived"] == 3
    assert sum(f["outcomes"]["by_outcome"].values()) > 0
    assert len(f["rounds"]) == 6
    assert sum(x["held"] for x in f["countries"]["pairs"]) == m["held"]


def test_report_files(demo, tmp_path):
    db = connect(demo, readonly=True)
    pdf_path, html_path = tmp_path / "r.pdf", tmp_path / "r.html"
    write_report(db, pdf_path, DEMO_NOW)
    reader = pypdf.PdfReader(pdf_path)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Business Mission Matera" in text and "country × country" in text
    assert "23 of 25 participants checked in; 21 meetings held of 94 placed" in " ".join(
        text.split())  # the PDF justifies the summary: its spaces vary
    assert sum(len(page.images) for page in reader.pages) == 3  # the charts
    write_report(db, html_path, DEMO_NOW)
    page = html_path.read_text(encoding="utf-8")
    assert page.count("<svg") == 3 and "<metadata>" not in page
    for external in ("<script", "<link", "src=", 'href="http', "@import"):
        assert external not in page
    assert not re.search(r"url\((?!#)", page)  # only the charts' own clip paths
    assert "Greece (GR)" in page


def test_report_html_escapes_names(demo):
    db = connect(demo, readonly=True)
    f = figures(db, DEMO_NOW)
    f["event"]["name"] = "<b>Mission</b>"
    assert "&lt;b&gt;Mission&lt;/b&gt;" in render_html(f)


def test_the_report_command(demo, tmp_path):
    out = tmp_path / "r.json"
    result = run_floor("report", "--db", demo, "-o", out, "--now", "10:16", "--speed", "0")
    assert result.exit_code == 0, result.output
    assert "25 organisations from 4 countries" in result.stdout
    f = json.loads(out.read_text(encoding="utf-8"))
    assert check_sums(f) == [] and f["at"] == "2026-11-26T10:16:00"
    bad = run_floor("report", "--db", demo, "-o", tmp_path / "r.txt")
    assert bad.exit_code == 2 and ".pdf, .html or .json" in bad.stderr
    assert not (tmp_path / "r.txt").exists()
