"""Values of the wrong storage class in every committed sample store: no file is lost, no row is lost.

SQLite keeps any value in any column. For each sample folder holding SQLite stores, the first row of every table
of every store gets, column by column, a value of another class (text, a BLOB that is not UTF-8, a BLOB that is,
a huge integer, a negative one, a real, an empty string, a right-to-left override, NULL), chosen by a fixed
seed. The run must finish with no parser stopped and no event that could not be written, and every event valid
against the schema (a row whose mapping cannot read a value is kept as an unmapped row, a BLOB where text
belongs as text: see tests/test_damaged_input.py).
"""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest
from conftest import SAMPLE_DATA

SQLITE_MAGIC = b"SQLite format 3\x00"
HOSTILE = ("x", b"\xff\x00\xfe", "Grüße".encode(), 2**62, -1, 1.5, "", "\u202e<script>", None)
#: folders without SQLite stores, or whose stores are encrypted (the mutation would only make them unreadable)
SKIP = {"damaged", "case", "session", "telegram_ios", "signal", "element", "takeout", "takeout_activity",
        "takeout_activity_html", "meta_dyi", "telegram_export", "whatsapp_export", "email", "mail", "protonmail"}


def _samples():
    for folder in sorted(p for p in SAMPLE_DATA.iterdir() if p.is_dir() and p.name not in SKIP):
        yield folder.name


def _mutate(root, seed: int) -> int:
    """Put a value of another class in every column of the first row of every table; the stores changed."""
    rnd = random.Random(seed)
    changed = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                continue
        try:
            con = sqlite3.connect(path)
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        except sqlite3.DatabaseError:  # an encrypted store: not ours to mutate
            continue
        for table in tables:
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                try:
                    con.execute(f'UPDATE "{table}" SET "{column}" = ? '
                                f'WHERE rowid = (SELECT min(rowid) FROM "{table}")', (rnd.choice(HOSTILE),))
                except sqlite3.DatabaseError:  # a constraint, a virtual table: the value stays
                    pass
        con.commit()
        con.close()
        changed += 1
    return changed


@pytest.mark.parametrize("salt", [0, 80])
@pytest.mark.parametrize("sample", list(_samples()))
def test_every_store_survives_values_of_the_wrong_class(parse, tmp_path, event_validator, sample, salt):
    root = tmp_path / sample
    shutil.copytree(SAMPLE_DATA / sample, root)
    if not _mutate(root, seed=len(sample) + salt):
        pytest.skip("no SQLite store in this sample")
    tl = parse(root, jobs=1)
    assert tl.exit_code in (0, 3)
    stopped = [w for w in tl.warnings if "parser stopped" in w["message"] or "cannot be written" in w["message"]]
    assert not stopped, [(w["source_path"], w["message"]) for w in stopped]
    for event in tl.events:
        event_validator.validate(event)
