"""Files for people: PDFs (badges, agendas, signs, catalogue, report), the report's HTML
and charts, exports, QR codes. Built from `floor.views`; may import `views`, `db` (reads)
and `floor.domain`; never `floor.ops` or a screen, and writes no event file."""
