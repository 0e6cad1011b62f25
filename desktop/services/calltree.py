"""Call trees (電話連絡網) as data: built per block, edited by up/down and by reparenting.

Shape (print-formats.md §4 (a)): the originator (the 班長) calls the first person of each
chain (a branch head); each person calls the next one in the chain; the last one of a chain
reports back to the originator. `branching` is the number of chains. Members are one person
per household (the head, else the first active member): a call reaches a household.

Every write runs in one transaction and leaves one audit entry. Qt-free: the call-tree
editor screen calls these functions and re-reads `tree_rows`.

A change made by a person (moving someone, a new number of lines, making the tree again
from the editor) stamps the tree's `arranged_at`; what the app does by itself (the first
tree of a block, households that joined later put at the end) does not. Undoing an import
relies on it (`places_of`, `take_out`): the app's own places go with the people, places a
person may have set are later work.
"""
from __future__ import annotations

from db import audit
from db import models as m
from db.database import db, now
import dataclasses

from db.queries.print_lists import call_tree, gone_from_households, moved_to_other_blocks, phones, shown_node_ids
from db.queries.roster import current_leader_id
from desktop.i18n import _
from desktop.printing.list_rows import CallNode, CallTreeDoc

DEFAULT_BRANCHING = 2  # the editor's 「発信者からの列」 starts at 2 too


class CallTreeError(ValueError):
    """An edit that would break the tree; args[0] is a short code for the UI."""


def household_callees(block: m.Block) -> list[m.Person]:
    """One person per active household of the block: the head, else the first member."""
    P, H = m.Person, m.Household
    q = (P.select(P).join(H, on=(P.household == H.id))
         .where(H.block == block.id, H.deleted_at.is_null(), P.deleted_at.is_null(), P.status.in_(m.ACTIVE_STATUSES))
         .order_by(H.id, P.is_head.desc(), P.household_order, P.id))
    seen, out = set(), []
    for p in q:
        if p.household_id not in seen:
            seen.add(p.household_id)
            out.append(p)
    out.sort(key=lambda p: (p.sort_key, p.id))
    return out


def _split(people: list[int], branching: int) -> list[list[int]]:
    """Contiguous chains of nearly equal length: neighbours in the order stay together."""
    n = max(1, min(branching, len(people))) if people else 0
    out, start = [], 0
    for c in range(n):
        size = len(people) // n + (1 if c < len(people) % n else 0)
        out.append(people[start:start + size])
        start += size
    return out


def _write(tree: m.CallTree, root_person: int, order: list[int], branching: int) -> None:
    m.CallTreeNode.delete().where(m.CallTreeNode.tree == tree).execute()
    root = m.CallTreeNode.create(tree=tree, person=root_person, parent=None, position=0)
    for c, chain in enumerate(_split([p for p in order if p != root_person], branching)):
        parent, pos = root, c
        for pid in chain:
            parent = m.CallTreeNode.create(tree=tree, person=pid, parent=parent, position=pos)
            pos = 0


def build_for_block(block: m.Block, branching: int = 2, *, order: list[int] | None = None,
                    originator: int | None = None, name: str | None = None, actor: str = "",
                    by_hand: bool = True) -> m.CallTree:
    """Make (or remake) the tree of a block: originator = the 班長 (or `originator`), the
    households' people in `order` (person ids; default 五十音), split into `branching` chains.
    A 班長 who died, moved out or is in the trash does not start the tree.
    `by_hand` False: the app made it by itself (ensure_tree), nothing in it was set by a person."""
    callees = household_callees(block)
    root = originator or current_leader_id(block) or (callees[0].id if callees else None)
    if root is None:
        raise CallTreeError("empty_block")
    ids = [p.id for p in callees]
    if order is not None:
        known = set(ids)
        ids = [p for p in order if p in known] + [p for p in ids if p not in set(order)]
    with db.atomic():
        tree = m.CallTree.get_or_none(m.CallTree.block == block.id)
        if tree is None:
            tree = m.CallTree.create(name=name or f"{block.name} 連絡網", block=block)
        elif name:
            tree.name = name
            tree.save()
        _write(tree, root, ids, branching)
        tree.arranged_at = now() if by_hand else None  # after _write: its places count as set by hand
        tree.save(only=[m.CallTree.arranged_at, m.CallTree.updated_at])
        audit.record(actor, "build", tree, field="call_tree", new=f"branching={branching}")
    return tree


def _mark_arranged(tree_id: int) -> None:
    """Stamp the tree as changed by a person now (after the places the change wrote, so they
    count as set by hand)."""
    m.CallTree.update(arranged_at=now()).where(m.CallTree.id == tree_id).execute()


