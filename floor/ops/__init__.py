"""Every change of state, and nothing else: each function is one BEGIN IMMEDIATE
transaction plus one journal row (`floor/ops/base.run`), returns `Done`, and raises
`Refused` (having changed nothing but the rejection log) when the action would break a
rule. The door's scan and the scheduler's run go through the same frame. May import `db`,
`floor.domain`, `floor.views`, `floor.scheduler`, `floor.eventfolder`; never a screen."""

from floor.ops.absence import mark_absent
from floor.ops.base import Done, Refused
from floor.ops.checkin import check_in, undo_check_in
from floor.ops.meetings import (
                                add_meeting,
                                apply_schedule,
                                cancel,
                                mark_held,
                                mark_noshow,
                                move,
                                place_meetings,
                                swap_tables,
)
from floor.ops.outcomes import record_outcome
from floor.ops.participants import add_participant
from floor.ops.undo import (
    in_effect,
    last_undoable,
    next_redoable,
    redo,
    redo_target,
    undo,
    undo_target,
)

__all__ = [
    "Done", "Refused", "add_meeting", "add_participant", "apply_schedule", "cancel", "check_in",
    "in_effect", "last_undoable", "mark_absent", "mark_held", "mark_noshow", "move", "next_redoable",
    "place_meetings", "record_outcome", "redo", "redo_target", "swap_tables", "undo", "undo_check_in", "undo_target",
]
