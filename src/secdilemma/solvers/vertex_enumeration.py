"""Vertex enumeration of the best-response polytopes of a bimatrix game.

With payoffs shifted to be positive (which leaves the equilibria unchanged), let

    P = {x in R^m : x >= 0, B^T x <= 1},    Q = {y in R^n : A y <= 1, y >= 0}.

Label the constraints 0..m-1 (``x_i = 0`` in P, ``(A y)_i = 1`` in Q) and m..m+n-1
(``(B^T x)_j = 1`` in P, ``y_j = 0`` in Q). A pair of vertices ``(x, y) != (0, 0)``
whose labels together cover all ``m + n`` labels is, after normalisation, an extreme
Nash equilibrium, and every extreme equilibrium arises this way [1]_ [2]_. The game is
nondegenerate iff no point of P has more than ``m`` labels and no point of Q more than
``n`` [1]_; a degenerate game may have continua of equilibria, whose extreme points are
all listed here.

Vertices are found by brute force over all bases (``m`` tight constraints out of
``m + n``): batched numpy solves in floating point, or exact Fractions.

References
----------
.. [1] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of
   Game Theory with Economic Applications* 3, ch. 45, sections 2-3.
.. [2] Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration of
   Nash equilibria for two-player games. *Economic Theory* 42(1), 9-37.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import comb

import numpy as np

from ._exact_linalg import solve_exact

__all__ = ["PolytopeVertices", "polytope_vertices", "extreme_equilibria", "MAX_BASES"]

#: Largest number of candidate bases per polytope the brute force will try.
MAX_BASES = 2_000_000


@dataclass(frozen=True)
class PolytopeVertices:
    """The vertices of one best-response polytope.

    ``points`` are the vertices (float array, or a list of tuples of Fractions),
    ``labels`` their label bitmasks, ``max_labels`` the largest number of labels of any
    vertex (more than the dimension means the polytope, hence the game, is degenerate).
    """

    points: object
    labels: np.ndarray
    max_labels: int


def _constraints(payoff_t: np.ndarray, own_first: bool):
    """Constraint matrix G and rhs h so that the polytope is {z : G z ~ h}.

    For P (own_first=True) rows 0..m-1 are ``x_i = 0`` and rows m..m+n-1 are
    ``(B^T x)_j = 1``; for Q the payoff rows come first.
    """
    dim = payoff_t.shape[1]
    other = payoff_t.shape[0]
    eye = np.eye(dim, dtype=payoff_t.dtype)
    if payoff_t.dtype == object:
        eye = np.array([[Fraction(int(i == j)) for j in range(dim)] for i in range(dim)],
                       dtype=object)
    zeros = [0] * dim
    ones = [1] * other
    if own_first:
        G = np.vstack([eye, payoff_t])
        h = np.array(zeros + ones, dtype=payoff_t.dtype)
        nonneg = np.arange(dim)  # rows that are "z_k = 0"
    else:
        G = np.vstack([payoff_t, eye])
        h = np.array(ones + zeros, dtype=payoff_t.dtype)
        nonneg = np.arange(other, other + dim)
    return G, h, nonneg


def polytope_vertices(payoff_t, *, own_first: bool, exact: bool = False,
                      tol: float = 1e-9) -> PolytopeVertices:
    """All vertices other than the origin of ``{z >= 0 : payoff_t z <= 1}``.

    ``payoff_t`` has shape (number of inequality rows, dimension) and positive entries.
    ``own_first`` puts the non-negativity labels first (polytope P) or last (Q).
    """
    G, h, nonneg = _constraints(np.asarray(payoff_t, dtype=object if exact else float),
                                own_first)
    total, dim = G.shape
    if comb(total, dim) > MAX_BASES:
        raise ValueError(f"too many bases ({comb(total, dim)})")
    if exact:
        return _vertices_exact(G, h, nonneg, dim)
    return _vertices_float(G, h, nonneg, dim, tol)


def _well_posed(mats: np.ndarray) -> np.ndarray:
    """Which square systems are nonsingular: |det| compared with Hadamard's bound (the
    product of the row norms), a scale-free measure that does not reject well-posed
    systems whose entries differ in size."""
    dets = np.abs(np.linalg.det(mats))
    bound = np.prod(np.linalg.norm(mats, axis=-1), axis=-1)
    return dets > 1e-12 * np.where(bound > 0, bound, 1.0)


def _vertices_float(G, h, nonneg, dim, tol) -> PolytopeVertices:
    total = G.shape[0]
    bases = np.array(list(itertools.combinations(range(total), dim)), dtype=np.intp)
    mats = G[bases]  # (K, dim, dim)
    rhs = h[bases]
    good = _well_posed(mats)
    mats, rhs = mats[good], rhs[good]
    if mats.shape[0] == 0:
        return PolytopeVertices(np.zeros((0, dim)), np.zeros(0, dtype=np.int64), 0)
    z = np.linalg.solve(mats, rhs[..., None])[..., 0]
    slack = h[None, :] - z @ G.T  # >= 0 when feasible, for every row
    # rows "z_k = 0" have G row e_k and h 0: slack = -z_k, feasibility z_k >= 0
    slack[:, nonneg] = z
    scale_z = np.maximum(1.0, np.max(np.abs(z), axis=1, keepdims=True))
    feasible = np.all(slack >= -tol * scale_z, axis=1)
    z, slack, sc = z[feasible], slack[feasible], scale_z[feasible]
    nonzero = np.any(np.abs(z) > tol, axis=1)
    z, slack, sc = z[nonzero], slack[nonzero], sc[nonzero]
    tight = np.abs(slack) <= tol * sc
    weights = (1 << np.arange(total, dtype=np.int64))
    masks = (tight.astype(np.int64) * weights).sum(axis=1)
    masks, first = np.unique(masks, return_index=True)
    z = np.clip(z[first], 0.0, None)
    counts = np.array([bin(int(mk)).count("1") for mk in masks], dtype=int)
    return PolytopeVertices(z, masks, int(counts.max(initial=0)))


def _vertices_exact(G, h, nonneg, dim) -> PolytopeVertices:
    total = G.shape[0]
    nonneg_set = set(int(k) for k in nonneg)
    rows = [list(G[r]) for r in range(total)]
    seen: dict[int, tuple] = {}
    for basis in itertools.combinations(range(total), dim):
        sol = solve_exact([rows[r] for r in basis], [h[r] for r in basis])
        if sol is None or all(v == 0 for v in sol):
            continue
        mask = 0
        feasible = True
        for r in range(total):
            if r in nonneg_set:
                k = r - min(nonneg_set)
                s = sol[k]
            else:
                s = h[r] - sum(a * b for a, b in zip(rows[r], sol))
            if s < 0:
                feasible = False
                break
            if s == 0:
                mask |= 1 << r
        if feasible and mask not in seen:
            seen[mask] = tuple(sol)
    masks = np.array(sorted(seen), dtype=np.int64)
    points = [seen[int(mk)] for mk in masks]
    counts = [bin(int(mk)).count("1") for mk in masks]
    return PolytopeVertices(points, masks, max(counts, default=0))


def _positive_shift(M):
    low = M.min()
    return M - low + 1


def extreme_equilibria(A, B, *, exact: bool = False, tol: float = 1e-9):
    """All extreme Nash equilibria of the bimatrix game (A, B).

    Returns
    -------
    pairs : list of (x, y)
        Normalised mixed strategies (float arrays, or tuples of Fractions when
        ``exact``), sorted.
    degenerate : bool
        Whether a vertex of either polytope has more labels than its dimension.
    counts : dict
        Number of vertices of each polytope.
    """
    if exact:
        A = np.asarray(A, dtype=object)
        B = np.asarray(B, dtype=object)
    else:
        A = np.asarray(A, dtype=float)
        B = np.asarray(B, dtype=float)
    m, n = A.shape
    A1 = _positive_shift(A)
    B1 = _positive_shift(B)
    if not exact:
        # scale to order one so the tolerances are relative
        A1 = A1 / np.max(A1)
        B1 = B1 / np.max(B1)
    P = polytope_vertices(B1.T, own_first=True, exact=exact, tol=tol)
    Q = polytope_vertices(A1, own_first=False, exact=exact, tol=tol)
    full = (1 << (m + n)) - 1
    degenerate = P.max_labels > m or Q.max_labels > n
    pairs = []
    if len(P.labels) and len(Q.labels):
        covered = (P.labels[:, None] | Q.labels[None, :]) == full
        for a, b in np.argwhere(covered):
            x = P.points[a]
            y = Q.points[b]
            if exact:
                sx, sy = sum(x), sum(y)
                pairs.append((tuple(v / sx for v in x), tuple(v / sy for v in y)))
            else:
                pairs.append((x / x.sum(), y / y.sum()))
    return pairs, degenerate, {"vertices_P": len(P.labels), "vertices_Q": len(Q.labels)}
