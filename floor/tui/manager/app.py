"""The floor manager's screen: the live grid, the details, one-key actions, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from db import journal
from db.backup import rolling_backup
from db.connection import ConnectionPool, connect
from db.feed import ChangeFeed
from floor import ops
from floor.domain.clock import Clock
from floor.domain.vocabulary import LIVE_STATUSES, OUTCOME_WORDS
from floor.tui.day.screen import DayScreen
from floor.tui.manager.grid import FloorGrid
from floor.tui.manager.modals import ChoiceModal, ConfirmModal, FindModal, RematchModal, WalkInModal
from floor.tui.manager.panels import Details, FloorHeader, JournalPanel, Legend
from floor.tui.messages import ActionDone, ActionRefused, SnapshotLoaded
from floor.views.floor import FloorSnapshot, find, load_snapshot, patched
from floor.views.rematch import proposals_for, stranded_in_round

POLL_SECONDS = 0.1  # PRAGMA data_version costs microseconds
BACKUP_SECONDS = 5 * 60


class FloorApp(App):
    CSS_PATH = Path(__file__).with_name("manager.tcss")  # absolute: subclasses live elsewhere
    TITLE = "floor"
    BINDINGS = [
        Binding("n", "noshow", "No-show", id="noshow", tooltip="Confirm a no-show"),
        Binding("r", "rematch", "Re-match", id="rematch",
                tooltip="Find a new partner for the person left alone"),
        Binding("i", "checkin", "Check in", id="checkin"),
        Binding("e", "meet", "Add meeting", id="meet"),
        Binding("m", "pick('move')", "Move", id="move"),
        Binding("s", "pick('swap')", "Swap", id="swap"),
        Binding("c", "cancel_meeting", "Cancel", id="cancel"),
        Binding("h", "held", "Held", id="held"),
        Binding("a", "absent", "Absent", id="absent"),
        Binding("w", "walk_in", "Walk-in", id="walkin"),
        Binding("f,slash", "find", "Find", id="find"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("U,ctrl+y", "redo", "Redo", id="redo"),
        Binding("o", "outcome", "Outcome", id="outcome",
                tooltip="Record how a meeting went"),
        Binding("d", "day", "Day", id="day", tooltip="The day's figures, live"),
        Binding("j", "toggle_journal", "Journal", id="journal"),
        Binding("enter", "place", "Place", show=False),
        Binding("escape", "unpick", "Stop", show=False),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    grid_class = FloorGrid  # the benchmark swaps in a timed subclass

    def __init__(self, db_path: str | Path, clock: Clock, *, actor: str = "manager",
                 poll_seconds: float = POLL_SECONDS, backups: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.clock = clock
        self.actor = actor
        self.poll_seconds = poll_seconds
        self.backups = backups
        self.snapshot: FloorSnapshot | None = None
        self.journal: list[dict] = []  # the newest entries, newest first
        self.picking: tuple[str, int] | None = None  # ("move"|"swap", meeting id)
        self.pool: ConnectionPool | None = None
        self.feed: ChangeFeed | None = None

    # -- layout and life cycle ---------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield FloorHeader(id="header")
        with Horizontal(id="main"):
            yield self.grid_class(id="grid")
            yield Details(id="details")
        yield JournalPanel(id="journal")
        yield Legend(id="legend")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FloorGrid).focus()
        self.open_and_load()
        self.set_interval(1.0, self.tick)

    @work(thread=True, group="db", exit_on_error=False)
    def open_and_load(self) -> None:
        """Open the file off the UI thread, then the first read; polling starts after it."""
        self.pool = ConnectionPool(self.db_path)
        self.feed = ChangeFeed(connect(self.db_path, shareable=True))
        self.post_message(self._read_all())
        self.call_from_thread(self.set_timer, self.poll_seconds, self.poll)
        if self.backups:
            self.call_from_thread(self.set_interval, BACKUP_SECONDS, self.backup)

    def on_unmount(self) -> None:
        if self.pool:
            self.pool.close()

    def tick(self) -> None:
        if self.snapshot:
            now = self.clock.now()
            self.query_one(FloorHeader).show(self.snapshot, now)
            self.query_one(FloorGrid).tick(now)
            self._show_details()

    # -- database work, always in threads -------------------------------------------------
    @work(thread=True, group="db", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self._read_all())

    def _read_all(self) -> SnapshotLoaded:
        with self.pool.borrow() as db:
            return SnapshotLoaded(load_snapshot(db),
                                  journal.entries(db, limit=40, newest_first=True))

    @work(thread=True, group="poll", exit_on_error=False)
    def poll(self) -> None:
        """One look at the change feed; the next is armed only when this one is done, so
        a slow read never piles up polls."""
        try:
            entries = self.feed.poll()
            if entries:
                snapshot = patched(self.snapshot, entries) if self.snapshot else None
                if snapshot is None:  # something a patch cannot follow: read it all
                    with self.pool.borrow() as db:
                        snapshot = load_snapshot(db)
                recent = (list(reversed(entries)) + self.journal)[:40]
                self.post_message(SnapshotLoaded(snapshot, recent))
        finally:
            self.call_from_thread(self.set_timer, self.poll_seconds, self.poll)

    @work(thread=True, group="db", exit_on_error=False)
    def backup(self) -> None:
        with self.pool.borrow() as db:
            rolling_backup(db, self.db_path)

    @work(thread=True, group="ops", exit_on_error=False)
    def run_op(self, action: Callable, *args, **kwargs) -> None:
        with self.pool.borrow() as db:
            try:
                done = action(db, *args, clock=self.clock, **kwargs)
            except ops.Refused as refusal:
                self.post_message(ActionRefused(refusal.reason))
                return
        self.post_message(ActionDone(done.summary, done.entry_id))
        self.post_message(self._read_all())  # at once, not at the next poll

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self.snapshot = message.snapshot
        self.journal = message.journal
        now = self.clock.now()
        self.query_one(FloorGrid).show(message.snapshot, now)
        self.query_one(FloorHeader).show(message.snapshot, now)
        self.query_one(JournalPanel).show(message.journal)
        self._show_details()

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(f"#{message.entry_id} {message.summary}", timeout=6)

    def on_action_refused(self, message: ActionRefused) -> None:
        self.notify(message.reason, title="Refused", severity="error", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.error}", title="Something went wrong",
                        severity="error", timeout=15)

    def on_floor_grid_cursor_moved(self, message: FloorGrid.CursorMoved) -> None:
        self._show_details()

    def _show_details(self) -> None:
        selected = self.query_one(FloorGrid).selected
        if self.snapshot and selected:
            self.query_one(Details).show(self.snapshot, *selected, self.clock.now())

    # -- what is selected ---------------------------------------------------------------
    def _meeting(self, *, live: bool = True) -> dict | None:
        selected = self.query_one(FloorGrid).selected
        if not self.snapshot or not selected:
            return None
        m = self.snapshot.cell(*selected)
        if m is None or (live and m["status"] not in LIVE_STATUSES):
            self.notify("Select a meeting first (arrows, or f to find).", severity="warning")
            return None
        return m

    def _person_label(self, pid: str) -> str:
        p = self.snapshot.people[pid]
        return f"{p['name']} · {p['organisation']} ({p['country']})"

    # -- actions ---------------------------------------------------------------------------
    def action_noshow(self) -> None:
        m = self._meeting()
        if not m:
            return
        missing = [pid for pid in (m["a"], m["b"])
                   if not self.snapshot.people[pid]["checked_in_at"]]
        if len(missing) == 1:
            who = missing[0]
            self.push_screen(ConfirmModal(f"No-show of {self._person_label(who)} at "
                                          f"{m['table_name']}, round {m['round']}?"),
                             lambda yes: yes and self.run_op(ops.mark_noshow, m["id"], who,
                                                             actor=self.actor))
            return
        options = [(pid, self._person_label(pid)) for pid in (m["a"], m["b"])]
        options.append(("both", "both of them"))
        self.push_screen(ChoiceModal("Who did not come?", options),
                         lambda who: who and self.run_op(
                             ops.mark_noshow, m["id"], None if who == "both" else who,
                             actor=self.actor))

    def action_rematch(self) -> None:
        selected = self.query_one(FloorGrid).selected
        if selected:
            self.find_rematch(*selected)

    @work(thread=True, group="db", exit_on_error=False)
    def find_rematch(self, table: str, round_no: int) -> None:
        with self.pool.borrow() as db:
            here = [s for s in stranded_in_round(db, round_no) if s["left_at"] == table]
            if not here:
                self.post_message(ActionRefused(
                    f"nobody is left alone at {table} in round {round_no}: mark the "
                    "no-show first (n)"))
                return
            stranded = here[0]
            proposals = proposals_for(db, stranded, round_no)
        self.call_from_thread(self._offer_rematch, stranded, proposals, round_no)

    def _offer_rematch(self, stranded: dict, proposals: list, round_no: int) -> None:
        if not proposals:
            self.notify(f"Nobody here is free to meet {stranded['name']} in round {round_no}.",
                        severity="warning")
            return
        labels = {p.partner: self._person_label(p.partner) for p in proposals}

        def accept(choice: str | None) -> None:
            if choice is not None:
                p = proposals[int(choice)]
                self.run_op(ops.add_meeting, p.stranded, p.partner, round_no, table=p.table,
                            origin="rematch", actor=self.actor)

        self.push_screen(RematchModal(self._person_label(stranded["id"]), proposals, labels),
                         accept)

    def action_checkin(self) -> None:
        m = self._meeting()
        if not m:
            return
        options = [(pid, self._person_label(pid)) for pid in (m["a"], m["b"])
                   if not self.snapshot.people[pid]["checked_in_at"]]
        if not options:
            self.notify("Both are checked in already.")
            return
        self.push_screen(ChoiceModal("Check in", options),
                         lambda pid: pid and self.run_op(ops.check_in, pid,
                                                         station=self.actor))

    def action_held(self) -> None:
        m = self._meeting()
        if m:
            self.run_op(ops.mark_held, m["id"], actor=self.actor)

    def action_cancel_meeting(self) -> None:
        m = self._meeting()
        if m:
            self.push_screen(ConfirmModal(f"Cancel meeting {m['id']}: "
                                          f"{self._person_label(m['a'])} with "
                                          f"{self._person_label(m['b'])}?"),
                             lambda yes: yes and self.run_op(ops.cancel, m["id"],
                                                             actor=self.actor))

    def action_absent(self) -> None:
        m = self._meeting(live=False)
        if not m:
            return
        options = [(pid, self._person_label(pid)) for pid in (m["a"], m["b"])]
        self.push_screen(ChoiceModal("Absent for the rest of the day (their later meetings "
                                     "are released and refilled):", options),
                         lambda pid: pid and self.run_op(ops.mark_absent, pid,
                                                         actor=self.actor))

    def action_pick(self, mode: str) -> None:
        m = self._meeting()
        if not m:
            return
        grid = self.query_one(FloorGrid)
        self.picking = (mode, m["id"])
        grid.marked = grid.cursor
        grid.refresh()
        what = "a free cell" if mode == "move" else "another meeting"
        self.notify(f"{mode.title()} meeting {m['id']}: go to {what} and press Enter "
                    "(Esc to stop).", timeout=8)

    def action_unpick(self) -> None:
        self.picking = None
        grid = self.query_one(FloorGrid)
        grid.marked = None
        grid.refresh()

    def action_place(self) -> None:
        if not self.picking:
            return
        mode, meeting_id = self.picking
        table, round_no = self.query_one(FloorGrid).selected
        self.action_unpick()
        if mode == "move":
            self.run_op(ops.move, meeting_id, table=table, round_no=round_no, actor=self.actor)
            return
        target = self.snapshot.cell(table, round_no)
        if target is None or target["status"] not in LIVE_STATUSES:
            self.notify("Swap needs another meeting.", severity="warning")
            return
        self.run_op(ops.swap_tables, meeting_id, target["id"], actor=self.actor)

    def action_meet(self) -> None:
        selected = self.query_one(FloorGrid).selected
        if not selected or not self.snapshot:
            return
        table, round_no = selected
        if self.snapshot.cell(table, round_no) and self.snapshot.cell(
                table, round_no)["status"] in LIVE_STATUSES:
            self.notify(f"{table} is taken in round {round_no}: pick a free cell.",
                        severity="warning")
            return
        free = self._free_people(round_no)

        def people_only(text: str) -> list[tuple[str, str, str]]:
            return [hit for hit in find(self.snapshot, text) if hit[0] == "person"
                    and hit[1] in free]

        def second(first_pick):
            if not first_pick:
                return

            def done(second_pick):
                if second_pick:
                    a, b = first_pick[1], second_pick[1]
                    walkin = any(self.snapshot.people[p]["walk_in"] for p in (a, b))
                    self.run_op(ops.add_meeting, a, b, round_no, table=table,
                                origin="walkin" if walkin else "spontaneous",
                                actor=self.actor)

            self.push_screen(FindModal(people_only, f"…meets whom? (round {round_no})"), done)

        self.push_screen(FindModal(people_only, f"New meeting at {table}, round {round_no}: "
                                                "who?"), second)

    def _free_people(self, round_no: int) -> set[str]:
        busy = {pid for (t, r), mid in self.snapshot.cells.items() if r == round_no
                and self.snapshot.meetings[mid]["status"] in LIVE_STATUSES
                for pid in (self.snapshot.meetings[mid]["a"], self.snapshot.meetings[mid]["b"])}
        return {pid for pid in self.snapshot.people if pid not in busy}

    def action_walk_in(self) -> None:
        def register(form: dict | None) -> None:
            if form:
                self.run_op(ops.add_participant, name=form["name"],
                            organisation=form["organisation"], country=form["country"],
                            sector=form["sector"], check_in_station=self.actor,
                            actor=self.actor)

        self.push_screen(WalkInModal(), register)

    def action_find(self) -> None:
        if not self.snapshot:
            return

        def jump(pick):
            if not pick:
                return
            kind, key = pick
            grid = self.query_one(FloorGrid)
            if kind == "table":
                grid.select(key)
                return
            now = self.clock.now()
            agenda = [m for m in self.snapshot.agenda(key)
                      if m["status"] in LIVE_STATUSES]
            upcoming = [m for m in agenda
                        if self.snapshot.timetable.get(m["round"]).ends > now] or agenda
            if upcoming:
                grid.select(upcoming[0]["table_name"], upcoming[0]["round"])
            else:
                self.notify(f"{self._person_label(key)} has no meeting.")

        self.push_screen(FindModal(lambda text: find(self.snapshot, text)), jump)

    def action_outcome(self) -> None:
        m = self._meeting(live=False)
        if not m:
            return
        options = [(key, label) for key, label in OUTCOME_WORDS.items()]
        self.push_screen(ChoiceModal(f"How did meeting {m['id']} go? "
                                     f"{self._person_label(m['a'])} with "
                                     f"{self._person_label(m['b'])}", options),
                         lambda outcome: outcome and self.run_op(
                             ops.record_outcome, m["id"], outcome, actor=self.actor))

    def action_day(self) -> None:
        self.push_screen(DayScreen(self.pool, self.clock))

    def action_undo(self) -> None:
        self.run_op(ops.undo, actor=self.actor)

    def action_redo(self) -> None:
        self.run_op(ops.redo, actor=self.actor)

    def action_toggle_journal(self) -> None:
        panel = self.query_one(JournalPanel)
        panel.display = not panel.display

    # -- command palette ---------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in self.BINDINGS:
            if binding.id and binding.id != "quit":
                yield SystemCommand(binding.description, binding.tooltip or binding.description,
                                    lambda action=binding.action: self.run_action(action))


def make_floor_app(db_path: str | Path, clock: Clock, **kwargs) -> FloorApp:
    """The one way to build the floor screen: the CLI, the tests and the snapshots."""
    return FloorApp(db_path, clock, **kwargs)

