"""The roster's changes: add and edit people and households, trash, and the undo stack.

Every change goes through desktop/services with actor=context.operator_name (so the audit
log says who), and returns the ids of the people whose rows must be read again, so the
page refreshes a handful of rows instead of reloading 50,000.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from db import models as m
from db.database import db
from db.queries import roster as queries
from desktop.i18n import _
from desktop.services import roster as svc
from desktop.services import trash


@dataclass
class UndoStep:
    label: str  # shown on the button's tooltip and in the message after undoing
    run: Callable[[], set[int]]  # reverts; returns the people to read again


def _people_of_edit(edit: svc.Edit) -> set[int]:
    ids: set[int] = set()
    for model, row_id, _before in edit.changes:
        if model is m.Person:
            ids.add(row_id)
        elif model is m.Household:
            ids.update(queries.member_ids(row_id))
    return ids


class RosterEditor:
    """Applies form results and keeps the undo stack (newest last)."""

    LIMIT = 50

    def __init__(self, actor: Callable[[], str]):
        self._actor = actor
        self.undo_stack: list[UndoStep] = []

    @property
    def actor(self) -> str:
        return self._actor()

    def _push(self, label: str, run: Callable[[], set[int]]) -> None:
        self.undo_stack.append(UndoStep(label, run))
        del self.undo_stack[:-self.LIMIT]

    def _push_edit(self, label: str, edit: svc.Edit) -> None:
        def run() -> set[int]:
            ids = _people_of_edit(edit)  # before undo: a created person is trashed by it
            svc.undo(edit, actor=self.actor)
            return ids | _people_of_edit(edit)
        self._push(label, run)

    # -- people -----------------------------------------------------------------------------
    def save_person(self, form, person: m.Person | None = None) -> tuple[m.Person, set[int]]:
        """Save the person form (and its new household) as one undoable step."""
        with db.atomic():
            values = dict(form.person)
            combined = svc.Edit("person")
            if form.new_household is not None:
                household, h_edit = svc.save_household(form.new_household, actor=self.actor)
                combined.extend(h_edit)
                values["household"] = household.id
            else:
                values["household"] = form.household_id
            saved, edit = svc.save_person(values, person, actor=self.actor)
            combined.extend(edit)
        name = saved.full_name
        label = _("adding {name}").format(name=name) if person is None else _("the change to {name}").format(name=name)
        self._push_edit(label, combined)
        return saved, _people_of_edit(combined)

    def save_household(self, values: dict, household: m.Household) -> set[int]:
        _saved, edit = svc.save_household(values, household, actor=self.actor)
        self._push_edit(_("the change to the household"), edit)
        return _people_of_edit(edit) | queries.member_ids(household.id)

    def trash_person(self, person: m.Person) -> set[int]:
        trash.trash_person(person, actor=self.actor)
        uuid, stamp = person.uuid, person.deleted_at

        def run() -> set[int]:
            current = queries.person(person.id)
            if current is None or current.uuid != uuid or current.deleted_at != stamp:
                # brought back already, or the id now holds someone else (a restored backup)
                raise svc.UndoConflict([current])
            trash.restore_person(current, actor=self.actor)
            return {person.id}
        self._push(_("putting {name} in the trash").format(name=person.full_name), run)
        return {person.id}

    def restore_person(self, person: m.Person) -> set[int]:
        ids = {person.id}
        household = queries.household(person.household_id) if person.household_id is not None else None
        if household is not None and household.deleted_at is not None:
            # A person back from the trash needs their address back too; the members
            # trashed with the household come back with it.
            ids |= queries.member_ids(household.id)
            trash.restore_household(household, actor=self.actor)
        trash.restore_person(queries.person(person.id), actor=self.actor)
        return ids

    # -- undo -------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every step: the file's contents were replaced (restore, import) and the
        steps' row ids may now name other rows."""
        self.undo_stack.clear()

    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    def next_label(self) -> str:
        return self.undo_stack[-1].label if self.undo_stack else ""

    def undo(self) -> tuple[str, set[int]]:
        """Revert the newest step; (its label, people to read again).

        The step is dropped even when it raises (svc.UndoConflict: a row changed since), so
        the next press reaches the step before it."""
        step = self.undo_stack.pop()
        return step.label, step.run()
