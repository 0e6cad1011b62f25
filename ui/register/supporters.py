"""The two ordered lists of the record: family emergency contacts and supporters (支援者).

A supporter is either a roster person (their name and phone come from the roster) or someone
outside it, typed with a phone. The first supporter is the main one, the others are backups.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton

from desktop import jtext
from desktop.i18n import N_, _
from ui.register.line_list import LineListEditor


def _phone(text: str) -> str:
    return jtext.format_phone(text) if text else ""


_GONE = {
    "deleted": N_("In the trash: choose another supporter"),
    "deceased": N_("Marked as deceased: choose another supporter"),
    "moved": N_("Moved away: choose another supporter"),
}


def gone_text(entry: dict) -> str:
    """Why a roster supporter can no longer help, or "" (prints leave such a supporter's name out)."""
    reason = entry.get("roster_gone") if entry.get("person") else ""
    return _(_GONE[reason]) if reason in _GONE else ""


class ContactList(LineListEditor):
    """緊急連絡先: family, in the order to call them."""

    def __init__(self):
        super().__init__(
            [("name", _("Name")), ("relation", _("Relation")), ("phone", _("Phone")), ("lives_where", _("Lives in"))],
            self._summary, _("No emergency contact yet. Press 「Add contact」 to add family to call."),
            _("Add contact"))

    def value_for(self, entry: dict, key: str) -> str:
        if key == "phone" and entry.get("phone"):
            return _phone(entry["phone"])  # stored as digits, shown as 090-1234-5678
        return super().value_for(entry, key)

    @staticmethod
    def _summary(entry: dict, i: int) -> str:
        name = entry.get("name") or _("(name not entered)")
        rel = f"（{entry['relation']}）" if entry.get("relation") else ""
        where = f"　{entry['lives_where']}" if entry.get("lives_where") else ""
        return f"{i + 1}. {name}{rel} {_phone(entry.get('phone') or '')}{where}".rstrip()

    def load(self, data: dict) -> None:
        self.set_entries(data.get("contacts") or [])

    def collect(self, form: dict) -> None:
        form["contacts"] = [{k: (e.get(k) or "").strip() for k in ("name", "relation", "phone", "lives_where")}
                            for e in self.entries()]


class SupporterList(LineListEditor):
    """支援者: 1 = main supporter, 2… = backups."""

    def __init__(self, pick_person: Callable[[], dict | None]):
        super().__init__(
            [("name", _("Name")), ("phone", _("Phone")), ("note", _("Role or relation"))],
            self._summary, _("No supporter yet. Press 「Choose from the roster」 for a neighbour in the roster, or "
                             "「Add someone not in the roster」 to type a name and phone."),
            _("Add someone not in the roster"))
        self.pick_person = pick_person
        self.pick_button = QPushButton(_("Choose from the roster"))
        self.pick_button.clicked.connect(self._pick)
        self.extra_buttons.insertWidget(0, self.pick_button)

    @staticmethod
    def _summary(entry: dict, i: int) -> str:
        rank = _("Main") if i == 0 else _("Backup")
        gone = gone_text(entry)
        if gone:  # the person left the roster: say so first, the print leaves their name out
            return f"{i + 1}. {rank}: ⚠ {gone}　{entry.get('roster_name') or ''}".rstrip()
        name = (entry.get("roster_name") if entry.get("person") else entry.get("name")) or _("(name not entered)")
        phone = entry.get("phone") or (entry.get("roster_phone") if entry.get("person") else "")
        source = _("[roster]") if entry.get("person") else ""
        return f"{i + 1}. {rank}: {name} {_phone(phone or '')} {entry.get('note') or ''} {source}".rstrip()

    def is_read_only(self, entry: dict, key: str) -> bool:
        return key == "name" and bool(entry.get("person"))

    def value_for(self, entry: dict, key: str) -> str:
        if key == "name" and entry.get("person"):
            return entry.get("roster_name") or ""
        if key == "phone" and entry.get("phone"):
            return _phone(entry["phone"])
        return super().value_for(entry, key)

    def placeholder_for(self, entry: dict, key: str) -> str:
        if key == "phone" and entry.get("person") and entry.get("roster_phone"):
            return _("roster phone: %s") % _phone(entry["roster_phone"])
        return ""

    def _pick(self) -> None:
        chosen = self.pick_person()
        if chosen:
            self.add_entry(chosen)

    def load(self, data: dict) -> None:
        self.set_entries(data.get("supporters") or [])

    def collect(self, form: dict) -> None:
        out = []
        for e in self.entries():
            if e.get("person"):
                # A roster supporter keeps no name copy: the roster name is read when printing.
                out.append({"person": e["person"], "name": "", "phone": (e.get("phone") or "").strip(),
                            "note": (e.get("note") or "").strip()})
            else:
                out.append({"person": None, "name": (e.get("name") or "").strip(),
                            "phone": (e.get("phone") or "").strip(), "note": (e.get("note") or "").strip()})
        form["supporters"] = out
