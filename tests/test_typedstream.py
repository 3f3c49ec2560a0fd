"""The typedstream decoder on real ``attributedBody`` blobs, and on broken input."""

from __future__ import annotations

import pytest

from artefacts.decoders.typedstream import (
    CString,
    TSClass,
    TSObject,
    TypedStreamError,
    TypedStreamReader,
    decode_attributed_body,
    decode_attributed_body_details,
)
from artefacts.decoders.typedstream import _attributed_body as _FULL_DECODE  # the decoder without the layout cache

# Real blobs. Sources:
#
# PLASO_ROW3, PLASO_ROW1: message.attributedBody of ROWID 3 and 1 in log2timeline/plaso
#   test_data/imessage_chat.db (a real OS X 10.11 chat.db, 2015; the same file is
#   ../shared/corpus/plaso/imessage_chat.db, sha256 2931db3b...). NSMutableAttributedString;
#   ROWID 1 has a 336-byte string (0x81 length) and a tel: link run.
PLASO_ROW3 = bytes.fromhex(
    "040b73747265616d747970656481e803840140848484194e534d757461626c6541747472696275746564537472696e6700"
    "8484124e5341747472696275746564537472696e67008484084e534f626a6563740085928484840f4e534d757461626c65"
    "537472696e67018484084e53537472696e67019584012b5a4f6b6179207468616e6b20796f752120596561204920776173"
    "207468696e6b696e67206f662077616974696e672074696c207468656e20746f2067657420697420686f706566756c6c79"
    "20676574206120776565206465616c208684026949015a928484840c4e5344696374696f6e617279009584016901928498"
    "981d5f5f6b494d4d657373616765506172744174747269627574654e616d658692848484084e534e756d62657200848407"
    "4e5356616c7565009584012a849b9b00868686"
)
PLASO_ROW3_TEXT = "Okay thank you! Yea I was thinking of waiting til then to get it hopefully get a wee deal "

PLASO_ROW1 = bytes.fromhex(
    "040b73747265616d747970656481e803840140848484194e534d757461626c6541747472696275746564537472696e6700"
    "8484124e5341747472696275746564537472696e67008484084e534f626a6563740085928484840f4e534d757461626c65"
    "537472696e67018484084e53537472696e67019584012b815001486579204b656e6e6574682c2069742773204569726561"
    "6e6e652120492077617320776f6e646572696e6720696620796f7520636f756c642068656c70206d652c20492077617320"
    "6c6f6f6b696e6720617420616e204170706c65204d6163426f6f6b204169722031332e3322206f6e207468652063757272"
    "797320776562736974652c207468652070726f6475637420636f6465206973203132383837342120492077617320776f6e"
    "646572696e6720696620796f7520776f756c642062652061626c6520746f20686176652061206c6f6f6b20616e64207365"
    "65206966206974207761732077697468206d652067657474696e6720616e64206966207468657265277320616e79207061"
    "636b6167657320492073686f756c6420646566696e6974656c792062757920776974682069742120576f756c6420726561"
    "6c6c7920617070726563696174652069742120868402694901819900928484840c4e5344696374696f6e61727900958401"
    "690292849898265f5f6b494d4261736557726974696e67446972656374696f6e4174747269627574654e616d6586928484"
    "84084e534e756d626572008484074e5356616c7565009584012a848401719fff86928498981d5f5f6b494d4d6573736167"
    "65506172744174747269627574654e616d658692849d9e9f9f00868699020692849a9b0392a092a192849898165f5f6b49"
    "4d4c696e6b4174747269627574654e616d658692848484054e5355524c009584016300928498980a74656c3a3132383837"
    "348686929b929c86990181b10086"
)
PLASO_ROW1_TEXT = (
    "Hey Kenneth, it's Eireanne! I was wondering if you could help me, I was looking at an Apple MacBook Air "
    '13.3" on the currys website, the product code is 128874! I was wondering if you would be able to have a '
    "look and see if it was with me getting and if there's any packages I should definitely buy with it! "
    "Would really appreciate it! "
)

# EMOJI: daveremy/imessage-mcp src/__tests__/fixtures/typedstream-blobs.ts EMOJI_MESSAGE ("Real
#   attributedBody blobs extracted from chat.db"). Immutable NSAttributedString; 32 UTF-8 bytes,
#   a run of 26 UTF-16 units.
EMOJI = bytes.fromhex(
    "040b73747265616d747970656481e803840140848484124e5341747472696275746564537472696e67008484084e534f62"
    "6a656374008592848484084e53537472696e67019484012b205265616374656420f09f989220746f20e2809c4e6f207472"
    "6561747320e2809d8684026949011a928484840c4e5344696374696f6e617279009484016901928496961d5f5f6b494d4d"
    "657373616765506172744174747269627574654e616d658692848484084e534e756d626572008484074e5356616c756500"
    "9484012a84999900868686"
)
EMOJI_TEXT = "Reacted \U0001F612 to \u201cNo treats \u201d"

