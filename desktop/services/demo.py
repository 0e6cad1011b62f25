"""A synthetic demo association: deterministic for a seed, scalable for benchmarks.

Every name, address and number here is made up by a random generator. Addresses follow
the shape of Minato City (港区) addresses with the postal codes of those towns (public
Japan Post data), so postal look-up and label printing have something real to work on.
A few names use characters that trouble fonts and sorting: 髙, 﨑 and 𠮷 (U+20BB7).
"""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable

from db import models as m
from db.database import db, new_uuid, now
from desktop import jtext

ASSOCIATION_NAME = "港南みらい町会（デモ）"

# (family name, reading). The last three carry the rare characters.
FAMILY_NAMES = [
    ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"),
    ("伊藤", "いとう"), ("渡辺", "わたなべ"), ("山本", "やまもと"), ("中村", "なかむら"),
    ("小林", "こばやし"), ("加藤", "かとう"), ("吉田", "よしだ"), ("山田", "やまだ"),
    ("佐々木", "ささき"), ("山口", "やまぐち"), ("松本", "まつもと"), ("井上", "いのうえ"),
    ("木村", "きむら"), ("林", "はやし"), ("清水", "しみず"), ("山崎", "やまざき"),
    ("森", "もり"), ("池田", "いけだ"), ("橋本", "はしもと"), ("阿部", "あべ"),
    ("石川", "いしかわ"), ("前田", "まえだ"), ("藤田", "ふじた"), ("小川", "おがわ"),
    ("岡田", "おかだ"), ("後藤", "ごとう"), ("長谷川", "はせがわ"), ("村上", "むらかみ"),
    ("近藤", "こんどう"), ("坂本", "さかもと"), ("遠藤", "えんどう"), ("青木", "あおき"),
    ("藤井", "ふじい"), ("西村", "にしむら"), ("福田", "ふくだ"), ("太田", "おおた"),
    ("三浦", "みうら"), ("岡本", "おかもと"), ("松田", "まつだ"), ("中川", "なかがわ"),
    ("原田", "はらだ"), ("小野", "おの"), ("竹内", "たけうち"), ("和田", "わだ"),
    ("野口", "のぐち"), ("上野", "うえの"), ("大野", "おおの"), ("菅原", "すがわら"),
    ("髙橋", "たかはし"), ("山﨑", "やまざき"), ("𠮷田", "よしだ"),
]
RARE_FAMILY = FAMILY_NAMES[-3:]

FEMALE_GIVEN = [
    ("花子", "はなこ"), ("和子", "かずこ"), ("幸子", "さちこ"), ("節子", "せつこ"),
    ("洋子", "ようこ"), ("恵子", "けいこ"), ("京子", "きょうこ"), ("久美子", "くみこ"),
    ("由美", "ゆみ"), ("陽子", "ようこ"), ("美咲", "みさき"), ("さくら", "さくら"),
    ("結衣", "ゆい"), ("陽菜", "ひな"), ("千代", "ちよ"), ("トミ", "とみ"),
    ("ハル", "はる"), ("静江", "しずえ"), ("文子", "ふみこ"), ("澄子", "すみこ"),
]
MALE_GIVEN = [
    ("太郎", "たろう"), ("一郎", "いちろう"), ("茂", "しげる"), ("勇", "いさむ"),
    ("清", "きよし"), ("博", "ひろし"), ("隆", "たかし"), ("誠", "まこと"),
    ("健一", "けんいち"), ("正雄", "まさお"), ("昭夫", "あきお"), ("修", "おさむ"),
    ("大輔", "だいすけ"), ("翔太", "しょうた"), ("蓮", "れん"), ("悠真", "ゆうま"),
    ("義男", "よしお"), ("武", "たけし"), ("進", "すすむ"), ("稔", "みのる"),
]

