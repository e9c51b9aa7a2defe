"""Several processes writing at once, and writers killed mid-transaction: nothing lost,
nothing half-written, and no "database is locked" ever reaches a user."""

import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db import journal
from db.backup import rolling_backup
from db.connection import connect
from db.verify import verify

WORKLOAD = Path(__file__).with_name("workload.py")
pytestmark = pytest.mark.slow  # each runs other processes for seconds


def start(path, seed, count):
    return subprocess.Popen([sys.executable, str(WORKLOAD), str(path), str(seed), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_writing_at_once_both_succeed(demo_file):
    path = demo_file
    before = journal.last_id(connect(path))
    writers = [start(path, seed, 120) for seed in (1, 2)]
    results = [w.communicate(timeout=120) for w in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert "locked" not in err
        assert len(out.splitlines()) == 120
    db = connect(path)
    ids = sorted(int(line.split()[1]) for out, _ in results for line in out.splitlines())
    assert ids == list(range(before + 1, before + 241))  # every commit journaled, in order
    assert {e["actor"] for e in journal.entries(db, after_id=before)} >= {"worker 1",
                                                                          "worker 2"}
    assert verify(db) == []


def test_killing_a_writer_at_random_moments_loses_nothing(demo_file):
    path = demo_file
    rng = random.Random(7)
    committed: set[int] = set()
    kills = 0
    for round_no in range(30):
        writer = start(path, 100 + round_no, 10_000)
        time.sleep(rng.uniform(0.3, 0.8))  # python start-up, then some writes
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        kills += writer.returncode == -signal.SIGKILL
        committed |= {int(line.split()[1]) for line in out.splitlines()
                      if line.startswith("committed ")}
        db = connect(path)
        try:
            assert verify(db) == [], f"after kill {round_no}"
            in_journal = {e["id"] for e in journal.entries(db)}
            assert committed <= in_journal, committed - in_journal
        finally:
            db.conn.close()
    assert kills == 30
    assert len(committed) > 30  # the kills landed among real writes


def test_backup_while_another_process_writes_is_consistent(tmp_path, demo_file):
    path = demo_file
    writer = start(path, 5, 400)
    db = connect(path)
    copies = []
    try:
        for i in range(14):
            copies.append(rolling_backup(db, path, now=datetime(2026, 11, 26, 9)
                                         + timedelta(minutes=i)))
    finally:
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    kept = sorted((tmp_path / "demo-backups").glob("*.db"))
    assert kept == copies[-12:]  # the last dozen
    for copy in kept:
        backup = connect(copy, readonly=True)
        assert verify(backup) == []
