"""Parent arrays as forests: roots and depths by pointer doubling, loops found and broken."""

from __future__ import annotations

import numpy as np


def first_per_group(
    group: np.ndarray, value: np.ndarray, priority: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each group, the value with the smallest priority (ties: the first given)."""
    order = np.lexsort((priority, group))
    group, value = group[order], value[order]
    first = np.r_[True, group[1:] != group[:-1]] if len(group) else np.zeros(0, dtype=bool)
    return group[first], value[first]


def resolve(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Root and depth of every node, and the nodes that never reach a root (loops).

    Pointer doubling: each round every unresolved node jumps to its pointer's pointer, so a
    forest of depth d resolves in log2(d) vectorised rounds, whatever the number of nodes.
    """
    nodes = np.arange(len(parent))
    is_root = parent < 0
    root = np.where(is_root, nodes, parent)
    depth = (~is_root).astype(np.int64)
    active = np.flatnonzero(~is_root[root])
    # After k rounds a node has jumped 2**k links; beyond the node count it can only be circling.
    for _ in range(int(np.ceil(np.log2(max(len(parent), 2)))) + 2):
        if not len(active):
            break
        ancestors = root[active]
        depth[active] = depth[active] + depth[ancestors]
        root[active] = root[ancestors]
        active = active[~is_root[root[active]]]
    return root, depth, active


def _sortable(key: np.ndarray, index: int) -> object:
    """An object key (names) compares as text, read for the few looping nodes only."""
    return str(key[index]) if key.dtype == object else key[index]


def break_loops(
    parent: np.ndarray, weakness: list[np.ndarray], looping: np.ndarray, root: np.ndarray
) -> None:
    """Cut every loop once, at the node whose link sorts first by ``weakness`` (keys in order).

    ``root`` holds, for each looping node, a node on its loop (what ``resolve`` left there).
    """
    done: set[int] = set()
    for start in np.unique(root[looping]).tolist():
        if start in done:
            continue
        cycle = [start]
        node = int(parent[start])
        while node != start and node not in done:
            cycle.append(node)
            node = int(parent[node])
        done.update(cycle)
        if node != start:
            continue
        weakest = min(cycle, key=lambda member: tuple(_sortable(key, member) for key in weakness))
        parent[weakest] = -1
