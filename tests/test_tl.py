"""TL decoding (artefacts.decoders.tl) on byte strings written out by hand from the schema lines.

Every blob below is composed here, field by field, from the TL schema line quoted in its comment
(constructor id as 4 little-endian bytes, flag words, each field). None comes from the synthetic
encoder, so the decoder and the constructor table are checked against the schema itself.
Little-endian reminders: 5000000001 = 0x12A05F201 -> 01 f2 05 2a 01 00 00 00;
5000000101 -> 65 f2 05 2a 01 00 00 00; 1709251300 -> e4 1a e1 65; 1700000000 -> 00 f1 53 65.
"""

from __future__ import annotations

import re

import pytest

from artefacts.decoders import tl
from artefacts.decoders import tl_build
from artefacts.decoders.tl_schema import SOURCES


def h(*parts: str) -> bytes:
    """Hex pieces (spaces allowed) joined into bytes."""
    return bytes.fromhex("".join(parts))


# peerUser#59511722 user_id:long = Peer;   (layers 138-200)
PEER_USER_ALEX = "22175159" "01f2052a01000000"      # user_id 5000000001
PEER_USER_ZOE = "22175159" "65f2052a01000000"       # user_id 5000000101
# peerChannel#a2a5371e channel_id:long = Peer;
PEER_CHANNEL_NEWS = "1e37a5a2" "2df2536500000000"   # channel_id 1700000301
# peerChat#36c6019a chat_id:long = Peer;
PEER_CHAT_BOOK = "9a01c636" "c9286bee00000000"      # chat_id 4000000201


# ---------------------------------------------------------------------------------------------
# Primitives, peers, strings


def test_peers_of_every_kind():
    user = tl.decode(h(PEER_USER_ZOE))
    assert user == {"_": "peerUser", "_id": 0x59511722, "_layer": user["_layer"], "user_id": 5000000101}
    assert 192 in user["_layer"] and 138 in user["_layer"]
    assert tl.decode(h(PEER_CHANNEL_NEWS))["channel_id"] == 1700000301
    assert tl.decode(h(PEER_CHAT_BOOK))["chat_id"] == 4000000201
    # peerUser#9db1bc6d user_id:int = Peer;  (layer 109: 32-bit ids)
    old = tl.decode(h("6dbcb19d", "15cd5b07"))  # user_id 123456789
    assert old.name == "peerUser" and old["user_id"] == 123456789 and 109 in old["_layer"]
    assert old.trailing == b"" and old.end == 8


def _chat_edit_title(title_hex: str) -> bytes:
    # messageActionChatEditTitle#b5a1ce5a title:string = MessageAction;
    return h("5acea1b5", title_hex)


def test_short_string_padding_and_utf8():
    # "Zoë" is 4 UTF-8 bytes: length byte 04, 4 bytes, then 3 zero bytes (1 + 4 + 3 = 8)
    obj = tl.decode(_chat_edit_title("04" "5a6fc3ab" "000000"))
    assert obj["title"] == "Zoë" and obj.end == 12
    # 253 bytes: the largest 1-byte length (fd), 1 + 253 = 254 -> 2 padding bytes
    obj = tl.decode(_chat_edit_title("fd" + "61" * 253 + "0000"))
    assert obj["title"] == "a" * 253 and obj.end == 4 + 256


def test_long_strings_use_the_254_prefix():
    # 254 bytes: fe + 3-byte length fe 00 00, data, (4 + 254) % 4 = 2 -> 2 padding bytes
    obj = tl.decode(_chat_edit_title("fe" "fe0000" + "62" * 254 + "0000"))
    assert obj["title"] == "b" * 254 and obj.end == 4 + 4 + 256
    # 300 bytes: fe 2c 01 00, data, (4 + 300) % 4 = 0 -> no padding; a trailing int stays trailing
    obj = tl.decode(_chat_edit_title("fe" "2c0100" + "63" * 300) + h("2a000000"))
    assert obj["title"] == "c" * 300
    assert obj.trailing == b"\x2a\x00\x00\x00"


def test_bool_and_true_flags():
    # keyboardButtonRequestPoll#bbc7515d flags:# quiz:flags.0?Bool text:string = KeyboardButton;
    obj = tl.decode(h("5d51c7bb", "01000000", "b5757299", "01" "51" "0000"))  # quiz boolTrue, text "Q"
    assert obj["quiz"] is True and obj["text"] == "Q"
    obj = tl.decode(h("5d51c7bb", "01000000", "379779bc", "01" "51" "0000"))  # boolFalse#bc799737
    assert obj["quiz"] is False
    obj = tl.decode(h("5d51c7bb", "00000000", "01" "51" "0000"))              # bit 0 clear: no Bool at all
    assert obj["quiz"] is None and obj["text"] == "Q"
    # messageMediaPhoto#695150d7 flags:# spoiler:flags.3?true photo:flags.0?Photo ttl_seconds:flags.2?int
    obj = tl.decode(h("d7505169", "0c000000", "0f000000"))  # flags 0b1100: spoiler, ttl 15, no photo
    assert obj["spoiler"] is True and obj["photo"] is None and obj["ttl_seconds"] == 15


# ---------------------------------------------------------------------------------------------
# Vectors


def test_vectors_of_longs_and_ints():
    # messageActionChatCreate#bd47cbad title:string users:Vector<long> = MessageAction;
    blob = h("ad cb 47 bd",
             "04 43 6c 75 62 000000",                 # title "Club" (1 + 4 + 3 padding)
             "15 c4 b5 1c", "02000000",               # vector#1cb5c415, 2 items
             "01f2052a01000000", "65f2052a01000000")  # 5000000001, 5000000101
    obj = tl.decode(blob)
    assert obj["title"] == "Club" and obj["users"] == [5000000001, 5000000101]
    # messageActionChatCreate#a6638b9a title:string users:Vector<int> = MessageAction;  (layer 109)
    obj = tl.decode(h("9a8b63a6", "04436c7562000000", "15c4b51c", "01000000", "15cd5b07"))
    assert obj["users"] == [123456789] and 109 in obj["_layer"]
    # an empty vector
    obj = tl.decode(h("adcb47bd", "04436c7562000000", "15c4b51c", "00000000"))
    assert obj["users"] == []


def test_vector_with_wrong_id_or_impossible_count():
    with pytest.raises(tl.TLDecodeError) as err:
        tl.decode(h("adcb47bd", "04436c7562000000", "efbeadde", "00000000"))
    assert err.value.offset == 12 and "vector" in err.value.reason
    with pytest.raises(tl.TLDecodeError) as err:  # 1000 longs announced, 8 bytes present
        tl.decode(h("adcb47bd", "04436c7562000000", "15c4b51c", "e8030000", "0100000000000000"))
    assert err.value.offset == 16