def ensure_tree(block: m.Block, actor: str = "") -> m.CallTree | None:
    """The block's call tree, made (五十音, DEFAULT_BRANCHING chains, audited as a build) when
    the block has none yet, or when nobody in its tree can be called any more (nothing set by
    hand is lost then). An existing tree with people in it is never remade here. None when the
    block has no household to call."""
    def needed() -> tuple[bool, m.CallTree | None]:
        tree = m.CallTree.get_or_none(m.CallTree.block == block.id)
        if tree is not None and call_tree(tree).root is not None:
            return False, tree
        return bool(household_callees(block)), tree

    build, tree = needed()
    if not build:
        return tree
    # Check again under the write lock: a preview (worker thread) and the editor choosing the
    # same block must not both find no tree and make two.
    with db.atomic("IMMEDIATE"):
        build, tree = needed()
        return build_for_block(block, DEFAULT_BRANCHING, actor=actor, by_hand=False) if build else tree


def ensure_trees(block: m.Block | None = None, actor: str = "") -> None:
    """ensure_tree for one block, or for every block (block=None: the whole association)."""
    from db.queries.print_lists import blocks

    for b in blocks(block):
        ensure_tree(b, actor)


def missing_callees(tree: m.CallTree, doc: CallTreeDoc | None = None) -> list[m.Person]:
    """People (one per household, 五十音) of the tree's block whose household has nobody in the
    tree: households that joined the block after the tree was made."""
    if tree.block_id is None:
        return []
    doc = doc or call_tree(tree)
    block = m.Block.get_or_none(m.Block.id == tree.block_id)
    if block is None:
        return []
    inside = {n.household_id for n in doc.people()}
    return [p for p in household_callees(block) if p.household_id not in inside]


def _last_chain_end(node: CallNode) -> CallNode:
    while node.children:
        node = node.children[-1]
    return node


def _with_added(doc: CallTreeDoc, added: list[CallNode]) -> CallTreeDoc:
    """The doc with `added` called one after another after the last person of the last chain
    (a new chain from the originator when the originator calls nobody)."""
    chain = None
    for n in reversed(added):
        chain = dataclasses.replace(n, children=(chain,) if chain else ())

    def put(node: CallNode) -> CallNode:
        if not node.children:
            return dataclasses.replace(node, children=(chain,))
        return dataclasses.replace(node, children=node.children[:-1] + (put(node.children[-1]),))

    root = doc.root
    if not root.children:
        root = dataclasses.replace(root, children=(chain,))
    else:
        root = dataclasses.replace(root, children=root.children[:-1] + (put(root.children[-1]),))
    return dataclasses.replace(doc, root=root)


def added_note(names: list[str], after: str, instead: list[str] = ()) -> str:
    """The note under a printed tree for the people put at the end of its last line: `names`
    joined the block after the tree was made; `instead` are called in place of someone of
    their household in the tree who died or moved out (the 班長 at its top)."""
    if not names:
        return (_("Called in place of someone of their household in this call tree who died or moved out, so put at the "
                  "end of the last line (after %(after)s): %(names)s. To change the order: Print → 「Edit call trees」.")
                % {"after": after, "names": "、".join(instead)})
    note = (_("Joined the block after this call tree was made, so put at the end of the last line (after %(after)s): "
              "%(names)s. To change the order: Print → 「Edit call trees」.")
            % {"after": after, "names": "、".join(names)})
    if instead:
        note += " " + _("Also at the end, called in place of someone of their household who died or moved out: %s.") % (
            "、".join(instead))
    return note


def print_docs(block: m.Block | None = None, actor: str = "") -> list[CallTreeDoc]:
    """The call trees to print for a block (None: every block). A block with households and
    no tree gets one made (ensure_tree, audited). Households that joined a block after its
    tree was made are printed at the end of the last line with a note saying so; the stored
    tree is left as it is (the editor adds them for good, see add_missing)."""
    from db.queries.print_lists import call_trees

    ensure_trees(block, actor)
    docs = []
    for tree in call_trees(block):
        doc = call_tree(tree)
        new = missing_callees(tree, doc) if doc.root is not None else []
        if new:
            H = m.Household
            lands = dict(H.select(H.id, H.landline).where(H.id.in_([p.household_id for p in new])).tuples())
            after = _last_chain_end(doc.root.children[-1] if doc.root.children else doc.root).name
            nodes = [CallNode(p.id, p.full_name, p.full_reading, phones(lands.get(p.household_id) or "", p.mobile or ""),
                              (), 0, p.household_id) for p in new]
            gone = gone_from_households(tree)
            joined = [p.full_name for p in new if p.household_id not in gone]
            instead = [_("%(name)s (in place of %(gone)s)") % {"name": p.full_name, "gone": gone[p.household_id]}
                       for p in new if p.household_id in gone]
            doc = dataclasses.replace(_with_added(doc, nodes), note=added_note(joined, after, instead))
        docs.append(doc)
    return docs


