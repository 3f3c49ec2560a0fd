"""Delta Chat (e-mail based messenger): the messages of an account's ``dc.db``.

Sources, deltachat/deltachat-core-rust: ``src/sql/tables.sql`` (the schema, in schema.sql);
``accounts.rs`` (each account folder holds ``dc.db``; Android keeps them in files/accounts);
``constants.rs`` (contact 1 is the user; chat and message ids up to 9 are special; chat 3 is
the trash of messages deleted on the device, their text cleared); ``message.rs`` (MessageState;
times are Unix seconds, 0 when not set).
"""

from pathlib import Path

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, SENT, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0.0"
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
SELF, TRASH, LAST_SPECIAL = 1, 3, 9
STATES = {10: "fresh", 13: "noticed", 16: "seen", 18: "preparing", 19: "draft", 20: "pending",
          24: "failed", 26: "delivered", 28: "read"}


def message_to_event(row, ctx) -> dict:
    """One ``msgs`` row joined to its chat and sender -> one timeline event."""
    outgoing = row["from_id"] == SELF
    extra = {"state": STATES.get(row["state"], str(row["state"])), "message_id": row["rfc724_mid"]}
    time_pair(ctx, extra, "received", row["timestamp_rcvd"], "msgs.timestamp_rcvd", UNIX_SECONDS)
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["timestamp_sent"], zero_is_null=True, column="msgs.timestamp_sent"),
        "timestamp_raw": row["timestamp_sent"], "timestamp_desc": SENT, "kind": "message",
        "direction": OUTGOING if outgoing else INCOMING,
        "conversation_id": str(row["chat_id"]), "conversation_name": row["chat_name"] or None,
        "sender": None if outgoing else row["addr"], "sender_name": None if outgoing else row["name"] or None,
        "body": row["txt"], "deleted": row["chat_id"] == TRASH, "extra": extra,
    }


class DeltaChatParser(SQLiteParser):
    name = "deltachat"
    version = __version__
    app = "deltachat"
    platform = "android"
    description = "Delta Chat dc.db: messages of one account"
    path_globs = ("**/com.b44t.messenger/files/accounts/*/dc.db",)
    required_tables = {"msgs": {"id", "chat_id", "from_id", "timestamp_sent", "timestamp_rcvd", "state", "txt",
                                "rfc724_mid"}, "chats": {"id", "name"}, "contacts": {"id", "addr", "name"}}
    time_units = {"msgs.timestamp_sent": UNIX_SECONDS, "msgs.timestamp_rcvd": UNIX_SECONDS}

    def parse(self, ctx):
        sql = ("SELECT m.id, m.chat_id, m.from_id, m.timestamp_sent, m.timestamp_rcvd, m.state, m.txt, m.rfc724_mid, "
               "c.name AS chat_name, k.addr, k.name FROM msgs m LEFT JOIN chats c ON c.id = m.chat_id "
               f"LEFT JOIN contacts k ON k.id = m.from_id WHERE m.id > {LAST_SPECIAL} ORDER BY m.id")
        yield from ctx.map_rows(sql, message_to_event, table="msgs", id_column="id")


@hookimpl
def register_parsers(register):
    register(DeltaChatParser)
