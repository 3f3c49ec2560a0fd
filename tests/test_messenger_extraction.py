"""One generated extraction per platform holding every messenger's store (issue #18).

``artefacts.synthetic.messengers.build_extraction`` writes every registered app's store under one
root; a parse of that root (two workers) must give no warning and exactly the events the
generators list, field by field (every field a manifest gives), each made by the app's own parser.
"""

from __future__ import annotations

import pytest

from artefacts.synthetic.messengers import PLATFORMS, SAMPLES, build_extraction
from conftest import assert_events_match


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
    got = assert_events_match(tl, expected, validator=event_validator)
    for event in got.values():
        assert event["parser"].split("/")[0] in apps[event["app"]]
    assert {e["app"] for e in tl.events} == set(apps)
