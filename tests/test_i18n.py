"""Every string shown through _() has a Japanese translation; the catalogue is well formed."""
from __future__ import annotations

import ast
from pathlib import Path

import polib

from desktop import i18n

ROOT = Path(__file__).resolve().parents[1]
JA_PO = ROOT / "resources" / "translations" / "ja" / "LC_MESSAGES" / "app.po"


def _msgids_in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("desktop", "ui", "db"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_")
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_catalogue_has_no_duplicates():
    """No msgid appears twice in the Japanese catalogue (msgfmt would refuse it)."""
    ids = [e.msgid for e in polib.pofile(str(JA_PO))]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes


def test_every_code_string_is_translated():
    """Each literal passed to _() or N_() has a non-empty Japanese msgstr."""
    translated = {e.msgid for e in polib.pofile(str(JA_PO)) if e.msgstr and "fuzzy" not in e.flags}
    missing = {m: where for m, where in _msgids_in_code().items() if m not in translated}
    assert not missing, "\n".join(f"{where}: {m!r}" for m, where in sorted(missing.items(), key=lambda x: x[1]))


def test_language_switch():
    """Japanese is the default; English returns the ids; unknown falls back to Japanese."""
    try:
        assert i18n.set_language("xx") == "ja"
        assert i18n._("The password was changed.") == "パスワードを変えました。"
        i18n.set_language("en")
        assert i18n._("The password was changed.") == "The password was changed."
    finally:
        i18n.set_language("ja")


def test_compiled_catalogue_matches(tmp_path, monkeypatch):
    """The .mo that the build writes gives the same translations as reading the .po."""
    entry = polib.pofile(str(JA_PO))
    mo = tmp_path / "app.mo"
    entry.save_as_mofile(str(mo))
    import gettext

    with open(mo, "rb") as fh:
        t = gettext.GNUTranslations(fh)
    assert t.gettext("The password was changed.") == "パスワードを変えました。"


def test_english_text_names_buttons_and_pages_as_english_shows_them():
    """An English message that tells the user to press a button or go to a page names it as the
    English screen shows it (「Add from the roster」), not by its Japanese label, which is not on
    an English screen. Checked for every quoted or page name that is the translation of another
    message (a button, a menu item, a page)."""
    import re

    po = polib.pofile(str(JA_PO))
    labels = {e.msgstr.rstrip("…") for e in po if e.msgstr and len(e.msgstr) <= 16}
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    wrong = []
    for e in po:
        quoted = re.findall(r"「([^」]*)」", e.msgid)
        pages = re.findall(r"the (\S+) (?:page|tab)", e.msgid)
        menus = re.findall(r"(\S+) → (\S+)", e.msgid)
        names = quoted + pages + [x for pair in menus for x in pair]
        wrong += [(e.msgid[:60], n) for n in names if japanese.search(n) and n.rstrip("…") in labels]
    assert not wrong, wrong