def test_vector_of_boxed_peers():
    # messageReplies#83d60fc2 flags:# comments:flags.0?true replies:int replies_pts:int
    #   recent_repliers:flags.1?Vector<Peer> channel_id:flags.0?long max_id:flags.2?int read_max_id:flags.3?int
    blob = h("c20fd683", "03000000",                  # flags: comments (0), recent_repliers (1)
             "05000000", "64000000",                  # replies 5, replies_pts 100
             "15c4b51c", "02000000", PEER_USER_ZOE, PEER_CHANNEL_NEWS,
             "2df2536500000000")                      # channel_id 1700000301
    obj = tl.decode(blob)
    assert obj["comments"] is True and obj["replies"] == 5
    assert [p.name for p in obj["recent_repliers"]] == ["peerUser", "peerChannel"]
    assert obj["recent_repliers"][1]["channel_id"] == 1700000301 and obj["channel_id"] == 1700000301
    assert obj["max_id"] is None and obj["read_max_id"] is None


# ---------------------------------------------------------------------------------------------
# Messages


# message#94345242 (layer 192): flags:# out:flags.1?true ... flags2:# ... id:int from_id:flags.8?Peer
#   from_boosts_applied:flags.29?int peer_id:Peer saved_peer_id:flags.28?Peer fwd_from:flags.2?MessageFwdHeader
#   via_bot_id:flags.11?long via_business_bot_id:flags2.0?long reply_to:flags.3?MessageReplyHeader date:int
#   message:string media:flags.9?MessageMedia ... edit_date:flags.15?int ...
MESSAGE_192 = (
    "42523494",                                   # message#94345242
    "0e030000",                                   # flags 0x30e: out(1) fwd_from(2) reply_to(3) from_id(8) media(9)
    "00000000",                                   # flags2
    "07000000",                                   # id 7
    PEER_USER_ALEX,                               # from_id
    PEER_USER_ZOE,                                # peer_id
    # messageFwdHeader#4e4df4bb flags:# imported:flags.7?true saved_out:flags.11?true from_id:flags.0?Peer
    #   from_name:flags.5?string date:int channel_post:flags.2?int ...
    "bbf44d4e", "20000000",                       # flags: from_name (5)
    "04" "42616e6b" "000000",                     # from_name "Bank"
    "00f15365",                                   # date 1700000000
    # messageReplyHeader#afbc09db flags:# ... reply_to_msg_id:flags.4?int reply_to_peer_id:flags.0?Peer ...
    "db09bcaf", "11000000",                       # flags: reply_to_peer_id (0), reply_to_msg_id (4)
    "05000000",                                   # reply_to_msg_id 5
    PEER_CHANNEL_NEWS,                            # reply_to_peer_id
    "e41ae165",                                   # date 1709251300
    "02" "4869" "00",                             # message "Hi"
    # messageMediaDocument#dd570bd5 flags:# ... document:flags.0?Document alt_documents:flags.5?Vector<Document>
    #   ttl_seconds:flags.2?int
    "d50b57dd", "01000000",
    # document#8fd4c4d8 flags:# id:long access_hash:long file_reference:bytes date:int mime_type:string size:long
    #   thumbs:flags.0?Vector<PhotoSize> video_thumbs:flags.1?Vector<VideoSize> dc_id:int attributes:Vector<DocumentAttribute>
    "d8c4d48f", "00000000",
    "591b000000000000",                           # id 7001
    "5800000000000000",                           # access_hash 88
    "00" "000000",                                # file_reference: empty bytes, 3 padding
    "e41ae165",                                   # date
    "0f" "6170706c69636174696f6e2f706466",        # mime_type "application/pdf" (1 + 15 = 16)
    "55bc000000000000",                           # size 48213
    "04000000",                                   # dc_id 4
    "15c4b51c", "01000000",                       # attributes: vector of 1
    "68005915", "05" "612e706466" "0000",         # documentAttributeFilename#15590068 file_name "a.pdf"
)
ATTACH_SPACE = "01" "20" "0000"                     # Android's attach path: the string " "


def test_message_with_fwd_reply_and_media():
    obj = tl.decode(h(*MESSAGE_192, ATTACH_SPACE))
    assert obj.name == "message" and obj.id == 0x94345242 and 192 in obj["_layer"]
    assert obj["out"] is True and obj["id"] == 7 and obj["date"] == 1709251300 and obj["message"] == "Hi"
    assert obj["from_id"]["user_id"] == 5000000001 and obj["peer_id"]["user_id"] == 5000000101
    assert obj["fwd_from"]["from_name"] == "Bank" and obj["fwd_from"]["date"] == 1700000000
    assert obj["fwd_from"]["from_id"] is None
    assert obj["reply_to"]["reply_to_msg_id"] == 5
    assert obj["reply_to"]["reply_to_peer_id"].name == "peerChannel"
    doc = obj["media"]["document"]
    assert doc["mime_type"] == "application/pdf" and doc["size"] == 48213 and doc["file_reference"] == b""
    assert doc["attributes"][0]["file_name"] == "a.pdf"
    assert obj["edit_date"] is None and obj["mentioned"] is False
    assert obj.trailing == h(ATTACH_SPACE)
    ap = tl.attach_path(obj)
    assert ap.raw == " " and ap.path is None and ap.params == {} and ap.rest == b""


def test_attach_path_with_params_and_fwd_msg_id():
    raw = "||legacy_layer|=|1||/sdcard/DCIM/a.jpg"
    enc = raw.encode()
    assert len(enc) == 38  # 1 + 38 = 39 -> 1 padding byte
    ap = tl.read_attach_path(bytes([38]) + enc + b"\x00" + h("ffffffff"), fwd_msg_id_follows=True)
    assert ap.path == "/sdcard/DCIM/a.jpg" and ap.params == {"legacy_layer": "1"} and ap.fwd_msg_id == -1
    assert tl.read_attach_path(b"") is None
    assert tl.read_attach_path(b"\x05ab") is None  # truncated string: no attach path


def test_edited_message_and_flags2_fields():
    # message#94345242 with edit_date (flags.15) and via_business_bot_id (flags2.0)
    blob = h("42523494", "00800000",              # flags: edit_date (15)
             "01000000",                          # flags2: via_business_bot_id (0)
             "09000000", PEER_USER_ZOE,           # id 9, peer_id
             "0500000000000000",                  # via_business_bot_id 5
             "e41ae165", "00" "000000",           # date, message ""
             "f01ae165")                          # edit_date 1709251312
    obj = tl.decode(blob)
    assert obj["edit_date"] == 1709251312 and obj["via_business_bot_id"] == 5 and obj["message"] == ""
    assert obj["from_id"] is None and obj["media"] is None and obj.trailing == b""


def test_message_of_layer_109_with_int_ids():
    # message#452c0e65 flags:# ... id:int from_id:flags.8?int to_id:Peer fwd_from:flags.2?MessageFwdHeader
    #   via_bot_id:flags.11?int reply_to_msg_id:flags.3?int date:int message:string ...
    blob = h("650e2c45", "0c010000",              # flags: fwd_from (2), reply_to_msg_id (3), from_id (8)
             "03000000",                          # id 3
             "15cd5b07",                          # from_id 123456789 (int)
             "6dbcb19d", "15cd5b07",              # to_id peerUser#9db1bc6d 123456789
             # messageFwdHeader#ec338270 flags:# from_id:flags.0?int from_name:flags.5?string date:int
             #   channel_id:flags.1?int ...
             "708233ec", "01000000", "15cd5b07", "00f15365",
             "02000000",                          # reply_to_msg_id 2
             "e41ae165", "02" "4869" "00")        # date, "Hi"
    obj = tl.decode(blob)
    assert 109 in obj["_layer"] and obj["from_id"] == 123456789 and obj["to_id"]["user_id"] == 123456789
    assert obj["fwd_from"]["from_id"] == 123456789 and obj["reply_to_msg_id"] == 2 and obj["message"] == "Hi"


