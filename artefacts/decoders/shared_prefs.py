"""Android SharedPreferences files (``shared_prefs/<name>.xml``): the XML ``android.app.SharedPreferencesImpl``
writes through ``XmlUtils.writeMapXml``: a ``<map>`` of ``<string name=...>text</string>``, ``<boolean|int|long|float
name=... value=.../>`` and ``<set name=...><string>...</string></set>`` entries. Parsed with defusedxml (entity
expansion refused); the caller caps the size of what it reads.
"""

from __future__ import annotations


def read_shared_prefs(data: bytes) -> dict:
    """Android SharedPreferences XML -> ``{name: value}`` (values typed as the file says)."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(data)
    if root.tag != "map":
        raise ValueError(f"root element is <{root.tag}>, not <map>")
    out = {}
    for el in root:
        name = el.get("name")
        if name is None:
            continue
        if el.tag == "string":
            out[name] = el.text or ""
        elif el.tag == "set":
            out[name] = sorted(s.text or "" for s in el)
        elif el.tag == "boolean":
            out[name] = el.get("value") == "true"
        elif el.tag in ("int", "long"):
            out[name] = int(el.get("value"))
        elif el.tag == "float":
            out[name] = float(el.get("value"))
        else:
            out[name] = el.get("value")
    return out
