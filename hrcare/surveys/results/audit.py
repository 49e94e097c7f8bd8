"""The overlap audit: can a combination of shown groups isolate fewer than k respondents?

Model (see ``anonymity``): rows are the total and every shown group; respondents who fall
into the same shown group of every breakdown form a *cell*. A combination of rows that is
non-zero only on cells holding fewer than k respondents isolates them. Such a combination
exists on a set S of cells exactly when deleting S's columns lowers the rank.

Two exact searches, the fast one first:

1. Eliminate the breakdown with the most shown groups (usually departments). A combination
   is a coefficient per shown group; on a department's cells it reads
   ``y_dept + z·φ(cell)`` where φ lists the cell's age band, position and the total. Each
   shown department holds at least k respondents, so it keeps a cell outside S, which fixes
   ``y_dept`` from z: everything reduces to z, a vector of at most 8 + 2 + 1 numbers. For a
   given z the cheapest S removes, in every department, all cells but the heaviest class of
   equal ``z·φ`` — and cells of suppressed departments where ``z·φ`` is not 0. Differences
   between *heavy* cells of one department (and heavy cells of suppressed departments) can
   never be removed, so z is orthogonal to them: usually that leaves no z at all (a proof
   of safety in microseconds, whatever the number of departments). Otherwise the cheapest
   z lies on a line of the arrangement of the remaining constraints, and those lines are
   enumerated.
2. The general search over light cells (``_generic``), when the first is over budget.

When both are over budget the audit answers "disclosed" (the caller suppresses a group):
it never assumes safety it has not proven.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Cell = tuple[str, ...]
Key = tuple[str | None, ...]
# Most candidates one search examines before giving up (and suppressing: safe side).
SEARCH_BUDGET = 60_000
_TOL = 1e-8
_UNDECIDED: Any = object()


@dataclass(frozen=True)
class Finding:
    cells: list[Cell]
    proven: bool


def find_disclosure(
    cells: Mapping[Cell, int],
    dimensions: Sequence[str],
    shown: Mapping[str, Collection[str]],
    threshold: int,
    *,
    budget: int = SEARCH_BUDGET,
) -> Finding | None:
    """Cells on which a combination of the shown groups isolates fewer than k respondents.

    None when no derivable combination is non-zero on fewer than ``threshold`` people;
    otherwise a ``Finding``: the cells of one isolating set (``proven``), or, when both
    searches are over budget, the light cells that could not be cleared (not proven — the
    caller suppresses all the same).
    """
    dims = tuple(dimensions)
    # Respondents in the same shown group of every breakdown are indistinguishable.
    coarse: dict[Key, int] = {}
    members: dict[Key, list[Cell]] = {}
    for cell, n in cells.items():
        if n <= 0:
            continue
        key = tuple(cell[i] if cell[i] in shown[dim] else None for i, dim in enumerate(dims))
        coarse[key] = coarse.get(key, 0) + int(n)
        members.setdefault(key, []).append(cell)
    if all(n >= threshold for n in coarse.values()):
        return None
    sizes: dict[tuple[int, str | None], int] = {}
    for key, n in coarse.items():
        for i, value in enumerate(key):
            sizes[(i, value)] = sizes.get((i, value), 0) + n
    # The fast search relies on every shown group holding at least k (as ``plan`` ensures).
    small = any(n < threshold for (_i, value), n in sizes.items() if value is not None)
    found = _UNDECIDED if small else _reduced(coarse, dims, shown, threshold, budget)
    if found is _UNDECIDED:
        return _generic(coarse, members, dims, shown, threshold, budget)
    if found is None:
        return None
    return Finding([cell for key in found for cell in members[key]], proven=True)  # type: ignore[union-attr]


def _orthonormal(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Orthonormal basis (columns) of the span of ``vectors`` (rows)."""
    if vectors.size == 0:
        return np.zeros((dim, 0))
    u, s, _ = np.linalg.svd(vectors.T, full_matrices=False)
    return u[:, : int((s > _TOL * max(1.0, float(s[0]) if s.size else 1.0)).sum())]


