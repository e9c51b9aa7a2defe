"""The layering rules of docs/architecture.md, checked."""

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


def test_storage_and_domain_never_import_textual():
    names = modules("db") + modules("floor", skip="floor/tui")
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


def test_only_ops_and_the_importer_write():
    """Write helpers of db/ are called from floor/ops (and the importer's create_event)."""
    writers = re.compile(r"\b(insert_row|update_row|delete_row|write_transaction|"
                         r"create_event)\(")
    allowed = {"floor/ops", "floor/importer/store.py"}
    offenders = []
    for path in (ROOT / "floor").rglob("*.py"):
        relative = str(path.relative_to(ROOT))
        if any(relative.startswith(a) for a in allowed):
            continue
        if writers.search(path.read_text()):
            offenders.append(relative)
    assert offenders == []
