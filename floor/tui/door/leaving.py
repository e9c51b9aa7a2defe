"""Quitting the door while scans are not recorded yet: say how many, where they are kept,
and ask. Dismissed with True (quit) or False (stay)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class QuitWithUnsentScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "quit", id="door.quit_yes"),
        Binding("n,escape", "answer(False)", "stay", id="door.quit_no"),
    ]

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
            yield Static(Text("Quit anyway?  y quit · n or Esc stay"), classes="hint")

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
