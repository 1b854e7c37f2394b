"""Union-find over sender keys, with groups that must stay apart."""

from __future__ import annotations


class UnionFind:
    """Disjoint sets of ``0..size-1`` with path halving and union by size.

    ``apart`` tags say which elements may never share a set: two elements tagged with the same
    group and different members (``(group, member)``) are kept apart; a union that would join them
    is refused.
    """

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))
        self._size = [1] * size
        self._apart: dict[int, dict[int, frozenset[int]]] = {}

    def find(self, element: int) -> int:
        parent = self._parent
        while parent[element] != element:
            parent[element] = parent[parent[element]]
            element = parent[element]
        return element

    def keep_apart(self, element: int, group: int, member: int) -> None:
        """Tag ``element`` as member ``member`` of split group ``group`` (before any union)."""
        root = self.find(element)
        tags = self._apart.setdefault(root, {})
        tags[group] = tags.get(group, frozenset()) | {member}

    def conflicts(self, a: int, b: int) -> bool:
        """Whether joining the sets of ``a`` and ``b`` would put a split group together."""
        ta = self._apart.get(self.find(a), {})
        tb = self._apart.get(self.find(b), {})
        if not ta or not tb:
            return False
        if len(ta) > len(tb):
            ta, tb = tb, ta
        return any(group in tb and len(members | tb[group]) > 1 for group, members in ta.items())

    def union(self, a: int, b: int) -> bool:
        """Join the sets of ``a`` and ``b``; False when they were one set already or must not be."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.conflicts(ra, rb):
            return False
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        tags_b = self._apart.pop(rb, None)
        if tags_b:
            tags_a = self._apart.setdefault(ra, {})
            for group, members in tags_b.items():
                tags_a[group] = tags_a.get(group, frozenset()) | members
        return True

    def roots(self) -> list[int]:
        """The root of every element, in element order."""
        return [self.find(i) for i in range(len(self._parent))]
