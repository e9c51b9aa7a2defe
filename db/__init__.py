"""The storage layer: the only code that speaks SQL. Plain functions over a
`sqlite_utils.Database` (made by `db.connection.connect`). Imports nothing of `floor` but
`floor.domain` (the vocabulary the schema CHECKs, the error family); never Textual."""
