"""Synthetic Google Takeout: ``Takeout/Chrome/BrowserHistory.json`` in the layout of a real Takeout file
(MichaelCurrin/history-report ``historyreport/var/samples/BrowserHistory.json``: four-space indentation,
the keys in its order, ``client_id`` a base64 string with ``=`` escaped as ``\\u003d``) and
``Takeout/Hangouts/Hangouts.json`` with the fields adrish96/Hangouts-JSON-Parser reads.

Made-up browsing; deterministic. The manifest lists every visit.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

START_US = 1_735_000_000_123_456
CLIENT = "c3ludGhldGljLWNsaWVudA=="


def write_takeout(dest) -> dict:
    """``dest/Takeout/Chrome/BrowserHistory.json``; the manifest of its visits."""
    chrome = Path(dest) / "Takeout" / "Chrome"
    chrome.mkdir(parents=True, exist_ok=True)
    rows = [
        ("https://www.example.org/favicon.ico", "TYPED", "Example Domain", "https://www.example.org/"),
        (None, "LINK", "Search results <script>alert(1)</script>", "https://search.example.com/?q=ferry+times"),
        (None, "RELOAD", "Timetable", "https://ferry.example.net/timetable"),
        (None, "LINK", "Market", "http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/"),
    ]
    entries = []
    for i, (favicon, transition, title, url) in enumerate(rows):
        e = {}
        if favicon:
            e["favicon_url"] = favicon
        e.update(page_transition=transition, title=title, url=url, client_id=CLIENT,
                 time_usec=START_US + i * 61_000_007)
        entries.append(e)
    text = json.dumps({"Browser History": list(reversed(entries))}, indent=4).replace("=", "\\u003d")
    (chrome / "BrowserHistory.json").write_text(text, encoding="utf-8")
    visits = []
    for i, e in enumerate(reversed(entries)):
        visits.append({
            "index": i, "url": e["url"], "title": e["title"], "page_transition": e["page_transition"],
            "time_usec": e["time_usec"],
            "timestamp": datetime.fromtimestamp(e["time_usec"] // 1_000_000, timezone.utc)
            .replace(microsecond=e["time_usec"] % 1_000_000).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        })
    return {"browser_history": "Takeout/Chrome/BrowserHistory.json", "visits": visits,
            "hangouts": _write_hangouts(Path(dest) / "Takeout" / "Hangouts"),
            "google_chat": {"app": "google_chat", "events": _write_google_chat(Path(dest))},
            "voice": {"app": "googlevoice", "events": _write_voice(Path(dest))}}


def _write_hangouts(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    people = {"104000000000000000001": "Ivy Example", "104000000000000000002": "Jon Sample"}
    conv_id = "UgwSYNTHETICconv01"
    t0 = 1_420_000_000_654_321

    def ev(i, sender, segments=None, event_type="REGULAR_CHAT_MESSAGE"):
        e = {"conversation_id": {"id": conv_id}, "sender_id": {"gaia_id": sender, "chat_id": sender},
             "timestamp": str(t0 + i * 90_000_011), "event_type": event_type}
        if segments is not None:
            e["chat_message"] = {"message_content": {"segment": segments}}
        return e

    events = [
        ev(0, "104000000000000000001", [{"type": "TEXT", "text": "Lunch?"}]),
        ev(1, "104000000000000000002", [{"type": "TEXT", "text": "Yes, here:"}, {"type": "LINE_BREAK"},
                                       {"type": "LINK", "text": "https://maps.example.com/x"}]),
        ev(2, "104000000000000000002", None, "HANGOUT_EVENT"),
    ]
    doc = {"conversations": [{
        "conversation": {"conversation_id": {"id": conv_id}, "conversation": {
            "id": {"id": conv_id}, "type": "STICKY_ONE_TO_ONE",
            "participant_data": [{"id": {"gaia_id": g, "chat_id": g}, "fallback_name": n} for g, n in people.items()]}},
        "events": events}]}
    (folder / "Hangouts.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    out = []
    for i, e in enumerate(events):
        us = int(e["timestamp"])
        out.append({"locator": f"conversations:index=0:event={i}", "sender": e["sender_id"]["gaia_id"],
                    "sender_name": people[e["sender_id"]["gaia_id"]], "timestamp_raw": e["timestamp"],
                    "timestamp": datetime.fromtimestamp(us // 1_000_000, timezone.utc)
                    .replace(microsecond=us % 1_000_000).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "kind": "message" if "chat_message" in e else "system", "conversation_id": conv_id,
                    "body": ["Lunch?", "Yes, here:\nhttps://maps.example.com/x", None][i]})
    return {"file": "Takeout/Hangouts/Hangouts.json", "events": out}


# -- Google Chat and Google Voice ------------------------------------------------------------------
# Google Chat: the layout of the "Google Chat Messages Schema" notes on real exports (messages.json's
# ``messages`` with creator/created_date/text/topic_id/message_id/attached_files/annotations, group_info.json,
# Users/User <id>/user_info.json, attachments under their export_name with "?" written "_").
# Google Voice: the pages of psanford/google-voice-takeout-parser testdata/*.html and
# Mutual-Aid-Medford-and-Somerville/google-voice-history tests/Takeout/Voice/Calls/*.html, file names
# "<contact> - <type> - <UTC time>.html"; Phones.vcf as the Voice readers' tests quote it.

OWNER = ("Ada Example", "ada.example@example.com")
FRIEND = ("Ben Sample", "ben.sample@example.org")
BOT = ("Helper Bot", "helper-bot@example.net")
CHAT_T0 = datetime(2024, 3, 4, 9, 5, 7, tzinfo=timezone.utc)
PNG = b"\x89PNG\r\n\x1a\n" + b"synthetic image" * 4
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"synthetic audio" * 8
JPG = b"\xff\xd8\xff\xe0" + b"synthetic mms" * 6
OWN_NUMBER, LINKED, PEER, CALLER = "+15550100111", "+15550100222", "+15550100333", "+15550100444"
PACIFIC = timezone(timedelta(hours=-7))


def _chat_date(dt: datetime, narrow: bool) -> str:
    """``Monday, March 4, 2024 at 9:05:07 AM UTC`` (C-locale English names; U+202F before AM/PM if ``narrow``)."""
    hour = dt.hour % 12 or 12
    space = "\u202f" if narrow else " "
    return f"{dt:%A}, {dt:%B} {dt.day}, {dt.year} at {hour}:{dt:%M:%S}{space}{dt:%p} UTC"


def _person(p) -> dict:
    return {"name": p[0], "email": p[1], "user_type": "Human"}


def _write_google_chat(root: Path) -> list[dict]:
    base = root / "Takeout" / "Google Chat"
    dm, space = "DM 7qSYNTHdAAE", "Space AAAASYNTH01"
    bot = {"name": BOT[0], "email": BOT[1], "user_type": "Bot"}
    groups = {
        dm: ({"members": [_person(OWNER), _person(FRIEND)]}, [
            (FRIEND, 0, "Are we still on for Friday?", None, None),
            (OWNER, 95, "Yes - here is the place: https://maps.example.com/?q=harbour", None,
             "https://maps.example.com/?q=harbour"),
            (FRIEND, 190, None, ("4926929847130562072?account_id=3.png", "File-4926929847130562072?account_id=3.png"),
             None),
        ]),
        space: ({"name": "Project <b>Team</b>", "members": [_person(OWNER), _person(FRIEND), bot]}, [
            (OWNER, 3600, "Welcome to the space", None, None),
            (BOT, 3725, "<script>alert('x')</script> reminder", None, None),
        ]),
    }
    user = base / "Users" / "User 104SYNTH0000000000001"
    user.mkdir(parents=True, exist_ok=True)
    info = {"user": _person(OWNER), "membership_info": [
        {"group_id": dm, "membership_state": "MEMBER_JOINED"},
        {"group_name": "Project <b>Team</b>", "group_id": space, "membership_state": "MEMBER_JOINED"}]}
    (user / "user_info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    events = []
    for gid, (ginfo, rows) in groups.items():
        folder = base / "Groups" / gid
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "group_info.json").write_text(json.dumps(ginfo, indent=2), encoding="utf-8")
        emails = [m["email"] for m in ginfo["members"]]
        messages = []
        for i, (who, offset, text, attached, link) in enumerate(rows):
            dt = CHAT_T0 + timedelta(seconds=offset, days=len(events))
            topic = f"SYNTHtopic{len(events):02d}"
            creator = bot if who is BOT else _person(who)
            m = {"creator": creator, "created_date": _chat_date(dt, narrow=i % 2 == 1)}
            if text is not None:
                m["text"] = text
            if link:
                start = text.index(link)
                m["annotations"] = [{"start_index": start, "length": len(link), "url_metadata": {
                    "title": "", "snippet": "", "image_url": "", "url": {
                        "private_do_not_access_or_else_safe_url_wrapped_value": link}}}]
            attachments = []
            if attached:
                m["attached_files"] = [{"original_name": attached[0], "export_name": attached[1]}]
                disk = attached[1].replace("?", "_")
                (folder / disk).write_bytes(PNG)
                attachments = [{"name": attached[0], "sha256": hashlib.sha256(PNG).hexdigest()}]
            m.update(topic_id=topic, message_id=f"SYNTHmsg{len(events):02d}/{topic}/{topic}")
            messages.append(m)
            outgoing = who is OWNER
            events.append({
                "path": f"Takeout/Google Chat/Groups/{gid}/messages.json", "locator": f"messages:index={i}",
                "kind": "message", "timestamp": dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "timestamp_raw": m["created_date"], "direction": "outgoing" if outgoing else "incoming",
                "conversation_id": gid, "sender": creator["email"], "sender_name": creator["name"],
                "recipients": [e for e in emails if e != creator["email"]], "body": text, "deleted": False,
                "attachments": attachments, "check": {"message_id": m["message_id"], "topic_id": topic,
                                                      "user_type": creator["user_type"]}})
        text = json.dumps({"messages": messages}, indent=2).replace("=", "\\u003d")
        (folder / "messages.json").write_text(text, encoding="utf-8")
    return events


def _abbr_time(dt: datetime) -> tuple[str, str]:
    """The ``title`` (ISO 8601 with milliseconds and offset) and text of a Voice page's time."""
    title = dt.isoformat(timespec="milliseconds")
    hour = dt.hour % 12 or 12
    return title, f"{dt:%b} {dt.day}, {dt.year}, {hour}:{dt:%M:%S}&#8239;{dt:%p}\nPacific Time"


