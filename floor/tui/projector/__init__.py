"""The projector: the room on the wall, read-only (never imports floor.ops)."""
