"""Words shown for the codes stored in the roster (db/models.py keeps English codes)."""
from __future__ import annotations

from db import models as m
from desktop.i18n import N_, _

STATUS_LABELS = {
    m.STATUS_MEMBER: N_("Member"),
    m.STATUS_RESIDENT: N_("Resident, not a member"),
    m.STATUS_MOVED: N_("Moved out"),
    m.STATUS_DECEASED: N_("Deceased"),
}
ROLE_LABELS = {
    "head": N_("Head of household"),
    "block_leader": N_("Block leader"),
    "officer": N_("Officer"),
    "salon_helper": N_("Salon helper"),
    "disaster_team": N_("Disaster team"),
    "supporter": N_("Supporter"),
}
SEX_LABELS = {"": N_("Not given"), "F": N_("Female"), "M": N_("Male"), "X": N_("Other")}


def status_label(code: str) -> str:
    return _(STATUS_LABELS[code]) if code in STATUS_LABELS else code


def role_label(code: str) -> str:
    return _(ROLE_LABELS[code]) if code in ROLE_LABELS else code
