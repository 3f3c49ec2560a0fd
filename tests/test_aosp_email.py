"""AOSP Email (``plugins/aosp_email.py``): the generated ``EmailProvider.db`` + ``EmailProviderBody.db`` parse
into exactly their manifest; a missing or foreign body database is handled."""

from __future__ import annotations

import shutil
import sqlite3

from artefacts.synthetic.aosp_email import BODY_DB, DB, write_sample
from conftest import SAMPLE_DATA, generic_sample, rebuilds_committed_sample


def test_sample_parses_into_its_manifest(parse, event_validator):
    manifest, tl = generic_sample(parse, event_validator, "email", "android")
    assert len(tl.events) == 6
    got = {e["source_locator"]: e for e in tl.events}
    for exp in manifest["events"]:
        e = got[exp["locator"]]
        for key, value in exp["extra"].items():
            assert e["extra"][key] == value, (exp["locator"], key)
    assert [e["platform"] for e in tl.events] == ["android"] * 6 and {e["parser"] for e in tl.events} == {"aosp_email/1.0"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "email", "android", write_sample, [DB, BODY_DB])


def test_specific_rows(parse):
    tl = parse(SAMPLE_DATA / "email" / "android")
    sent = tl.by_locator("Message:_id=2")
    assert sent["timestamp_desc"] == "Sent Time" and sent["direction"] == "outgoing"
    assert sent["recipients"] == ["alex@example.net", "orders@shop.example.com"]
    assert sent["extra"]["mailbox_type"] == "sent" and sent["extra"]["mailbox_type_raw"] == 5
    assert sent["timestamp_raw"] == 1712045520014 and sent["timestamp"] == "2024-04-02T08:12:00.014000Z"
    html = tl.by_locator("Message:_id=3")
    assert html["body"] == "<p>Order <b>5521</b> shipped.</p>" and html["extra"]["body_source"] == "html"
    trashed = tl.by_locator("Message:_id=6")
    assert trashed["deleted"] is True and trashed["direction"] is None and trashed["sender_name"] == "Unknown"


def _copy_sample(tmp_path, db=None, sql=None):
    """A copy of the sample, with ``sql`` run on its database ``db`` when given."""
    root = tmp_path / "x"
    shutil.copytree(SAMPLE_DATA / "email" / "android", root)
    if sql:
        con = sqlite3.connect(root / db)
        con.execute(sql)
        con.commit()
        con.close()
    return root


def test_without_the_body_database_snippets_stand_in(parse, tmp_path):
    root = _copy_sample(tmp_path)
    (root / BODY_DB).unlink()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == 6
    e = tl.by_locator("Message:_id=1")
    assert e["body"] == "Are we still on for Friday?" and e["extra"]["body_source"] == "snippet"


def test_a_body_database_of_another_schema_warns_once(parse, tmp_path):
    root = _copy_sample(tmp_path, BODY_DB, "ALTER TABLE Body RENAME TO Body_old")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == 6
    [w] = tl.warnings
    assert "EmailProviderBody.db" in w["message"] and "Body" in w["message"]
    assert {e["extra"]["body_source"] for e in tl.events} == {"snippet"}


def test_message_table_without_mailbox_is_an_unknown_schema_version(parse, tmp_path):
    root = _copy_sample(tmp_path, DB, "DROP TABLE Mailbox")
    tl = parse(root)
    assert tl.events == [] and tl.exit_code == 3
    assert any("Mailbox" in w["message"] for w in tl.warnings)
