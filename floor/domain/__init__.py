"""Pure rules and the one vocabulary: the event's plain data, the clock, time of day,
meeting states, badge tokens and scan mending, names, errors. Imports nothing of the
project, and no sqlite, Textual or click."""
