"""WeChat iOS ``MM.sqlite`` (``Chat_<md5>`` tables) with ``WCDB_Contact.sqlite`` names, through host runs.

The extraction is built on the real DDL (``artefacts/synthetic/ddl/wechat_ios_mm.sql``) by
``artefacts.synthetic.wechat_ios``, whose summary lists every message as the sample manifest does.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from artefacts.engine import RunOptions, run_parse
from artefacts.registry import registry_with
from artefacts.synthetic import wechat_ios as syn

from conftest import SAMPLE_DATA

SEED = 11


def iso_ms(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def warnings_of(manifest) -> list[str]:
    return [w["message"] for w in manifest.get("warnings", [])]


# -- iOS: MM.sqlite + WCDB_Contact.sqlite ------------------------------------------------------


def run_ios(inputs, out: Path):
    inputs = inputs if isinstance(inputs, list) else [inputs]
    result = run_parse(RunOptions(inputs=[Path(i) for i in inputs], output=out, workdir=out.parent / "work"),
                       registry=registry_with("artefacts.plugins.wechat_ios"))
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    return result, events, manifest


@pytest.fixture(scope="module")
def ios(tmp_path_factory):
    d = tmp_path_factory.mktemp("wechat-ios") / "iphone"
    summary = syn.write_ios_extraction(d, n_messages=30, seed=SEED)
    result, events, manifest = run_ios(d, d.parent / "t.jsonl")
    return d, summary, result, events, manifest


def test_ios_messages_match_the_generator(ios):
    _d, summary, result, events, manifest = ios
    assert result.exit_code == 0 and warnings_of(manifest) == []
    msgs = {e["source_locator"]: e for e in events if e["source_locator"].startswith("Chat_")}
    assert len(msgs) == len(summary["messages"]) == 30
    for m in summary["messages"]:
        ev = msgs[f"{m['table']}:MesLocalID={m['MesLocalID']}"]
        assert ev["timestamp"] == iso_ms(m["CreateTime"] * 1000) and ev["timestamp_raw"] == m["CreateTime"]
        assert (ev["body"], ev["direction"], ev["conversation_id"], ev["conversation_name"], ev["sender"]) == (
            m["body"], m["direction"], m["talker"], m["conversation_name"], m["sender"]), m
        assert ev["kind"] == ("system" if m["type"] == 10000 else "message")
    assert {m["type"] for m in summary["messages"]} == {1, 3, 34, 48, 10000}


def test_ios_contacts_and_attachments(ios):
    _d, summary, _r, events, _m = ios
    contacts = {e["conversation_id"]: e for e in events if e["kind"] == "contact"}
    assert len(contacts) == summary["contacts"] == 5
    assert contacts["wxid_an8x2z"]["body"] == "Anna" and contacts["wxid_an8x2z"]["extra"]["alias"] == "anna_w"
    assert contacts[syn.GROUP]["conversation_name"] == syn.GROUP_NAME
    files = {f"{summary['account_dir']}/{rel}": hashlib.sha256(data).hexdigest() for rel, data in summary["media"]}
    seen = {a["path"]: a["sha256"] for e in events for a in e["attachments"]}
    assert seen == files


def test_ios_remark_protobuf_fields():
    from artefacts.plugins.wechat_ios import chat_hash, remark_fields

    assert remark_fields(syn.remark_blob("李明", "li_ming")) == {1: "李明", 2: "li_ming"}
    assert remark_fields(b"") == {}
    assert chat_hash("wxid_li3m9a") == hashlib.md5(b"wxid_li3m9a").hexdigest()


def test_ios_damaged_and_unknown_schema(ios, tmp_path):
    import sqlite3

    d, summary, *_ = ios
    mm = next(d.rglob("MM.sqlite"))
    bad = tmp_path / "bad" / mm.relative_to(d)
    bad.parent.mkdir(parents=True)
    bad.write_bytes(mm.read_bytes()[:100] + b"\x00" * 200)
    result, events, manifest = run_ios([d, tmp_path / "bad"], tmp_path / "t.jsonl")
    w = warnings_of(manifest)
    assert result.exit_code == 3 and len(w) == 1 and "MM.sqlite" in manifest["warnings"][0]["source_path"]
    assert len([e for e in events if e["kind"] != "contact"]) == 30  # the healthy extraction is kept
    odd = tmp_path / "odd" / mm.relative_to(d)
    odd.parent.mkdir(parents=True)
    con = sqlite3.connect(odd)
    con.execute("CREATE TABLE Chat_0123456789abcdef0123456789abcdef (MesLocalID INTEGER PRIMARY KEY, Body TEXT)")
    con.commit()
    con.close()
    result, events, manifest = run_ios(tmp_path / "odd", tmp_path / "o.jsonl")
    w = warnings_of(manifest)
    assert result.exit_code == 3 and events == [] and len(w) == 1 and "unknown schema version" in w[0]


def test_ios_sample_data_matches_its_manifest(tmp_path):
    root = SAMPLE_DATA / "wechat"
    if not (root / "manifest_ios.json").exists():
        pytest.skip("sample_data/wechat not generated")
    expected = json.loads((root / "manifest_ios.json").read_text(encoding="utf-8"))
    result, events, manifest = run_ios(root / "ios", tmp_path / "t.jsonl")
    assert result.exit_code == 0 and warnings_of(manifest) == []
    msgs = {e["source_locator"]: e for e in events if e["source_locator"].startswith("Chat_")}
    assert len(msgs) == len(expected["messages"]) == 40
    for m in expected["messages"]:
        ev = msgs[f"{m['table']}:MesLocalID={m['MesLocalID']}"]
        assert (ev["timestamp"], ev["body"], ev["direction"], ev["conversation_id"], ev["sender"]) == (
            iso_ms(m["CreateTime"] * 1000), m["body"], m["direction"], m["talker"], m["sender"])
