"""Helpers of the tests of registered samples kept in a folder of their own (``sample_data/<sample_dir>/``),
whose app name differs from the folder (a second platform of an app)."""

from __future__ import annotations

import json
import shutil
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match


def parse_registered_sample(parse, event_validator, sample_dir: str, platform: str, app: str):
    """Parse ``sample_data/<sample_dir>/<platform>``: no warning, exactly the events of its manifest, all of ``app``."""
    manifest = json.loads((SAMPLE_DATA / sample_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE_DATA / sample_dir / platform)
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, manifest, validator=event_validator)
    assert {e["app"] for e in got.values()} == {app} and len(got) == len(manifest["events"])
    return manifest, tl


def copy_sample(tmp_path, sample_dir: str, platform: str, store: str):
    """A copy of the sample to alter: ``(root, path of the store in it)``."""
    root = tmp_path / "ext"
    shutil.copytree(SAMPLE_DATA / sample_dir / platform, root)
    return root, root / store


def query(db, sql: str) -> list:
    """The rows of ``sql`` on a database opened read-only."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
