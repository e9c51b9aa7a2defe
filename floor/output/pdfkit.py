"""What every printout shares: an A4 fpdf2 document with DejaVu Sans (Greek, accented
and Maltese letters: Ġ ċ ħ ż), and text fitted to a width. Badges, agendas, signs, the
catalogue and the report all start here."""

from __future__ import annotations

from pathlib import Path

from floor.domain.errors import Refused

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
OPTIONAL_FONT_FILES = {"I": "DejaVuSans-Oblique.ttf", "BI": "DejaVuSans-BoldOblique.ttf"}
FAMILY = "DejaVu"
MARGIN = 15.0  # mm, the printouts' page margin
GREY = (110, 110, 110)
CHANGED_FILL = (255, 236, 179)  # what changed since the last print


class FontsMissing(Refused):
    pass


def new_pdf(title: str, *, orientation: str = "P"):
    """An empty A4 document (mm) with DejaVu Sans regular and bold (and italics when
    installed), no margins and no automatic page breaks: callers lay out pages."""
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title)
    pdf.set_creator("floor")
    for style, file in FONT_FILES.items():
        path = FONT_DIR / file
        if not path.exists():
            raise FontsMissing(f"font {path} is missing (install fonts-dejavu-core): "
                               "printouts need it for Greek, accented and Maltese names")
        pdf.add_font(FAMILY, style, str(path))
    for style, file in OPTIONAL_FONT_FILES.items():
        if (FONT_DIR / file).exists():
            pdf.add_font(FAMILY, style, str(FONT_DIR / file))
    return pdf


def has_style(pdf, style: str) -> bool:
    return f"{FAMILY.lower()}{style.lower()}" in pdf.fonts


def fit(pdf, text: str, width: float, largest: float, smallest: float,
        style: str = "") -> float:
    """Set the largest font size (from `largest` down to `smallest`, by 0.5 pt) at which
    `text` fits `width`; returns it."""
    size = largest
    while size > smallest:
        pdf.set_font(FAMILY, style, size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 0.5
    pdf.set_font(FAMILY, style, smallest)
    return smallest


def clip(pdf, text: str, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def heading_style():
    from fpdf.fonts import FontFace

    return FontFace(family=FAMILY, emphasis="BOLD", fill_color=(235, 238, 242))


def footer(pdf, text: str) -> None:

    auto, margin = pdf.auto_page_break, pdf.b_margin
    pdf.set_auto_page_break(False)  # the footer sits below the page-break line
    x, y = pdf.get_x(), pdf.get_y()
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(*GREY)
    pdf.set_xy(MARGIN, pdf.h - 10)
    pdf.cell(pdf.w - 2 * MARGIN, 4, clip(pdf, text, pdf.w - 2 * MARGIN))
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x, y)
    pdf.set_auto_page_break(auto, margin)
