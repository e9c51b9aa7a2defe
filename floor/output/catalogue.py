"""The desk's catalogue: who meets whom where, by organisation (A to Z in Latin letters),
each with its people, country and sector, and its meetings in time order."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlite_utils

from floor.domain.clock import stamp
from floor.domain.names import country_label, org_or_name, sort_key
from floor.domain.vocabulary import HELD
from floor.output import pdfkit
from floor.output.pdfkit import GREY, MARGIN, footer
from floor.views.printday import Day, load_day


def organisations(day: Day) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for p in day.people.values():
        groups.setdefault(org_or_name(p), []).append(p)
    return sorted(groups.items(), key=lambda kv: sort_key(kv[0]))


def render(day: Day, printed_at: str) -> bytes:
    pdf = pdfkit.new_pdf(f"Catalogue — {day.event['name']}")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    width = pdf.w - 2 * MARGIN
    pages_footer = f"{day.event['name']} · who meets whom where · printed " \
                   f"{printed_at.replace('T', ' ')[:16]}"
    pdf.add_page()
    pdfkit.fit(pdf, day.event["name"], width, 18, 10, "B")
    pdf.multi_cell(width, 8, day.event["name"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfkit.FAMILY, "", 10)
    pdf.set_text_color(*GREY)
    pdf.cell(width, 6, f"Who meets whom where, by organisation · {day.event['date']} · "
                       f"{day.event['venue']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    cols = (24, 16, 90, 50)
    for org, people in organisations(day):
        meetings = sorted({m["id"]: m for p in people
                           for m in day.by_person.get(p["id"], [])}.values(),
                          key=lambda m: (m["round"], m["id"]))
        if pdf.will_page_break(14 + 5 * min(len(meetings), 4)):
            footer(pdf, pages_footer)
            pdf.add_page()
        pdf.set_font(pdfkit.FAMILY, "B", 11)
        head = pdfkit.clip(pdf, org, width * 0.6)
        pdf.cell(pdf.get_string_width(head) + 3, 6.5, head)
        first = people[0]
        pdf.set_font(pdfkit.FAMILY, "", 9)
        pdf.set_text_color(*GREY)
        info = " · ".join(x for x in (country_label(first["country"]), first["sector"]) if x)
        pdf.cell(0, 6.5, pdfkit.clip(pdf, info, width - pdf.get_x() + MARGIN),
                 new_x="LMARGIN", new_y="NEXT")
        names = ", ".join(f"{p['name']} ({p['id']}"
                          + (f", table {p['home_table']}" if p["home_table"] else "") + ")"
                          for p in people)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(width, 4.5, names, new_x="LMARGIN", new_y="NEXT")
        if not meetings:
            pdf.set_text_color(*GREY)
            pdf.cell(width, 5, "no meeting", new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        ids = {p["id"] for p in people}
        for m in meetings:
            if pdf.will_page_break(5):
                footer(pdf, pages_footer)
                pdf.add_page()
            mine = m["a"] if m["a"] in ids else m["b"]
            partner = day.partner(m, mine)
            pdf.set_font(pdfkit.FAMILY, "", 9)
            pdf.cell(cols[0], 5, f"{day.round(m['round']).starts:%H:%M}  R{m['round']}")
            pdf.set_font(pdfkit.FAMILY, "B", 9)
            pdf.cell(cols[1], 5, pdfkit.clip(pdf, m["table_name"], cols[1] - 1))
            pdf.set_font(pdfkit.FAMILY, "", 9)
            who = f"{org_or_name(partner)} — {partner['name']}"
            if len(people) > 1:
                who = f"{day.people[mine]['name']} with {who}"
            pdf.cell(cols[2], 5, pdfkit.clip(pdf, who, cols[2] - 1))
            pdf.set_text_color(*GREY)
            status = " · held" if m["status"] == HELD else ""
            pdf.cell(cols[3], 5, pdfkit.clip(pdf, country_label(partner["country"]) + status,
                                             cols[3]), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        pdf.ln(2.5)
    footer(pdf, pages_footer)
    return bytes(pdf.output())


def write_catalogue(db: sqlite_utils.Database, path: str | Path, *, now: datetime) -> int:
    """Write the catalogue; returns the number of organisations in it."""
    day = load_day(db)
    Path(path).write_bytes(render(day, stamp(now)))
    return len(organisations(day))
