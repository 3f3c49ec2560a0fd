"""--jobs N: identical output whatever N is; --parser-timeout stops a stuck parser and the run goes on."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import corpus_file

SLOW = '''
import os
import time
from artefacts import hookimpl
from artefacts.parser import SQLiteParser


class Stuck(SQLiteParser):
    """Yields two events, then hangs without yielding (a pathological file)."""

    name = "stuck"
    app = "sms"
    platform = "android"
    path_globs = ("**/mmssms.db",)
    required_tables = {"sms": {"_id"}}

    def parse(self, ctx):
        yield {"kind": "message", "source_locator": "sms:_id=1"}
        yield {"kind": "message", "source_locator": "sms:_id=2"}
        if os.environ.get("STUCK_MODE") == "busy":
            while True:  # never yields again: only a process boundary can stop this
                pass
        while True:  # keeps yielding slowly: the in-process deadline check stops it
            time.sleep(0.002)
            yield {"kind": "message", "source_locator": "sms:_id=slow%d" % time.monotonic_ns()}


class Crashing(SQLiteParser):
    name = "crashing"
    app = "sms"
    platform = "android"
    path_globs = ("**/mmssms.db",)
    required_tables = {"sms": {"_id"}}

    def parse(self, ctx):
        yield {"kind": "message", "source_locator": "sms:_id=1"}
        if os.environ.get("CRASH_WORKER"):
            os._exit(9)


@hookimpl
def register_parsers(register):
    register(Stuck)
    register(Crashing)
'''


def _extraction(tmp_path: Path) -> Path:
    root = tmp_path / "ext"
    for user in ("0", "10", "11"):
        d = root / f"data/user/{user}/com.android.providers.telephony/databases"
        d.mkdir(parents=True)
        (d / "mmssms.db").write_bytes(corpus_file("plaso", "mmssms.db").read_bytes())
    c = root / "data/data/com.android.providers.contacts/databases"
    c.mkdir(parents=True)
    (c / "contacts2.db").write_bytes(corpus_file("plaso", "contacts2.db").read_bytes())
    return root


def test_jobs_give_byte_identical_jsonl(parse, tmp_path):
    root = _extraction(tmp_path)
    one = parse(root, jobs=1)
    two = parse(root, jobs=2)
    three = parse(root, jobs=3)
    assert one.exit_code == two.exit_code == three.exit_code == 0
    assert len(one.events) == 3 * 9 + 3
    assert one.path.read_bytes() == two.path.read_bytes() == three.path.read_bytes()
    strip = lambda srcs: [{k: v for k, v in s.items()} for s in srcs]
    assert strip(one.sources) == strip(two.sources)


@pytest.mark.parametrize("jobs, mode", [(1, "slow"), (2, "slow"), (2, "busy")])
def test_parser_timeout_stops_one_parser_and_keeps_the_rest(parse, tmp_path, monkeypatch, jobs, mode):
    monkeypatch.setenv("STUCK_MODE", mode)
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "stuck.py").write_text(textwrap.dedent(SLOW))
    root = tmp_path / "ext"
    d = root / "data/data/com.android.providers.telephony/databases"
    d.mkdir(parents=True)
    (d / "mmssms.db").write_bytes(corpus_file("plaso", "mmssms.db").read_bytes())
    tl = parse(root, plugins_dirs=[plugins], parsers=["android_sms", "stuck"], jobs=jobs, parser_timeout=1.0)
    assert tl.exit_code == 3
    by_parser = {}
    for e in tl.events:
        by_parser.setdefault(e["parser"].split("/")[0], []).append(e)
    assert len(by_parser["android_sms"]) == 9
    if mode == "slow":
        # a parser that still yields is stopped by the in-process deadline: everything it produced is kept
        assert len(by_parser["stuck"]) >= 2
    # a parser that hangs without yielding loses at most its last unflushed batch (0.2 s of events)
    [w] = [w for w in tl.warnings if w["parser"] == "stuck"]
    assert "time limit" in w["message"] and w["source_path"].endswith("mmssms.db")
    assert tl.run["counts"]["parser_failures"] == 1


def test_worker_crash_is_contained(parse, tmp_path, monkeypatch):
    monkeypatch.setenv("CRASH_WORKER", "1")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "crashing.py").write_text(textwrap.dedent(SLOW))
    root = _extraction(tmp_path)
    tl = parse(root, plugins_dirs=[plugins], parsers=["android_sms", "android_calls", "crashing"], jobs=2)
    assert tl.exit_code == 3
    assert sum(1 for e in tl.events if e["parser"].startswith("android_sms/")) == 27
    assert sum(1 for e in tl.events if e["parser"].startswith("android_calls/")) == 3
    crash = [w for w in tl.warnings if w["parser"] == "crashing"]
    assert len(crash) == 3 and all("ended unexpectedly" in w["message"] for w in crash)


def test_partitioned_files_give_the_same_timeline(parse, tmp_path, monkeypatch):
    """Large stores are split across workers by row-id ranges; the timeline is byte-identical."""
    import artefacts.context
    from artefacts.synthetic import build_mmssms
    from artefacts.synthetic.whatsapp import build_msgstore, build_wa_db

    root = tmp_path / "ext"
    wa = root / "data/data/com.whatsapp/databases"
    wa.mkdir(parents=True)
    build_msgstore(wa / "msgstore.db", n_messages=1200, n_chats=6, n_groups=2, n_calls=20, seed=3)
    build_wa_db(wa / "wa.db", n_chats=6, n_groups=2, seed=3)
    sms = root / "data/data/com.android.providers.telephony/databases"
    sms.mkdir(parents=True)
    build_mmssms(sms / "mmssms.db", n_sms=900, n_mms=20, seed=3)
    monkeypatch.setattr(artefacts.context, "PARTITION_MIN_ROWS", 200)
    one = parse(root, jobs=1)
    three = parse(root, jobs=3)
    assert one.exit_code == three.exit_code == 0
    assert one.path.read_bytes() == three.path.read_bytes()
    assert one.sources == three.sources
    # the split really happened: PARTS_PER_WORKER parts per job
    from artefacts.context import ParseContext, SourceFile
    from artefacts.plugins.whatsapp_android import WhatsAppAndroidParser

    ctx = ParseContext(parser=WhatsAppAndroidParser(), source=SourceFile("m", "0" * 64, 0, None, wa / "msgstore.db"),
                       extraction=None, evidence_id="e", warn=lambda *a: None)
    assert len(WhatsAppAndroidParser().partitions(ctx, 3)) == 3 * artefacts.context.PARTS_PER_WORKER
    ctx.close()


def test_sqlite_output_is_the_same_whatever_the_jobs(tmp_path, monkeypatch):
    """Workers hand finished parts to the SQLite writer in bulk; rows, order and sources do not change."""
    import sqlite3

    import artefacts.context
    from artefacts.engine import RunOptions, run_parse
    from artefacts.synthetic import build_mmssms
    from artefacts.synthetic.whatsapp import build_msgstore

    root = tmp_path / "ext"
    wa = root / "data/data/com.whatsapp/databases"
    wa.mkdir(parents=True)
    build_msgstore(wa / "msgstore.db", n_messages=900, n_chats=5, n_groups=2, n_calls=10, seed=5)
    sms = root / "data/data/com.android.providers.telephony/databases"
    sms.mkdir(parents=True)
    build_mmssms(sms / "mmssms.db", n_sms=700, n_mms=10, seed=5)
    monkeypatch.setattr(artefacts.context, "PARTITION_MIN_ROWS", 150)
    dumps = []
    for jobs in (1, 2, 3):
        out = tmp_path / f"t{jobs}.sqlite"
        result = run_parse(RunOptions(inputs=[root], output=out, workdir=tmp_path / "w", jobs=jobs))
        assert result.exit_code == 0
        con = sqlite3.connect(out)
        rows = con.execute("SELECT * FROM events ORDER BY rowid").fetchall()
        sources = con.execute("SELECT * FROM sources ORDER BY rowid").fetchall()
        hits = con.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'a*'").fetchone()[0]
        dumps.append((rows, sources, hits))
        con.close()
    assert len(dumps[0][0]) > 1500
    assert dumps[0] == dumps[1] == dumps[2]


def test_zip_extraction_with_attachments_in_workers(parse):
    """Workers reopen the zip (no shared file offset) and hash MMS parts exactly as one process does."""
    from conftest import SAMPLE_DATA

    sample = SAMPLE_DATA / "android.zip"
    if not sample.exists():
        pytest.skip("sample data missing")
    one = parse(sample, jobs=1)
    two = parse(sample, jobs=2)
    assert one.exit_code == two.exit_code == 0
    assert one.path.read_bytes() == two.path.read_bytes()
    assert any(a["sha256"] for e in two.events for a in e["attachments"])
    assert one.sources == two.sources


def test_partitioned_ios_messages_give_the_same_timeline(parse, tmp_path, monkeypatch):
    """sms.db split by message.ROWID ranges (attributedBody decoding is costly): byte-identical timeline,
    with chats, attachments, tapbacks and the decoded bodies falling into every part."""
    import artefacts.plugins.ios_messages as ios_messages
    from artefacts.context import ParseContext, SourceFile
    from artefacts.synthetic.ios import SMS_DB_PATH, write_ios_extraction

    root = tmp_path / "ios"
    write_ios_extraction(root, n_messages=1500, n_calls=10, seed=4)
    monkeypatch.setattr(ios_messages, "PART_MIN_ROWS", 200)
    one = parse(root, jobs=1)
    three = parse(root, jobs=3)
    assert one.exit_code == three.exit_code == 0
    assert one.path.read_bytes() == three.path.read_bytes()
    assert one.sources == three.sources and one.warnings == three.warnings
    ours = [e for e in one.events if e["parser"].startswith("ios_messages/")]
    assert len(ours) >= 1500
    assert any(e["extra"].get("body_source") == "attributedBody" for e in ours)
    assert any(e["attachments"] for e in ours)
    ctx = ParseContext(parser=ios_messages.IosMessagesParser(), source=SourceFile("s", "0" * 64, 0, None, root / SMS_DB_PATH),
                       extraction=None, evidence_id="e", warn=lambda *a: None)
    parts = ios_messages.IosMessagesParser().partitions(ctx, 3)
    ctx.close()
    assert parts is not None and len(parts) >= 3


def test_partitioned_whatsapp_ios_gives_the_same_timeline_and_warnings(parse, tmp_path, monkeypatch):
    """ChatStorage.sqlite split by Z_PK ranges: byte-identical timeline; a companion ContactsV2 without its
    table is one warning whatever the number of parts."""
    import sqlite3

    import artefacts.plugins.whatsapp_ios as whatsapp_ios
    from artefacts.synthetic.whatsapp import build_chatstorage, write_media

    folder = tmp_path / "ios" / "private/var/mobile/Containers/Shared/AppGroup/0A1B2C3D-0000-4000-8000-000000000001"
    folder.mkdir(parents=True)
    s = build_chatstorage(folder / "ChatStorage.sqlite", n_messages=1500, n_chats=6, n_groups=2, seed=8)
    write_media(s, folder / "Message")
    sqlite3.connect(folder / "ContactsV2.sqlite").execute("CREATE TABLE other (x)").connection.close()
    monkeypatch.setattr(whatsapp_ios, "PART_MIN_ROWS", 200)
    one = parse(tmp_path / "ios", jobs=1)
    three = parse(tmp_path / "ios", jobs=3)
    assert one.path.read_bytes() == three.path.read_bytes()
    assert one.sources == three.sources
    assert one.warnings == three.warnings
    assert [w["message"] for w in one.warnings] == [
        f"ContactsV2 ({folder.relative_to(tmp_path / 'ios').as_posix()}/ContactsV2.sqlite) has no "
        "ZWAADDRESSBOOKCONTACT(ZWHATSAPPID, ZFULLNAME)"]
    assert len(one.events) >= 1500 and any(a["sha256"] for e in one.events for a in e["attachments"])


def test_companion_warning_once_when_a_file_is_split(parse, tmp_path, monkeypatch):
    """A wa.db without wa_contacts: one warning with one job and with three (msgstore.db split in parts)."""
    import sqlite3

    import artefacts.context
    from artefacts.synthetic.whatsapp import build_msgstore

    wa = tmp_path / "ext" / "data/data/com.whatsapp/databases"
    wa.mkdir(parents=True)
    build_msgstore(wa / "msgstore.db", n_messages=1200, n_chats=6, n_groups=2, n_calls=20, seed=3)
    sqlite3.connect(wa / "wa.db").execute("CREATE TABLE other (x)").connection.close()
    monkeypatch.setattr(artefacts.context, "PARTITION_MIN_ROWS", 200)
    one = parse(tmp_path / "ext", jobs=1)
    three = parse(tmp_path / "ext", jobs=3)
    assert one.path.read_bytes() == three.path.read_bytes()
    assert one.warnings == three.warnings
    assert sum("has no wa_contacts" in w["message"] for w in three.warnings) == 1