def _reduced(
    coarse: Mapping[Key, int],
    dims: tuple[str, ...],
    shown: Mapping[str, Collection[str]],
    k: int,
    budget: int,
) -> object:
    """Search 1 of the module docstring: None (safe), a list of keys, or ``_UNDECIDED``."""
    e = max(range(len(dims)), key=lambda i: len(shown[dims[i]]))
    others = [i for i in range(len(dims)) if i != e]
    coords: dict[tuple[int, str], int] = {}
    for i in others:
        for value in sorted(shown[dims[i]]):
            coords[(i, value)] = len(coords)
    m = len(coords) + 1  # + the total
    points: dict[tuple[str | None, ...], int] = {}
    phis: list[np.ndarray] = []
    for key in coarse:
        point = tuple(key[i] for i in others)
        if point not in points:
            phi = np.zeros(m)
            phi[-1] = 1.0
            for i, value in zip(others, point, strict=True):
                if value is not None:
                    phi[coords[(i, value)]] = 1.0
            points[point] = len(phis)
            phis.append(phi)
    phi = np.array(phis)
    groups: dict[str, dict[int, int]] = {}  # shown value of the eliminated breakdown → point → n
    loose: dict[int, int] = {}  # cells of suppressed groups of it: point → n
    keys_of: dict[tuple[str | None, int], Key] = {}
    for key, n in coarse.items():
        p = points[tuple(key[i] for i in others)]
        keys_of[(key[e], p)] = key
        if key[e] is None:
            loose[p] = loose.get(p, 0) + n
        else:
            groups.setdefault(key[e], {})[p] = n
    # Constraints no set lighter than k can remove, and all constraints.
    fixed, every = [], []
    for per in groups.values():
        ps = list(per)
        heavy = [p for p in ps if per[p] >= k]
        fixed += [phi[p] - phi[heavy[0]] for p in heavy[1:]]
        every += [phi[p] - phi[ps[0]] for p in ps[1:]]
    fixed += [phi[p] for p, n in loose.items() if n >= k]
    every += [phi[p] for p in loose]
    span_all = _orthonormal(np.array(every), m)
    span_fixed = _orthonormal(np.array(fixed), m)
    free = span_all - span_fixed @ (span_fixed.T @ span_all)
    zbasis = _orthonormal(free.T, m)  # m × q: the z that no heavy constraint rules out
    q = zbasis.shape[1]
    if q == 0:
        return None
    values = phi @ zbasis  # point → its row in z-coordinates (q numbers)
    # Hyperplanes of the arrangement: "equal level" for every pair of points of a group
    # (the kept class may be any class), "level 0" for cells of suppressed groups.
    constraints = [
        values[p1] - values[p2]
        for per in groups.values()
        for p1, p2 in itertools.combinations(per, 2)
    ]
    constraints += [values[p] for p in loose]
    constraints += list(np.eye(q))
    unique: dict[tuple[float, ...], np.ndarray] = {}
    for c in constraints:
        norm = np.linalg.norm(c)
        if norm > _TOL:
            c = c / norm
            c = c if c[np.flatnonzero(np.abs(c) > _TOL)[0]] > 0 else -c
            unique.setdefault(tuple(np.round(c, 9)), c)
    normals = np.array(list(unique.values()))
    if math.comb(len(normals), q - 1) > budget:
        return _UNDECIDED
    live = [g for g, per in groups.items() if len(per) > 1]
    weights = np.array([[groups[g].get(p, 0) for p in range(len(phis))] for g in live], dtype=float)
    loose_w = np.array([loose.get(p, 0) for p in range(len(phis))], dtype=float)
    for chunk in _chunks(itertools.combinations(range(len(normals)), q - 1), 512):
        if q == 1:
            directions = np.ones((1, 1))
        else:
            blocks = normals[np.array(chunk)]  # c × (q-1) × q
            _, s, vt = np.linalg.svd(blocks, full_matrices=True)
            directions = vt[:, -1, :][s[:, -1] > _TOL]
        if not len(directions):
            continue
        level = directions @ values.T  # c × points: z·φ
        scale = np.maximum(np.abs(level).max(axis=1, keepdims=True), 1.0)
        same = np.abs(level[:, :, None] - level[:, None, :]) <= 1e-7 * scale[:, :, None]
        classes = np.einsum("cij,gj->cgi", same.astype(float), weights) if len(live) else None
        cost = np.zeros(len(directions))
        if classes is not None:
            cost += (weights.sum(axis=1)[None, :] - classes.max(axis=2)).sum(axis=1)
        nonzero = np.abs(level) > 1e-7 * scale
        cost += (nonzero * loose_w[None, :]).sum(axis=1)
        hit = np.flatnonzero(cost < k)
        if hit.size:
            c = hit[0]
            found: list[Key] = []
            for row, g in enumerate(live):
                best = int(np.argmax(classes[c, row])) if classes is not None else 0
                found += [keys_of[(g, p)] for p in groups[g] if not same[c, p, best]]
            found += [keys_of[(None, p)] for p in loose if nonzero[c, p]]
            return found
        if q == 1:
            break
    return None


