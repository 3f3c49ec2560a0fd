"""Databases with known deleted rows, for the recovery engine's tests (``artefacts.recovery``).

Both start from the real Android ``mmssms.db`` schema (``ddl/android_mmssms.sql``, built by
:func:`artefacts.synthetic.android.build_mmssms`), then change it as a phone would:

* :func:`build_deleted_sms` -- some messages made long enough to spill to overflow pages (page
  size 4096: a payload over 4061 bytes), then every ``delete_every``-th message deleted, with
  ``PRAGMA secure_delete`` off (SQLite leaves the freed bytes) or on (SQLite zeroes them);
* :func:`build_wal_sms` -- the same database in WAL mode, then several commits (edits, deletions,
  new messages) that stay in the ``-wal`` file: files copied while the writer is still open, so
  SQLite has not checkpointed them into the main file.

Deterministic for a seed: the rows and bodies come from :mod:`artefacts.synthetic.content`'s
seeded generators; the only statements run after the build are the ones listed here.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from . import content as C
from .android import SMS_COLS, build_mmssms

#: a body this long spills to one overflow page at page size 4096: the payload passes U - 35 = 4061
#: bytes, and only the minimum local part (489 bytes) stays on the leaf, so deleting it does not
#: leave the leaf underfull (a rebalance would overwrite the freed cell)
LONG_BODY = 4200


def _long_body(seed, msg_id: int) -> str:
    r = C.rng(seed, f"long-{msg_id}")
    words = [C.text(r) for _ in range(200)]
    text = " ".join(words)
    while len(text) < LONG_BODY:
        text += " " + text
    return text[:LONG_BODY]


def _rows(con, ids) -> list[dict]:
    q = f"SELECT {', '.join(SMS_COLS)} FROM sms WHERE _id IN ({', '.join('?' * len(ids))}) ORDER BY _id"
    return [dict(zip(SMS_COLS, row)) for row in con.execute(q, list(ids))]


def build_deleted_sms(path, *, n_sms: int = 120, delete_every: int = 15, n_long: int = 3,
                      secure_delete: bool = False, seed: int | str = 0) -> dict:
    """An ``mmssms.db`` at ``path`` with deleted messages; returns their rows and the live count.

    ``n_long`` of the deleted messages get a body of :data:`LONG_BODY` characters first (an
    UPDATE, so they live on overflow pages when they are deleted); ``earlier`` holds those rows
    as they were before the UPDATE (their old cells are freed space too).
    """
    build_mmssms(path, n_sms=n_sms, n_mms=0, seed=seed, index_words=False)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute(f"PRAGMA secure_delete = {1 if secure_delete else 0}")
        ids = [r[0] for r in con.execute("SELECT _id FROM sms ORDER BY _id")]
        doomed = ids[::delete_every]
        earlier = _rows(con, doomed[:n_long])
        for msg_id in doomed[:n_long]:
            con.execute("UPDATE sms SET body = ? WHERE _id = ?", (_long_body(seed, msg_id), msg_id))
        deleted = _rows(con, doomed)
        con.execute("BEGIN")
        for msg_id in doomed:
            con.execute("DELETE FROM sms WHERE _id = ?", (msg_id,))
        con.execute("COMMIT")
        live = con.execute("SELECT count(*) FROM sms").fetchone()[0]
    finally:
        con.close()
    return {"path": str(path), "deleted": deleted, "live": live, "secure_delete": secure_delete,
            "long_ids": doomed[:n_long], "earlier": earlier}


@contextmanager
def _wal_writer(dest_dir, n_sms: int, seed):
    """A WAL-mode ``mmssms.db`` writer (no automatic checkpoint); on exit the database and its
    ``-wal`` are copied into ``dest_dir`` while the writer is still open (closing the last
    connection would checkpoint the WAL into the main file and delete it)."""
    dest = Path(dest_dir)
    work = dest / "build"
    work.mkdir(parents=True, exist_ok=True)
    build_mmssms(work / "mmssms.db", n_sms=n_sms, n_mms=0, seed=seed, index_words=False)
    con = sqlite3.connect(work / "mmssms.db", isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA wal_autocheckpoint = 0")
        yield con, dest
        for name in ("mmssms.db", "mmssms.db-wal"):
            shutil.copyfile(work / name, dest / name)
    finally:
        con.close()
        shutil.rmtree(work)


def build_wal_sms(dest_dir, *, n_sms: int = 40, seed: int | str = 0) -> dict:
    """``mmssms.db`` + ``mmssms.db-wal`` in ``dest_dir`` with three commits only in the WAL.

    Commit 1 edits the bodies of two messages, commit 2 deletes two others, commit 3 edits the
    first edited message again. Returns the rows before each change (``edited``: every earlier
    version by id, ``deleted``) and the ids.
    """
    with _wal_writer(dest_dir, n_sms, seed) as (con, dest):
        ids = [r[0] for r in con.execute("SELECT _id FROM sms ORDER BY _id")]
        edit_a, edit_b, gone_a, gone_b = ids[3], ids[10], ids[5], ids[20]
        edited: dict[int, list[dict]] = {edit_a: [], edit_b: []}
        for msg_id in (edit_a, edit_b):
            edited[msg_id].extend(_rows(con, [msg_id]))
        con.execute("BEGIN")
        con.execute("UPDATE sms SET body = body || ' (edited)' WHERE _id IN (?, ?)", (edit_a, edit_b))
        con.execute("COMMIT")
        deleted = _rows(con, [gone_a, gone_b])
        con.execute("BEGIN")
        con.execute("DELETE FROM sms WHERE _id IN (?, ?)", (gone_a, gone_b))
        con.execute("COMMIT")
        edited[edit_a].extend(_rows(con, [edit_a]))
        con.execute("BEGIN")
        con.execute("UPDATE sms SET body = 'second edit', read = 1 WHERE _id = ?", (edit_a,))
        con.execute("COMMIT")
        final = {r["_id"]: r for r in _rows(con, ids)}
    return {"path": str(dest / "mmssms.db"), "edited": edited, "deleted": deleted, "final": final}


def build_wal_slack_sms(dest_dir, *, n_sms: int = 40, seed: int | str = 0) -> dict:
    """``mmssms.db`` + ``-wal`` whose log restarted after a checkpoint: older frames stay as WAL slack.

    Commits 1-3 give one message the bodies ``v1``, ``v2``, ``v3`` (as many frames each as pages
    the update touches); a ``PRAGMA wal_checkpoint(RESTART)`` copies ``v3`` into the main file; commit 4 (body ``v4``) restarts the
    log from its first frame with salt-1 incremented and a new salt-2: it overwrites the frames of
    commit 1 (``v1`` is gone), and ``v2`` survives only in the frames past it, under the old salts.
    """
    with _wal_writer(dest_dir, n_sms, seed) as (con, dest):
        msg_id = [r[0] for r in con.execute("SELECT _id FROM sms ORDER BY _id")][7]
        bodies = []
        for i in range(1, 4):
            bodies.append(f"v{i} " + "x" * 40 * i)
            con.execute("UPDATE sms SET body = ? WHERE _id = ?", (bodies[-1], msg_id))
        con.execute("PRAGMA wal_checkpoint(RESTART)")
        bodies.append("v4")
        con.execute("UPDATE sms SET body = ? WHERE _id = ?", (bodies[-1], msg_id))
    return {"path": str(dest / "mmssms.db"), "id": msg_id, "bodies": bodies}