def test_message_of_layers_138_and_166_shares_one_id():
    # message#38116ee0 (layers 138 and 166: 166 only adds invert_media:flags.27?true)
    # messageReplyHeader#6eebcabd (layer 166) flags:# ... reply_to_msg_id:flags.4?int reply_to_peer_id:flags.0?Peer ...
    blob = h("e06e1138", "08000000",              # flags: reply_to (3)
             "02000000", PEER_USER_ZOE,
             "bdcaeb6e", "10000000", "01000000",  # reply_to_msg_id 1
             "e41ae165", "02" "4869" "00")
    obj = tl.decode(blob)
    assert {138, 166} <= set(obj["_layer"]) and "invert_media" in obj
    assert obj["reply_to"].name == "messageReplyHeader" and obj["reply_to"]["reply_to_msg_id"] == 1


def test_secret_chat_message_of_the_android_app():
    # message_secret#555555fa (TL_message_secret, Android only) flags:# ... id:int ttl:int from_id:int peer_id:Peer
    #   date:int message:string media:MessageMedia entities:Vector<MessageEntity> ...
    blob = h("fa555555", "02000000",              # flags: out (1)
             "ffffffff", "0f000000",              # id -1, ttl 15
             "01f2052a",                          # from_id: (int) 5000000001 = 0x2a05f201
             PEER_USER_ZOE, "e41ae165",
             "02" "4f4b" "00",                    # "OK"
             "2063ed3d",                          # messageMediaEmpty#3ded6320
             "15c4b51c", "00000000",              # entities: empty vector
             "00" "000000")                       # attach path "" (secret chats write "")
    obj = tl.decode(blob)
    assert obj.name == "message_secret" and obj["_layer"] == ("android",)
    assert obj["out"] is True and obj["ttl"] == 15 and obj["from_id"] == 0x2A05F201 and obj["message"] == "OK"
    assert obj["media"].name == "messageMediaEmpty" and obj["entities"] == []
    assert tl.attach_path(obj).path is None


def test_message_empty():
    # messageEmpty#90a6ca84 flags:# id:int peer_id:flags.0?Peer = Message;
    obj = tl.decode(h("84caa690", "01000000", "0c000000", PEER_USER_ZOE))
    assert obj.name == "messageEmpty" and obj["id"] == 12 and obj["peer_id"]["user_id"] == 5000000101


# ---------------------------------------------------------------------------------------------
# Service messages


def _service(action_hex: str, flags: str = "00010000") -> bytes:
    # messageService#2b085862 flags:# out:flags.1?true ... id:int from_id:flags.8?Peer peer_id:Peer
    #   reply_to:flags.3?MessageReplyHeader date:int action:MessageAction ttl_period:flags.25?int
    return h("6258082b", flags, "10000000", PEER_USER_ZOE, PEER_CHAT_BOOK, "e41ae165", action_hex)


def test_service_message_group_actions():
    obj = tl.decode(_service("adcb47bd" "04436c7562000000" "15c4b51c" "01000000" "01f2052a01000000"))
    assert obj.name == "messageService" and obj["from_id"]["user_id"] == 5000000101
    assert obj["action"].name == "messageActionChatCreate" and obj["action"]["users"] == [5000000001]
    # messageActionChatAddUser#15cefd00 users:Vector<long>
    assert tl.decode(_service("00fdce15" "15c4b51c" "01000000" "65f2052a01000000"))["action"]["users"] == [5000000101]
    # messageActionChatDeleteUser#a43f30cc user_id:long
    assert tl.decode(_service("cc303fa4" "65f2052a01000000"))["action"]["user_id"] == 5000000101
    # messageActionChatJoinedByLink#31224c3 inviter_id:long
    assert tl.decode(_service("c3241203" "01f2052a01000000"))["action"]["inviter_id"] == 5000000001
    # messageActionChannelCreate#95d2ac92 title:string
    assert tl.decode(_service("92acd295" "044e657773000000"))["action"]["title"] == "News"
    # messageActionPinMessage#94bd38ed with reply_to (flags.3): messageReplyHeader#afbc09db reply_to_msg_id 2
    obj = tl.decode(h("6258082b", "08010000", "10000000", PEER_USER_ZOE, PEER_CHAT_BOOK,
                      "db09bcaf", "10000000", "02000000", "e41ae165", "ed38bd94"))
    assert obj["action"].name == "messageActionPinMessage" and obj["reply_to"]["reply_to_msg_id"] == 2


def test_service_message_phone_call():
    # messageActionPhoneCall#80e11a7f flags:# video:flags.2?true call_id:long
    #   reason:flags.0?PhoneCallDiscardReason duration:flags.1?int
    obj = tl.decode(_service("7f1ae180" "07000000"             # flags: reason, duration, video
                             "5544332211000000"                 # call_id 0x1122334455
                             "90c6ad57"                         # phoneCallDiscardReasonHangup#57adc690
                             "41000000"))                       # duration 65
    call = obj["action"]
    assert call["video"] is True and call["call_id"] == 0x1122334455 and call["duration"] == 65
    assert call["reason"].name == "phoneCallDiscardReasonHangup"
    obj = tl.decode(_service("7f1ae180" "01000000" "0100000000000000" "0123e485"))  # missed#85e42301, no duration
    assert obj["action"]["reason"].name == "phoneCallDiscardReasonMissed" and obj["action"]["duration"] is None


# ---------------------------------------------------------------------------------------------
# Users and chats


def test_user_of_layer_192():
    # user#83314fca flags:# self:flags.10?true ... flags2:# ... id:long access_hash:flags.0?long
    #   first_name:flags.1?string last_name:flags.2?string username:flags.3?string phone:flags.4?string ...
    blob = h("ca4f3183", "17040000",              # flags 0x417: access_hash, first, last, phone, self (10)
             "00000000",                          # flags2
             "65f2052a01000000",                  # id 5000000101
             "0100000000000000",                  # access_hash 1
             "04" "5a6fc3ab" "000000",            # first_name "Zoë"
             "01" "4d" "0000",                    # last_name "M"
             "02" "3439" "00")                    # phone "49"
    obj = tl.decode(blob)
    assert obj.name == "user" and obj["self"] is True and obj["contact"] is False
    assert (obj["id"], obj["first_name"], obj["last_name"], obj["phone"]) == (5000000101, "Zoë", "M", "49")
    assert obj["username"] is None and obj["status"] is None and obj["usernames"] is None


def test_user_of_layer_109_and_user_empty():
    # user#938458c1 flags:# ... id:int access_hash:flags.0?long first_name:flags.1?string ...
    obj = tl.decode(h("c1588493", "02000000", "15cd5b07", "034f6c64"))  # first_name "Old"
    assert obj["id"] == 123456789 and obj["first_name"] == "Old" and 109 in obj["_layer"]
    # userEmpty#d3bc4b7a id:long
    obj = tl.decode(h("7a4bbcd3", "65f2052a01000000"))
    assert obj.name == "userEmpty" and obj["id"] == 5000000101


