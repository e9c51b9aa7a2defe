"""Quitting the door while scans are not recorded yet: say how many, where they are kept,
and ask. Dismissed with True (quit) or False (stay).

A scanner may type while this is open, and a token can hold any letter (in either case,
with Caps Lock on): so only Ctrl+Q again quits, and every other key goes on to the
door's scan buffer, as the walk-in result screen does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Static


class QuitWithUnsentScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "answer(False)", "stay", id="door.quit_stay")]

    def __init__(self, unsent: int, kept_in: str | None):
        super().__init__()
        self.unsent = unsent
        self.kept_in = kept_in  # the sidecar's name, or None if it cannot be written

    def compose(self) -> ComposeResult:
        scans = "1 scan is" if self.unsent == 1 else f"{self.unsent} scans are"
        if self.kept_in:
            fate = (f"They are kept in {self.kept_in} beside the event file and sent when "
                    "this station starts again.")
        else:
            fate = ("They could not be saved on disk and will be LOST: check those people "
                    "in by name at the desk.")
        with Vertical(id="quit-unsent"):
            yield Static(Text(f"{scans} not recorded yet.", style="bold"))
            yield Static(Text(fate))
            yield Static(Text("Quit anyway?  Ctrl+Q again: quit · Esc: stay"), classes="hint")

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)

    def on_key(self, event: Key) -> None:
        if event.key == "escape":
            return  # the binding
        event.stop()
        event.prevent_default()
        self.app.take_key(event)  # a scan typed meanwhile is read, not lost
