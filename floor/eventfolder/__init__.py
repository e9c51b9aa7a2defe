"""The organisers' file contract (README, "The event folder"): read an event folder
(event.toml, participants.csv, requests.csv) checked whole, every problem reported with
file, line and column, into a new event file, all or nothing; write one; generate a
synthetic one; the demo event's data. May import `db` (to build the new file) and
`floor.domain`."""

from pathlib import Path

from floor.domain.clock import Clock
from floor.domain.errors import EventFileExists
from floor.eventfolder.problems import ImportFailed, Problem
from floor.eventfolder.read import read_event_folder
from floor.eventfolder.store import Imported, refuse_to_replace, store_event

# The built-in demo event (Matera), as an organiser would hand it over.
DEMO_FOLDER = Path(__file__).with_name("demo_event")


def import_event(folder: str | Path, dest: str | Path, *, clock: Clock,
                 force: bool = False) -> Imported:
    dest = Path(dest)
    refuse_to_replace(dest, force=force)  # say so before reading anything
    spec = read_event_folder(folder)
    return store_event(spec, dest, clock=clock, force=force, source=str(folder))


__all__ = ["DEMO_FOLDER", "EventFileExists", "ImportFailed", "Imported", "Problem", "import_event",
           "read_event_folder", "store_event"]
