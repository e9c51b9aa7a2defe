"""The report's tables, as (title, header, rows) of text, shared by the PDF and the HTML."""

from __future__ import annotations

from floor.domain.vocabulary import OUTCOME_WORDS, OUTCOMES, UNRECORDED_WORDS


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"



def tables(f: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for each table of the report."""
    p, m, r, o = f["participants"], f["meetings"], f["requests"], f["outcomes"]
    placed = m["placed"]
    out = [
        ("Participants", ["", "count", "share"], [
            ["registered", str(p["registered"]), ""],
            ["absent for the day", str(p["absent"]), ""],
            ["expected", str(p["expected"]), ""],
            ["checked in (of expected)", str(p["checked_in_expected"]),
             _pct(p["checked_in_share"])],
            ["not arrived", str(p["not_arrived"]), ""],
            ["walk-ins", str(p["walk_ins"]), ""]]),
        ("By country", ["country", "registered", "checked in", "absent"], [
            [f"{c['name']} ({c['country']})", str(c["registered"]), str(c["checked_in"]),
             str(c["absent"])] for c in p["by_country"]]),
        ("By sector", ["sector", "registered"], [
            [s["sector"], str(s["registered"])] for s in p["by_sector"]]),
        ("Meetings", ["", "count", "share of placed"], [
            ["requested", str(r["requested"]), ""],
            ["requests placed", str(r["placed"]), _pct(r["placed_share"]) + " of requested"],
            ["placed (all meetings booked)", str(placed), ""],
            ["held", str(m["held"]), _pct(m["shares"]["held"])],
            ["no-show", str(m["noshow"]), _pct(m["shares"]["noshow"])],
            ["cancelled", str(m["cancelled"]), _pct(m["shares"]["cancelled"])],
            ["planned (to come, running, unconfirmed)",
             f"{m['planned']} ({m['planned_upcoming']}, {m['planned_running']}, "
             f"{m['planned_unconfirmed']})", _pct(m["shares"]["planned"])],
            ["re-matched", str(m["rematched"]), _pct(m["shares"]["rematched"])],
            ["show rate (held of held + no-show)", "", _pct(m["show_rate"])]]),
        ("Outcomes", ["outcome", "meetings"], [
            *[[OUTCOME_WORDS[k], str(o["by_outcome"][k])] for k in OUTCOMES],
            [UNRECORDED_WORDS, str(o["unrecorded"])],
            ["considered", str(o["considered"])]]),
        ("Meetings held, country × country", ["", *f["countries"]["countries"]], [
            [a, *[str(f["countries"]["matrix"][a][b]) for b in f["countries"]["countries"]]]
            for a in f["countries"]["countries"]]),
        ("Rounds", ["round", "time", "placed", "held", "no-show", "cancelled", "planned"], [
            [str(x["round"]), f"{x['starts']}–{x['ends']}", str(x["placed"]), str(x["held"]),
             str(x["noshow"]), str(x["cancelled"]), str(x["planned"])] for x in f["rounds"]]),
    ]
    return out
