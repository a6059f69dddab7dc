"""Undoing an import finds what points at the records it created in the schema's foreign keys: a
foreign key added later must be given its rule (removed with the record, or refusing the undo)."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from monitor.extensions import db
from monitor.imports import undo


def test_every_foreign_key_to_what_an_import_creates_has_an_undo_rule(app):
    assert undo.missing_rules(db.metadata) == []
    assert undo.stale_rules(db.metadata) == []


def test_a_new_foreign_key_to_a_child_is_caught(app):
    metadata = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("visit_note", metadata, Column("id", Integer, primary_key=True), Column("child_id", ForeignKey("child.id")))
    assert undo.missing_rules(metadata) == ["visit_note.child_id"]
