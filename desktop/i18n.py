"""gettext for our own strings, Qt-free (the PDFs and the command line need it too).

Import `_`, `N_` and `ngettext` from here; nothing is installed into builtins.
Catalogues live at resources/translations/<lang>/LC_MESSAGES/app.po; a compiled app.mo
beside it is used when present and current (the frozen build ships one), otherwise the
.po is read directly with polib, so a source checkout needs no build step.
Message ids are English; Japanese is the default language.
"""
from __future__ import annotations

import gettext
import threading

import resources

DOMAIN = "app"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_lock = threading.Lock()
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


class _PoTranslations(gettext.NullTranslations):
    def __init__(self, catalog: dict[str, str], plurals: dict[tuple[str, int], str]):
        super().__init__()
        self._catalog = catalog
        self._plurals = plurals

    def gettext(self, message: str) -> str:
        return self._catalog.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Japanese has one form; English falls back to the ids.
        found = self._plurals.get((singular, 0))
        if found:
            return found
        return singular if n == 1 else plural


def _load(language: str) -> gettext.NullTranslations:
    folder = resources.path("translations", language, "LC_MESSAGES")
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with open(mo, "rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        import polib

        catalog, plurals = {}, {}
        for entry in polib.pofile(str(po)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                for idx, text in entry.msgstr_plural.items():
                    if text:
                        plurals[(entry.msgid, int(idx))] = text
            elif entry.msgstr:
                catalog[entry.msgid] = entry.msgstr
        return _PoTranslations(catalog, plurals)
    return gettext.NullTranslations()


def set_language(language: str) -> str:
    """Switch the catalogue; unknown languages fall back to Japanese. Returns the language used."""
    global _current, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    with _lock:
        _current = _load(language)
        _language = language
    return language


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it where it is shown."""
    return message


def compile_catalogues() -> list:
    """Write app.mo beside each app.po (used by build.spec)."""
    import polib

    written = []
    for lang in LANGUAGES:
        folder = resources.path("translations", lang, "LC_MESSAGES")
        po = folder / f"{DOMAIN}.po"
        if po.exists():
            polib.pofile(str(po)).save_as_mofile(str(folder / f"{DOMAIN}.mo"))
            written.append(folder / f"{DOMAIN}.mo")
    return written


set_language(DEFAULT_LANGUAGE)
