"""Synthetic WhatsApp chat exports: one made-up conversation written in every line format the parser
reads (``plugins/whatsapp_export.py``), each variant in its own folder with the file name WhatsApp gives
it, some with their media files.

The line shapes are those of real exports, from the sources the parser cites: Android
``24/12/2019, 11:23 - `` and ``12/24/19, 11:23 - `` (joweich/chat-miner ``test/whatsapp``), 12-hour
``01/30/2019, 08:49 p. m. - `` (chat-miner ``test_mmddyyyy_12hrs.txt``), year first
``2022/12/14, 13:34. - `` (chat-miner ``test_dateformat3.txt``), German dots ``13.06.18, 21:25 - ``
and Finnish ``[13.6.2018 klo 21.25.15]`` (Pustur/whatsapp-chat-parser ``parser.test.js``), iOS
``[dd/mm/yy, hh:mm:ss]`` and ``[YYYY-MM-DD, h:mm:ss AM]`` with U+200E marks
(WyldKnyght/whatsapp-archive-manager), U+202F before ``PM`` (recent builds), ``<attached: NAME>`` and
``NAME (file attached)``, omitted-media placeholders per language (mlomb/chat-analytics ``WhatsApp.ts``).

Nothing here is a real person's data. Deterministic: fixed times, no randomness. The returned manifest
lists, per file, every event the parser must give: line number, local time as written (ISO), sender,
kind, body, attachment, omitted media type.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

LRM = "\u200e"
NNBSP = "\u202f"
#: the first message's local time; later ones follow at fixed steps
START = datetime(2021, 3, 14, 9, 5, 7)


def _ampm(t: datetime, style: str, zero_pad: bool) -> str:
    h = t.hour % 12 or 12
    hh = f"{h:02d}" if zero_pad else str(h)
    word = {"AM": ("AM", "PM"), "a. m.": ("a. m.", "p. m."), "a.m.": ("a.m.", "p.m.")}[style][t.hour >= 12]
    return hh, word


#: variant name -> how it writes a header (a function of the local time) and its language's texts
def _fmt(t: datetime, v: dict) -> str:
    y, m, d = t.year, t.month, t.day
    yy = f"{y % 100:02d}"
    date = {
        "dd/mm/yyyy": f"{d:02d}/{m:02d}/{y}", "m/d/yy": f"{m}/{d}/{yy}", "mm/dd/yyyy": f"{m:02d}/{d:02d}/{y}",
        "dd/mm/yy": f"{d:02d}/{m:02d}/{yy}", "yyyy-mm-dd": f"{y}-{m:02d}-{d:02d}", "dd.mm.yy": f"{d:02d}.{m:02d}.{yy}",
        "d.m.yyyy": f"{d}.{m}.{y}", "yyyy/mm/dd": f"{y}/{m:02d}/{d:02d}", "d/m/yy": f"{d}/{m}/{yy}",
    }[v["date"]]
    sec = v.get("seconds", False)
    if v.get("ampm"):
        hh, word = _ampm(t, v["ampm"], v.get("zero_pad", False))
        time = f"{hh}:{t.minute:02d}" + (f":{t.second:02d}" if sec else "") + v.get("ampm_space", " ") + word
    else:
        sep = v.get("time_sep", ":")
        time = f"{t.hour:02d}{sep}{t.minute:02d}" + (f"{sep}{t.second:02d}" if sec else "")
    if v["form"] == "bracket":
        return f"{LRM if v.get('lrm') else ''}[{date}{v.get('date_time_sep', ', ')}{time}] "
    return f"{date}{v.get('date_time_sep', ', ')}{time}{v.get('after_time', '')} - "


VARIANTS = {
    # Android, English (UK): day first, 24 h, no seconds
    "android_en_gb": {"file": "WhatsApp Chat with Alice Example.txt", "form": "dash", "date": "dd/mm/yyyy",
                      "lang": "en", "media": True},
    # Android, English (US): month first, 2-digit year, 12 h with U+202F before AM/PM (recent builds)
    "android_en_us": {"file": "WhatsApp Chat with Alice Example.txt", "form": "dash", "date": "m/d/yy",
                      "ampm": "AM", "ampm_space": NNBSP, "lang": "en"},
    # Android, Spanish: month first 4-digit year, "p. m." (chat-miner test_mmddyyyy_12hrs.txt)
    "android_es": {"file": "Chat de WhatsApp con Alice Example.txt", "form": "dash", "date": "mm/dd/yyyy",
                   "ampm": "a. m.", "zero_pad": True, "lang": "es"},
    # Android, German: dots, 2-digit year, 24 h
    "android_de": {"file": "WhatsApp Chat mit Alice Example.txt", "form": "dash", "date": "dd.mm.yy", "lang": "de"},
    # Android, year first with a dot after the time (chat-miner test_dateformat3.txt)
    "android_ymd": {"file": "WhatsApp Chat with Alice Example.txt", "form": "dash", "date": "yyyy/mm/dd",
                    "after_time": ".", "lang": "en"},
    # iOS, English (UK): bracketed, seconds, LRM marks
    "ios_en_gb": {"file": "_chat.txt", "folder": "WhatsApp Chat - Alice Example", "form": "bracket",
                  "date": "dd/mm/yy", "seconds": True, "lrm": True, "lang": "en", "media": True},
    # iOS, English (US): bracketed, 12 h with seconds and U+202F
    "ios_en_us": {"file": "_chat.txt", "folder": "WhatsApp Chat - Alice Example", "form": "bracket", "date": "m/d/yy",
                  "seconds": True, "ampm": "AM", "ampm_space": NNBSP, "lrm": True, "lang": "en"},
    # iOS, ISO dates with 12 h (whatsapp-archive-manager)
    "ios_iso": {"file": "_chat.txt", "folder": "WhatsApp Chat - Alice Example", "form": "bracket",
                "date": "yyyy-mm-dd", "seconds": True, "ampm": "AM", "lrm": True, "lang": "en"},
    # iOS, Finnish: "[13.6.2018 klo 21.25.15]" (whatsapp-chat-parser parser.test.js)
    "ios_fi": {"file": "_chat.txt", "folder": "WhatsApp Chat - Alice Example", "form": "bracket", "date": "d.m.yyyy",
               "date_time_sep": " klo ", "time_sep": ".", "seconds": True, "lrm": True, "lang": "fi"},
    # Android, day first where every day is <= 12: only the file's order can tell (see DateOrder)
    "android_order_only": {"file": "WhatsApp Chat with Alice Example.txt", "form": "dash", "date": "d/m/yy",
                           "lang": "en", "times": [datetime(2021, m, d, 8 + i, 7 * i, 0) for i, (m, d) in enumerate(
                               [(1, 10), (1, 11), (1, 12), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2)])]},
}

#: per language: omitted-media placeholders (Android form, iOS form; None where no source gives it), the
#: attached-file labels (English only: "file attached", "attached") and the deleted-message text
LANG = {
    "en": {"omitted_android": "<Media omitted>", "omitted_ios": "image omitted", "attached_android": "file attached",
           "attached_ios": "attached", "deleted": "This message was deleted"},
    "es": {"omitted_android": "<Multimedia omitido>", "omitted_ios": "imagen omitida", "deleted": None},
    "de": {"omitted_android": "<Medien ausgeschlossen>", "omitted_ios": None, "deleted": None},
    "fi": {"omitted_android": "<Media jätetty pois>", "omitted_ios": None, "deleted": None},
}
OMITTED_TYPE = {"<Media omitted>": "media", "image omitted": "image", "<Multimedia omitido>": "media",
                "imagen omitida": "image", "<Medien ausgeschlossen>": "media", "<Media jätetty pois>": "media"}

GROUP = "Alice Example"


def _script(v: dict, platform: str) -> list[dict]:
    """The conversation: what each line says, before formatting."""
    lang = LANG[v["lang"]]
    out = [
        {"system": "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
                   "can read or listen to them."},
        {"sender": "Alice Example", "text": "Morning! Train at 10: platform 4"},
        {"sender": "Bob Sample", "text": "On my way\nsecond line of the same message\n\nand a third after a gap"},
        {"sender": "+44 7700 900123", "text": "Ticket https://example.org/t/41"},
    ]
    if v.get("media"):
        ext = "jpg"
        name = (f"00000012-PHOTO-{START:%Y-%m-%d-%H-%M-%S}.{ext}" if platform == "ios"
                else f"IMG-{START:%Y%m%d}-WA0001.{ext}")
        out.append({"sender": "Alice Example", "attachment": name, "caption": "the view"})
    omitted = lang["omitted_ios"] if platform == "ios" else lang["omitted_android"]
    if omitted:
        out.append({"sender": "Bob Sample", "omitted": omitted})
    if lang["deleted"]:
        out.append({"sender": "Alice Example", "deleted": lang["deleted"]})
    if platform == "android":
        out.append({"system": 'Bob Sample changed the subject to "Trip: spring"'})
    else:
        out.append({"ios_system": "Bob Sample changed the subject to “Trip: spring”"})
    out.append({"sender": "Bob Sample", "text": "Bye"})
    return out


def _write_variant(folder: Path, name: str, v: dict) -> dict:
    platform = "ios" if v["form"] == "bracket" else "android"
    base = folder / name / v.get("folder", "")
    base.mkdir(parents=True, exist_ok=True)
    step = timedelta(days=2, hours=7, minutes=43, seconds=11)
    lines: list[str] = []
    events = []
    for i, item in enumerate(_script(v, platform)):
        t = v["times"][i] if "times" in v else START + step * i
        if not v.get("seconds"):
            t = t.replace(second=0)
        head = _fmt(t, v)
        line_no = len(lines) + 1
        ev = {"line": line_no, "local_time": t.isoformat(), "sender": None, "kind": "message", "body": None,
              "attachment": None, "media_omitted": None, "deleted": False}
        if "system" in item:
            text = item["system"]
            if platform == "ios":  # iOS names the chat where a sender would be and marks the text
                lines.append(f"{head}{GROUP}: {LRM}{text}")
            else:
                lines.append(head + text)
            ev.update(kind="system", body=text)
        elif "ios_system" in item:
            lines.append(f"{head}{GROUP}: {LRM}{item['ios_system']}")
            ev.update(kind="system", body=item["ios_system"])
        elif "attachment" in item:
            lang = LANG[v["lang"]]
            if platform == "ios":
                lines.append(f"{head}{item['sender']}: {LRM}<{lang['attached_ios']}: {item['attachment']}>")
            else:
                lines.append(f"{head}{item['sender']}: {item['attachment']} ({lang['attached_android']})")
            lines.append(item["caption"])
            data = hashlib.sha256(f"{name}/{item['attachment']}".encode()).digest() * 8
            (base / item["attachment"]).write_bytes(data)
            ev.update(sender=item["sender"], body=item["caption"], attachment={
                "name": item["attachment"], "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        elif "omitted" in item:
            lines.append(f"{head}{item['sender']}: {LRM if platform == 'ios' else ''}{item['omitted']}")
            ev.update(sender=item["sender"], body=item["omitted"], media_omitted=OMITTED_TYPE[item["omitted"]])
        elif "deleted" in item:
            lines.append(f"{head}{item['sender']}: {LRM if platform == 'ios' else ''}{item['deleted']}")
            ev.update(sender=item["sender"], body=item["deleted"], deleted=True)
        else:
            text_lines = item["text"].split("\n")
            lines.append(f"{head}{item['sender']}: {text_lines[0]}")
            lines.extend(text_lines[1:])
            ev.update(sender=item["sender"], body=item["text"])
        events.append(ev)
    newline = "\r\n" if platform == "ios" else "\n"
    path = base / v["file"]
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    rel = path.relative_to(folder / name).as_posix()
    return {"file": rel, "platform": platform, "chat": GROUP, "events": events}


def write_whatsapp_exports(dest) -> dict:
    """Every variant under ``dest/<variant>/``; the manifest of the events each must give."""
    dest = Path(dest)
    return {"variants": {name: _write_variant(dest, name, v) for name, v in VARIANTS.items()}}
