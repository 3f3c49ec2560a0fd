"""Timeline schema versions: 2 added the kinds of wallets and browsers and the rule for a transaction's
fields; 3 added ``origin`` (device, provider, export) and the kinds ``search`` and ``email``. The version
is in the run record, and older timelines still verify."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from artefacts.cli import cli
from artefacts.schema import timeline_schema
from conftest import SAMPLE_DATA


def _event(**over) -> dict:
    e = {f: None for f in timeline_schema()["required"]}
    e.update(event_id="0" * 32, timestamp_desc="Sent Time", app="wallet", platform="android", origin="device", recipients=[],
             attachments=[], deleted=False, recovered=False, evidence_id="x", source_path="a/b", source_sha256="0" * 64,
             source_locator="t:id=1", parser="p/1.0", extra={})
    e.update(over)
    return e


TX = {"asset": "BTC", "amount": "-0.00012345", "fee": "0.00000141", "tx_hash": "ab" * 32,
      "from_addresses": ["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"], "to_addresses": ["1BoatSLRHtKNngkdXEeobR76b53LETtpyT"],
      "confirmations": 6}


def test_new_kinds_and_the_transaction_rule(event_validator):
    for kind in ("transaction", "wallet", "visit", "search", "bookmark", "download", "cookie", "email"):
        assert kind in timeline_schema()["properties"]["kind"]["enum"]
    event_validator.validate(_event(kind="transaction", extra=dict(TX)))
    event_validator.validate(_event(kind="visit", body="http://example.onion/"))
    for bad in ({"amount": 0.00012345}, {"amount": "1e-5"}, {"amount": "0,1"}, {"fee": "-1"}):
        with pytest.raises(Exception):
            event_validator.validate(_event(kind="transaction", extra={**TX, **bad}))
    for missing in ("asset", "amount", "tx_hash", "from_addresses", "to_addresses"):
        extra = {k: v for k, v in TX.items() if k != missing}
        with pytest.raises(Exception):
            event_validator.validate(_event(kind="transaction", extra=extra))
    # the rule binds transactions only
    event_validator.validate(_event(kind="message", extra={"amount": 1.5}))


def test_origin_is_one_of_three(event_validator):
    for origin in ("device", "provider", "export"):
        event_validator.validate(_event(kind="message", origin=origin))
    for bad in (None, "phone", ""):
        with pytest.raises(Exception):
            event_validator.validate(_event(kind="message", origin=bad))


def test_run_record_names_the_schema_version(parse, tmp_path):
    tl = parse(SAMPLE_DATA / "ios")
    assert tl.run["schema_version"] == timeline_schema()["version"] == 3
    out = tmp_path / "t.sqlite"
    r = CliRunner().invoke(cli, ["parse", str(SAMPLE_DATA / "ios"), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(out)
    assert con.execute("SELECT schema_version FROM run").fetchall() == [(3,)]
    con.close()


def test_a_version_1_timeline_still_verifies(tmp_path, monkeypatch):
    """A run record without schema_version (as every timeline before version 2) is checked as before."""
    import artefacts.engine as engine

    v1 = {k: v for k, v in timeline_schema().items() if k != "version"}
    monkeypatch.setattr(engine, "timeline_schema", lambda: v1)
    out = tmp_path / "old.jsonl"
    r = CliRunner().invoke(cli, ["parse", str(SAMPLE_DATA / "ios"), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    manifest = json.loads((tmp_path / "old.jsonl.manifest.json").read_text())
    assert manifest["run"]["schema_version"] == 1
    r = CliRunner().invoke(cli, ["verify", str(out), "--extraction", str(SAMPLE_DATA / "ios")])
    assert r.exit_code == 0, r.output
