"""No silent skips: every real file in ``../shared/corpus/`` that a parser claims is compared by a differential test.

The whole corpus is given to the host file by file (each file its own extraction, so that every
parser that recognises a file by content gets it, wherever it lies; archives and backups are
opened as such). ``CLAIMED`` lists, for every file some parser claims, the parsers and the test
module that compares that file's events with another tool's output row by row; ``UNCLAIMED``
lists the files no parser claims, with the reason, and ``docs/differences.md`` names each of
those groups. A new parser that claims a corpus file, or a corpus file that appears, fails this
test until it is compared or listed.
"""

from __future__ import annotations

import fnmatch

import pytest

from conftest import CORPUS, REPO

#: corpus file (``!member`` inside an archive) -> (parsers that claim it, the comparing test module)
CLAIMED = {
    "plaso/23AAD8D4-D632-4F99-8E44-152AAB8FA9D6": (["discord_ios"], "test_real_discord.py"),
    "crypto/whatsapp/msgstore-noexpiry.db.crypt14": (["whatsapp_backup"], "test_real_whatsapp_android.py"),
    "crypto/whatsapp/msgstore.db": (["whatsapp_android"], "test_real_whatsapp_android.py"),
    "crypto/whatsapp/msgstore.db.crypt12": (["whatsapp_backup"], "test_real_whatsapp_android.py"),
    "crypto/whatsapp/msgstore.db.crypt14": (["whatsapp_backup"], "test_real_whatsapp_android.py"),
    "crypto/whatsapp/msgstore.db.crypt15": (["whatsapp_backup"], "test_real_whatsapp_android.py"),
    "ileapp/cases/whatsApp.josh_ios15_ffs.zip!filesystem2/mobile/Containers/Shared/AppGroup/"
    "694FBBC5-2E69-480A-A25B-FF8CC038BEF8/CallHistory.sqlite": (["whatsapp_ios_calls"], "test_real_ileapp.py"),
    "ileapp/cases/whatsApp.josh_ios15_ffs.zip!filesystem2/mobile/Containers/Shared/AppGroup/"
    "694FBBC5-2E69-480A-A25B-FF8CC038BEF8/ContactsV2.sqlite": (["whatsapp_ios_contacts"], "test_real_ileapp.py"),
    "other/Sqlite3-restore-deleted-records/msgstore.db": (["whatsapp_android"], "test_real_whatsapp_android.py"),
    "other/lab-whatsapp/msgstore.db": (["whatsapp_android"], "test_real_whatsapp_android.py"),
    "other/lab-whatsapp/wa.db": (["whatsapp_contacts"], "test_real_whatsapp_android.py"),
    "other/mvt/android_backup/apps/com.android.providers.telephony/d_f/000000_sms_backup": (
        ["android_sms_backup"], "test_real_mvt.py"),
    "other/mvt/android_backup/apps/com.android.providers.telephony/d_f/000001_mms_backup": (
        ["android_sms_backup"], "test_real_mvt.py"),
    **{f"other/mvt/{ab}!data/user_de/0/com.android.providers.telephony/files/{f}": (["android_sms_backup"],
                                                                                     "test_real_mvt.py")
       for ab, files in (("android_backup/backup.ab", ("000000_sms_backup", "000001_mms_backup")),
                         ("android_backup/backup2.ab", ("000000_sms_backup",)),
                         ("android_backup/backup3.ab", ("000000_sms_backup",)),
                         ("androidqf/backup.ab", ("000000_sms_backup", "000001_mms_backup")))
       for f in files},
    "other/mvt/ios_backup/3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28": (["ios_messages"], "test_real_mvt.py"),
    "other/mvt/ios_backup/7c/7c7fba66680ef796b916b067077cc246adacf01d": (["whatsapp_ios"], "test_real_mvt.py"),
    "other/mvt/ios_backup/b8/b8548dc30aa1030df0ce18ef08b882cf7ab5212f": (["whatsapp_ios_contacts"], "test_real_mvt.py"),
    "other/mvt/ios_backup/3a/3a47b0981ed7c10f3e2800aa66bac96a3b5db28e": (["safari_tabs"], "test_real_mvt.py"),
    "other/EnMicroMsg.db-Password-Cracker/EnMicroMsg.db": (["wechat_android"], "test_wechat_android.py"),
    "plaso/contacts2.db": (["android_calls"], "test_real_plaso.py"),
    "plaso/derived/mmssms_wal/mmssms.db": (["android_sms"], "test_real_plaso.py"),
    "plaso/imessage_chat.db": (["ios_messages"], "test_real_plaso.py"),
    "plaso/mmssms.db": (["android_sms"], "test_real_plaso.py"),
    "plaso/kik.sqlite": (["kik_ios"], "test_real_plaso_chat_apps.py"),
    "plaso/skype_main.db": (["skype_desktop"], "test_real_plaso_chat_apps.py"),
    "ileapp/cases/mastodon.josh_ios17_ffs.zip!filesystem1/private/var/mobile/Containers/Shared/AppGroup/"
    "00CF1947-6BA2-43CB-AC33-4478C57C4B0B/Databases/shared.sqlite": (["mastodon_ios"], "test_real_ileapp.py"),
    "ileapp/cases/meWe.josh_ios17_ffs.zip!filesystem1/private/var/mobile/Containers/Data/Application/"
    "B8B1A6C3-DCBA-468D-B2B4-EA42DD1B07AF/Documents/sgrouplesdb.sqlite": (["mewe_ios"], "test_real_ileapp.py"),
    "ileapp/cases/truthSocial.josh_ios17_ffs.zip!filesystem1/private/var/mobile/Containers/Shared/AppGroup/"
    "E9E0EAAD-CA38-4661-999B-1E6B130F3288/chat/v1/107848900006371409/ChatModel.sqlite": (["truthsocial_ios"],
                                                                                        "test_real_ileapp.py"),
    "ileapp/cases/twitterX.josh_ios17_ffs.zip!filesystem1/private/var/mobile/Containers/Data/Application/"
    "491A1D31-3D27-4EC3-9B98-80FC51F3AE6D/Library/Caches/com.atebits.tweetie.direct-message.cache/"
    "TDfir-725479270958694": (["twitter_ios_dm"], "test_real_ileapp.py"),
    "ileapp/cases/clubhouse.josh_ios17_ffs.zip!filesystem1/private/var/mobile/Containers/Data/Application/"
    "9DAA6AB3-FFB9-4348-8BF9-65CEA833B394/Library/Preferences/co.alphaexploration.clubhouse.plist": (["clubhouse_ios"],
                                                                                                 "test_real_ileapp.py"),
    "plaso/babel.db": (["hangouts"], "test_real_plaso_chat_apps.py"),
    "plaso/IMODb2.sqlite": (["imo_ios"], "test_real_plaso_chat_apps.py"),
    "plaso/tango_android_tc.db": (["tango_android"], "test_real_plaso_messengers.py"),
    "plaso/tango_profile.db": (["tango_android_profiles"], "test_real_plaso_messengers.py"),
    "plaso/viber_data": (["viber_android"], "test_real_plaso_messengers.py"),
    "plaso/twitter_android.db": (["twitter_android"], "test_real_plaso_messengers.py"),
    "plaso/twitter_ios.db": (["twitter_ios"], "test_real_plaso_messengers.py"),
    "plaso/burners.sqlite": (["burner_android"], "test_real_plaso_messengers.py"),
    "plaso/9368974384.db": (["instagram_ios"], "test_real_instagram.py"),
    **{f"plaso/chrome/History-{v}": (["chromium_history"], "test_real_chrome.py")
       for v in ("57.0.2987.133", "58.0.3029.96", "59.0.3071.86")},
    "plaso/webview.db": (["android_webview"], "test_real_webview.py"),
    "plaso/webviewCache.db": (["android_webviewcache"], "test_real_webview.py"),
}

