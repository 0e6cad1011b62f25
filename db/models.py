"""The data model of DESIGN.md. Rows carry a UUID and created/updated times (BaseModel).

Codes stored in text columns are the English identifiers below; the UI translates them.
Lists (roles, reasons) are stored as comma-separated codes: short, readable in an export,
and searchable with LIKE.
"""
from __future__ import annotations

import datetime as dt

import peewee as pw

from db.database import BaseModel, now

# Member status of a person.
STATUS_MEMBER = "member"
STATUS_RESIDENT = "resident"  # lives here, not a member of the association
STATUS_MOVED = "moved"
STATUS_DECEASED = "deceased"
STATUSES = (STATUS_MEMBER, STATUS_RESIDENT, STATUS_MOVED, STATUS_DECEASED)
ACTIVE_STATUSES = (STATUS_MEMBER, STATUS_RESIDENT)

ROLES = ("head", "block_leader", "officer", "salon_helper", "disaster_team", "supporter")
# The words an export writes in its 役割 column (ui/roster/labels.py has the same in the UI's
# language); the importer reads them back.
ROLE_LABELS_JA = {"head": "世帯主", "block_leader": "班長", "officer": "役員", "salon_helper": "サロンの手伝い",
                  "disaster_team": "防災部", "supporter": "支援者"}

# 避難行動要支援者 reasons (DESIGN.md; 災害対策基本法 49-10 "要配慮者" categories as Minato uses them).
SUPPORT_REASONS = (
    "care_level",        # 要介護 (level in care_level)
    "physical",          # 身体障害
    "visual",            # 視覚障害
    "hearing",           # 聴覚障害
    "intellectual",      # 知的障害
    "mental",            # 精神障害
    "intractable",       # 難病
    "elderly_alone",     # 一人暮らし高齢者
    "elderly_only",      # 高齢者のみ世帯
    "infant",            # 乳幼児
    "pregnancy",         # 妊産婦
    "limited_japanese",  # 日本語が不自由
    "home_oxygen",       # 在宅酸素
    "dialysis",          # 人工透析
    "ventilator",        # 人工呼吸器
    "suction",           # たん吸引
    "wheelchair",        # 車いす
    "other_aid",         # その他の補装具
)
# The Japanese names of the reasons as rosters and the law write them (exports, imports, prints).
REASON_LABELS_JA = {
    "care_level": "要介護", "physical": "身体障害", "visual": "視覚障害", "hearing": "聴覚障害",
    "intellectual": "知的障害", "mental": "精神障害", "intractable": "難病", "elderly_alone": "一人暮らし高齢者",
    "elderly_only": "高齢者のみ世帯", "infant": "乳幼児", "pregnancy": "妊産婦", "limited_japanese": "日本語が不自由",
    "home_oxygen": "在宅酸素", "dialysis": "人工透析", "ventilator": "人工呼吸器", "suction": "たん吸引",
    "wheelchair": "車いす", "other_aid": "その他の補装具",
}
CONSENT_YES, CONSENT_NO, CONSENT_UNKNOWN = "yes", "no", "unknown"
CONSENT_LABELS_JA = {"yes": "同意", "no": "不同意", "unknown": "未回答"}
DESTINATION_LABELS_JA = {"shelter": "指定避難所", "relative": "親族宅", "home": "在宅避難"}
STATUS_LABELS_JA = {"member": "会員", "resident": "非会員", "moved": "転出", "deceased": "死亡"}
CONSENTS = (CONSENT_YES, CONSENT_NO, CONSENT_UNKNOWN)

SESSION_MODES = ("in_person", "online", "letter")
ATTENDANCE_STATES = ("attended", "absent", "absent_notice", "letter")
CONTACT_METHODS = ("phone", "letter", "visit", "online", "other")
CONTACT_OUTCOMES = ("talked", "no_answer", "message", "letter_sent", "reply", "other")


class CodeListField(pw.TextField):
    """A list of short codes stored as 'a,b,c'."""

    def db_value(self, value):
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return ",".join(v for v in value if v)

    def python_value(self, value):
        return [v for v in (value or "").split(",") if v]


class Association(BaseModel):
    """Association settings: one row."""

    name = pw.CharField()
    leader_name = pw.CharField(default="")
    postal_code = pw.CharField(default="")
    address = pw.CharField(default="")
    phone = pw.CharField(default="")
    fiscal_year = pw.IntegerField(null=True)  # 年度
    print_defaults = pw.TextField(default="{}")  # JSON: sheet id, offsets, sender block...


