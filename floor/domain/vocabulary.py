"""The one vocabulary: every status, origin, outcome, verdict and state the product says,
with the words a person reads for it. Everything else imports these; nobody writes
`("planned", "held")` again. The schema CHECKs are built from these tuples too.
"""

from __future__ import annotations

# -- a meeting's stored status --------------------------------------------------------
PLANNED, HELD, NOSHOW, CANCELLED = "planned", "held", "noshow", "cancelled"
MEETING_STATUSES = (PLANNED, HELD, NOSHOW, CANCELLED)
# A live meeting occupies its table and both seats; the others only keep the history.
LIVE_STATUSES = (PLANNED, HELD)
STATUS_WORDS = {PLANNED: "planned", HELD: "held", NOSHOW: "no-show", CANCELLED: "cancelled"}
# How figures and charts list them: what happened first, what is still to come last.
STATUSES_AS_REPORTED = (HELD, NOSHOW, CANCELLED, PLANNED)


def is_live(meeting: dict) -> bool:
    return meeting["status"] in LIVE_STATUSES


# -- where a meeting came from ----------------------------------------------------------
IMPORTED, SCHEDULED, REMATCH, WALKIN, SPONTANEOUS = (
    "imported", "scheduled", "rematch", "walkin", "spontaneous")
MEETING_ORIGINS = (IMPORTED, SCHEDULED, REMATCH, WALKIN, SPONTANEOUS)

# -- what came of a meeting, in the words b2match uses ----------------------------------
OUTCOMES = ("not-held", "insufficient-interest", "informative", "cooperation-possible")
NOT_HELD, COOPERATION = "not-held", "cooperation-possible"
OUTCOME_WORDS = {
    "not-held": "did not take place",
    "insufficient-interest": "insufficient interest",
    "informative": "informative, no cooperation planned",
    "cooperation-possible": "cooperation possible",
}
# Where a column is narrow (the Day screen).
OUTCOME_SHORT_WORDS = {**OUTCOME_WORDS, "informative": "informative only"}
UNRECORDED_WORDS = "not recorded yet"

# -- a meeting as the floor colours it now (status + who is here + the clock) ------------
# "planned", "held" and "cancelled" are the statuses' own words.
ONE_HERE, BOTH_HERE, RUNNING, AT_RISK, NO_SHOW = (
    "one here", "both here", "running", "at risk", "no-show")
REMATCHED, WALKED_IN = "re-matched", "walk-in"
# In the order the legend lists them.
MEETING_STATES = (PLANNED, ONE_HERE, BOTH_HERE, RUNNING, HELD, AT_RISK, NO_SHOW, CANCELLED,
                  REMATCHED, WALKED_IN)
STATE_CLASSES = {state: "cell--" + state.replace(" ", "-") for state in MEETING_STATES}
# The legend of a narrow terminal: every state still named, shorter.
STATE_SHORT_WORDS = {PLANNED: "plan", ONE_HERE: "1 here", BOTH_HERE: "2 here",
                     RUNNING: "run", HELD: "held", AT_RISK: "risk", NO_SHOW: "no-show",
                     CANCELLED: "cancel", REMATCHED: "re-match", WALKED_IN: "walk-in"}
# A meeting whose round is over with both people checked in, never marked otherwise, was
# held: the figures count it, and say which were marked (h) and which are presumed.
HELD_CONFIRMED_WORDS, HELD_PRESUMED_WORDS = "confirmed", "held (presumed)"

# -- a table on the wall's map -----------------------------------------------------------
WAITING, FREE = "waiting", "free"
MAP_KINDS = (BOTH_HERE, WAITING, FREE, NO_SHOW)
MAP_CLASSES = {kind: "map--" + kind.replace(" ", "-") for kind in MAP_KINDS}

# -- a round, seen from now ----------------------------------------------------------------
ROUND_OVER, ROUND_RUNNING, ROUND_TO_COME = "over", "running", "to come"

# -- where in the day a moment falls ------------------------------------------------------
BEFORE, IN_ROUND, BETWEEN, IN_BREAK, AFTER = "before", "round", "between", "break", "after"
PHASES = (BEFORE, IN_ROUND, BETWEEN, IN_BREAK, AFTER)
PHASE_WORDS = {BEFORE: "before the first round", BETWEEN: "between rounds",
               IN_BREAK: "break", AFTER: "the day is over"}

# -- a badge scan at the door --------------------------------------------------------------
CHECKED_IN, ALREADY, DOUBLE_READ = "checked-in", "already", "double-read"
UNKNOWN, FORGED, FOREIGN, REVOKED, UNREADABLE = (
    "unknown", "forged", "foreign", "revoked", "unreadable")
# One character away from a badge this event issued: a smudge or a slip of the keyboard,
# not a forgery (nobody is accused of forging when a digit is misread).
DAMAGED = "damaged"
SCAN_VERDICTS = (CHECKED_IN, ALREADY, DOUBLE_READ, UNKNOWN, FORGED, FOREIGN, REVOKED,
                 UNREADABLE, DAMAGED)
# Scans that found a real badge of this event (the double-read window looks at these).
BADGE_READ_VERDICTS = (CHECKED_IN, ALREADY, DOUBLE_READ)
GREEN, AMBER, RED = "green", "amber", "red"
VERDICT_COLOURS = {CHECKED_IN: GREEN, ALREADY: AMBER, DOUBLE_READ: AMBER, UNKNOWN: RED,
                   FORGED: RED, FOREIGN: RED, REVOKED: RED, UNREADABLE: RED,
                   DAMAGED: RED}
# The answer's colour as a terminal draws it (amber is yellow there).
TERMINAL_COLOURS = {GREEN: "green", AMBER: "yellow", RED: "red"}
VERDICT_TITLES = {CHECKED_IN: "Welcome", ALREADY: "Already checked in",
                  DOUBLE_READ: "Already checked in (read twice)", UNKNOWN: "Unknown badge",
                  FORGED: "Forged badge", FOREIGN: "Badge from another event",
                  REVOKED: "Revoked badge", UNREADABLE: "Cannot read this scan",
                  DAMAGED: "Damaged or mistyped badge"}
# A badge judged on its own (before the door decides between welcome and already in):
# valid, or the reason it is not; later ones say more about a candidate reading.
VALID = "valid"
TOKEN_VERDICTS = (VALID, UNREADABLE, FOREIGN, FORGED, DAMAGED, UNKNOWN, REVOKED)

# -- the journal ------------------------------------------------------------------------------
IMPORT_ACTION, CHECKIN_ACTION, UNDO_ACTION, REDO_ACTION = "import", "checkin", "undo", "redo"
# Actions that undo or redo another entry; they point at it with `undoes`.
UNDO_ACTIONS = (UNDO_ACTION, REDO_ACTION)
# Actions no undo may take back: the import made the file.
NEVER_UNDONE = (IMPORT_ACTION,)
# Actions that set the day up (the import, a schedule run, the badges issued): `u` never
# walks back into them; they are undone only by naming their entry.
SETUP_ACTIONS = (IMPORT_ACTION, "schedule", "issue-tokens")