# Minato towns with their postal codes (Japan Post): 7 digits without hyphen.
TOWNS = [
    ("1050011", "東京都港区芝公園"), ("1050022", "東京都港区海岸"), ("1060032", "東京都港区六本木"),
    ("1060045", "東京都港区麻布十番"), ("1070052", "東京都港区赤坂"), ("1080023", "東京都港区芝浦"),
    ("1080072", "東京都港区白金"), ("1080073", "東京都港区三田"), ("1080074", "東京都港区高輪"),
    ("1080075", "東京都港区港南"),
]
BUILDINGS = ["グリーンハイツ", "メゾン港南", "コーポ白金", "サンライズ芝", "みなとレジデンス", "パークサイド高輪"]
# Emergency contacts of an older person: (relation, sex, shares the family name). A daughter,
# sister or niece usually carries another family name (marriage, a sibling's family).
RELATIVES = [("長男", "M", True), ("次男", "M", True), ("長女", "F", False), ("次女", "F", False),
             ("弟", "M", True), ("妹", "F", False), ("甥", "M", False), ("姪", "F", False)]
# …and of a child: a parent or a grandparent.
CHILD_CONTACTS = [("父", "M"), ("母", "F"), ("祖父", "M"), ("祖母", "F")]
LIVES_WHERE = ["神奈川県横浜市", "東京都品川区", "埼玉県さいたま市", "千葉県船橋市", "東京都大田区"]
SHELTERS = ["港南小学校", "芝公園区民センター", "高輪台小学校", "三田中学校"]

TODAY_DEFAULT = None  # the demo is relative to the day it is made


def _phone(rng: random.Random, mobile: bool) -> str:
    if mobile:
        return rng.choice(["090", "080", "070"]) + f"{rng.randint(1000, 9999)}{rng.randint(0, 9999):04d}"
    return "03" + f"{rng.randint(5000, 6999)}{rng.randint(0, 9999):04d}"


def _birth(rng: random.Random, today: dt.date, age: int) -> dt.date:
    """A birthday of someone exactly `age` years old today (never a day in the future, never
    29 February: plans move the birthday to other years)."""
    day = dt.date(today.year - age, today.month, min(today.day, 28)) - dt.timedelta(days=rng.randint(0, 360))
    return day - dt.timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def _family(rng: random.Random, kind: str) -> list[tuple[str, int, str]]:
    """(sex, age, 続柄 to the head) of one household, head first. Relations agree with sex
    (a man is 本人/夫/父/長男…, never 母) and ages with relations: a wife near her husband's
    age, children born when their mother was 22–42 and at least two years apart, a parent
    living with the family 22–35 years older than the head."""
    if kind == "alone":
        return [(rng.choice("FFM"), rng.randint(66, 95), "本人")]
    if kind == "couple":
        head = rng.randint(66, 90)
        return [("M", head, "本人"), ("F", max(62, head - rng.randint(0, 6)), "妻")]
    if kind == "family":
        wife = rng.randint(33, 55)
        out = [("M", wife + rng.randint(0, 5), "本人"), ("F", wife, "妻")]
        eldest = rng.randint(max(0, wife - 42), min(15, wife - 22))
        ages = [eldest] + ([eldest - rng.randint(2, 6)] if rng.random() < 0.5 else [])
        sons = daughters = 0
        for age in (a for a in ages if a >= 0):
            sex = rng.choice("FM")
            if sex == "M":
                sons += 1
                out.append((sex, age, ("長男", "次男", "三男")[sons - 1]))
            else:
                daughters += 1
                out.append((sex, age, ("長女", "次女", "三女")[daughters - 1]))
        return out
    head = rng.randint(40, 65)
    parent_sex = rng.choice("FM")
    return [("M", head, "本人"), ("F", max(38, head - rng.randint(0, 5)), "妻"),
            (parent_sex, min(100, head + rng.randint(22, 35)), "母" if parent_sex == "F" else "父")]


def _chunks(rows: list, size: int = 400) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _insert(model, rows: list[dict]) -> None:
    for chunk in _chunks(rows):
        model.insert_many(chunk).execute()