def add_missing(tree: m.CallTree, actor: str = "") -> list[m.Person]:
    """Store the households that joined the block after the tree was made at the end of the
    last line (the order set by hand is kept); one audit entry. Returns who was added."""
    doc = call_tree(tree)
    if doc.root is None:
        return []
    new = missing_callees(tree, doc)
    if not new:
        return []
    with db.atomic():
        _append(tree, doc, [p.id for p in new])
        audit.record(actor, "update", tree, field="call_tree", new=f"added={len(new)}")
    return new


def _append(tree: m.CallTree, doc: CallTreeDoc, person_ids: list[int]) -> list[int]:
    """Store people one after another after the last person of the last line as shown (a new
    line from the originator when the originator calls nobody). Returns the new places' ids."""
    last = _last_chain_end(doc.root.children[-1] if doc.root.children else doc.root)
    parent = m.CallTreeNode.get_by_id(last.node_id)
    pos = len(_children(tree.id, parent.id))
    out = []
    for pid in person_ids:
        parent = m.CallTreeNode.create(tree=tree, person=pid, parent=parent, position=pos)
        out.append(parent.id)
        pos = 0
    return out


def put_at_end(tree: m.CallTree, person_id: int) -> int | None:
    """Store one person at the end of the tree's last line, as add_missing stores a household
    that joined later (the app's own place, not one set by hand). The new place's id."""
    doc = call_tree(tree)
    return _append(tree, doc, [person_id])[0] if doc.root is not None else None


def call_order(tree: m.CallTree) -> tuple[int | None, list[list[int]]]:
    """(originator person id, chains of person ids) as the tree stands (preorder per branch)."""
    doc = call_tree(tree)
    if doc.root is None:
        return None, []
    return doc.root.person_id, [[n.person_id for n in child.walk()] for child in doc.root.children]


def rebuild(tree: m.CallTree, branching: int | None = None, actor: str = "") -> m.CallTree:
    """Bring a tree up to date with its block: people who left drop out, new households join
    at the end; the order the user set is kept. `branching` None keeps the number of chains."""
    if tree.block_id is None:
        raise CallTreeError("no_block")
    root, chains = call_order(tree)
    order = [p for chain in chains for p in chain]
    n = branching or max(1, len(chains))
    block = m.Block.get_by_id(tree.block_id)
    callees = {p.id for p in household_callees(block)}
    originator = root if root in callees or root == current_leader_id(block) else None
    return build_for_block(block, n, order=[p for p in order if p in callees], originator=originator, actor=actor)


def set_branching(tree: m.CallTree, branching: int, actor: str = "") -> None:
    """Re-split the current call order into `branching` chains (the order is kept)."""
    if branching < 1:
        raise CallTreeError("branching")
    root, chains = call_order(tree)
    if root is None:
        raise CallTreeError("empty_tree")
    with db.atomic():
        _write(tree, root, [p for chain in chains for p in chain], branching)
        _mark_arranged(tree.id)
        audit.record(actor, "update", tree, field="branching", new=branching)


def _node(node: m.CallTreeNode | int) -> m.CallTreeNode:
    return node if isinstance(node, m.CallTreeNode) else m.CallTreeNode.get_by_id(node)


def _children(tree_id: int, parent_id: int | None) -> list[m.CallTreeNode]:
    N = m.CallTreeNode
    parent = N.parent.is_null() if parent_id is None else (N.parent == parent_id)
    return list(N.select().where((N.tree == tree_id) & parent).order_by(N.position, N.id))


def _siblings(node: m.CallTreeNode) -> list[m.CallTreeNode]:
    return _children(node.tree_id, node.parent_id)


def _renumber(nodes: list[m.CallTreeNode]) -> None:
    for i, n in enumerate(nodes):
        if n.position != i:
            n.position = i
            n.save()


def _swap_people(a: m.CallTreeNode, b: m.CallTreeNode) -> None:
    a.person_id, b.person_id = b.person_id, a.person_id
    a.save()
    b.save()


def _live_ids(tree_id: int) -> set[int]:
    """Places whose person is shown (not in the trash, not 転出 or 死亡, still in the block):
    the same rule as the print (db.queries.print_lists.call_tree)."""
    return shown_node_ids(tree_id)