# ATTACHMENT: OpenBubbles/rustpush src/util.rs, fn test(): an attachment-only message body (one
#   U+FFFC placeholder) with __kIMFileTransferGUIDAttributeName and __kIMMessagePartAttributeName.
ATTACHMENT = bytes.fromhex(
    "040B73747265616D747970656481E803840140848484124E5341747472696275746564537472696E67008484084E534F62"
    "6A656374008592848484084E53537472696E67019484012B03EFBFBC86840269490101928484840C4E5344696374696F6E"
    "61727900948401690292849696225F5F6B494D46696C655472616E73666572475549444174747269627574654E616D6586"
    "928496962444453531414333372D363630412D344334332D384634342D33343045413132373936373186928496961D5F5F"
    "6B494D4D657373616765506172744174747269627574654E616D658692848484084E534E756D626572008484074E535661"
    "6C7565009484012A84999900868686"
)

REAL = [
    (PLASO_ROW3, PLASO_ROW3_TEXT),
    (PLASO_ROW1, PLASO_ROW1_TEXT),
    (EMOJI, EMOJI_TEXT),
    (ATTACHMENT, "\ufffc"),
]


@pytest.mark.parametrize("blob,text", REAL, ids=["plaso-row3", "plaso-row1", "emoji", "attachment"])
def test_real_blobs_decode_to_their_text(blob, text):
    assert decode_attributed_body(blob) == text


@pytest.mark.parametrize("blob,text", REAL, ids=["plaso-row3", "plaso-row1", "emoji", "attachment"])
def test_runs_cover_the_string_in_utf16_units(blob, text):
    details = decode_attributed_body_details(blob)
    assert details.runs, "an attributed string has at least one run"
    starts = [start for start, _, _ in details.runs]
    assert starts[0] == 0
    end = details.runs[-1][0] + details.runs[-1][1]
    assert end == len(text.encode("utf-16-le")) // 2


def test_header_and_tables_of_a_real_blob():
    reader = TypedStreamReader(PLASO_ROW3)
    assert (reader.streamer_version, reader.byte_order, reader.system_version) == (4, "little", 1000)
    root = reader.read_root()
    assert reader.remaining == 0
    assert isinstance(root, TSObject)
    assert root.cls.chain() == ["NSMutableAttributedString", "NSAttributedString", "NSObject"]
    assert [c.version for c in (root.cls, root.cls.superclass, root.cls.superclass.superclass)] == [0, 0, 0]
    string = root.groups[0][0]
    assert string.cls.chain() == ["NSMutableString", "NSString", "NSObject"]
    assert string.cls.version == 1 and string.cls.superclass.version == 1
    # the NSString's superclass is a back-reference (0x95) to the NSObject class read before
    assert string.cls.superclass.superclass is root.cls.superclass.superclass
    # shared strings in order of appearance; the NSNumber's own type is the C string "i"
    assert reader.shared_strings[:8] == [
        b"@", b"NSMutableAttributedString", b"NSAttributedString", b"NSObject",
        b"NSMutableString", b"NSString", b"+", b"iI",
    ]
    assert root.groups[1] == [1, len(PLASO_ROW3_TEXT)]
    cstrings = [o for o in reader.objects if isinstance(o, CString)]
    assert cstrings == [CString(b"i")]
    assert all(isinstance(o, (TSObject, TSClass, CString)) for o in reader.objects)


def test_attribute_dictionaries_of_real_blobs():
    row1 = decode_attributed_body_details(PLASO_ROW1)
    assert row1.keys == [
        "__kIMBaseWritingDirectionAttributeName",
        "__kIMLinkAttributeName",
        "__kIMMessagePartAttributeName",
    ]
    assert [(s, n) for s, n, _ in row1.runs] == [(0, 153), (153, 6), (159, 177)]
    link_run = row1.runs[1][2]
    assert link_run["__kIMLinkAttributeName"] == "tel:128874"  # NSURL -> its string
    assert link_run["__kIMBaseWritingDirectionAttributeName"] == -1  # NSNumber "q" -1, by back-reference
    assert PLASO_ROW1_TEXT[153:159] == "128874"

    att = decode_attributed_body_details(ATTACHMENT)
    assert att.runs == [
        (0, 1, {
            "__kIMFileTransferGUIDAttributeName": "DE51AC37-660A-4C43-8F44-340EA1279671",
            "__kIMMessagePartAttributeName": 0,
        })
    ]