class ImportBatch(BaseModel):
    """One import run (schema v2): rows it created point here so it can be undone exactly."""

    imported_at = pw.DateTimeField(default=now)
    source = pw.CharField(default="")  # file name
    summary = pw.TextField(default="")  # JSON counts
    undone_at = pw.DateTimeField(null=True)


class Block(BaseModel):
    """班・組."""

    name = pw.CharField()
    position = pw.IntegerField(default=0)
    leader = pw.DeferredForeignKey("Person", null=True, on_delete="SET NULL")
    notes = pw.TextField(default="")


class Household(BaseModel):
    postal_code = pw.CharField(default="")  # 7 digits, no hyphen
    address1 = pw.CharField(default="")  # prefecture + city + town
    address2 = pw.CharField(default="")  # 丁目・番地・号
    address3 = pw.CharField(default="")  # building, room
    landline = pw.CharField(default="")  # digits only
    block = pw.ForeignKeyField(Block, null=True, backref="households", on_delete="SET NULL")
    notes = pw.TextField(default="")
    moved_out_on = pw.DateField(null=True)
    deleted_at = pw.DateTimeField(null=True, index=True)  # trash
    import_batch = pw.ForeignKeyField(ImportBatch, null=True, backref="households", on_delete="SET NULL")


class Person(BaseModel):
    household = pw.ForeignKeyField(Household, null=True, backref="members", on_delete="SET NULL")
    family_name = pw.CharField()
    given_name = pw.CharField(default="")
    family_reading = pw.CharField(default="")  # hiragana
    given_reading = pw.CharField(default="")
    birth_date = pw.DateField(null=True)
    sex = pw.CharField(default="")  # "", "F", "M", "X"
    mobile = pw.CharField(default="")
    email = pw.CharField(default="")
    relation = pw.CharField(default="")  # 続柄 to the head
    is_head = pw.BooleanField(default=False)
    household_order = pw.IntegerField(default=0)
    roles = CodeListField(default="")
    status = pw.CharField(default=STATUS_MEMBER, index=True)
    notes = pw.TextField(default="")
    sort_key = pw.CharField(default="", index=True)  # 五十音 key from the reading
    search_text = pw.TextField(default="")  # folded name, reading, phones
    deleted_at = pw.DateTimeField(null=True, index=True)
    import_batch = pw.ForeignKeyField(ImportBatch, null=True, backref="people", on_delete="SET NULL")

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_reading(self) -> str:
        return f"{self.family_reading} {self.given_reading}".strip()


class SupportRecord(BaseModel):
    """避難行動要支援者名簿 entry."""

    person = pw.ForeignKeyField(Person, unique=True, backref="support_records", on_delete="CASCADE")
    reasons = CodeListField(default="")
    care_level = pw.CharField(default="")  # 要支援1-2 / 要介護1-5
    details = pw.TextField(default="")
    consent = pw.CharField(default=CONSENT_UNKNOWN, index=True)
    consent_date = pw.DateField(null=True)
    consent_method = pw.CharField(default="")  # how it was obtained
    consent_note = pw.TextField(default="")  # what was explained
    destination_type = pw.CharField(default="")  # shelter / relative / home
    destination = pw.CharField(default="")
    destination_flood = pw.CharField(default="")
    route_notes = pw.TextField(default="")
    bring_items = pw.TextField(default="")
    medication_notes = pw.TextField(default="")
    equipment_notes = pw.TextField(default="")
    last_reviewed = pw.DateField(null=True)
    deleted_at = pw.DateTimeField(null=True)