def moved_away_note(tree: m.CallTree) -> str:
    """For the editor: who is left out of the tree because their household moved to another
    block ("" if nobody). Their places are kept, as for people hidden for other reasons."""
    moved = moved_to_other_blocks(tree)
    if not moved:
        return ""
    names = "、".join(_("%(name)s (now in %(block)s)") % {"name": name, "block": block} if block
                     else _("%(name)s (in no block now)") % {"name": name} for name, block in moved)
    return _("Left out of this call tree because their household moved to another block: %s.") % names


def _stored(tree_id: int) -> list[tuple]:
    N = m.CallTreeNode
    return list(N.select(N.id, N.parent, N.position, N.person).where(N.tree == tree_id).order_by(N.id).tuples())


def _shown(tree_id: int) -> tuple:
    return call_order(m.CallTree.get_by_id(tree_id))


def _repeat_until_shown_changes(step, node: m.CallTreeNode) -> int:
    """Apply one stored step (swap or reorder) again and again until the order as shown
    changes. The editor and the print hide people in the trash or 転出/死亡 and lift the people
    they called; one stored step next to such a hidden place changes nothing visible (上へ said
    保存しました and nothing moved). Hidden places are stepped over, never deleted: a person
    restored from the trash is back in their place. If nothing visible can change, nothing is
    changed at all. Returns the node that holds the person afterwards."""
    tree_id = node.tree_id
    with db.atomic() as txn:
        before = _shown(tree_id)
        current = node.id
        for _attempt in range(len(_stored(tree_id)) + 1):
            stored = _stored(tree_id)
            current = step(_node(current))
            if _shown(tree_id) != before:
                _mark_arranged(tree_id)
                return current
            if _stored(tree_id) == stored:  # the step could not move anything more
                break
        txn.rollback()
        return node.id


def _move_up_once(node: m.CallTreeNode, actor: str) -> int:
    parent = m.CallTreeNode.get_or_none(m.CallTreeNode.id == node.parent_id) if node.parent_id else None
    if parent is None:
        return node.id  # the originator stays on top
    sibs = _siblings(node)
    i = [s.id for s in sibs].index(node.id)
    if parent.parent_id is None or i > 0:  # a branch head, or not the first callee
        if i == 0:
            return node.id
        sibs[i - 1], sibs[i] = sibs[i], sibs[i - 1]
        _renumber(sibs)
        audit.record(actor, "update", node, field="position", new=node.position)
        return node.id
    _swap_people(node, parent)
    audit.record(actor, "update", parent, field="person", new=parent.person_id)
    return parent.id


def _move_down_once(node: m.CallTreeNode, actor: str) -> int:
    if node.parent_id is None:
        return node.id
    children = _children(node.tree_id, node.id)
    if children:
        child = children[0]
        _swap_people(node, child)
        audit.record(actor, "update", child, field="person", new=child.person_id)
        return child.id
    sibs = _siblings(node)
    i = [s.id for s in sibs].index(node.id)
    if i + 1 >= len(sibs):
        return node.id
    sibs[i], sibs[i + 1] = sibs[i + 1], sibs[i]
    _renumber(sibs)
    audit.record(actor, "update", node, field="position", new=node.position)
    return node.id


def move_up(node: m.CallTreeNode | int, actor: str = "") -> int:
    """One step earlier in the call order as shown. In a chain the person changes place with
    the one who calls them; a branch head changes place with the previous branch. Returns the
    id of the node that now holds the person (unchanged if nothing could move)."""
    return _repeat_until_shown_changes(lambda n: _move_up_once(n, actor), _node(node))


def move_down(node: m.CallTreeNode | int, actor: str = "") -> int:
    """One step later in the call order as shown: swap with the first person this one calls;
    a branch head with nobody after them changes place with the next branch. Returns the node id."""
    return _repeat_until_shown_changes(lambda n: _move_down_once(n, actor), _node(node))


