"""Files for people: PDFs (badges, agendas, signs, catalogue, report), the report's HTML
and charts, exports, QR codes. Built from `floor.views`; writes no event file."""
