"""The English catalogue: complete, not fuzzy, compiled (.mo matches .po), and served by the switch.

Vietnamese is the source language (the msgids); English is the second language. The .mo is
committed because a fresh machine may lack gettext, so a stale .mo is the mistake to catch:
every msgstr of the .po must come back through gettext from the .mo.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sd]")


def _unquote(literal: str) -> str:
    # A PO string is a C string literal; for the escapes gettext writes (\" \\ \n \t) Python's
    # literal syntax is the same. The text is already decoded UTF-8, so nothing else to do.
    return ast.literal_eval(literal)


def parse_po(path: Path) -> list[dict]:
    """Entries as dicts: 'flags' (set), 'msgctxt', 'msgid', 'msgid_plural', 'msgstr' or 'msgstr[n]'.

    Obsolete entries (#~) are skipped; multi-line strings are joined.
    """
    entries, entry, key = [], None, None

    def flush():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        m = _KEYWORD.match(line)
        if m:
            if m.group(1) in ("msgctxt", "msgid") and "msgid" in entry:  # no blank line between entries
                flush()
                entry = {"flags": set()}
            key = m.group(1)
            entry[key] = _unquote(m.group(2))
        elif line.startswith('"') and key is not None:
            entry[key] += _unquote(line)
        else:
            raise AssertionError(f"{path}: cannot read line {raw!r}")
    flush()
    return entries


ENTRIES = parse_po(PO)
MESSAGES = [e for e in ENTRIES if e["msgid"]]


def _label(entry) -> str:
    return entry["msgid"][:60]


def test_catalogue_header_is_english_with_two_plural_forms():
    header = next(e for e in ENTRIES if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"]
    assert len(MESSAGES) > 100  # the parser read the catalogue, not an empty shell


@pytest.mark.parametrize("entry", MESSAGES, ids=_label)
def test_every_message_is_translated_and_not_fuzzy(entry):
    assert "fuzzy" not in entry["flags"]
    if "msgid_plural" in entry:
        forms = [entry.get("msgstr[0]", ""), entry.get("msgstr[1]", "")]
    else:
        forms = [entry.get("msgstr", "")]
    for form in forms:
        assert form.strip(), f"untranslated: {entry['msgid']!r}"
        # The same named placeholders as the Vietnamese, or blocktranslate raises/shows garbage.
        assert sorted(_PLACEHOLDER.findall(form)) == sorted(_PLACEHOLDER.findall(entry["msgid"]))


def test_compiled_catalogue_matches_the_po():
    """Every msgstr in the .po comes back from the .mo: the committed .mo is not stale."""
    with MO.open("rb") as fp:
        mo = gettext.GNUTranslations(fp)
    assert mo.info().get("language") == "en"
    stale = []
    for e in MESSAGES:
        ctx = e.get("msgctxt")
        if "msgid_plural" in e:
            for n, form in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                got = (
                    mo.npgettext(ctx, e["msgid"], e["msgid_plural"], n)
                    if ctx is not None
                    else mo.ngettext(e["msgid"], e["msgid_plural"], n)
                )
                if got != e[form]:
                    stale.append((e["msgid"], n, got, e[form]))
        else:
            got = mo.pgettext(ctx, e["msgid"]) if ctx is not None else mo.gettext(e["msgid"])
            if got != e["msgstr"]:
                stale.append((e["msgid"], got, e["msgstr"]))
    assert not stale, f"django.mo is stale; run `danchu compilemessages -l en`: {stale[:5]}"


@pytest.mark.django_db
def test_language_switch_serves_english(client):
    home = client.get("/")
    assert 'lang="vi"' in home.text
    assert "Dân chủ ở cơ sở" in home.text

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    home = client.get("/")
    assert home.status_code == 200
    assert '<html lang="en">' in home.text
    assert "<h1>Grassroots democracy</h1>" in home.text
    assert "people know, people discuss" in home.text
    assert "Six areas" in home.text
    assert "Sáu nội dung" not in home.text


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages `makemessages` finds in the code and templates today, extracted from a copy of the
    tree into a copy of the catalogue (the committed .po is never rewritten by the test)."""
    import os
    import shutil

    from django.core.management import call_command
    from django.test import override_settings

    root = Path(settings.LOCALE_PATHS[0]).parent  # .../danchu
    work = tmp_path_factory.mktemp("makemessages")
    copy = work / "danchu"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("tests", "browser_tests", "__pycache__", "*.mo",
                                                              "static", "migrations"))
    here = os.getcwd()
    os.chdir(work)
    try:
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            call_command("makemessages", locale=["en"], no_location=True, no_wrap=True, verbosity=0)
    finally:
        os.chdir(here)
    return parse_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")


def test_every_message_in_the_code_and_templates_is_in_the_catalogue(extracted):
    """What makemessages extracts (forms, model labels marked with gettext_noop, templates,
    plurals) is in the committed .po, translated, not fuzzy and with its plural form; an entry that
    makemessages matched fuzzily to an old translation does not count."""
    catalogue = {(e.get("msgctxt"), e["msgid"]): e for e in MESSAGES}
    found = [e for e in extracted if e["msgid"]]
    assert len(found) > 700  # the extraction ran over the whole tree
    missing, no_plural = [], []
    for e in found:
        ours = catalogue.get((e.get("msgctxt"), e["msgid"]))
        if ours is None or "fuzzy" in ours["flags"]:
            missing.append(e["msgid"])
        elif "msgid_plural" in e and "msgid_plural" not in ours:
            no_plural.append(e["msgid"])
    assert not missing, f"{len(missing)} messages missing from the English catalogue: {missing[:20]}"
    assert not no_plural, f"plural messages translated without plural forms: {no_plural}"


def test_plural_messages_follow_the_count():
    from django.utils import translation

    with translation.override("en"):
        assert translation.ngettext("%(n)s ý kiến", "%(n)s ý kiến", 1) % {"n": 1} == "1 opinion"
        assert translation.ngettext("%(n)s ý kiến", "%(n)s ý kiến", 2) % {"n": 2} == "2 opinions"
        assert translation.ngettext("%(n)s người tham gia trực tuyến", "%(n)s người tham gia trực tuyến", 1) % {
            "n": 1} == "1 participant online"