def reparent(node: m.CallTreeNode | int, new_parent: m.CallTreeNode | int, position: int | None = None,
             actor: str = "") -> None:
    """Move a node (with the people it calls) under another caller, at `position` among the
    callee's others as shown (None: last); places of hidden people are kept and not counted.
    Dragging or 「別の人から」 on the editor screen ends here."""
    node, new_parent = _node(node), _node(new_parent)
    if node.parent_id is None:
        raise CallTreeError("root")
    if node.tree_id != new_parent.tree_id:
        raise CallTreeError("other_tree")
    cur = new_parent
    while cur is not None:  # no cycles: the new caller must not be called through this node
        if cur.id == node.id:
            raise CallTreeError("cycle")
        cur = m.CallTreeNode.get_or_none(m.CallTreeNode.id == cur.parent_id) if cur.parent_id else None
    with db.atomic():
        old_parent = node.parent_id
        node.parent = new_parent.id
        node.position = 1 << 20
        node.save()
        if old_parent != new_parent.id:
            _renumber(_children(node.tree_id, old_parent))
        sibs = [s for s in _siblings(node) if s.id != node.id]
        if position is None:
            at = len(sibs)
        else:  # before the position-th callee as shown (a hidden place shows its callees)
            live = _live_ids(node.tree_id)
            kids: dict[int, list[int]] = {}
            for nid, parent, _pos, _person in sorted(_stored(node.tree_id), key=lambda r: (r[2], r[0])):
                kids.setdefault(parent, []).append(nid)

            def shown_count(nid: int) -> int:
                return 1 if nid in live else sum(shown_count(k) for k in kids.get(nid, []))

            seen, at = 0, len(sibs)
            for k, sib in enumerate(sibs):
                seen += shown_count(sib.id)
                if seen > max(0, position):
                    at = k
                    break
        sibs.insert(at, node)
        _renumber(sibs)
        _mark_arranged(node.tree_id)
        audit.record(actor, "update", node, field="parent", new=new_parent.id)


@dataclasses.dataclass
class Places:
    """Where some people stand in call trees, as undoing an import sees it (places_of)."""

    app_trees: set[int]  # trees nobody changed by hand: made again when next needed
    app_places: list[int]  # nodes the app added to a tree after its last change by hand
    hand_places: list[int]  # nodes in place when a person last changed the tree


def places_of(people) -> Places:
    """The call-tree places of `people` (ids, or a query of ids), sorted by who made them.

    A place is the app's own when its tree was never changed by hand, or it was made after
    the tree's last change by hand (a household that joined later, put at the end); any
    other place may have been set by a person."""
    N, T = m.CallTreeNode, m.CallTree
    out = Places(set(), [], [])
    rows = (N.select(N.id, N.tree, N.parent, N.created_at, T.arranged_at).join(T, on=(N.tree == T.id))
            .where(N.person.in_(people)).order_by(N.id).tuples())
    for nid, tid, parent, made, arranged in rows:
        if arranged is None:
            out.app_trees.add(tid)
        elif parent is not None and made > arranged:
            out.app_places.append(nid)
        else:
            out.hand_places.append(nid)
    return out


def _splice(node: m.CallTreeNode) -> None:
    """Take one place out of its tree; the people it called move up into its place (a
    chain stays unbroken, nobody else drops out)."""
    N = m.CallTreeNode
    sibs = _children(node.tree_id, node.parent_id)
    kids = _children(node.tree_id, node.id)
    i = [x.id for x in sibs].index(node.id)
    for k, n in enumerate(sibs[:i] + kids + sibs[i + 1:]):
        N.update(parent=node.parent_id, position=k).where(N.id == n.id).execute()
    N.delete().where(N.id == node.id).execute()


def take_out(places: Places, *, hand_too: bool = False, actor: str = "", reason: str = "") -> int:
    """Remove the app's own places of `places` (and the ones a person may have set, if
    `hand_too`) before their people are deleted: trees nobody changed are deleted whole (the
    next print or the editor makes them again, from the roster as it is then); other places
    are cut out of their chain. An originator is left to the database (deleting the person
    takes the tree's places with it). One audit entry per tree. Returns the trees deleted."""
    N, T = m.CallTreeNode, m.CallTree
    with db.atomic():
        for tree in T.select().where(T.id.in_(sorted(places.app_trees))):
            audit.record(actor, "delete", tree, field="call_tree", old=tree.name, reason=reason)
            tree.delete_instance()  # its places go with it (on delete cascade)
        cut: dict[int, int] = {}
        for nid in places.app_places + (places.hand_places if hand_too else []):
            node = N.get_or_none(N.id == nid)
            if node is None or node.parent_id is None:
                continue
            _splice(node)
            cut[node.tree_id] = cut.get(node.tree_id, 0) + 1
        for tree in T.select().where(T.id.in_(list(cut))):
            audit.record(actor, "update", tree, field="call_tree", new=f"removed={cut[tree.id]}", reason=reason)
    return len(places.app_trees)


def tree_rows(tree: m.CallTree | int) -> CallNode | None:
    """The tree as nested rows (CallNode: node_id, person, name, reading, phones, children)."""
    return call_tree(tree).root


def trees(block: m.Block | None = None) -> list[m.CallTree]:
    from db.queries.print_lists import call_trees

    return call_trees(block)

