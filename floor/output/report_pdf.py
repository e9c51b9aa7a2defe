"""The day's figures as an A4 PDF: the headline, the charts, the tables."""

from __future__ import annotations

import io

from floor.domain.clock import hhmm
from floor.output.charts import CHARTS, chart_outcomes, chart_png
from floor.output.report_tables import tables
from floor.views.figures import headline


def render_pdf(f: dict) -> bytes:
    from floor.output import pdfkit

    e = f["event"]
    pdf = pdfkit.new_pdf(f"{e['name']} — the day's figures")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    width = pdf.w - 30
    pdfkit.fit(pdf, e["name"], width, 18, 10, "B")
    pdf.multi_cell(width, 8, e["name"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfkit.FAMILY, "", 10)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(width, 6, f"{e['date']} · {e['venue']} · figures at {hhmm(f['at'])}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_font(pdfkit.FAMILY, "B", 11)
    pdf.set_fill_color(243, 246, 249)
    pdf.multi_cell(width, 6, headline(f), fill=True, new_x="LMARGIN", new_y="NEXT",
                   padding=2)
    pdf.ln(3)
    for name, draw in CHARTS[:2]:
        pdf.image(io.BytesIO(chart_png(draw(f, 7.0, 2.6))), w=width)
        pdf.ln(2)
    for title, header, rows in tables(f):
        if title == "Outcomes":
            if pdf.will_page_break(70):
                pdf.add_page()
            pdf.image(io.BytesIO(chart_png(chart_outcomes(f, 7.0, 2.0))), w=width)
        _pdf_table(pdf, title, header, rows, width)
    return bytes(pdf.output())


def _pdf_table(pdf, title: str, header: list[str], rows: list[list[str]], width: float) -> None:
    from floor.output import pdfkit

    if pdf.will_page_break(14 + 6 * min(len(rows), 6)):
        pdf.add_page()
    pdf.set_font(pdfkit.FAMILY, "B", 12)
    pdf.cell(width, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfkit.FAMILY, "", 9)
    first = 0.45 if len(header) <= 4 else 0.25
    widths = [width * first] + [width * (1 - first) / (len(header) - 1)] * (len(header) - 1)
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(header) - 1),
                   line_height=5.5, first_row_as_headings=True,
                   headings_style=pdfkit.heading_style(), borders_layout="HORIZONTAL_LINES"
                   ) as table:
        for row in [header, *rows]:
            table.row(row)
    pdf.ln(4)