def test_chats_and_channels():
    # chat#41cbf256 flags:# creator:flags.0?true ... id:long title:string photo:ChatPhoto participants_count:int
    #   date:int version:int migrated_to:flags.6?InputChannel ...
    obj = tl.decode(h("56f2cb41", "01000000", "c9286bee00000000",
                      "09" "426f6f6b20636c7562" "0000",   # "Book club" (1 + 9 + 2)
                      "1c01c137",                         # chatPhotoEmpty#37c1011c
                      "04000000", "e41ae165", "03000000"))
    assert obj.name == "chat" and obj["creator"] is True and obj["title"] == "Book club"
    assert obj["photo"].name == "chatPhotoEmpty" and obj["participants_count"] == 4
    # chatForbidden#6592a1a7 id:long title:string
    assert tl.decode(h("a7a19265", "c9286bee00000000", "04436c7562000000"))["title"] == "Club"
    # channel#fe4478bd flags:# ... broadcast:flags.5?true ... flags2:# ... id:long access_hash:flags.13?long
    #   title:string username:flags.6?string photo:ChatPhoto date:int ...
    obj = tl.decode(h("bd7844fe", "60200000", "00000000", "2df2536500000000", "0700000000000000",
                      "044e657773000000",                 # title "News"
                      "076e6577735f6578",                 # username "news_ex" (1 + 7 = 8)
                      "1c01c137", "e41ae165"))
    assert obj.name == "channel" and obj["broadcast"] is True and obj["megagroup"] is False
    assert (obj["id"], obj["access_hash"], obj["title"], obj["username"]) == (1700000301, 7, "News", "news_ex")
    # channelForbidden#17d493d5 flags:# broadcast:flags.5?true megagroup:flags.8?true id:long access_hash:long
    #   title:string until_date:flags.16?int
    obj = tl.decode(h("d593d417", "00010000", "2df2536500000000", "0700000000000000", "044e657773000000"))
    assert obj["megagroup"] is True and obj["until_date"] is None


# ---------------------------------------------------------------------------------------------
# Errors


def test_unknown_constructor_at_the_top():
    with pytest.raises(tl.TLUnknownConstructor) as err:
        tl.decode(h("efbeadde", "00000000"))
    assert err.value.constructor_id == 0xDEADBEEF and err.value.offset == 0 and err.value.partial is None


def test_unknown_nested_constructor_keeps_the_fields_read_so_far():
    blob = bytearray(h(*MESSAGE_192))
    media_at = bytes(blob).index(bytes.fromhex("d50b57dd"))
    blob[media_at : media_at + 4] = bytes.fromhex("78563412")  # 0x12345678 where the MessageMedia is
    with pytest.raises(tl.TLUnknownConstructor) as err:
        tl.decode(bytes(blob))
    assert err.value.constructor_id == 0x12345678 and err.value.offset == media_at
    assert err.value.expected == "MessageMedia"
    partial = err.value.partial
    assert partial.name == "message" and partial["message"] == "Hi" and partial["date"] == 1709251300
    assert "media" not in partial


def test_truncated_data():
    full = h(*MESSAGE_192)
    cut = full[:-5]  # inside the file name string of the last attribute
    with pytest.raises(tl.TLDecodeError) as err:
        tl.decode(cut)
    assert "truncated" in err.value.reason and err.value.offset == len(full) - 8
    assert err.value.partial["id"] == 7
    with pytest.raises(tl.TLDecodeError) as err:  # inside a fixed-size field
        tl.decode(h("42523494", "00000000", "0000"))
    assert err.value.offset == 8 and "flags2" in err.value.reason
    with pytest.raises(tl.TLDecodeError):  # a string longer than the data
        tl.decode(_chat_edit_title("fe" "ffff00" "6161"))


def test_constructor_of_the_wrong_type():
    # a Peer where a MessageMedia must be: decoded id is known, but of the wrong type
    blob = bytearray(h(*MESSAGE_192))
    media_at = bytes(blob).index(bytes.fromhex("d50b57dd"))
    blob[media_at : media_at + 4] = bytes.fromhex("22175159")
    with pytest.raises(tl.TLDecodeError) as err:
        tl.decode(bytes(blob))
    assert err.value.offset == media_at and "MessageMedia" in err.value.reason


def test_expect_checks_the_top_level_type():
    with pytest.raises(tl.TLDecodeError):
        tl.decode(h(PEER_USER_ZOE), expect="Message")
    assert tl.decode(h(PEER_USER_ZOE), expect="Peer")["user_id"] == 5000000101


# ---------------------------------------------------------------------------------------------
# The table itself


def test_every_api_line_is_copied_exactly():
    """Each schema line's CRC32 (Telegram's id rule) equals the id written in it."""
    checked = 0
    for con in tl.table().values():
        for label, line in con.lines.items():
            if label == "android":
                continue
            assert tl.infer_id(tl_build.checked_form(line, label)) == con.id, f"layer {label}: {line}"
            checked += 1
    assert checked >= 900


def test_committed_table_is_what_the_script_generates():
    """tl_schema.py is generated from schemas/tl/ (python -m artefacts.decoders.tl_build): nobody edits it."""
    from pathlib import Path

    assert Path(tl_build.TABLE_MODULE).read_text(encoding="utf-8") == tl_build.render()
    assert tl_build.main(["--check"]) == 0


def test_table_coverage_and_layers():
    by_name: dict[str, list] = {}
    for con in tl.table().values():
        by_name.setdefault(con.name, []).append(con)
    messages = {c.id: c.layers for c in by_name["message"]}
    assert {185, 190, 192} <= set(messages[0x94345242])  # formats.md 4.3 gives it as layer 190
    assert {0x452C0E65, 0x38116EE0, 0x94345242, 0xEABCDD4D} <= set(messages)
    assert {0x9E19A1F6, 0x2B085862, 0xD3D28540} <= {c.id for c in by_name["messageService"]}
    required = [
        "messageEmpty", "peerUser", "peerChat", "peerChannel", "messageFwdHeader", "messageReplyHeader",
        "messageMediaEmpty", "messageMediaPhoto", "messageMediaDocument", "documentAttributeFilename",
        "documentAttributeAudio", "documentAttributeVideo", "messageMediaGeo", "messageMediaGeoLive",
        "messageMediaVenue", "messageMediaContact", "messageMediaWebPage", "messageMediaPoll", "messageMediaDice",
        "messageMediaStory", "messageActionChatCreate", "messageActionChatEditTitle", "messageActionChatAddUser",
        "messageActionChatDeleteUser", "messageActionChatJoinedByLink", "messageActionChannelCreate",
        "messageActionPinMessage", "messageActionPhoneCall", "user", "userEmpty", "chat", "chatForbidden",
        "chatEmpty", "channel", "channelForbidden", "photo", "document", "geoPoint", "webPage", "poll",
        "encryptedChat", "message_secret", "decryptedMessage",
    ]
    assert [n for n in required if n not in by_name] == []
    # one id, several layers: only true flags may differ, and they are merged
    photo_media = tl.constructor(0x695150D7)
    assert {109, 138, 166, 192, 200} <= set(photo_media.layers)
    assert "spoiler" in [f.name for f in photo_media.fields]
    # every label of the table has its source named
    labels = {x for c in tl.table().values() for x in c.layers}
    assert labels <= set(SOURCES) | {x for x in labels if isinstance(x, int) and any(
        isinstance(x, int) and "android" in c.layers for c in tl.table().values())}


