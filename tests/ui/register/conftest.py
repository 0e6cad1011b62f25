"""A small association for the register tests: two blocks, five people, nobody registered."""
from __future__ import annotations

import pytest
from desktop.services import roster


@pytest.fixture
def people(store):
    """name -> Person: 山田 花子 (1班), 山田 一郎 (1班), 佐藤 次郎 (2班), 鈴木 三郎 (2班), 田中 支援 (1班)."""
    b1, b2 = roster.create_block("1班"), roster.create_block("2班")
    h1, _e = roster.save_household({"postal_code": "1080075", "address1": "東京都港区港南", "address2": "1-2-3",
                                    "landline": "0354710001", "block": b1.id})
    h2, _e = roster.save_household({"address1": "東京都港区芝浦", "address2": "4-5-6", "block": b2.id})
    out = {}
    for fam, giv, fr, gr, hh, birth, sex, mobile in (
        ("山田", "花子", "やまだ", "はなこ", h1, "S15.3.3", "F", ""),
        ("山田", "一郎", "やまだ", "いちろう", h1, "S12.1.1", "M", ""),
        ("佐藤", "次郎", "さとう", "じろう", h2, "S20.5.5", "M", "09012345678"),
        ("鈴木", "三郎", "すずき", "さぶろう", h2, "S18.8.8", "M", ""),
        ("田中", "支援", "たなか", "しえん", h1, "S40.4.4", "F", "08011112222"),
    ):
        person, _e = roster.save_person({"household": hh.id, "family_name": fam, "given_name": giv,
                                         "family_reading": fr, "given_reading": gr, "birth_date": birth,
                                         "sex": sex, "mobile": mobile})
        out[f"{fam} {giv}"] = person
    return out


@pytest.fixture
def page(qtbot, context, people):
    from ui.register.page import RegisterPage

    p = RegisterPage(context)
    qtbot.addWidget(p)
    p.resize(1180, 760)
    p.show()
    return p


@pytest.fixture
def drive_dialog(qtbot, monkeypatch):
    """Let a dialog's real `ask` run, but replace its `exec()` (which would block) with the
    test's `steps`, which work the shown dialog like a person. Returns the dialogs seen."""

    def install(cls, steps):
        seen = []

        def run(self):
            qtbot.addWidget(self)
            self.show()
            seen.append(self)
            steps(self)
            if self.isVisible():  # the steps did not press a closing button: like pressing Esc
                self.reject()
            return self.result()

        monkeypatch.setattr(cls, "exec", run)
        return seen

    return install