#: files no parser claims: pattern -> reason (each pattern is named in docs/differences.md)
UNCLAIMED = {
    "sqlite_forensic_corpus/*": "SQLite recovery test databases, no app schema (deleted-record recovery is issue 17)",
    "crypto/sqlcipher/*": "SQLCipher test databases of no app (the decoder is tested on them in test_sqlcipher.py)",
    "other/sqlite-dissect/*": "SQLite WAL/journal fixtures of no app",
    "plaso/wal_database.db": "WAL fixture of no app",
    "other/mvt/ios_backup/*": "the mvt iTunes backup's other files (Manifest.db, Info.plist, files of other apps)",
    "crypto/whatsapp/empty-db.zlib1": "wa-crypt-tools fixture: a compressed empty database, no backup header",
    "crypto/whatsapp/test9.zip": "wa-crypt-tools fixture: a zip of crypt test vectors, no extraction layout",
    "crypto/whatsapp/key": "WhatsApp crypt12/14 key file (used by the backup tests)",
    "crypto/whatsapp/encrypted_backup.key": "WhatsApp crypt15 key file (used by the backup tests)",
    "ileapp/cases/voicemail.*": "iOS voicemail: both real files hold no row; no parser",
    "plaso/com.apple.identityservices.idstatuscache.plist": "iOS IDS status cache: no parser",
    "plaso/xchat.log": "XChat IRC log (desktop text): no parser",
    "plaso/xchatscrollback.log": "XChat scrollback (desktop text): no parser",
}

