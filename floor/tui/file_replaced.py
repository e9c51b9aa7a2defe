"""The red screen over everything once the event file is no longer the one this station
opened (deleted, moved, replaced by an import, a restore or a copy): the station has
stopped, and only quitting works. Pushed by the live-screen base (floor/tui/live.py)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Static

QUIT_KEYS = ("q", "ctrl+q", "ctrl+c")


def replaced_text(db_path: Path, deleted: bool) -> Text:
    what = "DELETED" if deleted else "REPLACED"
    how = ("it was deleted or moved away" if deleted
           else "another file was copied or moved in its place")
    text = Text(justify="center")
    text.append(f"THE EVENT FILE WAS {what}\n\n", style="bold")
    text.append(f"{db_path.name} in {db_path.absolute().parent} is no longer the file this station "
                f"opened: {how}.\n\n")
    text.append("This station has stopped: it takes no scan and writes nothing.\n\n")
    text.append("Restart this station: press q to quit, then start it again.",
                style="bold")
    return text


class FileReplacedScreen(Screen):
    """Covers the whole station; every key but quit is swallowed."""

    CSS_PATH = Path(__file__).with_name("file_replaced.tcss")
    BINDINGS = [Binding(",".join(QUIT_KEYS), "app.quit", "Quit", priority=True,
                        id="replaced.quit")]

    def __init__(self, db_path: Path, *, deleted: bool) -> None:
        super().__init__()
        self.db_path = db_path
        self.deleted = deleted

    def compose(self) -> ComposeResult:
        yield Static(replaced_text(self.db_path, self.deleted), id="replaced")

    def on_key(self, event: Key) -> None:
        if event.key not in QUIT_KEYS:
            event.stop()
            event.prevent_default()
