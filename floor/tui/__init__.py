"""The screens (Textual only): one sub-package per screen (manager, door, projector, day),
the live-screen base (live.py) and the messages workers send back (messages.py). May
import floor.ops (writes), floor.views and db (reads, the pool, the feed, the log), never
SQL and never click."""
