"""Undo and redo at the floor screen: what an undo would take back, shown before it is done.

`u` finds this station's own last action, `U` its last undo, Enter on a journal line any
entry; a worker reads the entry (`UndoFound`, or the refusal), `UndoModal` shows it and
asks, and anybody else's action or a setup action asks a second time, naming whose it is,
with `y` only (an Enter pressed twice by habit takes nothing back)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label

from floor.domain.clock import hhmm
from floor.domain.vocabulary import SETUP_ACTIONS

UNDO, REDO = "undo", "redo"


@dataclass(eq=False)
class UndoFound(Message):
    """The entry an undo (or, `mode` REDO, the undo a redo) would take back."""

    entry: dict
    mode: str


def entry_lines(entry: dict, actor: str) -> list[str]:
    """What a person needs to decide: what it was, who did it, when."""
    who = f"you ({actor})" if entry["actor"] == actor else entry["actor"]
    return [f"#{entry['id']} {entry['summary']}",
            f"{entry['action']} by {who} at {hhmm(entry['at'])}"]


def second_thoughts(entry: dict, actor: str) -> list[str]:
    """Why this undo asks again: somebody else's work, or the set-up of the day."""
    reasons = []
    if entry["actor"] != actor:
        reasons.append(f"This is {entry['actor']}'s action, not yours ({actor}).")
    if entry["action"] in SETUP_ACTIONS:
        reasons.append(f"This is a setup action ({entry['action']}): undoing it takes back "
                       "all of it.")
    return reasons


class UndoModal(ModalScreen[bool]):
    """The entry, and a question; `y` yes, `n`/Esc no (Enter too, unless asking again)."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"),
                Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str, lines: list[str], *, again: bool = False) -> None:
        super().__init__()
        self.question = question
        self.lines = lines
        self.again = again

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="undo-dialog"):
            yield Label(Text(self.question), classes="dialog-title")
            for line in self.lines:
                yield Label(Text(line))
            help_text = ("[b]y[/b] yes, take it back · [b]n[/b]/Esc no" if self.again
                         else "[b]y[/b]/Enter yes · [b]n[/b]/Esc no")
            yield Label(help_text, classes="dialog-help")

    def key_enter(self) -> None:
        if not self.again:
            self.dismiss(True)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
