"""Reading an organiser's CSV: UTF-8 with or without BOM, comma or semicolon, NFC.

What a spreadsheet or a careless copy leaves in a file is a problem with its line, never
a crash or a silent change: a NUL byte, a byte-order mark in the middle (two files pasted
together), a value running over several lines (a quote never closed), an over-long value.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from floor.eventfolder.problems import Collector

# Longer than any name, organisation or e-mail address; what lies beyond is a paste gone
# wrong, and it would overflow every badge and screen.
MAX_VALUE_CHARS = 300
# A cell starting with one of these is run as a formula by a spreadsheet (OWASP, "CSV
# injection"): the import warns about it, floor's CSV exports neutralise it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters a text file from a spreadsheet never holds: each is reported with its line.
STRAY_CHARACTERS = {
    "\x00": "a NUL byte: the file is damaged or not a CSV text file; save it again as "
            "'CSV UTF-8'",
    "\ufeff": "a byte-order mark in the middle of the file (were two files pasted "
              "together?): remove it, or save the file again as 'CSV UTF-8'",
}


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


def _stray_characters(text: str, name: str, problems: Collector) -> bool:
    """Report each line holding a NUL or a byte-order mark; True if any does. Lines are
    counted as the CSV reader counts them (a lone CR ends a line too)."""
    found = False
    for line, physical in enumerate(io.StringIO(text, newline=""), start=1):
        for character, why in STRAY_CHARACTERS.items():
            column = physical.find(character)
            if column >= 0:
                problems.add(name, line, f"character {column + 1}", None, why)
                found = True
    return found


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Let the csv module read a value of any length, so an over-long one is reported
    as such (with its line) rather than as an unreadable row."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, limit))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _cell_problems(record: list[str], columns: list[str], name: str, line: int,
                   last_line: int, problems: Collector) -> bool:
    """Report over-long values and values running over lines; True when a value runs
    over lines, after which the rest of the file cannot be trusted to be in its rows."""
    for i, cell in enumerate(record[:len(columns)]):
        where = f"column {i + 1} ({columns[i]})"
        if "\n" in cell or "\r" in cell:
            problems.add(name, line, where, cell,
                         f"a value on one line, but this one runs on to line {last_line}: "
                         "is a quote opened here and never closed?")
            return True
        if len(cell.strip()) > MAX_VALUE_CHARS:
            problems.add(name, line, where, cell,
                         f"a value of at most {MAX_VALUE_CHARS} characters (this one has "
                         f"{len(cell.strip()):,})")
    return False


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
    if _stray_characters(text, name, problems):
        return None
    text = unicodedata.normalize("NFC", text)
    with _field_limit(len(text) + 1):
        return _read_rows(text, name, required, optional, problems)


def _read_rows(text: str, name: str, required: list[str], optional: list[str],
               problems: Collector) -> CsvTable | None:
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
        except csv.Error as error:
            problems.add(name, line, None, None,
                         f"this row cannot be read ({error}): is a quote opened here and "
                         "never closed?")
            return None
        if any(cell.strip() for cell in record):
            if _cell_problems(record, columns, name, line, reader.line_num, problems):
                return None
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