class EmergencyContact(BaseModel):
    record = pw.ForeignKeyField(SupportRecord, backref="emergency_contacts", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    name = pw.CharField()
    relation = pw.CharField(default="")
    phone = pw.CharField(default="")
    lives_where = pw.CharField(default="")


class Supporter(BaseModel):
    """支援者, ordered: position 0 is the main supporter."""

    record = pw.ForeignKeyField(SupportRecord, backref="supporters", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    person = pw.ForeignKeyField(Person, null=True, backref="supporting", on_delete="SET NULL")
    name = pw.CharField(default="")  # for supporters outside the roster
    phone = pw.CharField(default="")
    note = pw.CharField(default="")


class EvacuationPlan(BaseModel):
    """個別避難計画: the fields beyond the support record."""

    record = pw.ForeignKeyField(SupportRecord, unique=True, backref="plans", on_delete="CASCADE")
    when_to_leave = pw.TextField(default="")
    means_of_travel = pw.CharField(default="")
    supporter_tasks = pw.TextField(default="")
    contact_method = pw.TextField(default="")
    notes = pw.TextField(default="")
    drawn_up_on = pw.DateField(null=True)


class Salon(BaseModel):
    name = pw.CharField()
    venue = pw.CharField(default="")
    schedule = pw.CharField(default="")  # e.g. 毎月第2火曜 13:30
    organisers = pw.CharField(default="")
    active = pw.BooleanField(default=True)


class SalonMember(BaseModel):
    """Regular participants, listed when a session is opened.

    joined_on: the day they became a regular (again, after being taken off the list). Sessions
    before it count for them only where they have a mark (came as a guest, or typed in later),
    so a new regular has not "missed" sessions held before they joined (follow-up list, tallies)."""

    salon = pw.ForeignKeyField(Salon, backref="regulars", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, backref="salons", on_delete="CASCADE")
    joined_on = pw.DateField(default=dt.date.today)

    class Meta:
        indexes = ((("salon", "person"), True),)


class SalonSession(BaseModel):
    salon = pw.ForeignKeyField(Salon, backref="sessions", on_delete="CASCADE")
    date = pw.DateField(index=True)
    start_time = pw.CharField(default="")
    theme = pw.CharField(default="")
    mode = pw.CharField(default="in_person")
    cancelled = pw.BooleanField(default=False)

    class Meta:
        # The follow-up list takes each salon's latest k sessions straight from this index.
        indexes = ((("salon", "cancelled", "date"), False),)


class Attendance(BaseModel):
    session = pw.ForeignKeyField(SalonSession, backref="attendance", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, backref="attendance", on_delete="CASCADE")
    state = pw.CharField(default="attended")

    class Meta:
        # (person, state, session) covers "last attended" look-ups of the follow-up list.
        indexes = ((("session", "person"), True), (("person", "state", "session"), False))


class ContactLog(BaseModel):
    person = pw.ForeignKeyField(Person, backref="contacts", on_delete="CASCADE")
    contacted_at = pw.DateTimeField(default=now, index=True)
    method = pw.CharField(default="phone")
    made_by = pw.CharField(default="")
    outcome = pw.CharField(default="talked")
    note = pw.TextField(default="")
    follow_up_on = pw.DateField(null=True)

    class Meta:
        indexes = ((("person", "contacted_at"), False),)


# Follow-ups that fall due: a partial index that holds everything the follow-up list reads,
# so it never visits the (large) contact_log table itself.
ContactLog.add_index(ContactLog.index(ContactLog.follow_up_on, ContactLog.person, ContactLog.contacted_at,
                                      where=ContactLog.follow_up_on.is_null(False)))


class CallTree(BaseModel):
    """連絡網: a named tree of who calls whom."""

    name = pw.CharField()
    block = pw.ForeignKeyField(Block, null=True, backref="call_trees", on_delete="SET NULL")
    # When a person last changed the tree in the editor (schema v5). None: as the app made it.
    # A place made after this (or in a tree never changed) is the app's own: undoing the
    # import that brought its person in takes it out without asking (importer.later_work).
    arranged_at = pw.DateTimeField(null=True)


class CallTreeNode(BaseModel):
    tree = pw.ForeignKeyField(CallTree, backref="nodes", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, backref="call_nodes", on_delete="CASCADE")
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    position = pw.IntegerField(default=0)  # order among siblings


class PrintCustody(BaseModel):
    """What was printed with personal data, for whom, how many copies, destroy by when."""

    printed_at = pw.DateTimeField(default=now)
    kind = pw.CharField()  # labels, register, pack...
    title = pw.CharField(default="")
    scope = pw.CharField(default="")  # block or whole association
    recipient = pw.CharField(default="")
    copies = pw.IntegerField(default=1)
    destroy_by = pw.DateField(null=True)
    returned = pw.IntegerField(default=0)
    destroyed = pw.IntegerField(default=0)
    closed_at = pw.DateTimeField(null=True)
    note = pw.TextField(default="")


class AuditLog(BaseModel):
    """Who changed which record and field, when. Never edited, never deleted."""

    at = pw.DateTimeField(default=now, index=True)
    actor = pw.CharField(default="")
    action = pw.CharField()  # create, update, delete, restore, disaster_mode, ...
    table = pw.CharField(default="")
    row_uuid = pw.CharField(default="", index=True)
    field = pw.CharField(default="")
    old = pw.TextField(default="")
    new = pw.TextField(default="")
    reason = pw.TextField(default="")


Block._meta.fields["leader"]  # noqa: B018 - make sure the deferred FK resolved
ALL_MODELS = [
    Association, ImportBatch, Block, Household, Person, SupportRecord, EmergencyContact, Supporter,
    EvacuationPlan, Salon, SalonMember, SalonSession, Attendance, ContactLog, CallTree,
    CallTreeNode, PrintCustody, AuditLog,
]