# ---------------------------------------------------------------------------------------------
# Old and newest layers, from hand-written bytes (layouts of the app's own readParams)


def test_message_of_layer_72_from_the_apps_legacy_class():
    # TL_message_layer72 message#90dddc11 flags:# ... id:int from_id:flags.8?int to_id:Peer ...
    #   reply_to_msg_id:flags.3?int date:int message:string ...
    obj = tl.decode(h("11dcdd90", "00010000",           # flags: from_id (8)
                      "03000000", "15cd5b07",           # id 3, from_id 123456789
                      "6dbcb19d", "15cd5b07",           # to_id peerUser#9db1bc6d 123456789
                      "e41ae165", "02" "4869" "00",     # date, "Hi"
                      ATTACH_SPACE))
    assert obj.name == "message" and 72 in obj["_layer"] and obj["from_id"] == 123456789
    assert obj["to_id"]["user_id"] == 123456789 and obj["date"] == 1709251300 and obj["message"] == "Hi"
    assert obj["fwd_from"] is None and obj["edit_date"] is None and tl.attach_path(obj).path is None


def test_message_of_layer_47_with_fwd_from_id():
    # TL_message_layer47 message#c992e15c flags:# unread:flags.0?true out:flags.1?true ... id:int
    #   from_id:flags.8?int to_id:Peer fwd_from_id:flags.2?Peer fwd_date:flags.2?int ... date:int message:string
    obj = tl.decode(h("5ce192c9", "05010000",           # flags: unread (0), fwd (2), from_id (8)
                      "04000000", "15cd5b07", "6dbcb19d", "15cd5b07",
                      "6dbcb19d", "15cd5b07", "00f15365",  # fwd_from_id peerUser, fwd_date 1700000000
                      "e41ae165", "02" "4869" "00"))
    assert obj["unread"] is True and obj["fwd_from_id"]["user_id"] == 123456789 and obj["fwd_date"] == 1700000000
    assert 47 in obj["_layer"] and obj["message"] == "Hi"


def test_message_of_layer_226_with_from_rank():
    # TL_message_layer226 message#95ef6f2b flags:# ... flags2:# ... id:int from_id:flags.8?Peer
    #   from_boosts_applied:flags.29?int from_rank:flags2.12?string peer_id:Peer ... date:int message:string ...
    obj = tl.decode(h("2b6fef95", "00000000", "00100000",  # flags2: from_rank (12)
                      "09000000", "04" "426f7373" "000000",  # id 9, from_rank "Boss"
                      PEER_USER_ZOE, "e41ae165", "00" "000000"))
    assert obj["from_rank"] == "Boss" and obj["peer_id"]["user_id"] == 5000000101 and 226 in obj["_layer"]
    assert obj["guestchat_via_from"] is None and obj["message"] == ""


def test_secret_chat_decrypted_message_of_layer_46():
    # secret_api.tl decryptedMessage46#36b091de flags:# random_id:long ttl:int message:string
    #   media:flags.9?DecryptedMessageMedia entities:flags.7?Vector<MessageEntity> ...
    obj = tl.decode(h("de91b036", "00020000", "0100000000000000", "05000000", "02" "4869" "00",
                      "590a4835", "0000000000004a40", "0000000000002a40"))  # decryptedMessageMediaGeoPoint 52.0, 13.0
    assert obj.name == "decryptedMessage46" and obj["ttl"] == 5 and obj["message"] == "Hi"
    assert (obj["media"]["lat"], obj["media"]["long"]) == (52.0, 13.0) and "secret" in obj["_layer"]


# ---------------------------------------------------------------------------------------------
# Coverage: what the stored sources declare is in the table


KINDS = re.compile(r"^(message|messageService|messageEmpty|messageMedia\w*|messageAction\w*|peer(User|Chat|Channel)"
                   r"|messageFwdHeader|messageReplyHeader|messageReplyStoryHeader|user|userEmpty|chat|chatEmpty"
                   r"|chatForbidden|channel|channelForbidden|encryptedChat\w*|decryptedMessage\w*|message_secret\w*)$")


def test_every_constructor_of_the_stored_sources_is_decoded():
    """Each message/media/action/peer/header/user/chat/encryptedChat/decryptedMessage line of every
    stored source is in the table with that source's label."""
    from pathlib import Path

    counts: dict[str, set] = {}
    checked = 0
    for path in sorted(Path(tl_build.SCHEMA_DIR).glob("*.tl")):
        label, _src, entries = tl_build.read_source(path)
        for line, line_label, _note in entries:
            cid, name = tl.parse_line(line)[:2]
            if not KINDS.match(name):
                continue
            con = tl.constructor(cid)
            assert con is not None, f"{path.name}: {line}"
            assert line_label in con.layers, (path.name, name, hex(cid))
            kind = re.sub(r"^(messageMedia|messageAction|peer|decryptedMessage|encryptedChat).*", r"\1*", name)
            counts.setdefault(kind, set()).add(cid)
            checked += 1
    assert checked > 2000
    # every kind the issue names is there, with all its constructors through the layers
    for kind, least in {"message": 18, "messageService": 5, "messageMedia*": 30, "messageAction*": 80, "peer*": 6,
                        "messageFwdHeader": 5, "messageReplyHeader": 4, "user": 10, "chat": 2, "channel": 10,
                        "encryptedChat*": 8, "decryptedMessage*": 30}.items():
        assert len(counts.get(kind, ())) >= least, (kind, len(counts.get(kind, ())))


#: the Message constructors Telegram for Android reads (TLRPC$Message.TLdeserialize of a 2022 build,
#: layer 143 era: a decompiled TLRPC$Message.java found by code search), all of them in the table: the
#: pre-layer-47 classes and TL_message_layer104_2/_3 are written in schemas/tl/android.tl from their readParams
APP_MESSAGE_IDS = {
    0x38116EE0: "message", 0x90A6CA84: "messageEmpty", 0x83E5DE54: "messageEmpty_layer122",
    0x2B085862: "messageService", 0x9E19A1F6: "messageService_layer118", 0x286FA604: "messageService_layer123",
    0xC06B9607: "messageService_layer48", 0x44F9B43D: "message_layer104", 0x452C0E65: "message_layer117",
    0xF52E6B7F: "message_layer118", 0x58AE39C9: "message_layer123", 0xBCE383D2: "message_layer131",
    0x85D6CBE2: "message_layer135", 0xC992E15C: "message_layer47", 0xC09BE45F: "message_layer68",
    0x90DDDC11: "message_layer72", 0x555555FA: "message_secret", 0x555555F9: "message_secret_layer72",
    0x05F46804: "messageForwarded_old", 0xA367E716: "messageForwarded_old2", 0x9F8D60BB: "messageService_old",
    0x1D86F70E: "messageService_old2", 0x1C9B1027: "message_layer104_2", 0x9789DAC4: "message_layer104_3",
    0x22EB6ABA: "message_old", 0x567699B3: "message_old2", 0xA7AB1991: "message_old3", 0xC3060325: "message_old4",
    0xF07814C8: "message_old5", 0x2BEBFA86: "message_old6", 0x5BA66C13: "message_old7", 0x555555F8: "message_secret_old",
}
#: read by that build but not in the table, each with the reason (none left)
APP_MESSAGE_IDS_NOT_COVERED: dict[int, str] = {}
#: the app's own ids (0x5555xxxx, no API line): cannot be proven by CRC32, only read from its classes
APP_MADE_UP_IDS = {0x555555FA, 0x555555F9, 0x555555F8, 0x55555550, 0x55555551, 0x55555552, 0x55555557,
                   0x555555F5, 0x555555F7}


