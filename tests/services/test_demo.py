"""The demo association is the first thing a user sees: its families must be possible ones."""
from __future__ import annotations

import datetime as dt

from db import models as m
from desktop.services import demo

MALE = {g for g, _r in demo.MALE_GIVEN}
FEMALE = {g for g, _r in demo.FEMALE_GIVEN}
# 続柄 only a man, or only a woman, can have.
MALE_RELATIONS = {"夫", "父", "祖父", "長男", "次男", "三男", "兄", "弟", "甥", "義父"}
FEMALE_RELATIONS = {"妻", "母", "祖母", "長女", "次女", "三女", "姉", "妹", "姪", "義母"}


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _households() -> dict[int, list[m.Person]]:
    out: dict[int, list[m.Person]] = {}
    for p in m.Person.select().order_by(m.Person.household, m.Person.household_order):
        out.setdefault(p.household_id, []).append(p)
    return out


def test_relations_agree_with_sex(demo_store):
    """A man is never 母, 妻 or 長女, a woman never 父 or 長男 (高橋 一郎 was 母 on a sheet)."""
    people = list(m.Person.select())
    wrong = [(p.full_name, p.sex, p.relation) for p in people
             if (p.relation in FEMALE_RELATIONS and p.sex != "F")
             or (p.relation in MALE_RELATIONS and p.sex != "M")]
    assert not wrong
    assert {p.relation for p in people} >= {"本人", "妻", "長男", "長女", "母", "父"}


def test_ages_agree_with_relations(demo_store):
    """A parent living with the family is at least 20 years older than the head; children are
    at least 18 years younger than both parents and, as siblings, not born in the same year
    (no twins in the demo); nobody is born in the future."""
    today = dt.date.today()
    for members in _households().values():
        age = {p.relation: _age(p.birth_date, today) for p in members}
        assert all(p.birth_date <= today for p in members)
        head = age["本人"]
        for parent in ("父", "母"):
            if parent in age:
                assert age[parent] >= head + 20, members
        children = sorted(_age(p.birth_date, today) for p in members if p.relation[:1] in "長次三")
        for child in children:
            assert head - child >= 18 and ("妻" not in age or age["妻"] - child >= 18), members
        assert all(b - a >= 2 for a, b in zip(children, children[1:])), members


def test_emergency_contacts_are_plausible(demo_store):
    """The contact's given name agrees with the relation (no 「青木 進（妹）」 or 「遠藤 修（長女）」),
    and a child's contact is a parent or grandparent (a 2-year-old had a 長女)."""
    today = dt.date.today()
    contacts = list(m.EmergencyContact.select(m.EmergencyContact, m.SupportRecord, m.Person)
                    .join(m.SupportRecord).join(m.Person))
    assert len(contacts) == m.SupportRecord.select().count() == 30
    for c in contacts:
        given = c.name.split(" ")[-1]
        if c.relation in FEMALE_RELATIONS:
            assert given in FEMALE, (c.name, c.relation)
        elif c.relation in MALE_RELATIONS:
            assert given in MALE, (c.name, c.relation)
        else:
            raise AssertionError(f"unexpected relation {c.relation}")
        if _age(c.record.person.birth_date, today) < 18:
            assert c.relation in ("父", "母", "祖父", "祖母"), (c.record.person.full_name, c.relation)
    children = [c for c in contacts if _age(c.record.person.birth_date, today) < 18]
    assert children, "the demo has infants on the register"


def test_a_parent_contact_is_the_parent_in_the_household(demo_store):
    """When a child's contact is 父 or 母 living with them, it is that parent, by name."""
    for c in m.EmergencyContact.select().where(m.EmergencyContact.relation.in_(("父", "母"))):
        person = c.record.person
        parents = {q.full_name for q in m.Person.select().where(m.Person.household == person.household_id,
                                                                  m.Person.relation.in_(("本人", "妻")))}
        if c.lives_where == "同居":
            assert c.name in parents