def _generic(
    coarse: Mapping[Key, int],
    members: Mapping[Key, list[Cell]],
    dimensions: Sequence[str],
    shown: Mapping[str, Collection[str]],
    threshold: int,
    budget: int,
) -> Finding | None:
    """The general search, on every light cell (fine for small organisations).

    The rows (total and shown groups) span what can be derived; combinations vanishing on
    the heavy cells form a small space whose minimal supports are searched exactly.
    Returns the cells of one isolating set, every live light cell (not proven) when the
    search is over budget, or None.
    """
    k = threshold
    dims = tuple(dimensions)
    keys = list(coarse)
    weights = np.array([coarse[c] for c in keys], dtype=float)
    light = weights < k
    if not light.any():
        return None
    rows = [(i, v) for i, dim in enumerate(dims) for v in sorted(shown[dim])]
    matrix = np.zeros((1 + len(rows), len(keys)))
    matrix[0, :] = 1.0  # the total
    index = {row: r + 1 for r, row in enumerate(rows)}
    for c, key in enumerate(keys):
        for i in range(len(dims)):
            r = index.get((i, key[i]))
            if r is not None:
                matrix[r, c] = 1.0
    basis = _row_basis(matrix)  # orthonormal rows spanning what can be derived
    heavy_part = basis[:, ~light]
    # Combinations a of the basis that vanish on every heavy cell: left null space of it.
    if heavy_part.shape[1]:
        # Left singular vectors of the (small, r × r) Gram matrix: no H × H factor needed.
        u, s, _ = np.linalg.svd(heavy_part @ heavy_part.T)
        rank = int((s > 1e-12 * max(1.0, float(s[0]))).sum())  # σ² > 1e-12: far above noise
        a = u[:, rank:]
    else:
        a = np.eye(basis.shape[0])
    if a.shape[1] == 0:
        return None
    light_idx = np.flatnonzero(light)
    b = a.T @ basis[:, light_idx]  # d × L, full row rank
    alive = np.linalg.norm(b, axis=0) > _TOL
    b = b[:, alive]
    light_idx = light_idx[alive]
    w = weights[light_idx]
    support = _small_support(b, w, k, budget)
    if support is None:
        return None
    if support is _UNDECIDED:
        return Finding([cell for c in light_idx for cell in members[keys[c]]], proven=False)
    return Finding([cell for c in light_idx[support] for cell in members[keys[c]]], proven=True)


def _row_basis(matrix: np.ndarray) -> np.ndarray:
    _, s, vt = np.linalg.svd(matrix, full_matrices=False)
    return vt[: int((s > _TOL).sum())]


