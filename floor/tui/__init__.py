"""Textual screens over floor.ops and the change feed. Widgets never write SQL."""
