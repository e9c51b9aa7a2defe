"""What the floor manager's keys do: each action asks (a modal) and then runs one
`floor.ops` action in a worker (`run_op`, in app.py). Mixed into FloorApp; nothing here
touches the database but the re-match search, which reads in a worker."""

from __future__ import annotations

from textual import work

from floor import ops
from floor.domain.vocabulary import LIVE_STATUSES, OUTCOME_WORDS, REMATCH, SPONTANEOUS, WALKIN
from floor.tui.day.screen import DayScreen
from floor.tui.manager.arrivals import ArrivalsScreen
from floor.tui.manager.grid import FloorGrid
from floor.tui.manager.modals import ChoiceModal, ConfirmModal, FindModal, RematchModal
from floor.tui.manager.panels import JournalPanel
from floor.tui.manager.person import PersonScreen
from floor.tui.manager.search import SearchModal
from floor.tui.manager.undo import REDO, UNDO, UndoFound, UndoModal, entry_lines, second_thoughts
from floor.tui.messages import ActionDone, ActionRefused, RematchFound
from floor.tui.walkin_form import WalkInForm
from floor.views.find import match
from floor.views.floor import find
from floor.views.rematch import proposals_for, stranded_in_round


class FloorActions:
    """The actions of the floor screen (the keys are FloorApp.BINDINGS)."""

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

    def _free_people(self, round_no: int) -> set[str]:
        busy = {pid for (t, r), mid in self.snapshot.cells.items() if r == round_no
                and self.snapshot.meetings[mid]["status"] in LIVE_STATUSES
                for pid in (self.snapshot.meetings[mid]["a"], self.snapshot.meetings[mid]["b"])}
        return {pid for pid in self.snapshot.people if pid not in busy}

    # -- a meeting's people ------------------------------------------------------------
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

    def action_absent(self) -> None:
        m = self._meeting(live=False)
        if not m:
            return
        options = [(pid, self._person_label(pid)) for pid in (m["a"], m["b"])]
        self.push_screen(ChoiceModal("Absent for the rest of the day (their later meetings "
                                     "are released and refilled):", options),
                         lambda pid: pid and self.run_op(ops.mark_absent, pid,
                                                         actor=self.actor))

    # -- re-match -------------------------------------------------------------------------
    def action_rematch(self) -> None:
        selected = self.query_one(FloorGrid).selected
        if selected:
            self.find_rematch(*selected)

    @work(thread=True, group="db", exit_on_error=False)
    def find_rematch(self, table: str, round_no: int) -> None:
        with self.live_db() as db:
            here = [s for s in stranded_in_round(db, round_no) if s["left_at"] == table]
            if not here:
                self.post_message(ActionRefused(
                    f"nobody is left alone at {table} in round {round_no}: mark the "
                    "no-show first (n)"))
                return
            proposals = proposals_for(db, here[0], round_no)
        self.post_message(RematchFound(here[0], proposals, round_no))

    def on_rematch_found(self, message: RematchFound) -> None:
        stranded, proposals, round_no = message.stranded, message.proposals, message.round_no
        if not proposals:
            self.notify(f"Nobody here is free to meet {stranded['name']} in round {round_no}.",
                        severity="warning", markup=False)
            return
        labels = {p.partner: self._person_label(p.partner) for p in proposals}

        def accept(choice: str | None) -> None:
            if choice is not None:
                p = proposals[int(choice)]
                self.run_op(ops.add_meeting, p.stranded, p.partner, round_no, table=p.table,
                            origin=REMATCH, actor=self.actor)

        self.push_screen(RematchModal(self._person_label(stranded["id"]), proposals, labels),
                         accept)

    # -- a meeting's status -------------------------------------------------------------
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

    def action_outcome(self) -> None:
        m = self._meeting(live=False)
        if not m:
            return
        options = list(OUTCOME_WORDS.items())
        self.push_screen(ChoiceModal(f"How did meeting {m['id']} go? "
                                     f"{self._person_label(m['a'])} with "
                                     f"{self._person_label(m['b'])}", options),
                         lambda outcome: outcome and self.run_op(
                             ops.record_outcome, m["id"], outcome, actor=self.actor))

    # -- move and swap: pick a meeting, go to the target, Enter ------------------------------
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

    # -- new people, new meetings -----------------------------------------------------------
    def action_meet(self) -> None:
        selected = self.query_one(FloorGrid).selected
        if not selected or not self.snapshot:
            return
        table, round_no = selected
        here = self.snapshot.cell(table, round_no)
        if here and here["status"] in LIVE_STATUSES:
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
                                origin=WALKIN if walkin else SPONTANEOUS, actor=self.actor)

            self.push_screen(FindModal(people_only, f"…meets whom? (round {round_no})"), done)

        self.push_screen(FindModal(people_only, f"New meeting at {table}, round {round_no}: "
                                                "who?"), second)

    def action_walk_in(self, values: dict | None = None, error: str = "") -> None:
        def register(form: dict | None) -> None:
            if form:
                self.register_walk_in(form)

        self.push_screen(WalkInForm(values, error,
                                    title="Register a walk-in (checked in at once)"), register)

    @work(thread=True, group="ops", exit_on_error=False)
    def register_walk_in(self, form: dict) -> None:
        """Registered, checked in and badged in one action (one journal entry, one undo),
        as at the door; a refusal brings the form back with what was typed."""
        with self.live_db() as db:
            try:
                done = ops.add_participant(
                    db, name=form["name"], organisation=form["organisation"],
                    country=form["country"], sector=form["sector"],
                    check_in_station=self.actor, with_badge=True, clock=self.clock,
                    actor=self.actor)
            except ops.Refused as refusal:
                self.call_from_thread(self.action_walk_in, form,
                                      f"not registered: {refusal.reason}")
                return
            self.post_message(ActionDone(done.summary, done.entry_id))
            self.post_message(self._read_all(db))

    # -- finding anyone, a person's card, who is not here yet --------------------------------
    def action_find(self) -> None:
        """Find anyone (floor/views/find.py over the snapshot); Enter opens their card, or
        goes to a table in the grid."""
        if not self.snapshot:
            return

        def search(text: str):
            return match(self.snapshot.people.values(), self.snapshot.tables, text)

        def picked(pick):
            if pick and pick[0] == "table":
                self.query_one(FloorGrid).select(pick[1])
            elif pick:
                self.open_card(pick[1])

        self.push_screen(SearchModal(search), picked)

    def action_person(self) -> None:
        """The card of someone in the selected meeting (asks which of the two)."""
        m = self._meeting(live=False)
        if not m:
            return
        options = [(pid, self._person_label(pid)) for pid in (m["a"], m["b"])]
        self.push_screen(ChoiceModal("Whose card?", options),
                         lambda pid: pid and self.open_card(pid))

    def open_card(self, person_id: str) -> None:
        if self.pool is not None:  # the file is open: the card borrows from its pool
            self.push_screen(PersonScreen(self.pool, person_id, self.clock), self._show_cell)

    def action_not_arrived(self) -> None:
        if self.pool is not None:
            self.push_screen(ArrivalsScreen(self.pool, self.clock), self._show_cell)

    def _show_cell(self, where: tuple[str, int] | None) -> None:
        """A card asked to show a meeting of theirs in the grid."""
        if where:
            self.query_one(FloorGrid).select(*where)

    # -- the day, the journal ------------------------------------------------------------
    def action_day(self) -> None:
        if self.pool is not None:  # the file is open: the Day screen borrows from its pool
            self.push_screen(DayScreen(self.pool, self.clock))

    # -- undo and redo: shown first, then asked (floor/tui/manager/undo.py) ----------------
    def action_undo(self) -> None:
        self.find_undo(None)

    def action_redo(self) -> None:
        self.find_undo(None, mode=REDO)

    def on_journal_panel_picked(self, message: JournalPanel.Picked) -> None:
        self.find_undo(message.entry_id)

    @work(thread=True, group="db", exit_on_error=False)
    def find_undo(self, entry_id: int | None, mode: str = UNDO) -> None:
        """Read what the undo (or redo) would take back; `entry_id` None: this station's
        own last action (or undo)."""
        with self.live_db() as db:
            try:
                entry = (ops.redo_target(db, actor=self.actor) if mode == REDO
                         else ops.undo_target(db, entry_id, actor=self.actor))
            except ops.Refused as refusal:
                self.post_message(ActionRefused(refusal.reason))
                return
        self.post_message(UndoFound(entry, mode))

    def on_undo_found(self, message: UndoFound) -> None:
        entry, mode = message.entry, message.mode
        if mode == REDO:
            self.push_screen(UndoModal(f"Redo what #{entry['id']} took back?",
                                       entry_lines(entry, self.actor)),
                             lambda yes: yes and self.run_op(ops.redo, actor=self.actor))
            return

        def take_back(yes: bool | None) -> None:
            if yes:
                self.run_op(ops.undo, entry["id"], actor=self.actor)

        def asked_once(yes: bool | None) -> None:
            reasons = second_thoughts(entry, self.actor)
            if not yes or not reasons:
                take_back(yes)
                return
            self.push_screen(UndoModal(f"Really undo #{entry['id']}?",
                                       [*reasons, *entry_lines(entry, self.actor)],
                                       again=True), take_back)

        self.push_screen(UndoModal(f"Undo #{entry['id']}?", entry_lines(entry, self.actor)),
                         asked_once)
