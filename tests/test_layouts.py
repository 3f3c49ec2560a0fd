"""Acquisition-tool layouts: each recognised on a small example, said once in the run record."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from artefacts.evidence import open_extraction
from artefacts.evidence.layouts import domain_folder_path, recognise
from artefacts.synthetic import write_tar, write_zip
from artefacts.synthetic.ufdr import tree_files, write_ufdr

from conftest import CORPUS, SAMPLE_DATA

IOS_SMS = SAMPLE_DATA / "ios/private/var/mobile/Library/SMS/sms.db"
WA_GROUP = SAMPLE_DATA / ("whatsapp/ios/private/var/mobile/Containers/Shared/AppGroup/"
                          "0C6E4F2A-5B1D-4C7E-9A3F-2D8B6E1F4A70/group.net.whatsapp.WhatsApp.shared")
ANDROID_DB = "data/data/com.android.providers.telephony/databases/mmssms.db"


def _layout(path):
    ext = open_extraction(path)
    try:
        return recognise(ext)
    finally:
        ext.close()


@pytest.mark.parametrize("members, name, root, words", [
    ({"filesystem1/private/var/mobile/Library/SMS/sms.db": IOS_SMS}, "ios-full-file-system", "filesystem1/", "Cellebrite"),
    ({"private/var/mobile/Library/SMS/sms.db": IOS_SMS}, "ios-full-file-system", "", "at the top"),
    ({"extraction/private/var/mobile/Library/SMS/sms.db": IOS_SMS}, "ios-full-file-system", "extraction/", "under extraction/"),
    ({"filesystem2/mobile/Library/SMS/sms.db": IOS_SMS}, "ios-data-partition", "filesystem2/", "data partition"),
    ({"Dump/" + ANDROID_DB: b"x"}, "android-full-file-system", "Dump/", "Dump/"),
    ({ANDROID_DB: b"x"}, "android-full-file-system", "", "at the top"),
    ({"Magnet Acquire/phone/" + ANDROID_DB: b"x"}, "android-full-file-system", "Magnet Acquire/phone/", "under Magnet Acquire/phone/"),
    ({"sdcard/WhatsApp/Databases/msgstore.db.crypt14": b"x"}, "android-shared-storage", "", "sdcard"),
    ({"notes/readme.txt": b"x"}, "unrecognised", None, "path globs alone"),
])
@pytest.mark.parametrize("container", ["zip", "tar.gz", "folder"])
def test_layouts_are_recognised(tmp_path, members, name, root, words, container):
    if container == "zip":
        path = write_zip(tmp_path / "x.zip", members)
    elif container == "tar.gz":
        import tarfile

        plain = write_tar(tmp_path / "x.tar", members)
        path = tmp_path / "x.tar.gz"
        with tarfile.open(plain) as src, tarfile.open(path, "w:gz") as dst:
            for m in src:
                dst.addfile(m, src.extractfile(m))
    else:
        path = tmp_path / "folder"
        for rel, value in members.items():
            dest = path / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(value, Path):
                shutil.copyfile(value, dest)
            else:
                dest.write_bytes(value)
    layout = _layout(path)
    assert (layout.name, layout.root) == (name, root)
    assert words in layout.note


def test_domain_folder_paths():
    assert domain_folder_path("AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite") == (
        "private/var/mobile/Containers/Shared/AppGroup/group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite")
    assert domain_folder_path("Backup/AppDomain-net.whatsapp.WhatsApp/Documents/x") == (
        "Backup/private/var/mobile/Containers/Data/Application/net.whatsapp.WhatsApp/Documents/x")
    assert domain_folder_path("HomeDomain/Library/SMS/sms.db") == "private/var/mobile/Library/SMS/sms.db"
    assert domain_folder_path("WirelessDomain/Library/Databases/CellularUsage.db") == (
        "private/var/wireless/Library/Databases/CellularUsage.db")
    # only folders: a file called HomeDomain, or an ordinary path, is left alone
    assert domain_folder_path("x/HomeDomain") == "x/HomeDomain"
    assert domain_folder_path("private/var/mobile/Library/SMS/sms.db") == "private/var/mobile/Library/SMS/sms.db"


def _domain_tree(root: Path) -> Path:
    """A logical iOS extraction in backup-domain folders, made of the iOS and WhatsApp iOS samples."""
    shutil.copytree(SAMPLE_DATA / "ios/private/var/mobile", root / "HomeDomain")
    shutil.copytree(WA_GROUP, root / "AppDomainGroup-group.net.whatsapp.WhatsApp.shared")
    return root


@pytest.mark.parametrize("container", ["folder", "zip", "tar.gz"])
def test_backup_domain_folders_give_the_full_file_system_events(parse, tmp_path, container):
    folder = _domain_tree(tmp_path / "logical")
    if container == "folder":
        path = folder
    else:
        files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
        if container == "zip":
            path = write_zip(tmp_path / "logical.zip", files)
        else:
            import tarfile

            path = tmp_path / "logical.tar.gz"
            with tarfile.open(path, "w:gz") as tf:
                for rel, p in sorted(files.items()):
                    tf.add(p, rel)
    ref = parse(SAMPLE_DATA / "ios", SAMPLE_DATA / "whatsapp" / "ios", evidence_ids=["a", "b"])
    got = parse(path, evidence_ids=["c"])
    assert got.exit_code == 0, got.warnings
    key = lambda e: (e["app"], e["source_locator"], e["timestamp"], e["body"])  # noqa: E731
    assert sorted(map(key, got.events)) == sorted(map(key, ref.events))
    (inp,) = got.run["inputs"]
    assert inp["layout"] == "ios-backup-domain-folders"
    assert "AppDomainGroup" in inp["layout_note"] and "HomeDomain" in inp["layout_note"]
    chat = next(s for s in got.sources if s["path"].endswith("ChatStorage.sqlite"))
    assert chat["path"] == ("private/var/mobile/Containers/Shared/AppGroup/group.net.whatsapp.WhatsApp.shared/"
                            "ChatStorage.sqlite")
    assert "stored in the backup as AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite" in chat["note"]
    # attachments under the group folder are matched by the parsers' container globs too
    assert any("/group.net.whatsapp.WhatsApp.shared/Message/" in s["path"] for s in got.sources)


def test_ufdr_and_backup_kinds_and_a_single_file(tmp_path):
    write_ufdr(tmp_path / "p.ufdr", tree_files(SAMPLE_DATA / "ios"))
    assert _layout(tmp_path / "p.ufdr").name == "cellebrite-ufdr"
    assert _layout(IOS_SMS).name == "single-file"


def test_unrecognised_layout_still_parses_by_globs_and_says_so(parse, tmp_path):
    root = tmp_path / "odd"
    (root / "stuff" / "Library" / "SMS").mkdir(parents=True)
    shutil.copyfile(IOS_SMS, root / "stuff/Library/SMS/sms.db")
    tl = parse(root)
    (inp,) = tl.run["inputs"]
    assert inp["layout"] == "unrecognised" and "path globs" in inp["layout_note"]
    assert tl.events and tl.exit_code == 0


def test_sample_inputs_say_their_layout_once(parse):
    tl = parse(SAMPLE_DATA / "android.zip", SAMPLE_DATA / "ios", SAMPLE_DATA / "whatsapp" / "ios")
    assert [i["layout"] for i in tl.run["inputs"]] == ["android-full-file-system", "ios-full-file-system",
                                                       "ios-full-file-system"]
    assert all(i["layout_note"] for i in tl.run["inputs"])


CASES = CORPUS / "ileapp" / "cases"


@pytest.mark.parametrize("case, name, root", [
    ("clubhouse.josh_ios17_ffs.zip", "ios-full-file-system", "filesystem1/"),
    ("mastodon.josh_ios17_ffs.zip", "ios-full-file-system", "filesystem1/"),
    ("meWe.josh_ios17_ffs.zip", "ios-full-file-system", "filesystem1/"),
    ("truthSocial.josh_ios17_ffs.zip", "ios-full-file-system", "filesystem1/"),
    ("twitterX.josh_ios17_ffs.zip", "ios-full-file-system", "filesystem1/"),
    ("voicemail.belkasoft_ctf6_ios_device1.zip", "ios-full-file-system", ""),
    ("voicemail.josh_ios15_ffs.zip", "ios-data-partition", "filesystem2/"),
    ("whatsApp.josh_ios15_ffs.zip", "ios-data-partition", "filesystem2/"),
])
def test_ileapp_corpus_zips(case, name, root):
    path = CASES / case
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    layout = _layout(path)
    assert (layout.name, layout.root) == (name, root)
