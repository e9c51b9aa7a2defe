"""The storage layer: the only code that speaks SQL. Never imports Textual.

Plain functions over a `sqlite_utils.Database` (made by `db.connection.connect`).
"""