def _small_support(b: np.ndarray, w: np.ndarray, k: int, budget: int) -> np.ndarray | None:
    """Indices (into b's columns) of a non-zero vector of rowspace(b) weighing < k, or None.

    Two exact searches; the cheaper one runs. Elementary vectors (minimal supports) are
    fixed by zeroing d-1 independent coordinates, so C(L, d-1) candidates cover them all;
    alternatively every set of columns weighing < k is tested for a rank drop. When both
    exceed ``budget`` the answer is ``_UNDECIDED``.
    """
    d, n = b.shape
    if d == 0:
        return None
    if d == 1:
        return np.arange(n) if w.sum() < k else None
    by_elementary = math.comb(n, d - 1)
    by_subsets = _count_light_subsets(w, k, budget + 1)
    if min(by_elementary, by_subsets) > budget:
        return _UNDECIDED  # type: ignore[return-value]
    if by_elementary <= by_subsets:
        return _search_elementary(b, w, k)
    return _search_subsets(b, w, k)


def _search_elementary(b: np.ndarray, w: np.ndarray, k: int) -> np.ndarray | None:
    d, n = b.shape
    for chunk in _chunks(itertools.combinations(range(n), d - 1), 4096):
        zeros = np.array(chunk, dtype=int)  # m × (d-1)
        blocks = np.transpose(b[:, zeros], (1, 2, 0))  # m × (d-1) × d
        _, s, vt = np.linalg.svd(blocks, full_matrices=True)
        independent = s[:, -1] > _TOL
        vectors = vt[:, -1, :] @ b  # m × n
        scale = np.abs(vectors).max(axis=1, keepdims=True)
        nonzero = np.abs(vectors) > _TOL * np.maximum(scale, 1.0)
        weight = nonzero.astype(float) @ w
        hit = np.flatnonzero(independent & (weight < k) & nonzero.any(axis=1))
        if hit.size:
            return np.flatnonzero(nonzero[hit[0]])
    return None


def _search_subsets(b: np.ndarray, w: np.ndarray, k: int) -> np.ndarray | None:
    """Test every set S of columns weighing < k: does rowspace(b) hold a vector inside S?

    It does exactly when the columns of S are dependent modulo the row space, i.e. when the
    principal minor of the projector onto ker(b) on S is singular: one small determinant
    per candidate set.
    """
    d, n = b.shape
    basis, _ = np.linalg.qr(b.T)  # n × d, orthonormal: the row space of b
    kernel = np.eye(n) - basis @ basis.T
    by_size: dict[int, list[tuple[int, ...]]] = {}
    for subset in _light_subsets(w, k):
        by_size.setdefault(len(subset), []).append(subset)
    for size in sorted(by_size):
        for chunk in _chunks(iter(by_size[size]), 8192):
            idx = np.array(chunk, dtype=int)
            minors = kernel[idx[:, :, None], idx[:, None, :]]
            hit = np.flatnonzero(np.linalg.det(minors) < 1e-9)
            if hit.size:
                return idx[hit[0]]
    return None


def _light_subsets(w: np.ndarray, k: int) -> Iterator[tuple[int, ...]]:
    """Every non-empty set of columns whose weights sum to less than k."""
    order = sorted(range(len(w)), key=lambda i: w[i])

    def walk(start: int, chosen: tuple[int, ...], weight: float) -> Iterator[tuple[int, ...]]:
        for pos in range(start, len(order)):
            i = order[pos]
            if weight + w[i] >= k:
                return  # sorted: every later column is at least as heavy
            subset = (*chosen, i)
            yield subset
            yield from walk(pos + 1, subset, weight + w[i])

    yield from walk(0, (), 0.0)


def _count_light_subsets(w: np.ndarray, k: int, cap: int) -> int:
    """How many sets ``_light_subsets`` yields (capped), by dynamic programming on weight."""
    ways = [0] * k  # ways[s]: subsets (incl. empty) of total weight s < k
    ways[0] = 1
    for x in (int(round(v)) for v in w):
        for s in range(k - 1, x - 1, -1):
            ways[s] = min(cap, ways[s] + ways[s - x])
    return min(cap, sum(ways) - 1)


def _chunks(items: Iterator[tuple[int, ...]], size: int) -> Iterator[list[tuple[int, ...]]]:
    while True:
        chunk = list(itertools.islice(items, size))
        if not chunk:
            return
        yield chunk
