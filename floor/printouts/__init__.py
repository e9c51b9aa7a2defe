"""Printouts for the day (A4 PDF, DejaVu Sans so that every script prints): agendas (one
page per participant, reprints mark what changed), table signs, and the desk's
catalogue of who meets whom where."""

from floor.printouts.agendas import write_agendas
from floor.printouts.catalogue import write_catalogue
from floor.printouts.signs import write_signs

__all__ = ["write_agendas", "write_catalogue", "write_signs"]
