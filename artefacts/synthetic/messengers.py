"""One generated extraction per platform holding every messenger's store (issue #18).

Each app's generator registers a :class:`Sample` here: a function that writes the app's files at
their device paths under an extraction root and returns the events a parser must make of them, in
one generic form (the manifest). :func:`build_extraction` runs every sample of a platform into one
root, so one parse of that root must give exactly the union of the manifests, with no warning
(``tests/test_messenger_extraction.py``). The per-app samples in ``sample_data/<app>/`` are built by
the same functions.

A manifest is ``{"app": ..., "path": <store path under the root>, "events": [...]}``; an event may
carry its own ``"path"`` when an app writes several stores. Each event holds ``locator``, ``kind``
and ``timestamp``, and should hold every other field of :data:`EVENT_FIELDS` (``attachments`` as
``[{"name", "sha256"}]``, ``sha256`` None when the file is absent); a field is left out only where
its value is text the parser composes (a call's description), which the app's own test checks;
a ``message`` event holds them all. The
values are computed by the generator itself (times with :mod:`datetime`), never by the parser's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

REQUIRED_FIELDS = ("locator", "kind", "timestamp")
EVENT_FIELDS = ("locator", "kind", "timestamp", "direction", "conversation_id", "sender", "recipients", "body",
                "deleted", "attachments")
PLATFORMS = ("android", "ios", "desktop")
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def iso(dt: datetime) -> str:
    """A manifest time: an aware ``datetime`` as ISO 8601 UTC with microseconds, the timeline's form."""
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_from_ms(ms: int) -> str:
    """A manifest time: milliseconds since 1970 (by :mod:`datetime`, exactly)."""
    return iso(UNIX_EPOCH + timedelta(milliseconds=ms))


@dataclass(frozen=True)
class Sample:
    """One app's generated store: ``write(root) -> manifest`` writes it under an extraction ``root``."""

    app: str
    parser: str | tuple[str, ...]  # the parser, or every parser of the app's stores
    platform: str
    write: Callable[[Path], dict]
    #: the folder of ``sample_data/`` that holds this store at ``<sample_dir>/<platform>/`` with its manifest in
    #: ``<sample_dir>/MANIFEST.json`` (written by ``sample_data/generate.py``); None where the app's committed
    #: sample has a layout of its own
    sample_dir: str | None = None

    @property
    def parsers(self) -> tuple[str, ...]:
        return (self.parser,) if isinstance(self.parser, str) else self.parser


def _module(name: str):
    from importlib import import_module

    return import_module(f"{__package__}.{name}")


def _chat_app(app: str) -> Callable[[Path], dict]:
    def write(root: Path) -> dict:
        from .chat_apps import write_sample

        return write_sample(root, app)
    return write


