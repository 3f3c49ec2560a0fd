"""One generated extraction per platform holding every messenger's store (issue #18).

Each app's generator registers a :class:`Sample` here: a function that writes the app's files at
their device paths under an extraction root and returns the events a parser must make of them, in
one generic form (the manifest). :func:`build_extraction` runs every sample of a platform into one
root, so one parse of that root must give exactly the union of the manifests, with no warning
(``tests/test_messenger_extraction.py``). The per-app samples in ``sample_data/<app>/`` are built by
the same functions.

A manifest is ``{"app": ..., "path": <store path under the root>, "events": [...]}``; an event may
carry its own ``"path"`` when an app writes several stores. Each event holds :data:`EVENT_FIELDS`
(``attachments`` as ``[{"name", "sha256"}]``, ``sha256`` None when the file is absent), with the
values computed by the generator itself (times with :mod:`datetime`), never by the parser's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

EVENT_FIELDS = ("locator", "kind", "timestamp", "direction", "conversation_id", "sender", "recipients", "body",
                "deleted", "attachments")
PLATFORMS = ("android", "ios", "desktop")


@dataclass(frozen=True)
class Sample:
    """One app's generated store: ``write(root) -> manifest`` writes it under an extraction ``root``."""

    app: str
    parser: str
    platform: str
    write: Callable[[Path], dict]


def _chat_app(app: str) -> Callable[[Path], dict]:
    def write(root: Path) -> dict:
        from .chat_apps import write_sample

        return write_sample(root, app)
    return write


SAMPLES: list[Sample] = [
    Sample("kik", "kik_ios", "ios", _chat_app("kik")),
    Sample("skype", "skype_desktop", "desktop", _chat_app("skype")),
    Sample("hangouts", "hangouts", "android", _chat_app("hangouts")),
    Sample("imo", "imo_ios", "ios", _chat_app("imo")),
]


def expected_events(manifest: dict) -> list[dict]:
    """The manifest's events, each with the ``path`` of its store."""
    return [{"path": manifest["path"], **event} for event in manifest["events"]]


def build_extraction(root: Path, platform: str) -> list[dict]:
    """Write every registered sample of ``platform`` under ``root``; all the events they must give."""
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r}")
    events: list[dict] = []
    for sample in SAMPLES:
        if sample.platform == platform:
            events.extend(expected_events(sample.write(Path(root))))
    return events
