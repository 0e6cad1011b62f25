"""The audit log: who changed which record and field, when (DESIGN.md)."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from db.models import AuditLog


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, pw.Model):
        return getattr(value, "uuid", str(value.get_id()))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def record(actor: str, action: str, row: pw.Model | None = None, *, field: str = "", old=None, new=None, reason: str = "") -> AuditLog:
    return AuditLog.create(
        actor=actor or "",
        action=action,
        table=row._meta.table_name if row is not None else "",
        row_uuid=getattr(row, "uuid", "") if row is not None else "",
        field=field,
        old=_text(old),
        new=_text(new),
        reason=reason,
    )


def record_changes(actor: str, row: pw.Model, before: dict, fields: list[str] | None = None) -> int:
    """Write one 'update' entry per field whose value differs from `before`; return the count."""
    written = 0
    for name in fields or before.keys():
        old, new = before.get(name), getattr(row, name)
        if isinstance(new, pw.Model):
            new = new.get_id()
        if _text(old) != _text(new):
            record(actor, "update", row, field=name, old=old, new=new)
            written += 1
    return written


def snapshot(row: pw.Model, fields: list[str] | None = None) -> dict:
    """The current values of a row, FKs as ids, to compare with after an edit."""
    out = {}
    for name, field in row._meta.fields.items():
        if fields and name not in fields:
            continue
        if name in ("id", "uuid", "created_at", "updated_at"):
            continue
        out[name] = row.__data__.get(name) if isinstance(field, pw.ForeignKeyField) else getattr(row, name)
    return out
