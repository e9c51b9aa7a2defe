"""SQL fragments built from the one vocabulary, so a status is spelled once."""

from __future__ import annotations

from floor.domain.vocabulary import LIVE_STATUSES


def one_of(values: tuple[str, ...]) -> str:
    """`('a', 'b')` as an SQL list: the tuples are the vocabulary's own constants."""
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


LIVE = f"status IN ({one_of(LIVE_STATUSES)})"
# By table position, as the floor lists tables.
TABLE_ORDER = "(SELECT position FROM venue_table t WHERE t.name = meeting.table_name)"
