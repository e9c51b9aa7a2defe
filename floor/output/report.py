"""The day's figures as a file (`floor report -o`): JSON, a self-contained HTML page or
a PDF, chosen by the suffix. The figures are `floor/views/figures.py`; the page
`report_html.py`, the PDF `report_pdf.py`, their charts `charts.py`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlite_utils

from floor.output.report_html import render_html
from floor.output.report_pdf import render_pdf
from floor.views.figures import figures, to_json

__all__ = ["render_html", "render_pdf", "write_report"]


def write_report(db: sqlite_utils.Database, path: str | Path, now: datetime) -> dict:
    """Write the figures as .json, .html or .pdf (chosen by the suffix); returns them."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".html", ".htm", ".pdf"):
        raise ValueError(f"{path.name}: write a .pdf, .html or .json file")
    f = figures(db, now)
    if suffix == ".json":
        path.write_text(to_json(f), encoding="utf-8")
    elif suffix in (".html", ".htm"):
        path.write_text(render_html(f), encoding="utf-8")
    else:
        path.write_bytes(render_pdf(f))
    return f
