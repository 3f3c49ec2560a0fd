"""Regenerate the committed sample data in ``sample_data/``.

    python sample_data/generate.py

Writes (replacing previous output):

* ``android.zip``  -- Android full-file-system style extraction (mmssms.db, MMS parts, calllog.db)
* ``ios/``         -- iOS full-file-system style extraction folder (sms.db, attachments, call history)
* ``damaged/``     -- an Android extraction folder with a corrupt mmssms.db next to a healthy calllog.db

Everything is deterministic (seed ``SEED``); see ``sample_data/README.md`` and
``artefacts/synthetic``. Output bytes can change only if the builders, the SQLite library or zlib
change.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from artefacts.synthetic import (  # noqa: E402
    build_calllog,
    write_android_extraction,
    write_corrupt_sqlite,
    write_ios_extraction,
)
from artefacts.synthetic.android import CALLLOG_PATH, MMSSMS_PATH  # noqa: E402

SEED = 2024
ANDROID = dict(n_sms=320, n_mms=48, n_calls=160)
IOS = dict(n_messages=320, n_calls=120)
DAMAGED_CALLS = 40


def main() -> None:
    android = write_android_extraction(HERE / "android.zip", seed=SEED, **ANDROID)
    print(f"android.zip: {android['sms']} SMS, {android['pdu']} MMS "
          f"({android['group_threads']} group threads, {android['attachments']} part files), "
          f"{android['calls']} calls")

    ios_dir = HERE / "ios"
    if ios_dir.exists():
        shutil.rmtree(ios_dir)
    ios = write_ios_extraction(ios_dir, seed=SEED, **IOS)
    print(f"ios/: {ios['messages']} messages ({ios['attributed_only']} attributedBody-only), "
          f"{ios['chats']} chats ({ios['group_chats']} group), {ios['attachment_files']} of "
          f"{ios['attachments']} attachment files, {ios['calls']} calls")

    damaged = HERE / "damaged"
    if damaged.exists():
        shutil.rmtree(damaged)
    write_corrupt_sqlite(damaged / MMSSMS_PATH, seed=SEED)
    build_calllog(damaged / CALLLOG_PATH, n_calls=DAMAGED_CALLS, seed=SEED)
    print(f"damaged/: corrupt {MMSSMS_PATH}, healthy calllog.db ({DAMAGED_CALLS} calls)")

    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"sample_data total: {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
