"""One generated extraction per platform holding every messenger's store (issue #18).

``artefacts.synthetic.messengers.build_extraction`` writes every registered app's store under one
root; a parse of that root (two workers) must give no warning and exactly the events the
generators list, field by field (every field a manifest gives), each made by the app's own parser.
"""

from __future__ import annotations

import pytest

from artefacts.synthetic.messengers import EVENT_FIELDS, PLATFORMS, SAMPLES, build_extraction

COMPARED = tuple(f for f in EVENT_FIELDS if f not in ("locator", "attachments"))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_app_of_the_platform_in_one_extraction(tmp_path, parse, event_validator, platform):
    expected = build_extraction(tmp_path / "extraction", platform)
    apps: dict[str, set] = {}
    for s in SAMPLES:
        if s.platform == platform:
            apps.setdefault(s.app, set()).update(s.parsers)
    assert apps, platform
    tl = parse(tmp_path / "extraction", jobs=2)
    assert tl.exit_code == 0 and tl.warnings == []
    got = {(e["source_path"], e["source_locator"]): e for e in tl.events}
    assert len(got) == len(tl.events)  # one event per (store, row)
    assert sorted(got) == sorted((x["path"], x["locator"]) for x in expected)
    for exp in expected:
        event = got[exp["path"], exp["locator"]]
        event_validator.validate(event)
        fields = [k for k in COMPARED if k in exp]
        assert {k: event[k] for k in fields} == {k: exp[k] for k in fields}, exp["locator"]
        if "attachments" in exp:
            assert [{"name": a["name"], "sha256": a["sha256"]} for a in event["attachments"]] == exp["attachments"]
        assert event["parser"].split("/")[0] in apps[event["app"]]
    assert {e["app"] for e in tl.events} == set(apps)
