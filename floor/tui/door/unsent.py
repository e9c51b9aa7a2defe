"""The door's scans that the event file could not take yet (disk full, read-only, a lock
held too long), kept in the order they were read with the moment each was read, until
they are recorded.

The list lives in this process and, best effort, in a small sidecar file beside the
event file (`event.db.unsent-door-1.jsonl`, one scan a line), rewritten whole and moved
into place at each change, so a crash or a quit loses nothing: the next start of the same
station finds it and sends it. Were the sidecar itself not writable (the same full disk),
the scans are still kept in memory and `saved` says so. No database, no Textual.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("floor.tui")


@dataclass(frozen=True)
class UnsentScan:
    raw: str
    at: str  # when it was read, as stored (floor.domain.clock.stamp)


def sidecar_path(db_path: Path, station: str) -> Path:
    """Where a station keeps its unsent scans: beside the event file, one per station."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", station).strip("-").lower() or "door"
    return db_path.with_name(f"{db_path.name}.unsent-{slug}.jsonl")


class UnsentScans:
    """Scans waiting to be recorded, oldest first. The scan worker adds and removes; the
    screen reads the count (hence the lock)."""

    def __init__(self, path: Path):
        self.path = path
        self._scans: list[UnsentScan] = []
        self._lock = threading.Lock()
        self.saved = True  # the sidecar holds every scan in the list

    def load(self) -> int:
        """Take in the scans a previous run of this station left unsent; how many."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return 0
        except OSError:
            log.exception("the unsent scans in %s could not be read", self.path)
            return 0
        found = []
        for number, line in enumerate(lines, 1):
            try:
                item = json.loads(line)
                found.append(UnsentScan(str(item["raw"]), str(item["at"])))
            except (ValueError, KeyError, TypeError):  # a line cut short by a crash
                log.warning("%s line %d is not a scan, skipped: %r", self.path, number,
                            line[:80])
        with self._lock:
            self._scans = found + self._scans
        return len(found)

    def __len__(self) -> int:
        with self._lock:
            return len(self._scans)

    def first(self) -> UnsentScan | None:
        with self._lock:
            return self._scans[0] if self._scans else None

    def add(self, *scans: UnsentScan) -> None:
        with self._lock:
            self._scans.extend(scans)
        self._save()

    def drop_first(self) -> None:
        """The oldest scan is recorded now."""
        with self._lock:
            self._scans.pop(0)
        self._save()

    def _save(self) -> None:
        with self._lock:
            scans = list(self._scans)
        part = self.path.with_name(self.path.name + ".part")
        try:
            if not scans:
                self.path.unlink(missing_ok=True)
            else:
                with open(part, "w", encoding="utf-8") as f:
                    for scan in scans:  # json escapes a lone surrogate: always writable
                        f.write(json.dumps({"raw": scan.raw, "at": scan.at}) + "\n")
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(part, self.path)
            self.saved = True
        except OSError:
            self.saved = False
            log.exception("the unsent scans could not be saved in %s", self.path)
            part.unlink(missing_ok=True)  # a half-written copy: the last whole one stands
