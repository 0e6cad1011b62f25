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