def test_the_apps_own_message_classes():
    missing = {hex(cid): n for cid, n in APP_MESSAGE_IDS.items() if tl.constructor(cid) is None}
    assert missing == {}
    assert all(tl.constructor(cid) is None for cid in APP_MESSAGE_IDS_NOT_COVERED)  # documented gaps stay honest
    # every other app class line is an API line whose id is its CRC32 (the build checks "api" notes)
    for cid in APP_MESSAGE_IDS:
        con = tl.constructor(cid)
        line = con.lines.get("android") or next(iter(con.lines.values()))
        assert (tl.infer_id(line) == cid) == (cid not in APP_MADE_UP_IDS), hex(cid)


# ---------------------------------------------------------------------------------------------
# The app's pre-layer-47 classes, byte by byte from their readParams (schemas/tl/android.tl)

PEER_USER_OLD = "6dbcb19d" "15cd5b07"               # peerUser#9db1bc6d user_id:int 123456789


def test_message_old_with_photo_old():
    # TL_message_old message#22eb6aba id:int from_id:int to_id:Peer out:Bool unread:Bool date:int message:string
    #   media:MessageMedia   (no flags word at all: out/unread are Bools)
    blob = h("ba6aeb22", "04000000", "15cd5b07", PEER_USER_OLD,
             "b5757299", "379779bc",                  # out boolTrue, unread boolFalse
             "e41ae165", "00000000",                  # date, message ""
             # TL_messageMediaPhoto_old messageMediaPhoto#c8c45a2a photo:Photo
             "2a5ac4c8",
             # TL_photo_old photo#22b56751 id:long access_hash:long user_id:int date:int caption:string geo:GeoPoint
             #   sizes:Vector<PhotoSize>
             "5167b522", "0100000000000000", "0200000000000000", "15cd5b07", "e41ae165",
             "02" "4869" "00",                        # caption "Hi"
             "5fdd1711",                              # geoPointEmpty#1117dd5f
             "15c4b51c", "01000000",
             # photoSize#77bfb61b type:string location:FileLocation w:int h:int size:int
             "1bb6bf77", "01" "78" "0000",            # type "x"
             "7690d653", "02000000", "0300000000000000", "04000000", "0500000000000000",  # fileLocation#53d69076
             "0a000000", "0b000000", "e8030000",      # w 10, h 11, size 1000
             ATTACH_SPACE)
    obj = tl.decode(blob)
    assert obj.name == "message" and obj.id == 0x22EB6ABA and obj["_layer"] == ("android",)
    assert obj["out"] is True and obj["unread"] is False and obj["from_id"] == 123456789
    assert obj["to_id"]["user_id"] == 123456789 and obj["date"] == 1709251300 and obj["message"] == ""
    photo = obj["media"]["photo"]
    assert photo.id == 0x22B56751 and photo["caption"] == "Hi" and photo["geo"].name == "geoPointEmpty"
    size = photo["sizes"][0]
    assert size["type"] == "x" and size["size"] == 1000 and size["location"]["local_id"] == 4
    assert obj.trailing == h(ATTACH_SPACE)


def test_forwarded_old2_with_flags_int_and_video_old3():
    # TL_messageForwarded_old2 messageForwarded#a367e716 flags:int id:int fwd_from_id:int fwd_date:int from_id:int
    #   to_id:Peer date:int message:string media:MessageMedia   ("flags:int": the CRC32 matches only with int)
    blob = h("16e767a3", "21000000",                  # flags: unread (0), media_unread (5)
             "05000000", "15cd5b07", "00f15365",      # id 5, fwd_from_id 123456789, fwd_date 1700000000
             "15cd5b07", PEER_USER_OLD, "e41ae165", "02" "4869" "00",
             # TL_messageMediaVideo_old messageMediaVideo#a2d24290 video:Video
             "9042d2a2",
             # TL_video_old3 video#ee9f4a4d id:long access_hash:long user_id:int date:int duration:int size:int
             #   thumb:PhotoSize dc_id:int w:int h:int
             "4d4a9fee", "0900000000000000", "0000000000000000", "15cd5b07", "e41ae165",
             "1e000000", "40420f00",                  # duration 30, size 1000000
             "3ce2170e", "01" "73" "0000",            # photoSizeEmpty#0e17e23c type "s"
             "02000000", "80020000", "e0010000")      # dc 2, 640 x 480
    obj = tl.decode(blob)
    assert obj.name == "messageForwarded" and obj["flags"] == 0x21
    assert obj["unread"] is True and obj["media_unread"] is True and obj["out"] is False
    assert obj["fwd_from_id"] == 123456789 and obj["fwd_date"] == 1700000000 and obj["message"] == "Hi"
    video = obj["media"]["video"]
    assert video["duration"] == 30 and video["size"] == 1000000 and (video["w"], video["h"]) == (640, 480)
    assert video["thumb"]["type"] == "s" and obj.trailing == b""


def test_service_messages_of_the_old_layers_and_the_apps_own_actions():
    # TL_messageService_old messageService#9f8d60bb id:int from_id:int to_id:Peer out:Bool unread:Bool date:int
    #   action:MessageAction; TL_messageActionTTLChange (app-only) messageActionTTLChange#55555552 ttl:int
    obj = tl.decode(h("bb608d9f", "06000000", "15cd5b07", PEER_USER_OLD, "379779bc", "379779bc", "e41ae165",
                      "52555555", "0f000000"))
    assert obj.name == "messageService" and obj["out"] is False and obj["action"]["ttl"] == 15
    # TL_messageService_old2 messageService#1d86f70e flags:int id:int from_id:int to_id:Peer date:int action:MessageAction
    # TL_messageActionChatAddUser_old messageActionChatAddUser#5e3cfc4b user_id:int
    obj = tl.decode(h("0ef7861d", "02000000", "07000000", "15cd5b07", "bbe5d0ba", "2a000000", "e41ae165",
                      "4bfc3c5e", "15cd5b07"))
    assert obj["out"] is True and obj["to_id"]["chat_id"] == 42 and obj["action"]["user_id"] == 123456789
    # TL_messageEncryptedAction messageEncryptedAction#555555f7 encrypted_action:DecryptedMessageAction
    #   decryptedMessageActionSetMessageTTL#a1733aec ttl_seconds:int (secret_api.tl)
    act = tl.decode(h("f7555555", "ec3a73a1", "05000000"))
    assert act["encrypted_action"]["ttl_seconds"] == 5 and act.name == "messageEncryptedAction"
    # messageActionLoginUnknownLocation#555555f5 title:string address:string (app-only)
    act = tl.decode(h("f5555555", "02" "5043" "00", "03" "426572"))
    assert (act["title"], act["address"]) == ("PC", "Ber")


