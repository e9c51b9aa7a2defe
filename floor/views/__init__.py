"""What a screen or a printout shows, as plain data read from the event file: the floor
snapshot, re-match proposals, the wall, the door's answer, the day's figures, the day as
text, the printouts' day. Imports `db` (reads only) and `floor.domain`; never Textual,
never `floor.ops`."""
