"""Hand-made rows for the print tests (synthetic names and addresses only)."""
from __future__ import annotations

import pytest

from desktop.printing.rows import AddressRow, NameEntry, Sender

N = NameEntry


def sample_rows() -> list[AddressRow]:
    return [
        AddressRow("1050011", "東京都港区芝公園", "4丁目2-8", "",
                   (N("山田", "太郎", is_head=True), N("山田", "花子"), N("山田", "一")), block="1班", block_order=1,
                   reading="やまだたろう", key="h1"),
        AddressRow("1060032", "東京都港区六本木", "6丁目10-1", "六本木テストレジデンスB棟 2305号室",
                   (N("𠮷田", "𡈽子"),), block="2班", block_order=2, reading="よしだつちこ", key="h2"),
        AddressRow("2200012", "神奈川県横浜市西区みなとみらい", "2丁目3-1-1234", "テストタワーA 45階",
                   (N("佐々木", "健一郎"), N("佐々木", "美智子"), N("佐々木", "翔"), N("佐々木", "陽菜")),
                   block="1班", block_order=1, reading="ささきけんいちろう", key="h3"),
        AddressRow("0600001", "北海道札幌市中央区北一条西", "1234-5678-9012", "",
                   (N("長谷川", "左衛門三郎"), N("小野寺", "トメ")), block="3班", block_order=3, reading="はせがわ", key="h4"),
        AddressRow("1000001", "東京都千代田区千代田", "1-1", "", (N("鈴木", "一"),), reading="すずきはじめ", key="h5"),
    ]


@pytest.fixture
def rows():
    return sample_rows()


@pytest.fixture
def sender():
    return Sender("1080073", "東京都港区三田", "3丁目4-10", "", ("みなと町会", "会長 鈴木 一郎"))