SAMPLES: list[Sample] = [
    Sample("kik", "kik_ios", "ios", _chat_app("kik"), "kik"),
    Sample("skype", "skype_desktop", "desktop", _chat_app("skype"), "skype"),
    Sample("hangouts", "hangouts", "android", _chat_app("hangouts"), "hangouts"),
    Sample("imo", "imo_ios", "ios", _chat_app("imo"), "imo"),
    Sample("tango", ("tango_android", "tango_android_profiles"), "android", lambda root: _module("tango").generic_manifest(root)),
    Sample("burner", "burner_android", "android", lambda root: _module("burner").generic_manifest(root)),
    Sample("viber", ("viber_android", "viber_android_messages"), "android", lambda root: _module("viber").generic_manifest(root)),
    Sample("line", ("line_android", "line_android_calls"), "android", lambda root: _module("line").generic_manifest(root)),
    Sample("kik", ("kik_android", "kik_android_account"), "android", lambda root: _module("kik").generic_manifest(root)),
    Sample("viber", ("viber_ios", "viber_ios_settings"), "ios", lambda root: _module("viber").ios_manifest(root)),
    Sample("line", "line_ios", "ios", lambda root: _module("line").ios_manifest(root)),
    Sample("facebook_messenger", ("facebook_messenger_android", "facebook_messenger_android_msys"), "android", lambda root: _module("facebook_messenger").generic_manifest(root)),
    Sample("twitter", "twitter_android", "android", lambda root: _module("twitter").generic_manifest(root, "android")),
    Sample("twitter", "twitter_ios", "ios", lambda root: _module("twitter").generic_manifest(root, "ios")),
    Sample("textnow", "textnow_android", "android", lambda root: _module("textnow").generic_manifest(root), "textnow"),
    Sample("textnow", "textnow_ios", "ios", lambda root: _module("textnow_ios").generic_manifest(root), "textnow_ios"),
    Sample("samsung_messages", "samsung_messages", "android", lambda root: _module("samsung_messages").generic_manifest(root),
           "samsung_messages"),
    Sample("googlevoice", "googlevoice_ios", "ios", lambda root: _module("googlevoice_ios").generic_manifest(root),
           "googlevoice_ios"),
    Sample("googlevoice", ("googlevoice_android", "googlevoice_account_android"), "android", lambda root: _module("googlevoice").generic_manifest(root), "googlevoice"),
    Sample("google_messages", "google_messages_android", "android", lambda root: _module("google_messages").write_sample(root)),
    Sample("mastodon", "mastodon_ios", "ios", lambda root: _module("mastodon").generic_manifest(root), "mastodon"),
    Sample("mewe", "mewe_ios", "ios", lambda root: _module("mewe").generic_manifest(root), "mewe"),
    Sample("truthsocial", "truthsocial_ios", "ios", lambda root: _module("truthsocial").generic_manifest(root), "truthsocial"),
    Sample("twitter", "twitter_ios_dm", "ios", lambda root: _module("twitter_ios_dm").generic_manifest(root), "twitter_dm"),
    Sample("clubhouse", "clubhouse_ios", "ios", lambda root: _module("clubhouse").generic_manifest(root), "clubhouse"),
    Sample("snapchat", ("snapchat_android", "snapchat_android_friends"), "android",
           lambda root: _module("snapchat").generic_manifest(root, "android")),
    Sample("snapchat", "snapchat_ios", "ios", lambda root: _module("snapchat").generic_manifest(root, "ios")),
    Sample("discord", "discord_ios", "ios", lambda root: _module("discord").generic_manifest(root), "discord"),
    Sample("teams", "teams_android", "android", lambda root: _module("teams").generic_manifest(root), "teams"),
    Sample("instagram", "instagram_ios", "ios", lambda root: _module("instagram").write_sample(root), "instagram"),
    Sample("teams", "teams_ios", "ios", lambda root: _module("teams").ios_manifest(root), "teams_ios"),
    Sample("skype", "skype_s4l", "android", lambda root: _module("skype_s4l").generic_manifest(root), "skype_s4l"),
    Sample("discord", "discord_android", "android", lambda root: _module("discord").kv_manifest(root), "discord_android"),
    Sample("discord", "discord_ios_kv", "ios", lambda root: _module("discord").kv_manifest(root, "ios")),
    Sample("facebook_messenger", "facebook_messenger_ios", "ios", lambda root: _module("facebook_messenger").ios_manifest(root), "facebook_messenger_ios"),
]


def expected_events(manifest: dict) -> list[dict]:
    """The manifest's events, each with the ``path`` of its store."""
    events = [{"path": manifest.get("path"), **event} for event in manifest["events"]]
    for event in events:
        missing = [f for f in ("path", *REQUIRED_FIELDS) if event.get(f, "") == ""]
        if event.get("kind") == "message":  # nothing of a message is composed by the parser
            missing += [f for f in EVENT_FIELDS if f not in event]
        if missing:
            raise ValueError(f"{manifest.get('app')}: manifest event without {missing}: {event}")
    return events


def build_extraction(root: Path, platform: str) -> list[dict]:
    """Write every registered sample of ``platform`` under ``root``; all the events they must give."""
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r}")
    events: list[dict] = []
    for sample in SAMPLES:
        if sample.platform == platform:
            events.extend(expected_events(sample.write(Path(root))))
    return events
