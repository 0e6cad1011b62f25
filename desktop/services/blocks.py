"""Getting rid of a block (班・組): delete an empty one, or merge one into another.

A merge moves everything that points at the block (households, also those in the trash, and
call trees: every foreign key to Block in db/models.py) and then deletes it. Both are written
to the audit log row by row. Neither can be undone from the roster's undo (the block row itself
is gone), so the blocks window says so before it asks.
"""
from __future__ import annotations

from dataclasses import dataclass

from db import audit
from db import models as m
from db.database import db, now
from db.queries.roster import current_leader_id
from desktop.services import roster
from desktop.services.roster import RosterError


@dataclass(frozen=True)
class BlockUse:
    """What points at a block."""

    households: int  # not in the trash
    trashed: int  # households in the trash
    call_trees: int

    @property
    def empty(self) -> bool:
        return not (self.households or self.trashed or self.call_trees)


class BlockInUse(RosterError):
    """The block still has households or a call tree; `use` says how many."""

    def __init__(self, use: BlockUse):
        super().__init__("block_in_use")
        self.use = use


def block_use(block: m.Block) -> BlockUse:
    H = m.Household
    live = H.select().where(H.block == block.id, H.deleted_at.is_null()).count()
    trashed = H.select().where(H.block == block.id, H.deleted_at.is_null(False)).count()
    trees = m.CallTree.select().where(m.CallTree.block == block.id).count()
    return BlockUse(live, trashed, trees)


def delete_block(block: m.Block, actor: str = "") -> None:
    """Delete a block nothing points at (BlockInUse otherwise: merge it instead)."""
    with db.atomic():
        use = block_use(block)
        if not use.empty:
            raise BlockInUse(use)
        audit.record(actor, "delete", block, field="name", old=block.name)
        if block.leader_id is not None:
            _drop_leader_role(block.leader_id, block.id, actor)
        block.delete_instance()


def _drop_leader_role(person_id: int, leaving_block_id: int, actor: str) -> None:
    """The 班長 role goes with the last block a person leads (as set_block_leader does)."""
    if m.Block.select().where(m.Block.leader == person_id, m.Block.id != leaving_block_id).exists():
        return
    person = m.Person.get_or_none(m.Person.id == person_id)
    if person is not None and "block_leader" in person.roles:
        roster.save_person({"roles": [r for r in person.roles if r != "block_leader"],
                            "family_name": person.family_name}, person, actor)


def _merge_call_trees(source: m.Block, target: m.Block, actor: str) -> None:
    """One block, one call tree: the target's tree takes the source's people as further
    lines under its originator (the source's originator heads them), in their order; a
    block that had none takes the source's tree as it is. (Two trees in one block printed
    every household twice.)"""
    N = m.CallTree
    theirs = list(N.select().where(N.block == source.id).order_by(N.id))
    ours = N.select().where(N.block == target.id).order_by(N.id).first()
    for tree in theirs:
        if ours is None:
            audit.record(actor, "update", tree, field="block", old=source.id, new=target.id)
            tree.block = target.id
            tree.save()
            ours = tree
            continue
        CN = m.CallTreeNode
        our_root = CN.select().where(CN.tree == ours.id, CN.parent.is_null()).order_by(CN.id).first()
        their_root = CN.select().where(CN.tree == tree.id, CN.parent.is_null()).order_by(CN.id).first()
        CN.update(tree=ours.id).where(CN.tree == tree.id).execute()
        if our_root is not None and their_root is not None:
            last = (CN.select(CN.position).where(CN.parent == our_root.id).order_by(CN.position.desc()).scalar())
            CN.update(parent=our_root.id, position=(last + 1) if last is not None else 0).where(
                CN.id == their_root.id).execute()
        if tree.arranged_at is not None and (ours.arranged_at is None or ours.arranged_at < tree.arranged_at):
            ours.arranged_at = tree.arranged_at  # what a person set in either tree stays theirs
            ours.save(only=[N.arranged_at, N.updated_at])
        audit.record(actor, "merge", ours, field="call_tree", old=tree.name, new=ours.name)
        tree.delete_instance()


def merge_blocks(source: m.Block, target: m.Block, actor: str = "") -> BlockUse:
    """Move the households and call trees of `source` into `target`, then delete `source`.

    If `target` has no current leader, it takes the current leader of `source` (who usually
    moved with their household). Returns what was moved."""
    if source.id == target.id:
        raise RosterError("block_merge_self")
    with db.atomic():
        use = block_use(source)
        stamp = now()
        rows = list(m.Household.select(m.Household.id, m.Household.uuid).where(m.Household.block == source.id))
        for row in rows:
            audit.record(actor, "update", row, field="block", old=source.id, new=target.id)
        if rows:
            m.Household.update(block=target.id, updated_at=stamp).where(m.Household.block == source.id).execute()
        _merge_call_trees(source, target, actor)
        # Only a 班長 who still leads (not dead, moved out or in the trash) is carried over,
        # and into a block without one who still leads.
        carried = current_leader_id(source)
        if carried is not None and current_leader_id(target) is None:
            audit.record(actor, "update", target, field="leader", old=target.leader_id, new=carried)
            target.leader = carried
            target.save()
        elif source.leader_id is not None and source.leader_id != target.leader_id:
            # the merged block's 班長 leads nothing now (unless another block): the role goes
            _drop_leader_role(source.leader_id, source.id, actor)
        audit.record(actor, "merge", target, field="block", old=source.name, new=target.name,
                     reason=f"households={use.households + use.trashed} call_trees={use.call_trees}")
        audit.record(actor, "delete", source, field="name", old=source.name)
        source.delete_instance()
    return use