def _stamp(row: dict, ts: dt.datetime) -> dict:
    row.setdefault("uuid", new_uuid())
    row.setdefault("created_at", ts)
    row.setdefault("updated_at", ts)
    return row


def generate(people: int = 300, seed: int = 20261128, today: dt.date | None = None, years: int = 1) -> dict[str, int]:
    """Fill the open (empty) database with a demo association; return the counts written."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    ts = now()
    n_blocks = max(8, people // 40)
    with db.atomic():
        assoc = m.Association.get_or_none() or m.Association.create(name=ASSOCIATION_NAME)
        assoc.name = ASSOCIATION_NAME
        assoc.leader_name = "佐藤 一郎"
        assoc.postal_code, assoc.address = "1080075", "東京都港区港南9丁目1-1 町会会館"
        assoc.phone = "0354710000"
        assoc.fiscal_year = today.year if today.month >= 4 else today.year - 1
        assoc.save()

        blocks = [_stamp({"id": i + 1, "name": f"{i + 1}班", "position": i}, ts) for i in range(n_blocks)]
        _insert(m.Block, blocks)

        households, persons = [], []
        pid = 0
        hid = 0
        while pid < people:
            hid += 1
            block_id = (hid - 1) % n_blocks + 1
            postal, town = TOWNS[(block_id - 1) % len(TOWNS)]
            chome = (block_id - 1) // len(TOWNS) % 9 + 1
            addr2 = f"{chome}丁目{rng.randint(1, 30)}-{rng.randint(1, 25)}"
            addr3 = f"{rng.choice(BUILDINGS)}{rng.randint(1, 8)}0{rng.randint(1, 9)}" if rng.random() < 0.35 else ""
            households.append(_stamp({
                "id": hid, "postal_code": postal, "address1": town, "address2": addr2, "address3": addr3,
                "landline": _phone(rng, False) if rng.random() < 0.7 else "", "block": block_id,
                "notes": "",
            }, ts))
            family = rng.choice(RARE_FAMILY) if rng.random() < 0.04 else rng.choice(FAMILY_NAMES[:-3])
            if hid == 1:
                family = ("山田", "やまだ")  # the example the docs use: やまだ finds 山田
            kind = rng.choices(["alone", "couple", "family", "three"], [0.3, 0.3, 0.3, 0.1])[0]
            used_given: set[str] = set()
            for order, (sex, age, relation) in enumerate(_family(rng, kind)):
                if pid >= people:
                    break
                pid += 1
                # No two members of one household share a given name (the importer would
                # rightly flag them as duplicates).
                given, greading = rng.choice([g for g in (FEMALE_GIVEN if sex == "F" else MALE_GIVEN) if g[0] not in used_given])
                used_given.add(given)
                birth = _birth(rng, today, age)
                mobile = _phone(rng, True) if (today.year - birth.year) > 12 and rng.random() < 0.6 else ""
                roles = ["head"] if order == 0 else []
                status = m.STATUS_MEMBER if rng.random() > 0.08 else m.STATUS_RESIDENT
                if rng.random() < 0.02:
                    status = rng.choice([m.STATUS_MOVED, m.STATUS_DECEASED])
                fam_name, fam_reading = family
                persons.append(_stamp({
                    "id": pid, "household": hid, "family_name": fam_name, "given_name": given,
                    "family_reading": fam_reading, "given_reading": greading, "birth_date": birth,
                    "sex": sex, "mobile": mobile, "email": "", "relation": relation, "is_head": order == 0,
                    "household_order": order, "roles": ",".join(roles), "status": status, "notes": "",
                    "sort_key": jtext.person_sort_key(fam_reading, greading),
                    "search_text": jtext.person_search_text(
                        fam_name, given, fam_reading, greading,
                        [mobile, households[-1]["landline"]]),
                }, ts))
        _insert(m.Household, households)

        # One leader per block: the first head of a household in the block.
        by_block: dict[int, list[dict]] = {}
        for p in persons:
            if p["is_head"] and p["status"] in m.ACTIVE_STATUSES:
                by_block.setdefault(households[p["household"] - 1]["block"], []).append(p)
        leaders = {}
        for block_id, heads in by_block.items():
            leader = heads[0]
            leader["roles"] = "head,block_leader"
            leaders[block_id] = leader
        for p in rng.sample(persons, k=min(len(persons), max(3, people // 60))):
            if "officer" not in p["roles"]:
                p["roles"] = ",".join([r for r in p["roles"].split(",") if r] + ["officer"])
        _insert(m.Person, persons)
        for block_id, leader in leaders.items():
            m.Block.update(leader=leader["id"]).where(m.Block.id == block_id).execute()

        counts = {"blocks": n_blocks, "households": len(households), "people": len(persons)}
        counts.update(_support_records(rng, persons, households, leaders, today, ts))
        counts.update(_salons(rng, persons, today, ts, years))
        counts.update(_contacts(rng, persons, today, ts, years))
        counts.update(_call_trees(persons, households, leaders, ts))
    return counts


def _age(p: dict, today: dt.date) -> int:
    b = p["birth_date"]
    return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


def _support_records(rng, persons, households, leaders, today, ts) -> dict[str, int]:
    active = [p for p in persons if p["status"] in m.ACTIVE_STATUSES]
    elderly = [p for p in active if _age(p, today) >= 75]
    infants = [p for p in active if _age(p, today) <= 2]
    target = max(1, round(len(persons) / 10))
    chosen = rng.sample(elderly, k=min(len(elderly), target - min(2, len(infants))))
    chosen += infants[: target - len(chosen)]
    records, contacts, supporters, plans = [], [], [], []
    household_size = Counter(q["household"] for q in persons)
    members: dict[int, list[dict]] = {}
    for q in persons:
        members.setdefault(q["household"], []).append(q)
    for rid, p in enumerate(chosen, start=1):
        reasons = []
        if _age(p, today) <= 2:
            reasons = ["infant"]
        else:
            alone = household_size[p["household"]] == 1
            reasons.append("elderly_alone" if alone else "elderly_only")
            reasons += rng.sample(["care_level", "physical", "visual", "hearing", "intractable",
                                   "home_oxygen", "wheelchair", "dialysis"], k=rng.randint(0, 2))
        consent = rng.choices([m.CONSENT_YES, m.CONSENT_NO, m.CONSENT_UNKNOWN], [0.7, 0.2, 0.1])[0]
        reviewed = today - dt.timedelta(days=rng.randint(30, 540))
        records.append(_stamp({
            "id": rid, "person": p["id"], "reasons": ",".join(reasons),
            "care_level": f"要介護{rng.randint(1, 5)}" if "care_level" in reasons else "",
            "details": "階段の昇り降りに介助が必要" if "physical" in reasons or "wheelchair" in reasons else "",
            "consent": consent, "consent_date": reviewed if consent != m.CONSENT_UNKNOWN else None,
            "consent_method": "訪問して書面で確認" if consent != m.CONSENT_UNKNOWN else "",
            "consent_note": "名簿を平常時から支援者に提供することを説明" if consent != m.CONSENT_UNKNOWN else "",
            "destination_type": rng.choice(["shelter", "relative", "home"]),
            "destination": rng.choice(SHELTERS), "destination_flood": "自宅2階（垂直避難）",
            "route_notes": "大通りを避け、公園側の道を通る", "bring_items": "お薬手帳、眼鏡、常備薬3日分",
            "medication_notes": "血圧の薬（朝夕）" if rng.random() < 0.5 else "",
            "equipment_notes": "在宅酸素のボンベ予備1本" if "home_oxygen" in reasons else "",
            "last_reviewed": reviewed,
        }, ts))
        contacts.append(_stamp(_emergency_contact(rng, p, members[p["household"]], today)
                               | {"record": rid, "position": 0}, ts))
        block = households[p["household"] - 1]["block"]
        leader = leaders.get(block)
        if leader and leader["id"] != p["id"]:
            supporters.append(_stamp({"record": rid, "position": 0, "person": leader["id"], "name": "",
                                      "phone": leader["mobile"] or "", "note": "班長"}, ts))
        supporters.append(_stamp({"record": rid, "position": 1, "person": None,
                                  "name": f"民生委員 {rng.choice(FAMILY_NAMES[:-3])[0]}", "phone": _phone(rng, True),
                                  "note": "民生委員"}, ts))
        if rid % 2:
            plans.append(_stamp({"record": rid, "when_to_leave": "避難指示（警戒レベル4）の前、高齢者等避難（レベル3）で出発",
                                 "means_of_travel": "車いす・支援者が押す", "supporter_tasks": "声かけ、車いす介助、避難所まで同行",
                                 "contact_method": "固定電話→携帯→訪問", "notes": "", "drawn_up_on": p["birth_date"].replace(year=today.year - 1)}, ts))
    _insert(m.SupportRecord, records)
    _insert(m.EmergencyContact, contacts)
    _insert(m.Supporter, supporters)
    _insert(m.EvacuationPlan, plans)
    return {"support_records": len(records), "without_consent": sum(r["consent"] != m.CONSENT_YES for r in records)}


def _emergency_contact(rng, p: dict, household: list[dict], today: dt.date) -> dict:
    """Someone who would plausibly be called for `p`: for a child a parent (from the
    household, with their mobile) or a grandparent; for an adult a son, daughter, sibling,
    nephew or niece, the given name agreeing with the relation."""
    if _age(p, today) < 18:
        relation, sex = rng.choice(CHILD_CONTACTS)
        parent = next((q for q in household if q["sex"] == sex and q["relation"] in ("本人", "妻")), None)
        if relation in ("父", "母") and parent is not None:
            return {"name": f"{parent['family_name']} {parent['given_name']}", "relation": relation,
                    "phone": parent["mobile"] or _phone(rng, True), "lives_where": "同居"}
        relation = "祖父" if sex == "M" else "祖母"
        family = p["family_name"]
    else:
        relation, sex, same_family = rng.choice(RELATIVES)
        family = p["family_name"] if same_family else rng.choice(FAMILY_NAMES[:-3])[0]
    given = rng.choice(MALE_GIVEN if sex == "M" else FEMALE_GIVEN)[0]
    return {"name": f"{family} {given}", "relation": relation, "phone": _phone(rng, True),
            "lives_where": rng.choice(LIVES_WHERE)}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def _salons(rng, persons, today, ts, years) -> dict[str, int]:
    active = [p for p in persons if p["status"] in m.ACTIVE_STATUSES]
    elders = [p for p in active if _age(p, today) >= 65]
    n_salons = max(2, len(persons) // 150)
    salons, regulars, sessions, attendance = [], [], [], []
    sid = 0
    for i in range(n_salons):
        second = i % 2 == 1
        salons.append(_stamp({
            "id": i + 1, "name": ("お手紙サロン" if second else "いきいきサロン") + (f" {i // 2 + 1}" if n_salons > 2 else ""),
            "venue": "町会会館 2階" if not second else "港南集会所",
            "schedule": "毎月第4木曜 10:00" if second else "毎月第2火曜 13:30",
            "organisers": "佐藤、鈴木", "active": True,
        }, ts))
        pool = elders[i::n_salons] or elders
        members = rng.sample(pool, k=min(len(pool), 25))
        start = dt.date(today.year - years, today.month, 1)
        regulars += [_stamp({"salon": i + 1, "person": p["id"], "joined_on": start}, ts) for p in members]
        month_count = years * 12 + 3
        for k in range(month_count):
            y, mth = start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1
            day = _nth_weekday(y, mth, 3 if second else 1, 4 if second else 2)
            sid += 1
            mode = "letter" if second and mth in (1, 2, 8) else "in_person"
            sessions.append(_stamp({"id": sid, "salon": i + 1, "date": day, "start_time": "10:00" if second else "13:30",
                                    "theme": rng.choice(["体操と茶話会", "健康相談", "折り紙", "歌の会", "防災の話", "季節の便り"]),
                                    "mode": mode, "cancelled": False}, ts))
            if day >= today:
                continue
            for p in members:
                # Some regulars drift away: they stop coming for the last months.
                drifting = p["id"] % 7 == 0 and (today - day).days < 100
                if drifting:
                    state = "absent"
                else:
                    state = rng.choices(["attended", "absent", "absent_notice"], [0.75, 0.1, 0.15])[0]
                if mode == "letter":
                    state = "letter" if not drifting and rng.random() < 0.8 else "absent"
                attendance.append(_stamp({"session": sid, "person": p["id"], "state": state}, ts))
    _insert(m.Salon, salons)
    _insert(m.SalonMember, regulars)
    _insert(m.SalonSession, sessions)
    _insert(m.Attendance, attendance)
    return {"salons": len(salons), "sessions": len(sessions), "attendance": len(attendance)}


def _contacts(rng, persons, today, ts, years) -> dict[str, int]:
    logs = []
    methods = ["phone", "phone", "letter", "visit", "online"]
    outcomes = {"phone": ["talked", "talked", "no_answer", "message"], "letter": ["letter_sent", "reply"],
                "visit": ["talked", "no_answer"], "online": ["talked"]}
    for p in persons:
        if p["status"] not in m.ACTIVE_STATUSES or rng.random() > 0.4:
            continue
        for _ in range(rng.randint(1, 4 * years)):
            method = rng.choice(methods)
            when = dt.datetime.combine(today - dt.timedelta(days=rng.randint(1, 365 * years)), dt.time(rng.randint(9, 18), rng.choice([0, 15, 30, 45])))
            follow = (when.date() + dt.timedelta(days=rng.randint(7, 60))) if rng.random() < 0.15 else None
            logs.append(_stamp({"person": p["id"], "contacted_at": when, "method": method, "made_by": rng.choice(["佐藤", "鈴木", "班長"]),
                                "outcome": rng.choice(outcomes[method]), "note": "", "follow_up_on": follow}, ts))
    _insert(m.ContactLog, logs)
    return {"contact_logs": len(logs)}


def _call_trees(persons, households, leaders, ts) -> dict[str, int]:
    """Per block: the leader calls the first of each chain; each head calls the next."""
    heads_by_block: dict[int, list[dict]] = {}
    for p in persons:
        if p["is_head"] and p["status"] in m.ACTIVE_STATUSES:
            heads_by_block.setdefault(households[p["household"] - 1]["block"], []).append(p)
    trees, nodes = [], []
    node_id = 0
    for tid, (block_id, leader) in enumerate(sorted(leaders.items()), start=1):
        trees.append(_stamp({"id": tid, "name": f"{block_id}班 連絡網", "block": block_id}, ts))
        node_id += 1
        root = node_id
        nodes.append(_stamp({"id": root, "tree": tid, "person": leader["id"], "parent": None, "position": 0}, ts))
        others = sorted((p for p in heads_by_block.get(block_id, []) if p["id"] != leader["id"]), key=lambda p: p["sort_key"])
        n_chains = 1 if len(others) <= 6 else (2 if len(others) <= 14 else 3)
        for c in range(n_chains):
            parent = root
            for pos, p in enumerate(others[c::n_chains]):
                node_id += 1
                nodes.append(_stamp({"id": node_id, "tree": tid, "person": p["id"], "parent": parent,
                                     "position": c if parent == root else 0}, ts))
                parent = node_id
    _insert(m.CallTree, trees)
    _insert(m.CallTreeNode, nodes)
    return {"call_trees": len(trees), "call_tree_nodes": len(nodes)}