def test_secret_message_old_with_audio_of_layer_45():
    # TL_message_secret_old message_secret_old#555555f8 flags:# ... id:int ttl:int from_id:int to_id:Peer date:int
    #   message:string media:MessageMedia   (app-only id)
    blob = h("f8555555", "02000000", "fdffffff", "0a000000", "15cd5b07", PEER_USER_OLD, "e41ae165", "00000000",
             # TL_messageMediaAudio_layer45 messageMediaAudio#c6b68300 audio:Audio
             "0083b6c6",
             # TL_audio_layer45 audio#f9e35055 id:long access_hash:long date:int duration:int mime_type:string size:int dc_id:int
             "5550e3f9", "0700000000000000", "0000000000000000", "e41ae165", "03000000",
             "03" "6f6767", "00200000", "02000000",   # mime "ogg", size 8192, dc 2
             "00000000")                              # attach path: "" (secret chats)
    obj = tl.decode(blob)
    assert obj.name == "message_secret_old" and obj["id"] == -3 and obj["ttl"] == 10 and obj["out"] is True
    assert obj["media"]["audio"]["mime_type"] == "ogg" and obj["media"]["audio"]["duration"] == 3
    assert tl.attach_path(obj).raw == ""


def test_message_old7_with_forward_peer_and_document_old():
    # TL_message_old7 message#5ba66c13 flags:# ... id:int from_id:flags.8?int to_id:Peer fwd_from_id:flags.2?Peer
    #   fwd_date:flags.2?int reply_to_msg_id:flags.3?int date:int message:string media:flags.9?MessageMedia ...
    #   views:flags.10?int
    blob = h("136ca65b", "0c070000",                  # flags: fwd (2), reply (3), from_id (8), media (9), views (10)
             "08000000", "15cd5b07", PEER_USER_OLD,
             "32e5ddbd", "2d000000",                  # fwd_from_id peerChannel#bddde532 channel_id 45
             "00f15365", "07000000",                  # fwd_date, reply_to_msg_id 7
             "e41ae165", "00000000",
             # TL_messageMediaDocument_old messageMediaDocument#2fda2204 document:Document
             "0422da2f",
             # TL_document_old document#9efc6326 id:long access_hash:long user_id:int date:int file_name:string
             #   mime_type:string size:int thumb:PhotoSize dc_id:int
             "2663fc9e", "0800000000000000", "0000000000000000", "15cd5b07", "e41ae165",
             "05" "612e706466" "0000",                # file_name "a.pdf"
             "0f" "6170706c69636174696f6e2f706466",   # mime_type "application/pdf"
             "00100000", "3ce2170e", "01" "73" "0000", "02000000",
             "63000000",                              # views 99
             ATTACH_SPACE)
    obj = tl.decode(blob)
    assert obj.id == 0x5BA66C13 and obj["fwd_from_id"]["channel_id"] == 45 and obj["fwd_date"] == 1700000000
    assert obj["reply_to_msg_id"] == 7 and obj["views"] == 99
    doc = obj["media"]["document"]
    assert doc.id == 0x9EFC6326 and doc["file_name"] == "a.pdf" and doc["size"] == 4096


def test_message_layer104_3_with_restriction_reasons():
    # TL_message_layer104_3 message#9789dac4 flags:# ... id:int from_id:flags.8?int to_id:Peer ... date:int
    #   message:string ... restriction_reason:flags.22?Vector<RestrictionReason>
    blob = h("c4da8997", "00004000", "09000000", PEER_USER_OLD, "e41ae165", "02" "4869" "00",
             "15c4b51c", "01000000",
             "b4ac72d0", "03" "616c6c", "04" "7370616d" "000000", "00000000")  # restrictionReason all/spam/""
    obj = tl.decode(blob)
    assert 104 in obj["_layer"] and obj["restriction_reason"][0]["reason"] == "spam" and obj["message"] == "Hi"


# ---------------------------------------------------------------------------------------------
# The app's own switch lists (schemas/tl/android-switches.txt) as the completeness test

SWITCHES = tl_build.SCHEMA_DIR / "android-switches.txt"

#: ids of the app's switches that are not in the table, each with the reason
APP_SWITCH_IDS_NOT_COVERED = {
    0x55555556: "TL_documentEncrypted_old: the app's own id (no API line); its readParams was not read, so its fields "
                "are not written (TL_documentEncrypted#55555558, its successor, is)",
    0x5EEF0214: "TL_messageEntityAnimatedEmoji: its readParams was not read (the app's own entity class; no API "
                "schema stored lists this id)",
}


def app_switches() -> dict[str, tuple[str, dict[int, str]]]:
    """kind -> (source, {id: class}) of the stored switch lists."""
    lists: dict[str, tuple[str, dict[int, str]]] = {}
    kind = None
    for raw in SWITCHES.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            kind, source = line[1:].split("]", 1)
            lists[kind] = (source.strip(), {})
            continue
        dec, hexid, cls = line.split()
        assert int(dec) & 0xFFFFFFFF == int(hexid, 16), line  # the two forms of the case label agree
        lists[kind][1][int(hexid, 16)] = cls
    return lists


def test_every_id_of_the_apps_switches_is_decoded():
    lists = app_switches()
    assert {"Message", "MessageMedia", "MessageAction", "MessageFwdHeader", "User", "Chat", "EncryptedChat",
            "DecryptedMessage", "DecryptedMessageMedia", "DecryptedMessageAction"} <= set(lists)
    missing = {}
    for kind, (source, ids) in lists.items():
        assert re.search(r"@ [0-9a-f]{40}$", source), source  # every list names its commit
        for cid, cls in ids.items():
            if tl.constructor(cid) is None and cid not in APP_SWITCH_IDS_NOT_COVERED:
                missing[hex(cid)] = (kind, cls)
    assert missing == {}
    # the listed gaps are real gaps (a gap closed later must leave the list)
    assert all(tl.constructor(cid) is None for cid in APP_SWITCH_IDS_NOT_COVERED)
    # the 2022 Message list above and this one agree on the classes both name
    assert set(lists["Message"][1]) <= set(APP_MESSAGE_IDS) | {0xC992E15C}


def test_the_apps_old_classes_with_api_ids_are_proven():
    """Every app class written into android.tl whose id is not 0x5555xxxx is an API line proven by CRC32."""
    for kind, (_source, ids) in app_switches().items():
        for cid in ids:
            con = tl.constructor(cid)
            if con is None or "android" not in con.layers:
                continue
            line = con.lines["android"]
            assert (tl.infer_id(line) == cid) == ((cid >> 8) != 0x555555), (kind, hex(cid))


