"""Snapchat for iOS: chat messages and missed calls of ``Documents/user_scoped/<account hash>/arroyo/arroyo.db``.

iLEAPP ``scripts/artifacts/snapchat.py`` (``snapchatMessages``) reads this store with the same table, columns and
``message_content`` protobuf paths as ALEAPP reads the Android one ("the same store the Android app uses"), so
the mapping is the Android parser's (``plugins/snapchat_android.py``, where every fact is cited). Older
generations (iOS 12 and 13 era files lack ``sender_id`` and ``content_type``, iLEAPP) are read from the protobuf.

Left out: names. iOS keeps friends in ``DocObjects/primary.docobjects``, FlatBuffers documents whose layout is
published nowhere (iLEAPP establishes one field position on its test images only); the account id is in
``Documents/user.plist``, an undocumented ``TSAF`` file. Senders are therefore user ids without names.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.plugins.snapchat_android import SnapchatArroyoParser


class SnapchatIOSParser(SnapchatArroyoParser):
    name = "snapchat_ios"
    platform = "ios"
    description = ("Snapchat for iOS chats (Documents/user_scoped/*/arroyo/arroyo.db conversation_message): text "
                   "from the message_content protobuf, sender and participants, saved/viewed/read state, missed calls")
    path_globs = ("**/Documents/user_scoped/*/arroyo/arroyo.db",)
    related_globs = {}
    references = (
        "iLEAPP scripts/artifacts/snapchat.py (snapchatMessages: path, columns, protobuf path 4>4>2>1)",
        *SnapchatArroyoParser.references,
    )


@hookimpl
def register_parsers(register):
    register(SnapchatIOSParser)