#: files that are not inputs: answer keys, notes, checksums, and SQLite companions (taken with their database)
NOT_INPUTS = ("*.sql", "*.xml", "*.md", "*.txt", "*.json", "*SHA256SUMS", "*-wal", "*-shm", "*-journal")


def _corpus_inputs() -> list[str]:
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file())
    return [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in NOT_INPUTS)]


@pytest.fixture(scope="module")
def claims(tmp_path_factory) -> dict[str, list[str]]:
    if not CORPUS.exists():
        pytest.skip("corpus not available")
    from artefacts.testing import make_runner

    inputs = _corpus_inputs()
    # the corpus's known passwords (mvt's encrypted Android backup), so that what they lock is compared too
    tl = make_runner(tmp_path_factory.mktemp("coverage"))(*(CORPUS / f for f in inputs), evidence_ids=inputs,
                                                          keys=["android_backup=123456"])
    found: dict[str, list[str]] = {}
    for s in tl.sources:
        if s["role"] != "database" or s["status"] == "not applicable":
            continue
        eid, path = s["evidence_id"], s["path"]
        key = eid if eid.rsplit("/", 1)[-1] == path else f"{eid}!{path}"
        found[key] = s["parsers"]
    return found


def test_every_claimed_corpus_file_is_compared(claims):
    assert claims == {name: parsers for name, (parsers, _) in CLAIMED.items()}
    for name, (_, module) in CLAIMED.items():
        text = (REPO / "tests" / module).read_text(encoding="utf-8")
        leaf = name.rsplit("!", 1)[-1].rsplit("/", 1)[-1]
        assert leaf[:12] in text, f"{module} does not read {name}"


def test_every_unclaimed_corpus_file_is_listed_with_its_reason():
    if not CORPUS.exists():
        pytest.skip("corpus not available")
    claimed_files = {name.split("!", 1)[0] for name in CLAIMED}
    docs = (REPO / "docs" / "differences.md").read_text(encoding="utf-8")
    for f in _corpus_inputs():
        if f in claimed_files:
            continue
        matches = [pat for pat in UNCLAIMED if fnmatch.fnmatch(f, pat)]
        assert matches, f"{f}: claimed by no parser and not listed in UNCLAIMED"
    for pat in UNCLAIMED:
        assert f"`{pat}`" in docs, f"docs/differences.md does not list {pat}"