# ---------------------------------------------------------------------------------------------
# The app's old User / Chat / EncryptedChat classes and layer-104 reactions, byte by byte from readParams

def test_user_contact_old2_and_user_old_with_old_profile_photo():
    # TL_userContact_old2 userContact#cab35e18 id:int first_name:string last_name:string username:string
    #   access_hash:long phone:string photo:UserProfilePhoto status:UserStatus
    obj = tl.decode(h("185eb3ca", "15cd5b07", "03" "416e6e", "00" "000000", "03" "616e6e", "0100000000000000",
                      "02" "3439" "00",
                      "e1ba114f",                          # userProfilePhotoEmpty#4f11bae1
                      "3f708c00", "e41ae165"))             # userStatusOffline#8c703f was_online
    assert obj.name == "userContact" and obj["_layer"] == ("android",)
    assert (obj["id"], obj["first_name"], obj["last_name"], obj["username"], obj["phone"]) == (
        123456789, "Ann", "", "ann", "49")
    assert obj["access_hash"] == 1 and obj["status"]["was_online"] == 1709251300 and obj.trailing == b""
    # TL_user_old user#22e49072 flags:# self:flags.10?true ... id:int access_hash:flags.0?long
    #   first_name:flags.1?string ... photo:flags.5?UserProfilePhoto ...
    # TL_userProfilePhoto_old userProfilePhoto#990d1493 photo_small:FileLocation photo_big:FileLocation
    loc = "466b597c" "0100000000000000" "02000000" "0300000000000000"  # fileLocationUnavailable#7c596b46
    obj = tl.decode(h("7290e422", "22040000", "15cd5b07", "03" "4f6c64", "93140d99", loc, loc))
    assert obj.name == "user" and obj["self"] is True and obj["contact"] is False and obj["first_name"] == "Old"
    assert obj["photo"]["photo_big"]["local_id"] == 2 and obj["username"] is None and obj["status"] is None


def test_user_self_old_and_user_deleted_old():
    # TL_userSelf_old userSelf#720535ec id:int first_name:string last_name:string phone:string
    #   photo:UserProfilePhoto status:UserStatus inactive:Bool
    obj = tl.decode(h("ec350572", "15cd5b07", "02" "4d65" "00", "00" "000000", "02" "3439" "00",
                      "e1ba114f", "3f708c00", "e41ae165", "b5757299"))
    assert obj.name == "userSelf" and obj["first_name"] == "Me" and obj["inactive"] is True
    # TL_userDeleted_old userDeleted#b29ad7cc id:int first_name:string last_name:string
    obj = tl.decode(h("ccd79ab2", "15cd5b07", "03" "476f6e", "00" "000000"))
    assert obj.name == "userDeleted" and obj["first_name"] == "Gon"


def test_chat_old_and_channel_layer48():
    # TL_chat_old chat#6e9c9bc7 id:int title:string photo:ChatPhoto participants_count:int date:int left:Bool
    #   version:int
    obj = tl.decode(h("c79b9c6e", "2a000000", "04" "436c7562" "000000", "1c01c137", "03000000", "e41ae165",
                      "379779bc", "01000000"))
    assert obj.name == "chat" and obj["id"] == 42 and obj["title"] == "Club" and obj["left"] is False
    assert obj["participants_count"] == 3 and obj["version"] == 1 and obj.trailing == b""
    # TL_channel_layer48 channel#4b1b7506 flags:# ... broadcast:flags.5?true ... restricted:flags.9?true
    #   id:int access_hash:long title:string username:flags.6?string photo:ChatPhoto date:int version:int
    #   restriction_reason:flags.9?string
    obj = tl.decode(h("06751b4b", "60020000", "2d000000", "0700000000000000", "04" "4e657773" "000000",
                      "04" "6e657773" "000000", "1c01c137", "e41ae165", "00000000", "02" "7878" "00"))
    assert obj.name == "channel" and 48 in obj["_layer"] and obj["broadcast"] is True and obj["restricted"] is True
    assert (obj["id"], obj["title"], obj["username"], obj["restriction_reason"]) == (45, "News", "news", "xx")
    # TL_chatForbidden_old chatForbidden#fb0ccc41 id:int title:string date:int
    obj = tl.decode(h("41cc0cfb", "2a000000", "04" "436c7562" "000000", "e41ae165"))
    assert obj.name == "chatForbidden" and obj["date"] == 1709251300


def test_encrypted_chat_old_and_document_encrypted():
    # TL_encryptedChat_old encryptedChat#6601d14f id:int access_hash:long date:int admin_id:int participant_id:int
    #   g_a_or_b:bytes nonce:bytes key_fingerprint:long
    obj = tl.decode(h("4fd10166", "05000000", "0800000000000000", "e41ae165", "15cd5b07", "16cd5b07",
                      "04" "aabbccdd" "000000", "00" "000000", "0900000000000000"))
    assert obj.name == "encryptedChat" and obj["participant_id"] == 123456790 and obj["g_a_or_b"] == h("aabbccdd")
    assert obj["key_fingerprint"] == 9 and obj.trailing == b""
    # TL_documentEncrypted (app-only) documentEncrypted#55555558 id:long access_hash:long date:int mime_type:string
    #   size:int thumb:PhotoSize dc_id:int attributes:Vector<DocumentAttribute> key:bytes iv:bytes
    obj = tl.decode(h("58555555", "0100000000000000", "0000000000000000", "e41ae165", "03" "6f6767",
                      "00100000", "3ce2170e", "01" "73" "0000", "02000000", "15c4b51c", "00000000",
                      "02" "aabb" "00", "02" "ccdd" "00"))
    assert obj.name == "documentEncrypted" and obj["size"] == 4096 and obj["key"] == h("aabb") and obj["iv"] == h("ccdd")


def test_message_layer104_2_with_the_reactions_of_that_layer():
    # TL_message_layer104_2 message#1c9b1027 flags:# ... id:int from_id:flags.8?int to_id:Peer ... date:int
    #   message:string ... reactions:flags.20?MessageReactions restriction_reason:flags.22?string
    # TL_messageReactions (layer 104) messageReactions#b87a24d1 flags:# min:flags.0?true results:Vector<ReactionCount>
    # reactionCount#6fb250d1 flags:# chosen:flags.0?true reaction:string count:int
    blob = h("27109b1c", "00001000", "09000000", PEER_USER_OLD, "e41ae165", "02" "4869" "00",
             "d1247ab8", "01000000", "15c4b51c", "01000000",
             "d150b26f", "01000000", "04" "f09f918d" "000000", "03000000",
             ATTACH_SPACE)
    obj = tl.decode(blob)
    assert obj.id == 0x1C9B1027 and obj["message"] == "Hi" and obj["restriction_reason"] is None
    reactions = obj["reactions"]
    assert reactions.id == 0xB87A24D1 and reactions["min"] is True
    assert [(r["reaction"], r["count"], r["chosen"]) for r in reactions["results"]] == [("\U0001F44D", 3, True)]
    assert obj.trailing == h(ATTACH_SPACE)
