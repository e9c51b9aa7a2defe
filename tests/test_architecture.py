"""The layering rules of docs/architecture.md that the import contract (import-linter, run
by scripts/test) cannot see: what Textual pulls in at run time, where SQL is written,
and who writes."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules(package: str, *, skip: str | None = None) -> list[str]:
    names = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        if skip and str(relative).startswith(skip):
            continue
        if relative.name == "__main__":
            continue
        names.append(".".join(relative.parts).removesuffix(".__init__"))
    return names


def test_nothing_below_the_screens_imports_textual_when_run():
    names = modules("db") + modules("floor", skip="floor/tui")
    assert "floor.cli" in names and "floor.ops.door" in names
    code = ("import sys\n" + "".join(f"import {n}\n" for n in names)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)"
                 r"|\.(execute|executescript|executemany)\("
                 r"|PRAGMA \w+ *=", re.IGNORECASE)


def test_only_db_speaks_sql():
    offenders = []
    for path in (ROOT / "floor").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if SQL.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


WRITERS = re.compile(r"\b(insert_row|update_row|delete_row|write_transaction|create_event|"
                     r"journal\.append|append_scan|log_rejection|rows\.apply|Tx)\(")


def test_only_ops_write():
    """The write helpers of db/ are called from floor/ops alone (and create_event from the
    importer, which makes a new file)."""
    allowed = {"floor/ops/", "floor/eventfolder/store.py"}
    offenders = []
    for path in (ROOT / "floor").rglob("*.py"):
        relative = str(path.relative_to(ROOT))
        if any(relative.startswith(a) for a in allowed):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if WRITERS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_the_rule_catches_a_journal_append_outside_ops():
    assert WRITERS.search("    journal.append(db, at=now, actor='x', action='y', summary='z')")
    assert WRITERS.search("tx = Tx(db, stamp)")
    assert not WRITERS.search("from floor.ops.base import Tx")
