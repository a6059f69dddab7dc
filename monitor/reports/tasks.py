"""The reports' background jobs handed to the queue."""

from __future__ import annotations

from flask import current_app

from monitor.reports.prepared import prepare_export


def enqueue_export(export_id: int) -> None:
    """Hand export `export_id` (committed as queued) to a worker. EXPORT_IMMEDIATE runs it at once
    (tests); otherwise `flask prepare-exports` takes every waiting export."""
    if current_app.config.get("EXPORT_IMMEDIATE"):
        prepare_export(export_id)
