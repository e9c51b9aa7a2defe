"""Reading an organiser's CSV: UTF-8 with or without BOM, comma or semicolon, NFC."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from floor.eventfolder.problems import Collector


@dataclass
class CsvRow:
    line: int  # where the row starts in the file
    values: dict[str, str]


@dataclass
class CsvTable:
    file: str
    columns: list[str]
    rows: list[CsvRow]

    def where(self, column: str) -> str:
        return f"column {self.columns.index(column) + 1} ({column})"


def _decode(raw: bytes, name: str, problems: Collector) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        bad = raw[error.start:error.start + 4]
        problems.add(name, line, f"byte {column}", bad.hex(" "),
                     "the file must be UTF-8 (save it from Excel as 'CSV UTF-8')")
        return None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv(path: Path, *, required: list[str], optional: list[str],
             problems: Collector) -> CsvTable | None:
    name = path.name
    if not path.is_file():
        problems.add(name, None, None, None,
                     f"the file is missing (expected {path}); it needs the columns "
                     f"{', '.join(required)}")
        return None
    text = _decode(path.read_bytes(), name, problems)
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    first_line = text.splitlines()[0] if text.strip() else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except StopIteration:
        problems.add(name, 1, None, None,
                     f"the file is empty; it needs a header line: {','.join(required)}")
        return None
    columns = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in columns]
    for column in missing:
        problems.add(name, 1, "header", ",".join(header),
                     f"the required column {column!r} is missing")
    seen = set()
    for i, column in enumerate(columns, start=1):
        if column in seen:
            problems.add(name, 1, f"column {i}", column, "a column name appears twice")
        seen.add(column)
        if column and column not in required and column not in optional:
            problems.warn(f"{name}: column {i} {column!r} is not one floor reads; ignored")
    if missing:
        return None
    rows = []
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # a quote never closed swallows the rest of the file
            problems.add(name, line, None, None,
                         f"this row cannot be read ({error}): is a quote opened here and "
                         "never closed?")
            return None
        if any(cell.strip() for cell in record):
            if len(record) > len(columns):
                problems.add(name, line, f"column {len(columns) + 1}",
                             record[len(columns)],
                             f"more cells than the {len(columns)} columns of the header "
                             "(a delimiter inside an unquoted value?)")
            values = {c: record[i].strip() if i < len(record) else ""
                      for i, c in enumerate(columns)}
            rows.append(CsvRow(line, values))
        line = reader.line_num + 1
    return CsvTable(name, columns, rows)