def test_big_endian_signature_is_read_big_endian():
    # The same archive with the big-endian signature "typedstream": the only multi-byte integer
    # in EMOJI is the system version (0x81 + int16), which must then be read big-endian.
    le = EMOJI
    assert le[2:13] == b"streamtyped" and le[13:16] == b"\x81\xe8\x03"
    be = le[:2] + b"typedstream" + b"\x81\x03\xe8" + le[16:]
    reader = TypedStreamReader(be)
    assert reader.byte_order == "big" and reader.system_version == 1000
    assert decode_attributed_body(be) == EMOJI_TEXT


@pytest.mark.parametrize("blob", [PLASO_ROW3, PLASO_ROW1, EMOJI, ATTACHMENT], ids=["row3", "row1", "emoji", "att"])
def test_every_truncation_raises(blob):
    for n in range(len(blob)):
        with pytest.raises(TypedStreamError):
            decode_attributed_body(blob[:n])


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "header"),
        (bytes.fromhex("deadbeefcafebabe"), "header"),
        (b"\x04\x0bstreamtypeX\x81\xe8\x03", "signature"),
        (b"\x03\x0bstreamtyped\x81\xe8\x03", "streamer version 3"),
        (b"\x04\x0bstreamtyped\x81\xe8\x03", "no values"),
        (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x99", "reference"),  # object #7 of an empty table
        (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01Z\x00", "unsupported type encoding"),
        (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x04[3c]\x01\x02", "truncated"),
    ],
)
def test_garbage_raises_a_clear_error(data, message):
    with pytest.raises(TypedStreamError, match=message):
        decode_attributed_body(data)


def test_not_bytes_is_refused():
    with pytest.raises(TypedStreamError):
        TypedStreamReader("streamtyped")  # type: ignore[arg-type]


def test_nesting_is_bounded():
    # root '@' object of a new class X, whose contents are '@' objects of class X, nested forever
    data = b"\x04\x0bstreamtyped\x81\xe8\x03" + b"\x84\x01@" + b"\x84\x84\x84\x01X\x00\x85" + b"\x92\x84\x93" * 100
    with pytest.raises(TypedStreamError, match="nested deeper"):
        decode_attributed_body(data)


def test_an_archive_without_a_string_gives_none():
    # A real NSArchiver value that is not a string: an NSColor stored by the nvALT app, as
    # printed in a public dotfiles script ("defaults write -app nvALT SearchTermHighlightColor
    # -data 040b7374...", found with the project's code search; repository not identified).
    color = bytes.fromhex(
        "040b73747265616d747970656481e803840140848484074e53436f6c6f72008484084e534f626a6563740085"
        "8401630184046666666683cdcc4c3f0183cdcc4c3f0186"
    )
    reader = TypedStreamReader(color)
    root = reader.read_root()
    assert root.cls.chain() == ["NSColor", "NSObject"]
    assert root.groups[0] == [1]  # 'c'
    red, green, blue, alpha = root.groups[1]  # 'ffff': 0x83 + float32, or a small integer
    assert (green, alpha) == (1.0, 1.0) and abs(red - 0.8) < 1e-6 and abs(blue - 0.8) < 1e-6
    assert decode_attributed_body(color) is None


@pytest.mark.parametrize("blob", [PLASO_ROW3, EMOJI, ATTACHMENT], ids=["row3", "emoji", "att"])
def test_corrupted_bytes_give_text_or_typedstream_error(blob):
    """Every single-byte corruption either still decodes or raises TypedStreamError, nothing else."""
    outcomes = {"decoded": 0, "refused": 0}
    for i in range(len(blob)):
        for value in (0x00, 0x7F, 0x81, 0x82, 0x84, 0x85, 0x86, 0x92, 0xFF):
            data = bytearray(blob)
            data[i] = value
            try:
                text = decode_attributed_body(bytes(data))
            except TypedStreamError:
                outcomes["refused"] += 1
            else:
                assert text is None or isinstance(text, str)
                outcomes["decoded"] += 1
    assert outcomes["refused"] > 0 and outcomes["decoded"] > 0


# -- blobs that share a layout: decoded once in full, then by their string alone ------------------

def _full(blob: bytes):
    """The full decoder's result, or the error it raises (never through the layout cache)."""
    try:
        body = _FULL_DECODE(blob)
    except TypedStreamError as exc:
        return ("error", type(exc))
    except (TypeError, ValueError, AttributeError, IndexError, KeyError, RecursionError):
        return ("error", TypedStreamError)
    return (body.text, body.runs)


def _cached(blob: bytes):
    try:
        body = decode_attributed_body_details(blob)
    except TypedStreamError as exc:
        return ("error", type(exc))
    return (body.text, body.runs)


@pytest.fixture
def layouts(monkeypatch):
    """An empty layout cache, and a count of the decodes that did not use it."""
    from artefacts.decoders import typedstream

    monkeypatch.setattr(typedstream, "_SAME_LAYOUT", {})
    full = {"n": 0}
    real = typedstream._attributed_body

    def counted(data):
        full["n"] += 1
        return real(data)

    monkeypatch.setattr(typedstream, "_attributed_body", counted)
    return typedstream._SAME_LAYOUT, full


def _same_length_text(blob: bytes, text: str) -> bytes:
    """``blob`` with another ASCII string of the same UTF-8 length (and so the same runs)."""
    raw = text.encode()
    other = bytes((0x61 + (i % 26)) for i in range(len(raw)))
    assert blob.count(raw) == 1
    return blob.replace(raw, other)


@pytest.mark.parametrize("blob,text", REAL, ids=["plaso-row3", "plaso-row1", "emoji", "attachment"])
def test_a_layout_seen_before_decodes_by_its_string(layouts, blob, text):
    cache, full = layouts
    first = _cached(blob)
    assert first == _full(blob) and first[0] == text and full["n"] == 1 and len(cache) == 1
    # the same layout with another string of the same length: not decoded in full, same answer
    other = _same_length_text(blob, text)
    assert _cached(other) == _full(other) and full["n"] == 1
    assert _cached(other)[0] != text and _cached(other)[1] == first[1]
    # the runs handed out are copies: a caller changing them does not change the next answer
    decode_attributed_body_details(blob).runs[0][2]["changed"] = True
    assert _cached(blob) == first


@pytest.mark.parametrize("blob", [PLASO_ROW1, EMOJI, ATTACHMENT], ids=["row1", "emoji", "att"])
def test_corrupted_blobs_decode_as_without_the_layout_cache(layouts, blob):
    """Every single-byte corruption, decoded with the original's layout known, gives what the full
    decoder gives (text and runs, or the same kind of error); many of them use the cache."""
    cache, full = layouts
    _cached(blob)
    before = full["n"]
    tried = 0
    for i in range(len(blob)):
        for value in (0x00, 0x20, 0x7F, 0x81, 0x84, 0x86, 0x92, 0xFF):
            data = bytearray(blob)
            data[i] = value
            data = bytes(data)
            assert _cached(data) == _full(data), (i, value)
            tried += 1
    assert tried - (full["n"] - before) > 50  # decoded by their string alone (corrupted string bytes)


def test_blobs_of_a_real_chat_db_decode_as_without_the_layout_cache(layouts):
    import sqlite3

    from conftest import corpus_file

    db = corpus_file("plaso", "imessage_chat.db")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    blobs = [b for (b,) in con.execute("SELECT attributedBody FROM message WHERE attributedBody IS NOT NULL")]
    con.close()
    assert len(blobs) == 10
    for blob in blobs + blobs:
        assert _cached(blob) == _full(blob)


def test_generated_sms_db_blobs_decode_as_without_the_layout_cache(layouts, tmp_path):
    """A generated sms.db: most blobs share a few layouts, each decoded in full once."""
    import sqlite3

    from artefacts.synthetic.ios import build_ios_sms

    cache, full = layouts
    build_ios_sms(tmp_path / "sms.db", n_messages=2000, seed=3)
    con = sqlite3.connect(tmp_path / "sms.db")
    blobs = [b for (b,) in con.execute("SELECT attributedBody FROM message WHERE attributedBody IS NOT NULL")]
    con.close()
    assert len(blobs) > 1500
    for blob in blobs:
        assert _cached(blob) == _full(blob)
    assert full["n"] < len(blobs) / 4 and 0 < len(cache) == full["n"]


def test_the_layout_cache_is_bounded(layouts, monkeypatch):
    from artefacts.decoders import typedstream

    cache, _ = layouts
    monkeypatch.setattr(typedstream, "SAME_LAYOUT_MAX", 2)
    for blob, _ in REAL:
        _cached(blob)
    assert 1 <= len(cache) <= 2
