"""統合する: a file row merged into a person already in the roster, and what the wizard says
about it before and after the import.

A merge fills only empty fields, or overwrites the groups of fields the person ticked. The
address, the phone and the 班 belong to the household: changing them for one person changes
them for everyone who lives with them, so every sentence here names those people. A status
(転出, 死亡) changes through roster.set_status, as the person form changes it. The values
before are kept in the import's summary so undo_import() puts them back.

A row left out (the default for a possible duplicate) changes nothing; when it says another
班 or status than the roster, `left_differences()` lists it so the news is not lost unseen.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from db import audit
from db import models as m
from db.database import db
from desktop import jtext
from desktop.i18n import N_, _
from desktop.services.import_households import home_key
from desktop.services.import_model import PersonIn

# What a merge may replace, by the label the person sees; household fields live on the household.
MERGE_PERSON_FIELDS = {"name": ("family_name", "given_name"), "reading": ("family_reading", "given_reading"),
                       "birth_date": ("birth_date",), "sex": ("sex",), "mobile": ("mobile",), "email": ("email",),
                       "relation": ("relation",), "notes": ("notes",)}
MERGE_HOUSEHOLD_FIELDS = {"address": ("postal_code", "address1", "address2", "address3"), "landline": ("landline",)}
# Groups that live on the household: replacing one changes it for everyone in it.
HOUSEHOLD_GROUPS = ("address", "landline", "block")

GROUP_LABELS = {"name": N_("Name"), "reading": N_("Reading"), "birth_date": N_("Birth date"), "sex": N_("Sex"),
                "mobile": N_("Mobile"), "email": N_("Email"), "relation": N_("Relation"), "notes": N_("Notes"),
                "address": N_("Address"), "landline": N_("Phone"), "block": N_("Block"), "status": N_("Status")}
# The same words as the roster's status column (ui/roster/labels.py).
STATUS_WORDS = {m.STATUS_MEMBER: N_("Member"), m.STATUS_RESIDENT: N_("Resident, not a member"),
                m.STATUS_MOVED: N_("Moved out"), m.STATUS_DECEASED: N_("Deceased")}
_LIST_LIMIT = 20  # people listed by name before 「ほか N 人」


def status_word(code: str) -> str:
    return _(STATUS_WORDS[code]) if code in STATUS_WORDS else code


def names_text(names: list[str] | tuple[str, ...], limit: int = 4) -> str:
    """「山田 修さん、山田 一郎さん」: a few names as a sentence lists people, then 「ほか N 人」."""
    shown = "、".join(_("{name}").format(name=n) for n in names[:limit])
    if len(names) > limit:
        shown += _(" and %d more") % (len(names) - limit)
    return shown


# -- what a merge writes ------------------------------------------------------------------

@dataclass
class MergeChanges:
    """What merging one file row into one person would write (nothing written yet)."""

    person: dict[str, object] = field(default_factory=dict)  # person field -> new value
    household: dict[str, object] = field(default_factory=dict)  # household field -> new value
    block: str = ""  # the 班 the household moves to, by the file's name ("" = stays)
    new_block: bool = False  # no 班 of that name yet: the merge makes it
    status: str = ""  # the new status ("" = stays)
    new_household: bool = False  # the person has no household: one is made for the file's address

    def groups(self) -> list[str]:
        """The changed groups, in the order the wizard compares them."""
        changed = set(self.person) | set(self.household)
        out = [key for groups in (MERGE_PERSON_FIELDS, MERGE_HOUSEHOLD_FIELDS)
               for key, names in groups.items() if changed & set(names)]
        return out + (["block"] if self.block else []) + (["status"] if self.status else [])

    def household_groups(self) -> list[str]:
        return [g for g in self.groups() if g in HOUSEHOLD_GROUPS]


def _updates(current: dict, row: PersonIn, groups: dict, replace) -> dict:
    """Per group: the file's values where the current one is empty, or all of them if ticked;
    never a blank over a value (the file has nothing there). Only the fields that change."""
    out = {}
    for key, names in groups.items():
        new = {n: getattr(row, n) for n in names}
        if not any(v not in (None, "") for v in new.values()):
            continue
        for n, v in new.items():
            now = current.get(n)
            if key in replace or now in (None, ""):
                value = v if v is not None else now
                if value != now:
                    out[n] = value
    return out


def _block_of(name: str) -> m.Block | None:
    key = jtext.block_key(name)
    for block in m.Block.select().order_by(m.Block.position, m.Block.id):
        if jtext.block_key(block.name) == key:
            return block
    return None


def block_keys() -> set[str]:
    """The 班 there are, as block_key() compares them (a file's 班 not among them is made)."""
    return {jtext.block_key(name) for (name,) in m.Block.select(m.Block.name).tuples()}


def planned_changes(person: m.Person, row: PersonIn, replace=frozenset()) -> MergeChanges:
    """What merge_into() writes for this person and row; the wizard shows it before the import."""
    household = person.household if person.household_id else None
    out = MergeChanges()
    out.person = _updates({n: getattr(person, n) for names in MERGE_PERSON_FIELDS.values() for n in names},
                          row, MERGE_PERSON_FIELDS, replace)
    current = ({n: getattr(household, n) for names in MERGE_HOUSEHOLD_FIELDS.values() for n in names}
               if household is not None else {})
    out.household = _updates(current, row, MERGE_HOUSEHOLD_FIELDS, replace)
    now_block = household.block.name if household is not None and household.block_id else ""
    if row.block and (not now_block or ("block" in replace and jtext.block_key(now_block) != jtext.block_key(row.block))):
        out.block = row.block
        out.new_block = _block_of(row.block) is None
    out.new_household = household is None and bool(out.household or out.block)
    if "status" in replace and row.status_given and row.status != person.status:
        out.status = row.status
    return out


def merge_into(person: m.Person, row: PersonIn, replace: set[str] | frozenset = frozenset(), actor: str = "",
               batch: m.ImportBatch | None = None) -> dict:
    """Fill the person's empty fields from the file row; overwrite only the groups in `replace`.

    One transaction, through the roster's services (every changed field in the audit log; a
    status as the person form changes it). Returns the values before, so an undo of the
    import can put them back.
    """
    from desktop.services import roster

    reason = f"import:{batch.uuid}" if batch else "import"
    change = planned_changes(person, row, replace)
    with db.atomic():
        before = {"person": person.id, "values": roster._values(person, roster.PERSON_FIELDS)}
        household = person.household if person.household_id else None
        values = dict(change.person)
        if change.new_household:
            household = m.Household.create()
            audit.record(actor, "create", household, reason=reason)
            values["household"] = household.id
            before["created_household"] = household.id
        if household is not None:
            before["household"] = household.id
            before["household_values"] = roster._values(household, roster.HOUSEHOLD_FIELDS)
            household_values = dict(change.household)
            if change.block:
                block = _block_of(change.block)
                if block is None:
                    block = roster.create_block(change.block, actor)
                    before["made_block"] = block.id
                before["block"] = household.block_id
                household_values["block"] = block.id
            if household_values:
                roster.save_household(household_values, household, actor)
        values["family_name"] = values.get("family_name", person.family_name)
        roster.save_person(values, person, actor)
        if change.status:
            before["status"] = person.status
            roster.set_status(person, change.status, actor)
        # What the merge wrote: undo puts back only those fields, and only where they still
        # hold it (an edit made after the import stays).
        person = m.Person.get_by_id(person.id)
        before["after"] = {"values": roster._values(person, roster.PERSON_FIELDS), "status": person.status}
        if household is not None:
            household = m.Household.get_by_id(household.id)
            before["after"]["household_values"] = roster._values(household, roster.HOUSEHOLD_FIELDS)
            before["after"]["block"] = household.block_id
        audit.record(actor, "merge_import_row", person, new=f"row {row.row}", reason=reason)
    return _jsonable(before)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@dataclass
class MergesRestored:
    """What undo did with the people an import merged file rows into."""

    people: int = 0  # merged people put back (some fields may have been kept, below)
    kept: list[str] = field(default_factory=list)  # 「山田 太郎（携帯）」: changed since the import, kept


def _stored(k: str, v):
    return (dt.date.fromisoformat(v) if v else None) if k == "birth_date" else v


def _put_back(row, names, before: dict, after: dict | None, changed_since: list[str]) -> list[str]:
    """Set row's fields in `names` back to `before`. With `after` (what the merge wrote):
    only the fields the merge changed, and only where the row still holds what it wrote;
    the others are named in changed_since. Returns the fields set."""
    done = []
    for k in names:
        old = _stored(k, before.get(k))
        if after is None:
            if getattr(row, k) != old:
                setattr(row, k, old)
                done.append(k)
            continue
        wrote = _stored(k, after.get(k))
        if wrote == old:
            continue  # the merge did not change it
        if getattr(row, k) != wrote:
            changed_since.append(k)  # edited after the import: that edit stays
            continue
        setattr(row, k, old)
        done.append(k)
    return done


def field_labels(names: list[str]) -> str:
    """「携帯、住所」: the merge groups the fields belong to, as the wizard names them."""
    labels = []
    for groups in (MERGE_PERSON_FIELDS, MERGE_HOUSEHOLD_FIELDS):
        for key, fields in groups.items():
            if set(fields) & set(names) and _(GROUP_LABELS[key]) not in labels:
                labels.append(_(GROUP_LABELS[key]))
    if "block" in names:
        labels.append(_(GROUP_LABELS["block"]))
    if "status" in names:
        labels.append(_(GROUP_LABELS["status"]))
    return "、".join(labels)


def restore_merges(summary: dict, actor: str = "") -> MergesRestored:
    """Put merged people and households back as they were before the import (used by undo).

    Only what the merge changed goes back, and only where it still holds what the merge
    wrote: a mobile number or a note changed after the import is the newer truth and stays
    (named in `kept`). Merges recorded by versions that did not keep what they wrote are
    put back whole, as those versions did."""
    from desktop.services import roster

    person_names = [n for names in MERGE_PERSON_FIELDS.values() for n in names]
    household_names = [n for names in MERGE_HOUSEHOLD_FIELDS.values() for n in names]
    out = MergesRestored()
    # Newest first: two people of one household merged one after the other each kept the
    # household as the merge before left it; the first merge's "before" is the true one.
    for entry in reversed(summary.get("merged", [])):
        after = entry.get("after")
        person = m.Person.get_or_none(m.Person.id == entry["person"])
        household = m.Household.get_or_none(m.Household.id == entry["household"]) if entry.get("household") else None
        kept: list[str] = []
        if household is not None and "household_values" in entry:
            before = {k: getattr(household, k) for k in household_names}
            done = _put_back(household, household_names, entry["household_values"],
                             after.get("household_values") if after else None, kept)
            if done:
                household.save()
                audit.record_changes(actor, household, before, household_names)
                roster.refresh_members([household.id])  # their search text holds the landline
            if "block" in entry:  # only a merge that moved the household (older imports never did)
                if after is None or household.block_id == after.get("block"):
                    old = m.Block.get_or_none(m.Block.id == entry["block"]) if entry["block"] else None
                    roster.move_household(household, old, actor)
                elif household.block_id != entry["block"]:
                    kept.append("block")
        if person is None:
            continue
        before = {k: getattr(person, k) for k in person_names}
        done = _put_back(person, person_names, entry["values"], after.get("values") if after else None, kept)
        if entry.get("created_household") and person.household_id == entry["created_household"]:
            person.household = None
        roster.refresh_index(person)
        person.save()
        if done:
            audit.record_changes(actor, person, before, person_names)
        if "status" in entry:
            if after is None or person.status == after.get("status"):
                roster.set_status(person, entry["status"], actor)
            elif person.status != entry["status"]:
                kept.append("status")
        if entry.get("created_household") and not m.Person.select().where(
                m.Person.household == entry["created_household"]).exists():
            m.Household.delete().where(m.Household.id == entry["created_household"]).execute()
        out.people += 1
        if kept:
            out.kept.append(_("%(name)s (%(fields)s)") % {"name": person.full_name, "fields": field_labels(kept)})
    return out


# -- the people a merge compares with -------------------------------------------------------

@dataclass
class ExistingPerson:
    """A person already in the roster, as the duplicate step compares them with a file row."""

    id: int
    name: str
    reading: str
    birth_date: dt.date | None
    postal_code: str
    address: str
    address3: str
    landline: str
    mobile: str
    email: str
    sex: str
    status: str = m.STATUS_MEMBER
    block: str = ""  # the household's 班
    household_id: int | None = None
    housemates: tuple[str, ...] = ()  # the others who live with them (active), whom a household change reaches


def existing_people(ids: list[int]) -> dict[int, ExistingPerson]:
    """Two queries for the people the file's rows look like: them, then who lives with them."""
    from peewee import JOIN

    P, H, B = m.Person, m.Household, m.Block
    query = (P.select(P, H, B).join(H, JOIN.LEFT_OUTER, on=(P.household == H.id))
             .join(B, JOIN.LEFT_OUTER, on=(H.block == B.id)).where(P.id.in_(list(ids))))
    out = {}
    for p in query:
        h = p.household if p.household_id else None
        out[p.id] = ExistingPerson(p.id, p.full_name, p.full_reading, p.birth_date, h.postal_code if h else "",
                                   f"{h.address1}{h.address2}" if h else "", h.address3 if h else "",
                                   h.landline if h else "", p.mobile, p.email, p.sex, p.status,
                                   h.block.name if h is not None and h.block_id else "", p.household_id)
    homes = {e.household_id for e in out.values() if e.household_id}
    mates: dict[int, list[tuple[int, str]]] = {}
    if homes:
        for pid, hid, family, given in (P.select(P.id, P.household, P.family_name, P.given_name)
                                        .where(P.household.in_(list(homes)), P.deleted_at.is_null(),
                                               P.status.in_(m.ACTIVE_STATUSES))
                                        .order_by(P.household_order, P.id).tuples()):
            mates.setdefault(hid, []).append((pid, f"{family} {given}".strip()))
    for e in out.values():
        e.housemates = tuple(name for pid, name in mates.get(e.household_id, []) if pid != e.id)
    return out


# -- what the file says and the roster does not ----------------------------------------------

@dataclass
class Difference:
    """A duplicate row that says something else than the roster: another 班 or status, or
    another address or phone number (next year's roster is how a leader hears of a move or a
    new mobile). Each is (roster, file); None where they agree or the file says nothing."""

    row: int
    name: str
    block: tuple[str, str] | None = None
    status: tuple[str, str] | None = None  # codes
    address: tuple[str, str] | None = None  # as a person reads them
    landline: tuple[str, str] | None = None  # digits
    mobile: tuple[str, str] | None = None  # digits

    def keys(self) -> set[str]:
        return {k for k in DIFFERENCE_KEYS if getattr(self, k)}


# In the order the wizard compares them; each is a merge group 「Replace」 can take over.
DIFFERENCE_KEYS = ("address", "landline", "mobile", "block", "status")


def differences(plan, existing: dict[int, ExistingPerson] | None = None) -> dict[int, Difference]:
    """file row -> what differs, for the rows that look like a person in the roster."""
    ids = {d.row: int(d.other[3:]) for d in plan.duplicates if d.other.startswith("db:")}
    if existing is None:
        existing = existing_people(list(ids.values())) if ids else {}
    by_row = {p.row: p for p in plan.people}
    out = {}
    for row, pid in ids.items():
        p, e = by_row.get(row), existing.get(pid)
        if p is None or e is None:
            continue
        diff = Difference(row, p.name)
        if p.block and jtext.block_key(p.block) != jtext.block_key(e.block):
            diff.block = (e.block, p.block)
        if p.status_given and p.status != e.status:
            diff.status = (e.status, p.status)
        address = f"{p.address1}{p.address2} {p.address3}".strip()
        # compared as households are matched: 1丁目2番3号, 一丁目2-3 and １－２－３ are one home
        if address and home_key(address) != home_key(f"{e.address} {e.address3}"):
            diff.address = (f"{e.address} {e.address3}".strip(), address)
        for key in ("landline", "mobile"):
            new, old = getattr(p, key), getattr(e, key)
            if new and new != old:
                setattr(diff, key, (old, new))
        if diff.keys():
            out[row] = diff
    return out


def left_differences(plan, choices, existing: dict[int, ExistingPerson] | None = None) -> list[Difference]:
    """The differences the import does not take over: rows left out, and merges without the
    tick (a row kept as a second person brings its own 班 and status, a person who moved to a
    household of their own the file's 班)."""
    out = []
    moves = getattr(choices, "moves", {})
    for row, diff in sorted(differences(plan, existing).items()):
        if row in choices.keep_rows:
            continue
        ticked = choices.merges[row][1] if row in choices.merges else set()
        if row in moves:
            ticked = set(moves[row][1]) | {"block"}
        if row in choices.merges and diff.block and "block" not in ticked and not diff.block[0]:
            ticked = set(ticked) | {"block"}  # a household without a 班 takes the file's (filled, not replaced)
        if row in choices.merges or row in moves:
            # what a merge or a move takes over anyway: an empty roster value is filled, and
            # a move takes the file's address and phone for the new household
            taken = set(ticked)
            for key in ("address", "landline", "mobile"):
                value = getattr(diff, key)
                if value and (not value[0] or (row in moves and key != "mobile")):
                    taken.add(key)
            ticked = taken
        left = Difference(row, diff.name, **{k: getattr(diff, k) if k not in ticked else None
                                             for k in DIFFERENCE_KEYS})
        if left.keys():
            out.append(left)
    return out


def difference_lines(diffs: list[Difference], done: bool = False) -> list[str]:
    """The rows whose 班 or status the roster keeps, one line each (the first few)."""
    if not diffs:
        return []
    head = (_("%d people in the file say something else than the roster (address, phone, block or status); the "
              "roster was not changed:")
            if done else
            _("%d people in the file say something else than the roster (address, phone, block or status); the "
              "roster stays as it is:"))
    lines = [head % len(diffs)]
    for d in diffs[:_LIST_LIMIT]:
        parts = []
        if d.address:
            parts.append(_("address 「%s」") % d.address[1])
        for key, label in (("landline", N_("phone %(old)s → %(new)s")), ("mobile", N_("mobile %(old)s → %(new)s"))):
            value = getattr(d, key)
            if value:
                parts.append(_(label) % {"old": jtext.format_phone(value[0]) if value[0] else _("(none)"),
                                         "new": jtext.format_phone(value[1])})
        if d.block:
            parts.append(_("block %(old)s → %(new)s") % {"old": d.block[0] or _("(none)"), "new": d.block[1]})
        if d.status:
            parts.append(_("status %(old)s → %(new)s") % {"old": status_word(d.status[0]),
                                                          "new": status_word(d.status[1])})
        lines.append("・" + _("%(name)s (row %(row)d): %(what)s") % {"name": d.name, "row": d.row,
                                                                   "what": "、".join(parts)})
    if len(diffs) > _LIST_LIMIT:
        lines.append("・" + (_(" and %d more") % (len(diffs) - _LIST_LIMIT)).strip())
    if not done:
        lines.append(_("To take them over, go back, choose 「Merge」 and tick 「Replace」."))
    return lines


# -- what the merges change, for whom ---------------------------------------------------------

def merge_lines(plan, choices, done: bool = False) -> list[str]:
    """One sentence per merge that changes something: what changes, and who else in the
    household it reaches (they are not in the file's row, and would not know)."""
    by_row = {p.row: p for p in plan.people}
    ids = [pid for pid, _r in choices.merges.values()]
    existing = existing_people(ids) if ids else {}
    lines = []
    for row, (pid, replace) in sorted(choices.merges.items()):
        person = m.Person.get_or_none((m.Person.id == pid) & m.Person.deleted_at.is_null())
        if person is None or row not in by_row or by_row[row].has_error:
            continue
        change = planned_changes(person, by_row[row], set(replace))
        groups = change.groups()
        if not groups:
            continue
        parts = []
        for g in groups:
            if g == "block":
                old = existing[pid].block if pid in existing else ""
                parts.append(_("%(what)s (%(old)s → %(new)s)") % {"what": _(GROUP_LABELS[g]), "old": old or _("(none)"),
                                                                  "new": change.block})
            elif g == "status":
                parts.append(_("%(what)s (%(old)s → %(new)s)") % {"what": _(GROUP_LABELS[g]),
                                                                  "old": status_word(person.status),
                                                                  "new": status_word(change.status)})
            else:
                parts.append(_(GROUP_LABELS[g]))
        text = (_("%(name)s: %(changes)s changed.") if done else _("%(name)s: %(changes)s will change.")) % {
            "name": person.full_name, "changes": "、".join(parts)}
        mates = existing[pid].housemates if pid in existing else ()
        shared = change.household_groups()
        if mates and shared:  # a leading space in English, none in Japanese
            said = (_(" The household's %(what)s changed for %(names)s too.") if done else
                    _(" The household's %(what)s changes for %(names)s too."))
            text += said % {"what": "、".join(_(GROUP_LABELS[g]) for g in shared), "names": names_text(mates)}
        if change.new_block:
            said = _(" The block 「%s」 was made.") if done else _(" The block 「%s」 is new and will be made.")
            text += said % change.block
        lines.append("・" + text)
    return lines
