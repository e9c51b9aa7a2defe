"""Recording what came of a meeting, in the words b2match uses (floor/domain/vocabulary.py):

    not-held               the meeting did not take place
    insufficient-interest  it took place; not enough interest on one side
    informative            informative, but no cooperation planned
    cooperation-possible   a cooperation is possible (a follow-up is planned)

One transaction and one journal row, like every op: undo takes it back."""

from __future__ import annotations

import sqlite_utils

from db import read_event, read_meetings
from floor.domain.clock import Clock
from floor.domain.errors import Refused
from floor.domain.vocabulary import CANCELLED, NOSHOW, NOT_HELD, OUTCOME_WORDS, OUTCOMES, PLANNED
from floor.ops import rules
from floor.ops.base import Done, run


def normalise_outcome(text: str) -> str | None:
    """'Cooperation_possible', 'cooperation possible', 'coop' -> 'cooperation-possible';
    None when it names no outcome (or more than one)."""
    key = "-".join(str(text or "").strip().lower().replace("_", " ").split())
    if key in OUTCOMES:
        return key
    found = [o for o in OUTCOMES if o.startswith(key)] if key else []
    return found[0] if len(found) == 1 else None


def record_outcome(db: sqlite_utils.Database, meeting_id: int, outcome: str, note: str = "",
                   *, clock: Clock, actor: str = "manager") -> Done:
    """Record the outcome (and an optional note) of a meeting that was held or whose round
    is over. A no-show can only be 'not-held'; a cancelled meeting has no outcome."""
    wanted = normalise_outcome(outcome)
    note = (note or "").strip()

    def body(tx):
        if wanted is None:
            raise Refused(f"unknown outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
        rules.meeting(tx.db, meeting_id)
        m = read_meetings.meeting(tx.db, meeting_id, with_outcome=True)
        label = rules.meeting_label(m)
        if m["status"] == CANCELLED:
            raise Refused(f"{label} was cancelled: it has no outcome")
        if m["status"] == NOSHOW and wanted != NOT_HELD:
            raise Refused(f"{label} was a no-show: its outcome can only be not-held")
        if m["status"] == PLANNED:
            rnd = read_event.timetable(tx.db).get(m["round"])
            if rnd.ends > clock.now():
                raise Refused(f"{label} is not over: round {m['round']} ends at "
                              f"{rnd.ends:%H:%M} (mark it held first, or wait)")
        if (m["outcome"], m["outcome_note"]) == (wanted, note):
            raise Refused(f"{label} already has outcome {wanted}"
                          + (f" ({note})" if note else ""))
        tx.update("meeting", {"id": m["id"]}, {"outcome": wanted, "outcome_note": note})
        was = f" (was {m['outcome']})" if m["outcome"] and m["outcome"] != wanted else ""
        return (f"outcome of {label}: {OUTCOME_WORDS[wanted]}{was}"
                + (f" — {note}" if note else ""))

    return run(db, clock, actor, "outcome",
               {"meeting": meeting_id, "outcome": outcome, "note": note}, body)
