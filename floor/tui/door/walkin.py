"""The door's walk-in result: the new badge on screen (the form is
`floor/tui/walkin_form.py`, shared with the floor manager). It never touches the
database: the door app registers the person in its worker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Static

from floor.tui.messages import WalkInDone


class WalkInResultScreen(ModalScreen[None]):
    """The new badge on screen. The next scan (or Esc / Enter) closes it; a scan is not
    lost: its keys go on to the door's buffer."""

    def __init__(self, done: WalkInDone):
        super().__init__()
        self.done = done

    def compose(self) -> ComposeResult:
        p = self.done.participant
        with Vertical(id="walkin-result"):
            yield Static(Text(f"{p['id']} {p['name']} ({p['organisation']}, {p['country']}) "
                              "is registered and checked in", style="bold"))
            yield Static(Text(self.done.meeting_line))  # names are user text, not markup
            yield Static(self.done.qr_text, id="walkin-qr")
            saved = f"QR saved as {self.done.png}" if self.done.png else "QR not saved"
            yield Static(Text(f"badge code {self.done.token} · {saved}"))
            yield Static("Esc or Enter to close · print with: floor badges --only "
                         f"{p['id']}", classes="hint")

    def on_key(self, event: Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key in ("escape", "enter"):
            self.dismiss(None)
            return
        self.dismiss(None)
        self.app.take_key(event)
