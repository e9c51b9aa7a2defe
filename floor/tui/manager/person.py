"""A person's card over the floor: who, how to reach them, here or not, their day, what
changed for them today, and their agenda's print state; from there: check in, absent,
add a meeting, reprint their agenda (or every agenda that changed since it was printed),
show them in the grid. The card follows the file live (floor.tui.live), borrowing the
floor screen's pool; what it shows is floor/views/person.py.

It is pushed by the floor screen (FloorApp): its actions run through the app's `run_op`
worker, so a refusal or a summary appears as every floor action's does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from db.connection import ConnectionPool
from floor import ops
from floor.domain.clock import Clock, hhmm
from floor.domain.vocabulary import LIVE_STATUSES, SPONTANEOUS, WALKIN
from floor.ops.badges import issue_tokens
from floor.output.agendas import read_record, record_path, reprint
from floor.tui.live import LiveScreen
from floor.tui.manager.modals import ChoiceModal, ConfirmModal, FindModal
from floor.views.agenda import agendas_for
from floor.views.find import match
from floor.views.person import PersonCard, person_card

POLL_SECONDS = 0.25
TOUCHED_LINES = 8  # the newest journal entries the card lists


@dataclass(eq=False)
class CardLoaded(Message):
    card: PersonCard
    printed: str  # the agenda's print state, in words


@dataclass(eq=False)
class Reprinted(Message):
    sentence: str


def print_state(db, db_path: Path, pid: str) -> str:
    agenda = agendas_for(db, [pid], read_record(record_path(db_path)))[0]
    if agenda.printed_before is None:
        return "agenda not printed yet"
    since = f"agenda printed {hhmm(agenda.printed_before)}"
    return (f"{since}: {agenda.changes} change(s) since, reprint it (p)" if agenda.changes
            else f"{since}: still true")


def agenda_table(card: PersonCard) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=True,
                  header_style="bold")
    for title, kwargs in (("R", {"justify": "right"}), ("time", {"no_wrap": True}),
                          ("table", {"no_wrap": True}), ("with", {"ratio": 1}),
                          ("", {"no_wrap": True})):
        table.add_column(title, **kwargs)
    nxt = card.next_meeting
    for row in card.agenda:
        style = "" if row.live and not row.over else "dim"
        if not row.live:
            style = "dim strike"
        if nxt and row.round == nxt.round and row.live:
            style = "bold"
        here = "" if row.partner_here else " (not here)"
        table.add_row(str(row.round), row.time, row.table, Text(row.partner + here),
                      row.status, style=style)
    if not card.agenda:
        table.add_row("", "", "", Text("no meeting today", style="italic"), "")
    return table


class PersonScreen(LiveScreen, ModalScreen[tuple[str, int] | None]):
    """Dismissed with (table, round) to show in the grid, or None."""

    CSS_PATH = Path(__file__).with_name("desk.tcss")
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="card.close"),
        Binding("i", "check_in", "Check in", id="card.checkin"),
        Binding("a", "absent", "Absent", id="card.absent"),
        Binding("e", "meet", "Add meeting", id="card.meet"),
        Binding("p", "reprint", "Reprint agenda", id="card.reprint"),
        Binding("P", "reprint_changed", "Reprint changed", id="card.reprint_changed",
                tooltip="Reprint every agenda that changed since it was printed"),
        Binding("g", "show_in_grid", "Show in grid", id="card.grid"),
    ]

    def __init__(self, pool: ConnectionPool, person_id: str, clock: Clock, *,
                 poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.lent_pool = pool
        self.person_id = person_id
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.card: PersonCard | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="card"):
            yield Static("reading…", id="card-who")
            with VerticalScroll(id="card-body"):
                yield Static("", id="card-status")
                yield Static("", id="card-agenda")
                yield Static("", id="card-today")
            yield Label("", id="card-printed")
        yield Footer()

    def on_mount(self) -> None:
        self.start_live(self.lent_pool.path, pool=self.lent_pool)

    # -- reading, in workers (floor.tui.live) ---------------------------------------------
    def first_read(self, db) -> CardLoaded:
        return self._read(db)

    def read_changes(self, entries: list[dict]) -> CardLoaded | None:
        if not entries:
            return None
        with self.pool.borrow() as db:
            return self._read(db)

    def _read(self, db) -> CardLoaded:
        return CardLoaded(person_card(db, self.person_id, self.clock.now()),
                          print_state(db, self.db_path, self.person_id))

    @work(thread=True, group="card", exit_on_error=False)
    def read_card(self) -> None:
        with self.live_db() as db:
            self.post_message(self._read(db))

    # -- on screen ------------------------------------------------------------------------
    def on_card_loaded(self, message: CardLoaded) -> None:
        self.card = card = message.card
        p = card.person
        who = Text.assemble((p["name"], "bold"), f"  {p['id']}")
        if card.contact:
            who.append("\n" + "\n".join(card.contact))
        self.query_one("#card-who", Static).update(who)
        colour = "red" if card.absent else "green" if card.here else "yellow"
        status = Text.assemble((card.status, f"bold {colour}"), "\n",
                               card.next_meeting.line() if card.next_meeting
                               else "No meeting left today")
        self.query_one("#card-status", Static).update(status)
        self.query_one("#card-agenda", Static).update(agenda_table(card))
        lines = [Text("What changed for them today", style="bold")]
        lines += [Text(f"#{t.entry_id} {t.at} {t.actor}: {t.summary}")
                  for t in card.touched[:TOUCHED_LINES]]
        if not card.touched:
            lines.append(Text("nothing yet", style="italic"))
        self.query_one("#card-today", Static).update(Group(*lines))
        self.query_one("#card-printed", Label).update(message.printed)

    def on_reprinted(self, message: Reprinted) -> None:
        self.notify(message.sentence, timeout=10, markup=False)
        self.read_card()

    def show_problem(self, sentence: str) -> None:
        self.notify(sentence, title="The card could not be read", severity="error",
                    timeout=15, markup=False)

    # -- actions --------------------------------------------------------------------------
    def _label(self) -> str:
        p = self.card.person
        return f"{p['name']} · {p['organisation']} ({p['country']})"

    def action_check_in(self) -> None:
        if not self.card:
            return
        if self.card.here:
            self.notify(f"{self._label()} is checked in already.", markup=False)
            return
        self.app.run_op(ops.check_in, self.person_id, station=self.app.actor)

    def action_absent(self) -> None:
        if not self.card:
            return
        if self.card.absent:
            self.notify(f"{self._label()} is marked absent already.", markup=False)
            return
        later = [r for r in self.card.agenda if r.live and not r.over]
        self.app.push_screen(
            ConfirmModal(f"{self._label()} absent for the rest of the day? "
                         f"{len(later)} meeting(s) still to come are released and refilled."),
            lambda yes: yes and self.app.run_op(ops.mark_absent, self.person_id,
                                                actor=self.app.actor))

    def action_meet(self) -> None:
        card = self.card
        if not card:
            return
        if not card.open_rounds:
            self.notify(f"{self._label()} has no round left to meet someone in.",
                        severity="warning", markup=False)
            return
        timetable = self.app.snapshot.timetable
        options = [(str(no), f"round {no} · {timetable.get(no).span}")
                   for no in card.open_rounds]
        self.app.push_screen(ChoiceModal(f"{self._label()} meets someone in which round?",
                                         options),
                             lambda no: no and self._pick_partner(int(no)))

    def _pick_partner(self, round_no: int) -> None:
        snap = self.app.snapshot
        busy = {pid for m in snap.meetings.values()
                if m["round"] == round_no and m["status"] in LIVE_STATUSES
                for pid in (m["a"], m["b"])}
        free = [p for p in snap.people.values() if p["id"] not in busy
                and p["id"] != self.person_id and not p["absent_at"]]

        def search(text: str) -> list[tuple[str, str, str]]:
            return [(h.kind, h.key, h.label) for h in match(free, (), text)]

        def done(pick) -> None:
            if pick:
                walkin = any(snap.people[p]["walk_in"] for p in (self.person_id, pick[1]))
                self.app.run_op(ops.add_meeting, self.person_id, pick[1], round_no,
                                origin=WALKIN if walkin else SPONTANEOUS, actor=self.app.actor)

        self.app.push_screen(FindModal(search, f"{self._label()} meets whom in round "
                                               f"{round_no}?"), done)

    def action_reprint(self) -> None:
        if self.card:
            self.notify(f"Printing the agenda of {self.card.person['name']}…", markup=False)
            self.reprint_agendas([self.person_id])

    def action_reprint_changed(self) -> None:
        self.notify("Printing every agenda that changed since it was printed…")
        self.reprint_agendas(None)

    @work(thread=True, group="card-print", exit_on_error=False)
    def reprint_agendas(self, ids: list[str] | None) -> None:
        """Write the PDF beside the event file and say where; a badge token is issued
        first to whoever lacks one (an agenda carries the badge's QR code)."""
        now = self.clock.now()
        with self.live_db() as db:
            if ids is not None:
                issue_tokens(db, ids, clock=self.clock, actor=self.app.actor)
            path, agendas = reprint(db, self.db_path, now=now, participant_ids=ids)
        if path is None:
            sentence = "No agenda changed since it was printed: nothing to reprint."
        elif ids is None:
            sentence = f"Wrote {path}: {len(agendas)} changed agenda(s)."
        else:
            changes = agendas[0].changes
            sentence = (f"Wrote {path}: the agenda of {agendas[0].person['name']}"
                        + (f", {changes} change(s) marked." if changes else "."))
        self.post_message(Reprinted(sentence))

    def action_show_in_grid(self) -> None:
        card = self.card
        if not card:
            return
        live = [r for r in card.agenda if r.live]
        upcoming = [r for r in live if not r.over] or live
        if not upcoming:
            self.notify(f"{self._label()} has no meeting to show.", markup=False)
            return
        self.dismiss((upcoming[0].table, upcoming[0].round))
