"""WhatsApp chat exports (``plugins/whatsapp_export.py``): the committed sample's ten line formats each
parse into exactly their manifest; local times and ``--timezone``; a line fitting no format; the
day/month order decided from the whole file; the generator rebuilds the committed files."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from artefacts.synthetic.whatsapp_export import VARIANTS, write_whatsapp_exports
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "whatsapp_export"
ZONE = "America/New_York"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def _utc(local_iso: str, zone: str) -> str:
    local = datetime.fromisoformat(local_iso).replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_at_least_eight_variants_are_committed():
    m = _manifest()["variants"]
    assert len(m) >= 8 and set(m) == set(VARIANTS)
    assert {v["platform"] for v in m.values()} == {"android", "ios"}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_parses_into_its_manifest(parse, event_validator, variant):
    spec = _manifest()["variants"][variant]
    tl = parse(SAMPLE / variant, timezone=ZONE)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(spec["events"])
    for want in spec["events"]:
        e = tl.by_locator(f"line={want['line']}")
        event_validator.validate(e)
        assert e["origin"] == "export" and e["app"] == "whatsapp" and e["platform"] == spec["platform"]
        assert e["source_path"].endswith(spec["file"])
        assert e["kind"] == want["kind"], want
        assert e["sender"] == want["sender"]
        assert e["body"] == want["body"]
        assert e["deleted"] is want["deleted"]
        assert e["conversation_name"] == spec["chat"]
        assert e["extra"]["local_time"] == want["local_time"]
        assert e["timestamp"] == _utc(want["local_time"], ZONE)
        assert e["extra"].get("media_omitted") == want["media_omitted"]
        if want["attachment"]:
            (att,) = e["attachments"]
            assert att["name"] == want["attachment"]["name"]
            assert att["sha256"] == want["attachment"]["sha256"] and att["size"] == want["attachment"]["size"]
            folder = spec["file"].rpartition("/")[0]
            assert att["path"] == (folder + "/" if folder else "") + want["attachment"]["name"]  # beside the text
        else:
            assert e["attachments"] == []


def test_new_york_conversion_by_hand(parse):
    # 2021-03-14 09:05 local: New York changed to EDT (UTC-4) at 02:00 that morning
    tl = parse(SAMPLE / "android_en_gb", timezone=ZONE)
    e = tl.by_locator("line=1")
    assert e["timestamp_raw"] == "14/03/2021, 09:05"
    assert e["timestamp"] == "2021-03-14T13:05:00.000000Z"
    tl = parse(SAMPLE / "android_en_us", timezone="Asia/Kolkata")
    e = tl.by_locator("line=2")
    assert e["timestamp_raw"] == "3/16/21, 4:48\u202fPM"
    assert e["timestamp"] == "2021-03-16T11:18:00.000000Z"  # 16:48 IST (UTC+5:30)


def test_without_a_timezone_times_stay_local_and_one_warning_per_file(parse):
    tl = parse(SAMPLE / "ios_en_gb", SAMPLE / "android_de")
    assert tl.exit_code == 3
    assert len(tl.warnings) == 2 and all("--timezone" in w["message"] for w in tl.warnings)
    assert all(e["timestamp"] is None and e["extra"]["local_time"] for e in tl.events)
    assert all(e["timestamp_raw"] for e in tl.events)


def test_day_month_order_comes_from_the_whole_file(parse):
    # every day of this file is <= 12: only the file's chronological order tells d/m from m/d
    tl = parse(SAMPLE / "android_order_only", timezone="UTC")
    assert tl.warnings == []
    assert tl.by_locator("line=7")["extra"]["local_time"] == "2021-02-01T11:21:00"


def _write(tmp_path: Path, text: str, name="WhatsApp Chat with Test.txt") -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_line_fitting_no_format_is_a_warning_with_its_line_and_kept(parse, tmp_path):
    text = ("14/03/2021, 09:05 - Ann: first\n"
            "14/03/2021 nachm. 9:07 - Ann: a header in a format not known\n"
            "15/03/2021, 10:00 - Ben: last\n")
    tl = parse(_write(tmp_path, text), timezone="UTC")
    assert tl.exit_code == 3
    (w,) = tl.warnings
    assert "line 2" in w["message"]
    odd = tl.by_locator("line=2")
    assert odd["kind"] == "other" and odd["body"] == "14/03/2021 nachm. 9:07 - Ann: a header in a format not known"
    assert tl.by_locator("line=1")["body"] == "first"  # not glued onto the previous message
    assert len(tl.events) == 3


def test_an_undecidable_day_month_order_is_said_once(parse, tmp_path):
    text = "3/4/21, 09:05 - Ann: one\n3/4/21, 09:06 - Ben: two\n"
    tl = parse(_write(tmp_path, text), timezone="UTC")
    (w,) = tl.warnings
    assert "day/month order" in w["message"]
    assert tl.by_locator("line=1")["extra"]["local_time"] == "2021-04-03T09:05:00"


def test_a_huge_message_is_cut_with_a_warning(parse, tmp_path, monkeypatch):
    import artefacts.plugins.whatsapp_export as wx

    monkeypatch.setattr(wx, "MAX_BODY", 50)
    text = "14/03/2021, 09:05 - Ann: " + "x" * 400 + "\n14/03/2021, 09:06 - Ben: after\n"
    tl = parse(_write(tmp_path, text), timezone="UTC", jobs=1)
    first, second = sorted(tl.events, key=lambda e: e["extra"]["line"])
    assert first["body"] == "x" * 50 and second["body"] == "after" and second["extra"]["line"] == 2
    assert any("cut" in w["message"] for w in tl.warnings)


def test_system_lines_and_a_colon_in_a_quoted_subject(parse, tmp_path):
    text = ('14/03/2021, 09:05 - Ann created group "Plans: May"\n'
            "14/03/2021, 09:06 - You were added\n"
            "14/03/2021, 09:07 - Ann: ok\n")
    tl = parse(_write(tmp_path, text), timezone="UTC")
    kinds = [(e["kind"], e["sender"]) for e in sorted(tl.events, key=lambda e: e["extra"]["line"])]
    assert kinds == [("system", None), ("system", None), ("message", "Ann")]


def test_a_text_file_of_another_kind_is_not_claimed(parse, tmp_path):
    tl = parse(_write(tmp_path, "just some notes\nnothing here\n"), timezone="UTC")
    assert tl.events == [] and tl.warnings == []


def test_an_unknown_timezone_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from artefacts.cli import cli

    r = CliRunner().invoke(cli, ["parse", str(SAMPLE / "android_en_gb"), "-o", str(tmp_path / "t.jsonl"),
                                 "--timezone", "Mars/Olympus"])
    assert r.exit_code == 2 and "--timezone" in r.output


def test_the_ios_zip_as_received(parse, tmp_path):
    import zipfile

    folder = SAMPLE / "ios_en_gb" / "WhatsApp Chat - Alice Example"
    zpath = tmp_path / "WhatsApp Chat - Alice Example.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, p.name)
    spec = _manifest()["variants"]["ios_en_gb"]
    tl = parse(zpath, timezone=ZONE)
    assert tl.warnings == [] and len(tl.events) == len(spec["events"])
    assert {e["conversation_name"] for e in tl.events} == {"Alice Example"}
    (photo,) = [e for e in tl.events if e["attachments"]]
    want = next(w for w in spec["events"] if w["attachment"])
    assert photo["attachments"][0]["sha256"] == want["attachment"]["sha256"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = write_whatsapp_exports(tmp_path)
    assert manifest == _manifest()
    committed = {p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in SAMPLE.rglob("*")
                 if p.is_file() and p.name != "MANIFEST.json"}
    built = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert built == committed


def test_the_zone_reaches_worker_processes_as_a_run_setting_not_as_key_material(parse):
    # --timezone is a run-wide setting handed to every parser beside the keys: with parser workers
    # (jobs=2, the files parsed in other processes) the times are those of the one-process run
    folders = [SAMPLE / "android_en_gb", SAMPLE / "ios_en_gb", SAMPLE / "android_de"]
    one = parse(*folders, timezone=ZONE, jobs=1)
    two = parse(*folders, timezone=ZONE, jobs=2)
    assert one.warnings == [] and two.warnings == []
    times = lambda tl: sorted((e["source_path"], e["source_locator"], e["timestamp"]) for e in tl.events)
    assert times(two) == times(one)
    assert all(e["extra"].get("timezone") == ZONE for e in two.events if e["kind"] == "message")


def test_a_zone_is_never_offered_as_key_material():
    from artefacts.context import ParseContext, RunSettings

    ctx = ParseContext(parser=None, source=None, extraction=None, evidence_id="x", warn=lambda *a: None,
                       keys={"whatsapp": ["k"]}, settings=RunSettings(timezone=ZONE))
    assert ctx.timezone == ZONE and ctx.keys("whatsapp") == ["k"]
    assert not any(ZONE in values for values in ctx._keys.values())
