"""Deterministic synthetic phone extractions built on REAL app schemas.

Used for the committed sample data (``sample_data/generate.py``), for tests, and for benchmarks
with millions of rows. Every builder:

* creates its tables from a real DDL file in ``ddl/`` (verbatim copies of the project's reference
  DDL, each with its source header, plus ``ios_callhistory.sql``); it never invents a table or a
  column, and checks its column lists against the DDL before writing;
* is deterministic: all randomness comes from ``random.Random`` seeded from ``seed`` (see
  ``content.rng``), no wall-clock time is read, archives have fixed timestamps and permissions;
* loads rows with ``executemany`` over generators/batches in one transaction, with
  ``journal_mode=OFF`` and ``synchronous=OFF``, and creates indexes/triggers after the rows.

Public API::

    build_mmssms(path, *, n_sms=300, n_mms=40, seed=0, ...) -> dict      # Android mmssms.db
    build_calllog(path, *, n_calls=150, seed=0, ...) -> dict             # Android calllog.db
    build_ios_sms(path, *, n_messages=300, seed=0, ...) -> dict          # iOS sms.db
    build_ios_callhistory(path, *, n_calls=100, seed=0, ...) -> dict     # iOS CallHistory.storedata
    write_android_extraction(dest_zip, *, n_sms, n_mms, n_calls, seed=0) -> dict
    write_ios_extraction(dest_dir, *, n_messages, n_calls, seed=0) -> dict
    write_corrupt_sqlite(path, *, seed=0) -> Path
    encode_attributed_body(text) -> bytes                                # iOS typedstream body
    write_zip(dest, members) / write_tar(dest, members)                  # deterministic archives
"""

from .android import build_calllog, build_mmssms, write_android_extraction
from .archive import write_tar, write_zip
from .corrupt import write_corrupt_sqlite
from .ios import build_ios_callhistory, build_ios_sms, write_ios_extraction
from .typedstream import encode_attributed_body

__all__ = [
    "build_calllog",
    "build_ios_callhistory",
    "build_ios_sms",
    "build_mmssms",
    "encode_attributed_body",
    "write_android_extraction",
    "write_corrupt_sqlite",
    "write_ios_extraction",
    "write_tar",
    "write_zip",
]
