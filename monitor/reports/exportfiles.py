"""Where prepared exports are kept: EXPORT_DIR (default instance/exports), one file per export.

A file is written under a temporary name in the same folder and renamed to its final name only when
complete (a rename is atomic), so a killed job never leaves a file under a final name that could be
offered; its temporary file is removed by the purge. The final name depends only on the export's
id, so a job run twice leaves one file."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUFFIXES = {"workbook": ".xlsx", "zip": ".zip"}
PART = ".part"


def export_dir(config, instance_path: str) -> Path:
    folder = Path(config.get("EXPORT_DIR") or Path(instance_path) / "exports")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def final_name(export_id: int, kind: str) -> str:
    return f"export-{export_id}{SUFFIXES[kind]}"


@contextmanager
def written_atomically(folder: Path, name: str) -> Iterator[Path]:
    """A temporary path to write to; renamed to `name` (replacing any earlier copy) when the block
    ends without an error, removed when it raises."""
    part = folder / f"{name}.{secrets.token_hex(4)}{PART}"
    try:
        yield part
        with open(part, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(part, folder / name)
    finally:
        part.unlink(missing_ok=True)


def complete_file(folder: Path, name: str | None, size: int | None) -> Path | None:
    """The file of a ready export, if it is there whole (its recorded size)."""
    if not name or size is None:
        return None
    path = folder / name
    try:
        return path if path.stat().st_size == size else None
    except FileNotFoundError:
        return None


def remove(folder: Path, name: str | None) -> None:
    if name:
        (folder / name).unlink(missing_ok=True)


def leftovers(folder: Path, older_than_seconds: float, keep: set[str]) -> list[Path]:
    """Temporary files of jobs that died, and files of exports no longer ready (not in `keep`),
    untouched for `older_than_seconds`."""
    limit = time.time() - older_than_seconds
    return [path for path in folder.glob("export-*") if path.name not in keep and path.stat().st_mtime < limit]