def _cite(number: str, name: str, own: bool) -> str:
    fn = f'<abbr class="fn" title="">{name}</abbr>' if own else f'<span class="fn">{name}</span>'
    return f'<cite class="sender vcard"><a class="tel" href="tel:{number}">{fn}</a></cite>'


HEAD = ('<?xml version="1.0" ?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n<title>{title}</title>\n'
        '<style type="text/css">\n        </style></head>\n<body>')
TAIL = ('<div class="tags">Labels:\n  {labels}</div>\n<div class="deletedStatusContainer">User Deleted:\n'
        '  False</div>')


def _labels(*names) -> str:
    return ", ".join(f'<a rel="tag" href="http://www.google.com/voice#{n.lower()}">{n}</a>' for n in names)


def _utc_stamp(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H_%M_%SZ")


def _iso_utc(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _write_voice(root: Path) -> list[dict]:
    calls = root / "Takeout" / "Voice" / "Calls"
    calls.mkdir(parents=True, exist_ok=True)
    (root / "Takeout" / "Voice" / "Phones.vcf").write_text(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:\nN:;;;;\nitem1.TEL:{OWN_NUMBER}\nitem1.X-ABLabel:Google Voice\n"
        f"TEL;TYPE=CELL:{LINKED}\nEND:VCARD\n", encoding="utf-8")
    events = [
        {"path": "Takeout/Voice/Phones.vcf", "locator": "TEL:index=0", "kind": "contact", "timestamp": None,
         "conversation_id": OWN_NUMBER, "sender": OWN_NUMBER, "body": f"Google Voice number {OWN_NUMBER}",
         "check": {"owned": True, "role": "google_voice_number", "label": "Google Voice"}},
        {"path": "Takeout/Voice/Phones.vcf", "locator": "TEL:index=1", "kind": "contact", "timestamp": None,
         "conversation_id": LINKED, "sender": LINKED, "body": f"Linked phone number {LINKED}",
         "check": {"owned": True, "role": "linked_number", "tel_params": "TYPE=CELL"}},
    ]
    t0 = datetime(2023, 8, 21, 17, 52, 44, 104000, tzinfo=PACIFIC)
    # a text conversation: two sent (one MMS), one received with markup that must stay text
    texts = [(True, 0, "Hey, ferry at 6?", False), (False, 95_832, "Yes <script>alert(1)</script> &amp; bring cash", False),
             (True, 301_517, "MMS Sent", True)]
    stamp = _utc_stamp(t0)
    page = "Ben Sample - Text - " + stamp
    body, rows = [], []
    for i, (own, ms, text, mms) in enumerate(texts):
        dt = t0 + timedelta(milliseconds=ms)
        title, shown = _abbr_time(dt)
        q = text.replace("&amp;", "&").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        block = (f'<div class="message"><abbr class="dt" title="{title}">{shown}</abbr>:\n'
                 f'{_cite(OWN_NUMBER if own else PEER, "Me" if own else "Ben Sample", own)}:\n<q>{q}</q>\n')
        attachments = []
        if mms:
            media = f"{page}-{i + 1}-1"
            block += f'<div><img src="{media}" alt="Image MMS Attachment" /></div>'
            (calls / f"{media}.jpg").write_bytes(JPG)
            attachments = [{"name": f"{media}.jpg", "sha256": hashlib.sha256(JPG).hexdigest()}]
        body.append(block + "</div>")
        rows.append({"path": f"Takeout/Voice/Calls/{page}.html", "locator": f"message:index={i}", "kind": "message",
                     "timestamp": _iso_utc(dt), "timestamp_raw": title,
                     "direction": "outgoing" if own else "incoming", "conversation_id": PEER,
                     "sender": OWN_NUMBER if own else PEER, "recipients": [PEER] if own else [OWN_NUMBER],
                     "body": text.replace("&amp;", "&"), "deleted": False, "attachments": attachments})
    html = (HEAD.format(title="Me to\nBen Sample") + '<div class="hChatLog hfeed">\n' + " ".join(body) + "</div>\n"
            + TAIL.format(labels=_labels("Text", "Inbox")) + "</body></html>\n")
    (calls / f"{page}.html").write_text(html, encoding="utf-8")
    events += rows
    # calls: placed, received from an unknown number, missed, and a voicemail with its audio
    for n, (kind, number, name, minutes, secs, duration) in enumerate([
            ("Placed", PEER, "Ben Sample", 60, 24, "PT24S"), ("Received", "", "", 120, 285, "PT4M45S"),
            ("Missed", CALLER, "", 180, None, None), ("Voicemail", CALLER, "", 181, 18, "PT18S")]):
        dt = (t0 + timedelta(minutes=minutes)).replace(microsecond=0)
        title, shown = _abbr_time(dt)
        contact = name or number
        page = f"{contact} - {kind} - {_utc_stamp(dt)}"
        verb = {"Placed": "Placed call to", "Received": "Received call from", "Missed": "Missed call from",
                "Voicemail": "Voicemail from"}[kind]
        inner = (f'<div class="contributor vcard">{verb}\n<a class="tel" href="tel:{number}">'
                 f'<span class="fn">{name}</span></a></div>\n<abbr class="published" title="{title}">{shown}</abbr>\n')
        transcript, attachments = None, []
        if kind == "Voicemail":
            transcript = "Hello, this is a synthetic voicemail. Call me back."
            inner += (f'Transcript:\n<span class="description"><span class="full-text">{transcript}</span>\n<br />\n'
                      f'<audio controls="controls" src="{page}.mp3"><a rel="enclosure" href="{page}.mp3">Audio</a>'
                      "</audio>\n")
            (calls / f"{page}.mp3").write_bytes(MP3)
            attachments = [{"name": f"{page}.mp3", "sha256": hashlib.sha256(MP3).hexdigest()}]
        if duration:
            inner += f'<abbr class="duration" title="{duration}">(00:{secs // 60:02d}:{secs % 60:02d})</abbr>\n'
        html = (HEAD.format(title=f"{verb.split(' ')[0]} {verb.split(' ', 1)[1]}\n{contact}") + '<div class="haudio">'
                + inner + TAIL.format(labels=_labels(kind)) + "</div></body></html>\n")
        (calls / f"{page}.html").write_text(html, encoding="utf-8")
        outgoing = kind == "Placed"
        events.append({"path": f"Takeout/Voice/Calls/{page}.html", "locator": "call", "kind": "call",
                       "timestamp": _iso_utc(dt), "timestamp_raw": title,
                       "direction": "outgoing" if outgoing else "incoming", "status": kind.lower(),
                       "conversation_id": number or contact or None, "sender": None if outgoing else (number or None),
                       "recipients": [number] if outgoing else [], "deleted": False, "attachments": attachments,
                       **({"body": transcript} if transcript else {}),
                       "check": {"duration": secs, "duration_raw": duration, "labels": [kind]}})
    return events
